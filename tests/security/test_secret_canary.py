"""Secret canary: a unique key and secret typed into the checker are found nowhere else.

A trader's real secret goes through the same steps: typed into the checker, every
option toggled, the explain form used, the summary copied, then the page left and
re-entered three ways — Material's instant navigation (and the browser's back button
inside it), a full reload, and a full navigation away and back that Chromium serves from
its back/forward cache (Playwright turns that cache off by default; this browser has it
on, and the test checks the page really came from it). After each step every place a
secret could end up is searched: request URLs, methods and bodies (workers included),
cookies, localStorage, sessionStorage, every IndexedDB database and store, every Cache
Storage cache with its entries' bodies, history state, resource timing entries, console
and DevTools log (workers included), DOM attributes and text, the copied summary and
the page's address. Required: zero hits, and empty fields after every return.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from collections.abc import Callable, Iterator

import pytest
from checker_support import follow_instant_navigation, wait_ready
from page_wait import wait_until
from playwright.sync_api import Browser, BrowserContext, Page, expect
from security_support import DOM_DUMP, Watch, checked_controls, field_values, storage_text


def _hex(n: int) -> str:
    return secrets.token_hex(n)[:n]


def _code(n: int) -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(n))


# Unique per run, in HTX's shapes, so the validator treats them as real credentials.
KEY = f"{_hex(8)}-{_code(10)}-{_hex(8)}-{_hex(5)}"
SECRET = f"{_hex(8)}-{_hex(8)}-{_hex(8)}-{_hex(5)}"
EXPLAIN = f"Verification failure [校验失败] request {_code(12)}"
# What must never appear anywhere: the secret, each of its groups, the key in full and
# its middle code (the summary may show the key's first and last four characters only).
NEEDLES = {
    "secret": SECRET,
    **{f"secret group {i + 1}": g for i, g in enumerate(SECRET.split("-")) if len(g) >= 5},
    "key": KEY,
    "key code": KEY.split("-")[1],
}
TEXT_FIELDS = ("checker-api-key", "checker-secret-key", "checker-ips", "checker-explain-text")


@pytest.fixture(scope="module")
def bfcache_browser(launch_browser) -> Browser:  # type: ignore[no-untyped-def]
    return launch_browser(ignore_default_args=["--disable-back-forward-cache"])


@pytest.fixture
def watched(bfcache_browser: Browser, base_url: str) -> Iterator[tuple[BrowserContext, Watch]]:
    context = bfcache_browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    watch = Watch(context).attach()
    # window.__restored: unset while a page is hidden, then whether it came from the cache.
    context.add_init_script(
        "addEventListener('pagehide', () => { window.__restored = undefined; });"
        "addEventListener('pageshow', (e) => { window.__restored = e.persisted; });"
    )
    yield context, watch
    context.close()


def _enter_everything(page: Page, read_clipboard: Callable[[Browser], str]) -> str:
    """Type the canary, toggle every option, explain, copy; returns the clipboard."""
    page.get_by_label("API Key", exact=True).press_sequentially(KEY, delay=1)
    secret = page.get_by_label("Secret Key", exact=True)
    secret.press_sequentially(SECRET, delay=1)
    for toggle in ("Show key", "Show secret", "Hide key", "Hide secret"):
        page.get_by_role("button", name=toggle, exact=True).click()
    for name in ("Spot", "Futures", "Both"):
        page.get_by_role("radio", name=name, exact=True).check()
    boxes = ("Read", "Trade", "Futures / Swap Trade", "Withdraw", "Asset Transfer")
    for name in boxes:
        page.get_by_role("checkbox", name=name, exact=True).check()
    for name in boxes[2:]:
        page.get_by_role("checkbox", name=name, exact=True).uncheck()
    page.get_by_role("checkbox", name="Withdraw", exact=True).check()
    switch = page.get_by_role("switch", name="IP restriction enabled")
    switch.check()
    page.get_by_label("IP addresses", exact=True).fill("203.0.113.7, 10.0.0.1")
    switch.uncheck()
    switch.check()
    page.get_by_label("What did the error say?", exact=True).fill(EXPLAIN)
    page.get_by_role("button", name="Explain").click()
    expect(page.locator("[data-checker-explain-results] li")).not_to_have_count(0)
    expect(page.locator("[data-code='withdraw-enabled']")).to_be_visible()
    page.get_by_role("button", name="Copy summary for support").click()
    expect(page.locator("[data-checker-copied]")).to_have_text("Summary copied.")
    assert page.context.browser is not None
    summary = read_clipboard(page.context.browser)
    assert "withdraw-enabled" in summary, summary
    return summary


def _fill_fields(page: Page) -> None:
    page.get_by_label("API Key", exact=True).fill(KEY)
    page.get_by_label("Secret Key", exact=True).fill(SECRET)
    page.get_by_label("IP addresses", exact=True).fill("203.0.113.7")
    page.get_by_label("What did the error say?", exact=True).fill(EXPLAIN)


def _expect_cleared(page: Page, how: str) -> None:
    expect(page.locator("[data-checker]")).to_be_visible()
    values = field_values(page)
    assert set(values) >= set(TEXT_FIELDS), values
    assert all(v == "" for v in values.values()), f"after {how}: fields kept {values}"
    assert checked_controls(page) == [], f"after {how}: options stayed ticked"
    for field in ("#checker-api-key", "#checker-secret-key"):
        expect(page.locator(field)).to_have_attribute("type", "text")
        expect(page.locator(field)).to_have_css("-webkit-text-security", "disc")


def _search(page: Page, watch: Watch, clipboard: str, step: str) -> dict[str, int]:
    dom = page.evaluate(DOM_DUMP)
    haystacks = {
        "requests (URL, method, body)": watch.request_text(),
        "cookies": json.dumps(page.context.cookies()),
        "storage (local, session, IndexedDB, Cache Storage, history, timing)": storage_text(page),
        "console and DevTools log": watch.console_text(),
        "DOM attributes": dom["attributes"],
        "DOM text": dom["text"] + dom["title"],
        "copied summary": clipboard,
        "page URL": page.url,
    }
    hits = [
        f"{step}: {needle_name} found in {where}"
        for where, text in haystacks.items()
        for needle_name, needle in NEEDLES.items()
        if needle in text
    ]
    explain_hits = [w for w, text in haystacks.items() if EXPLAIN in text and w != "DOM text"]
    assert hits == [], hits
    assert explain_hits == [], f"{step}: the explain text was kept in {explain_hits}"
    return {where: len(text) for where, text in haystacks.items()}


def test_canary_is_found_nowhere_and_fields_empty_after_every_return(
    watched: tuple[BrowserContext, Watch],
    checker_url: str,
    base_url: str,
    read_clipboard: Callable[[Browser], str],
) -> None:
    context, watch = watched
    page = context.new_page()
    follow_instant_navigation(page, base_url)
    faq_url = base_url + "htx/faq/"

    # 1. Everything a trader does on the checker.
    page.goto(checker_url)
    wait_ready(page)
    clipboard = _enter_everything(page, read_clipboard)
    for needle in (SECRET, KEY, KEY.split("-")[1]):
        assert needle not in clipboard
    _search(page, watch, clipboard, "on the page")

    # 2. Instant navigation away and back with the browser's back button.
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary a[href$='htx/faq/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/faq/(#.*)?$"))
    expect(page.locator("[data-checker]")).to_have_count(0)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/htx/check/(#.*)?$"))
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation"
    _expect_cleared(page, "instant navigation and back")
    _search(page, watch, clipboard, "after instant navigation")

    # ... and forward to the checker again by a link (instant, same document).
    _fill_fields(page)
    page.locator("nav.md-nav--primary a[href$='htx/faq/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/faq/(#.*)?$"))
    expect(page.locator("[data-checker]")).to_have_count(0)
    page.locator("nav.md-nav--primary a[href$='htx/check/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/check/(#.*)?$"))
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation"
    _expect_cleared(page, "instant navigation by links")

    # 3. A full reload (the browser may try to restore form fields).
    _fill_fields(page)
    page.reload()
    _expect_cleared(page, "a reload")
    _search(page, watch, clipboard, "after a reload")

    # 4. A full navigation away and back: served from the back/forward cache.
    wait_ready(page)
    _fill_fields(page)
    page.goto(faq_url)
    # A page restored from the cache fires no load event: wait for the commit only.
    page.go_back(wait_until="commit")
    expect(page).to_have_url(re.compile(r"/htx/check/(#.*)?$"))
    wait_until(page, "window.__restored !== undefined")
    assert page.evaluate("window.__restored === true"), (
        "the page did not come back from the back/forward cache, so this step tested a reload"
    )
    _expect_cleared(page, "back/forward cache")
    page.go_forward(wait_until="commit")
    expect(page).to_have_url(re.compile(r"/htx/faq/(#.*)?$"))
    page.go_back(wait_until="commit")
    wait_until(page, "window.__restored !== undefined")
    _expect_cleared(page, "forward and back again")
    sizes = _search(page, watch, clipboard, "after back/forward")

    assert watch.page_errors == []
    assert watch.console_errors() == []
    print("canary: searched", json.dumps(sizes), f"{len(watch.requests)} requests")
