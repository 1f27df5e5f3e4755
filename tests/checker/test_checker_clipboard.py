"""The site may write to the clipboard ("Copy summary for support") but never read it.

A trader may have a secret on the clipboard while the page is open, so the hosting
headers deny ``clipboard-read`` (site_plugins/hosting/headers.py). The browser context below
*grants* both clipboard permissions, so only the page's Permissions-Policy can refuse
the read; the copied text is read back from outside the site.
"""

from __future__ import annotations

from collections.abc import Callable

from checker_support import wait_ready
from playwright.sync_api import Browser, expect

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"


def test_copy_summary_works_while_the_page_cannot_read_the_clipboard(
    browser: Browser, checker_url: str, read_clipboard: Callable[[Browser], str]
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(checker_url)
        wait_ready(page)
        assert page.evaluate("document.featurePolicy.allowsFeature('clipboard-read')") is False
        assert page.evaluate("document.featurePolicy.allowsFeature('clipboard-write')") is True

        page.get_by_label("API Key", exact=True).fill(KEY)
        page.get_by_role("checkbox", name="Withdraw", exact=True).check()
        expect(page.locator("[data-code='withdraw-enabled']")).to_be_visible()
        page.get_by_role("button", name="Copy summary for support").click()
        expect(page.locator("[data-checker-copied]")).to_have_text("Summary copied.")

        shown = page.locator("[data-checker-summary]").text_content() or ""
        assert "withdraw-enabled" in shown
        assert read_clipboard(browser) == shown
        refused = page.evaluate(
            "navigator.clipboard.readText().then(() => 'read', (error) => error.name)"
        )
        assert refused == "NotAllowedError"
    finally:
        context.close()
