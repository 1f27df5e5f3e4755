"""OKX's Passphrase, its third secret, is masked like the key and secret, never a password.

``test_checker_secrets`` holds the API Key and Secret Key fields in Chromium; OKX's
check page adds the Passphrase, which must keep the same attributes, stay masked until
"Show passphrase" and leave the page without a password field in every state.
"""

from __future__ import annotations

import keycheck
import keycheck.exchanges
from playwright.sync_api import Browser, expect
from test_checker_secrets import PASSWORD_FIELDS, SECRET, SECRET_ATTRIBUTES, _toggle_of


def test_okx_keys_have_a_passphrase_field() -> None:
    """OKX's catalog lists the Passphrase, so the widget renders it as a masked field."""
    assert "okx" in keycheck.exchanges.with_passphrase()
    fields = [f["name"] for f in keycheck.catalog("okx")["fields"]]
    assert fields == ["api_key", "secret_key", "passphrase"]


def test_the_okx_passphrase_is_masked_and_never_a_password_field(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "okx/check/")
        fields = page.locator("[data-checker] [data-secret]").all()
        assert [f.get_attribute("name") for f in fields] == ["api_key", "secret_key", "passphrase"]
        passphrase = fields[2]
        passphrase.fill(SECRET)
        assert page.evaluate(PASSWORD_FIELDS) == 0
        for name, value in SECRET_ATTRIBUTES.items():
            expect(passphrase).to_have_attribute(name, value)
        expect(passphrase).to_have_css("-webkit-text-security", "disc")
        toggle = _toggle_of(page, passphrase)
        expect(toggle).to_have_text("Show passphrase")
        toggle.click()
        expect(passphrase).to_have_css("-webkit-text-security", "none")
        assert page.evaluate(PASSWORD_FIELDS) == 0
        toggle.click()
        expect(passphrase).to_have_css("-webkit-text-security", "disc")
        expect(page.get_by_role("textbox", name="Passphrase", exact=True)).to_have_count(1)
    finally:
        context.close()
