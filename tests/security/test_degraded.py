"""Degraded browsers: each ends in the documented fallback or honest progress, never a
blank widget or an endless spinner.

- JavaScript off: every page still reads in full; the checker page shows the written
  checklist and says the checker needs JavaScript.
- WebAssembly off: V8's ``--noexpose_wasm`` where it works; Chromium 156 ignores it
  (``WebAssembly`` stays defined), so then V8 ``--jitless``, which removes
  ``WebAssembly``; the widget fails at once with a message and the guide stays usable.
- Each file the checker loads answering 404: a visible failure message (or, for an
  optional file, the documented fallback boot that works).
- A slow network (DevTools throttling, which applies to the worker's fetches too):
  the percentage shown rises, then the checker is ready; a download cut half-way ends in
  a visible message (at once, or when the boot timeout expires).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from checker_support import built_pages, wait_ready
from page_wait import wait_until
from playwright.sync_api import Browser, Page, Route, expect

STATE = "[data-checker]"
MESSAGE = "[data-checker-progress-text]"
KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
# The widget's own boot timeout is 30 s without progress; allow for a busy machine.
FAIL_BOUND_MS = 45_000


def _settled_state(page: Page, timeout_ms: float = FAIL_BOUND_MS) -> str:
    wait_until(
        page,
        "() => ['ready', 'failed'].includes("
        "document.querySelector('[data-checker]').dataset.state)",
        timeout=timeout_ms,
    )
    return page.locator(STATE).get_attribute("data-state") or ""


def _expect_never_blank(page: Page) -> None:
    expect(page.locator(STATE)).to_be_visible()
    assert page.locator(MESSAGE).inner_text().strip(), "the widget shows no status text"


def _expect_failed_clearly(page: Page) -> None:
    _expect_never_blank(page)
    message = page.locator(MESSAGE)
    expect(message).to_contain_text("Nothing you typed was sent anywhere")
    expect(message.get_by_role("link", name="Common errors")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.locator("progress[data-checker-progress]")).to_be_hidden()
    # The guide stays usable: the fields take input.
    page.get_by_label("API Key", exact=True).fill("abc")
    expect(page.get_by_label("API Key", exact=True)).to_have_value("abc")


def test_without_javascript_every_page_reads_and_the_checker_shows_the_checklist(
    browser: Browser, base_url: str, site_dir: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for path in built_pages(site_dir):
            page.goto(base_url + path)
            article = page.locator("article.md-content__inner")
            expect(article).to_be_visible()
            assert len(article.inner_text()) > 300, f"{path}: the page is nearly empty"
        page.goto(base_url + "htx/check/")
        notice = page.locator(".checker-noscript")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("The checker needs JavaScript")
        expect(page.locator(STATE)).to_be_hidden()
        assert notice.locator("a[href*='errors/#']").count() >= 10
    finally:
        context.close()


def test_without_webassembly_the_checker_fails_at_once_with_a_message(
    launch_browser, checker_url: str
) -> None:  # type: ignore[no-untyped-def]
    browser = None
    for flag in ("--js-flags=--noexpose_wasm", "--js-flags=--jitless"):
        candidate = launch_browser((flag,))
        probe = candidate.new_page()
        probe.goto(checker_url)
        lacks_wasm = probe.evaluate("typeof WebAssembly") == "undefined"
        probe.close()
        if lacks_wasm:
            browser = candidate
            break
    assert browser is not None, "no Chromium flag here turns WebAssembly off"
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(checker_url)
        assert page.evaluate("typeof WebAssembly") == "undefined"
        assert _settled_state(page, 10_000) == "failed"
        expect(page.locator(MESSAGE)).to_contain_text("needs a browser with")
        expect(page.locator(MESSAGE)).to_contain_text("WebAssembly")
        _expect_failed_clearly(page)
        assert errors == []
    finally:
        context.close()


def _runtime_requests(browser: Browser, checker_url: str) -> list[str]:
    """Paths of the files a successful boot fetches (worker, Pyodide, lock, wheel…)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda request: seen.append(request.url))
        page.goto(checker_url)
        wait_ready(page)
    finally:
        context.close()
    paths = []
    for url in seen:
        path = re.sub(r"^[a-z]+://[^/]+", "", url).split("?")[0]
        # widget.js and protocol.mjs are the page script's own module graph: without
        # either the widget never starts, which is the JavaScript-off case above.
        if "/assets/checker/" in path and not path.endswith(
            ("/widget.js", "/protocol.mjs", ".css")
        ):
            paths.append(path)
    return list(dict.fromkeys(paths))


def test_each_missing_checker_file_ends_in_a_message_or_a_working_fallback(
    browser: Browser, checker_url: str
) -> None:
    files = _runtime_requests(browser, checker_url)
    assert any(p.endswith("/worker.js") for p in files), files
    assert any(p.endswith(".wasm") for p in files), files
    outcomes: dict[str, str] = {}
    pages: list[tuple[str, Any, Page]] = []
    try:
        # One context per missing file (fresh HTTP cache each), all booting at once.
        for path in files:
            context = browser.new_context()
            page = context.new_page()

            def not_found(route: Route) -> None:
                route.fulfill(status=404, body="not found", content_type="text/plain")

            page.route(f"**{path}", not_found)
            page.goto(checker_url)
            pages.append((path, context, page))
        for path, _, page in pages:
            state = _settled_state(page)
            outcomes[path.rsplit("/", 1)[-1]] = state
            if state == "failed":
                expect(page.locator(MESSAGE)).to_contain_text("could not start")
                _expect_failed_clearly(page)
            else:  # the documented fallback: a plain boot that works
                page.get_by_label("API Key", exact=True).fill(KEY + "\u200b")
                expect(page.locator("[data-code='invisible-character']")).to_be_visible()
    finally:
        for _, context, _ in pages:
            context.close()
    print("missing files:", outcomes)
    required = ("worker.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
    for name in required:
        if name in outcomes:
            assert outcomes[name] == "failed", outcomes


def _percent_shown(page: Page) -> int | None:
    match = re.search(r"(\d+)%", page.locator(MESSAGE).inner_text())
    return int(match.group(1)) if match else None


def test_slow_network_shows_rising_progress_then_ready(browser: Browser, checker_url: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 150,
                "downloadThroughput": 2_000_000,  # bytes per second
                "uploadThroughput": 250_000,
            },
        )
        started = time.monotonic()
        page.goto(checker_url)
        shown: list[int] = []
        page.get_by_label("API Key", exact=True).fill(KEY + "\u200b")  # typed during boot
        while page.locator(STATE).get_attribute("data-state") in ("idle", "loading"):
            assert time.monotonic() - started < 90, f"still loading after 90 s: {shown}"
            _expect_never_blank(page)
            percent = _percent_shown(page)
            if percent is not None and (not shown or percent != shown[-1]):
                shown.append(percent)
            page.wait_for_timeout(250)
        assert page.locator(STATE).get_attribute("data-state") == "ready", page.locator(
            MESSAGE
        ).inner_text()
        between = [p for p in shown if 0 < p < 100]
        assert len(set(between)) >= 3, f"progress did not move visibly: {shown}"
        assert shown == sorted(shown), f"progress went backwards: {shown}"
        # What was typed during the boot is checked as soon as it is ready.
        expect(page.locator("[data-code='invisible-character']")).to_be_visible()
        print(f"slow network: ready after {time.monotonic() - started:.1f} s, shown {shown}")
    finally:
        context.close()


# Sets the widget's boot timeout (its data-boot-timeout, rendered from the plugin's
# boot_timeout option) to a few seconds, so a stalled boot fails within the test's bound.
SHORT_BOOT_TIMEOUT = """new MutationObserver(() => {
  const root = document.querySelector("[data-checker]");
  if (root && root.dataset.bootTimeout !== "6000") root.dataset.bootTimeout = "6000";
}).observe(document, {subtree: true, childList: true});"""


@pytest.mark.parametrize(
    "cut",
    # The standard library is the cut-down zip (python_stdlib_checker.zip) or the full one.
    [("*.wasm",), ("python_stdlib*.zip", "*.snapshot")],
    ids=["wasm", "stdlib-and-snapshot"],
)
def test_connection_dropped_mid_download_ends_in_a_visible_message(
    browser: Browser, checker_url: str, cut: tuple[str, ...]
) -> None:
    """A download that ends half-way (a dropped connection behind a proxy that closes
    the response cleanly): Pyodide either rejects (a message at once) or hangs on the
    broken WebAssembly (the boot timeout's message) — never an endless spinner."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(SHORT_BOOT_TIMEOUT)

        def half(route: Route) -> None:
            response = route.fetch()
            body = response.body()
            route.fulfill(response=response, body=body[: len(body) // 2])

        for pattern in cut:  # (a snapshot boot does not need the standard library file)
            page.route(f"**/{pattern}", half)
        started = time.monotonic()
        page.goto(checker_url)
        assert _settled_state(page, 30_000) == "failed"
        print(f"{cut} cut: failed after {time.monotonic() - started:.1f} s")
        expect(page.locator(MESSAGE)).to_contain_text("could not start")
        _expect_failed_clearly(page)
    finally:
        context.close()
