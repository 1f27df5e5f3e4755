"""How the checker loads: lazily, once per visit, and failing clearly when it cannot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from checker_support import Recorder, built_pages, follow_instant_navigation, wait_ready
from page_wait import wait_for
from playwright.sync_api import Route, expect

PYODIDE_FILES = re.compile(r"/assets/checker/(pyodide-|packages/|snapshot-)")


def test_other_pages_never_load_pyodide(recorder: Recorder, base_url: str, site_dir: Path) -> None:
    page = recorder.page
    for path in built_pages(site_dir):
        if re.fullmatch(r"[a-z0-9-]+/check/", path):  # every exchange's checker page
            continue
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert [u for u in recorder.requests if PYODIDE_FILES.search(u)] == []
    assert recorder.checker_workers == []


# Puts the widget far down its page, whatever the page's layout.
PUSH_WIDGET_DOWN = """new MutationObserver(() => {
  const root = document.querySelector("[data-checker]");
  if (root && !root.style.marginTop) root.style.marginTop = "4000px";
}).observe(document, {subtree: true, childList: true});"""


def test_files_are_fetched_near_the_viewport_and_booted_in_view(
    recorder: Recorder, checker_url: str
) -> None:
    page = recorder.page
    page.set_viewport_size({"width": 1280, "height": 300})
    page.add_init_script(PUSH_WIDGET_DOWN)
    page.goto(checker_url)
    page.wait_for_load_state("networkidle")
    root = page.locator("[data-checker]")
    # Far below the fold (beyond the 600px look-ahead): nothing is fetched yet.
    top = root.evaluate("(e) => e.getBoundingClientRect().top")
    assert top > 300 + 600
    expect(root).to_have_attribute("data-state", "idle")
    assert recorder.checker_workers == []
    assert [u for u in recorder.requests if PYODIDE_FILES.search(u)] == []
    # Near (300px below the fold): the runtime's files are fetched, nothing boots.
    with page.expect_request(lambda r: r.url.endswith("/pyodide.asm.wasm")):
        page.evaluate("(y) => scrollTo(0, y)", top - 300 - 300)
    page.wait_for_load_state("networkidle")
    fetched = [u for u in recorder.requests if PYODIDE_FILES.search(u)]
    assert any(u.endswith("/pyodide.asm.wasm") for u in fetched), fetched
    expect(root).to_have_attribute("data-state", "idle")
    assert recorder.checker_workers == []
    # Not the snapshot: the worker decides on it (see test_checker_network.py).
    assert not any("/snapshot-" in u for u in fetched), fetched
    # In view: it boots, once. The WebAssembly came from the prefetch, i.e. from the
    # HTTP cache, which says nothing about the network's speed, and the snapshot is not
    # cached: the worker boots plainly, on the cut-down standard library.
    root.scroll_into_view_if_needed()
    expect(root).not_to_have_attribute("data-state", "idle")
    wait_ready(page)
    assert len(recorder.checker_workers) == 1
    assert root.get_attribute("data-boot") == "plain"
    assert any(u.endswith("/python_stdlib_checker.zip") for u in recorder.requests)
    assert not any(u.endswith("/python_stdlib.zip") for u in recorder.requests)


@pytest.mark.parametrize("damage", ["missing", "tampered"])
def test_a_bad_snapshot_falls_back_to_a_plain_boot(
    recorder: Recorder, checker_url: str, damage: str
) -> None:
    """A snapshot that is missing or fails its digest check is not used: the worker
    boots plainly, with the wheel, and the checker works the same."""
    page = recorder.page

    def spoil(route: Route) -> None:
        if damage == "missing":
            route.fulfill(status=404, body="not found", content_type="text/plain")
            return
        # The gzip file itself (6 MB), not the 30 MB heap its Brotli copy decodes to.
        headers = {**route.request.headers, "accept-encoding": "identity"}
        body = bytearray(route.fetch(headers=headers).body())
        body[len(body) // 2] ^= 0xFF
        route.fulfill(status=200, body=bytes(body), content_type="application/octet-stream")

    page.route("**/assets/checker/snapshot-*/**", spoil)
    page.goto(checker_url)
    wait_ready(page)
    root = page.locator("[data-checker]")
    assert root.get_attribute("data-boot") == "plain"
    page.get_by_label("API Key", exact=True).fill("7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2\u200b")
    expect(page.locator("[data-code='invisible-character']")).to_be_visible()
    assert recorder.console_errors() == []
    assert recorder.errors == []


def test_blocked_webassembly_ends_in_a_clear_failure(recorder: Recorder, checker_url: str) -> None:
    page = recorder.page
    page.route("**/*.wasm", lambda route: route.abort())
    page.goto(checker_url)
    root = page.locator("[data-checker]")
    expect(root).to_have_attribute("data-state", "failed", timeout=45_000)
    message = page.locator("[data-checker-progress-text]")
    expect(message).to_contain_text("could not start")
    expect(message).to_contain_text("Nothing you typed was sent anywhere")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    # The guide stays usable: the fields still take input and navigation works.
    page.get_by_label("API Key", exact=True).fill("abc")
    page.locator("nav.md-nav--primary a[href$='htx/errors/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/errors/(#.*)?$"))
    assert recorder.errors == []


def test_missing_worker_file_ends_in_a_clear_failure(recorder: Recorder, checker_url: str) -> None:
    page = recorder.page

    def not_found(route: Route) -> None:
        route.fulfill(status=404, body="not found", content_type="text/plain")

    page.route("**/assets/checker/worker.js", not_found)
    page.goto(checker_url)
    expect(page.locator("[data-checker]")).to_have_attribute("data-state", "failed", timeout=45_000)
    expect(page.locator("[data-checker-progress-text]")).to_contain_text("could not start")


def test_boot_timeout_fails_instead_of_spinning(recorder: Recorder, checker_url: str) -> None:
    """A boot that stops progressing (e.g. a CSP without 'wasm-unsafe-eval', where
    loadPyodide neither resolves nor rejects) ends in "failed" after the timeout."""
    page = recorder.page
    page.route("**/*.wasm", lambda route: None)  # never answered: the boot stalls
    page.add_init_script(
        """new MutationObserver(() => {
             const root = document.querySelector("[data-checker]");
             if (root && root.dataset.bootTimeout !== "3000") root.dataset.bootTimeout = "3000";
           }).observe(document, {subtree: true, childList: true});"""
    )
    page.goto(checker_url)
    root = page.locator("[data-checker]")
    expect(root).to_have_attribute("data-state", "failed", timeout=20_000)
    expect(page.locator("[data-checker-progress-text]")).to_contain_text("stopped making progress")


def test_instant_navigation_boots_once_per_visit_and_leaks_nothing(
    recorder: Recorder, checker_url: str, base_url: str
) -> None:
    page = recorder.page
    follow_instant_navigation(page, base_url)
    page.goto(checker_url)
    wait_ready(page)
    page.evaluate("window.__instantMarker = 1")
    assert len(recorder.checker_workers) == 1
    page.get_by_label("Secret Key", exact=True).fill("5ec2e7aa-5ec2e7bb-5ec2e7cc-5ec2e")
    page.get_by_label("API Key", exact=True).fill("abc")

    page.locator("nav.md-nav--primary a[href$='htx/faq/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/faq/(#.*)?$"))
    expect(page.locator("[data-checker]")).to_have_count(0)
    first = recorder.checker_workers[0]
    # The worker's "close" event (terminate() on leaving), not a pause: a worker left
    # running fails here after the time limit.
    wait_for(page, lambda: first in recorder.closed, "the first checker worker is closed")

    page.locator("nav.md-nav--primary a[href$='htx/check/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/check/(#.*)?$"))
    assert page.evaluate("window.__instantMarker") == 1, "expected instant navigation"
    wait_ready(page)
    expect(page.get_by_label("Secret Key", exact=True)).to_have_value("")
    expect(page.get_by_label("API Key", exact=True)).to_have_value("")
    # One worker per visit, and the first one was terminated on leaving.
    assert len(recorder.checker_workers) == 2
    live = [w for w in recorder.checker_workers if w not in recorder.closed]
    assert len(live) == 1
    # Still working after the round trip.
    page.get_by_label("API Key", exact=True).fill("7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2\u200b")
    expect(page.locator("[data-code='invisible-character']")).to_be_visible()
    assert recorder.console_errors() == []
    assert recorder.csp_violations() == []
