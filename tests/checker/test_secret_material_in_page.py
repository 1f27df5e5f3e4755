"""In the page: secret material pasted into the API Key field never shows, nor is copied.

The browser half of the support-summary leak test (tests/validator/test_secret_material.py
covers the validator's outputs and the CLI): the same Python runs in the worker, and the
widget must not add its own view of the value. For generated pastes of a secret into the
API Key field (with its label, beside the key, as a private key), the page's visible text,
its HTML and the text handed to the clipboard by "Copy summary for support" contain no run
of four characters of the secret. The clipboard is read where the page writes it
(``navigator.clipboard.writeText``), so the test does not need clipboard-read, which the
site's Permissions-Policy may deny.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from checker_support import CHECK_PATH, wait_ready
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from page_wait import wait_until
from playwright.sync_api import Browser, Page, expect

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
HEX = "0123456789abcdef"
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Records what the page hands to the clipboard, then lets the real call go on.
CLIPBOARD_RECORDER = """
window.__copied = [];
const original = navigator.clipboard && navigator.clipboard.writeText
  ? navigator.clipboard.writeText.bind(navigator.clipboard) : null;
if (original) {
  navigator.clipboard.writeText = (text) => { window.__copied.push(text); return original(text); };
}
"""

PASTES = [
    "Secret Key: {s}",
    "HUOBI_SECRET_KEY={s}",
    KEY + "\t{s}",
    "Access Key\n" + KEY + "\nSecret Key\n{s}",
    "-----BEGIN PRIVATE KEY-----\n{s}\n-----END PRIVATE KEY-----",
]

SECRETS = st.one_of(
    st.tuples(*(st.text(alphabet=HEX, min_size=n, max_size=n) for n in (8, 8, 8, 5))).map("-".join),
    st.text(alphabet=BASE64, min_size=43, max_size=43).map(lambda s: "MC4CAQAwBQYDK2VwBCIEI" + s),
    st.text(alphabet=HEX, min_size=64, max_size=64),
)


@pytest.fixture(scope="module")
def checker_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-write"]
    )
    page = context.new_page()
    page.add_init_script(CLIPBOARD_RECORDER)
    page.goto(base_url + CHECK_PATH)
    wait_ready(page)
    yield page
    context.close()


def _windows(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}


def _seen(page: Page, paste: str) -> str:
    """The page's text, HTML (field values excluded) and copied summary after ``paste``."""
    summary = page.locator("[data-checker-summary]")
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()
    expect(summary).not_to_contain_text("API Key:")
    page.evaluate("window.__copied = []")
    page.get_by_label("API Key", exact=True).fill(paste)
    expect(summary).to_contain_text("API Key:", timeout=15_000)
    page.get_by_role("button", name="Copy summary for support").click()
    wait_until(page, "window.__copied.length > 0")
    copied = page.evaluate("window.__copied.join('\\n')")
    text = page.locator("body").inner_text()
    html = page.evaluate(
        "(() => { const c = document.documentElement.cloneNode(true);"
        " c.querySelectorAll('input, textarea').forEach((f) => f.removeAttribute('value'));"
        " return c.outerHTML; })()"
    )
    return "\n".join([copied, text, html])


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(secret=SECRETS, template=st.sampled_from(PASTES))
def test_secret_material_never_reaches_the_page_or_the_clipboard(
    checker_page: Page, secret: str, template: str
) -> None:
    page = checker_page
    baseline = _seen(page, KEY)  # the page's own wording, with a plain key
    seen = _seen(page, template.replace("{s}", secret))
    leaked = [w for w in _windows(secret) if w in seen and w not in baseline]
    assert leaked == [], f"{template!r}: secret pieces {leaked} shown or copied"
    summary = page.evaluate("window.__copied.join('\\n')")
    line = next(x for x in summary.splitlines() if x.startswith("API Key:"))
    assert "..." not in line
