"""No password manager may hold a secret typed into the checker.

A ``type="password"`` field makes a browser treat the form as a login or a sign-up: it
may offer a generated password for the Secret Key and offer to save (and sync) what was
typed when the page navigates. So the secret fields are text inputs, masked by CSS, in a
form without a password field that asks for no autocompletion. These tests hold that in
Chromium in every state of the widget, and that the fields stay masked, named for
assistive technology (axe, WCAG 2.1 AA) and out of reach of spell checkers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import keycheck
import keycheck.exchanges
import pytest
from checker_support import Recorder
from playwright.sync_api import Locator, Page, expect

from site_plugins.checker import widget

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
SECRET = "0a1b2c3d-4e5f6a7b-8c9d0e1f-2a3b4"
# What keeps browsers, spell checkers and password-manager extensions off a field.
SECRET_ATTRIBUTES = {
    "type": "text",
    "autocomplete": "off",
    "spellcheck": "false",
    "autocapitalize": "off",
    "autocorrect": "off",
    "data-1p-ignore": "true",
    "data-lpignore": "true",
    "data-bwignore": "true",
    "data-form-type": "other",
}
PASSWORD_FIELDS = "() => document.querySelectorAll('input[type=password]').length"


def _secret_fields(page: Page) -> list[Locator]:
    fields = page.locator("[data-checker] [data-secret]").all()
    assert [f.get_attribute("name") for f in fields] == ["api_key", "secret_key"]
    return fields


def _toggle_of(page: Page, field: Locator) -> Locator:
    return page.locator(f"button[aria-controls='{field.get_attribute('id')}']")


def test_no_field_is_a_password_field_in_any_state(ready_checker: Recorder) -> None:
    page = ready_checker.page
    assert page.evaluate(PASSWORD_FIELDS) == 0
    for field in _secret_fields(page):
        for name, value in SECRET_ATTRIBUTES.items():
            expect(field).to_have_attribute(name, value)
        field.fill(SECRET)
        toggle = _toggle_of(page, field)
        toggle.click()
        assert page.evaluate(PASSWORD_FIELDS) == 0
        toggle.click()
        assert page.evaluate(PASSWORD_FIELDS) == 0
    # No form of the page asks for autocompletion or could pass for a login.
    forms = page.evaluate(
        """() => [...document.querySelectorAll('[data-checker] form, [data-checker-explain] form')]
              .map((f) => f.getAttribute('autocomplete') + ' ' + f.querySelectorAll(
                 '[autocomplete*=password], [autocomplete=username], [type=password]').length)"""
    )
    assert forms[0] == "off 0", forms
    assert all(f.endswith(" 0") for f in forms), forms
    # Every text field of the checker keeps spell checking and autocorrection off.
    loose = page.evaluate(
        """() => [...document.querySelectorAll(
                 '[data-checker] input:not([type=radio]):not([type=checkbox]), '
                 + '[data-checker] textarea, [data-checker-explain] textarea')]
              .filter((f) => f.spellcheck || f.getAttribute('autocorrect') !== 'off'
                             || f.getAttribute('autocapitalize') !== 'off')
              .map((f) => f.id)"""
    )
    assert loose == []
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()


def test_secrets_stay_masked_until_shown_and_again_after_clear(ready_checker: Recorder) -> None:
    page = ready_checker.page
    for field, value in zip(_secret_fields(page), (KEY, SECRET), strict=True):
        toggle = _toggle_of(page, field)
        field.fill(value)
        expect(field).to_have_css("-webkit-text-security", "disc")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()
        expect(field).to_have_css("-webkit-text-security", "none")
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(toggle).to_have_text(toggle.get_attribute("data-hide") or "Hide")
        toggle.click()
        expect(field).to_have_css("-webkit-text-security", "disc")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()  # left shown: Clear must mask it again
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()
    for field in _secret_fields(page):
        expect(field).to_have_value("")
        expect(field).to_have_css("-webkit-text-security", "disc")
        expect(_toggle_of(page, field)).to_have_attribute("aria-pressed", "false")
    # The note for browsers that cannot mask stays out of Chromium's way.
    expect(page.locator("[data-checker-unmasked]")).to_be_hidden()


def test_a_masked_secret_cannot_be_copied_out(ready_checker: Recorder) -> None:
    """Like a password field: copy, cut and drag are refused while masked."""
    page = ready_checker.page
    field = _secret_fields(page)[1]
    field.fill(SECRET)
    refused = """(field) => ['copy', 'cut', 'dragstart'].map((type) => {
        const event = new Event(type, {bubbles: true, cancelable: true});
        field.dispatchEvent(event);
        return event.defaultPrevented;
    })"""
    assert field.evaluate(refused) == [True, True, True]
    _toggle_of(page, field).click()
    assert field.evaluate(refused) == [False, False, False]  # shown: the reader's choice
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()


def test_secret_fields_are_named_and_pass_axe(ready_checker: Recorder) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (package-lock.json pins axe-core)")
    page = ready_checker.page
    for label in ("API Key", "Secret Key"):
        field = page.get_by_role("textbox", name=label, exact=True)
        expect(field).to_have_count(1)
        expect(field).to_have_accessible_description(
            page.locator(f"#{field.get_attribute('id')}-hint").inner_text()
        )
        field.fill(KEY)
    _toggle_of(page, _secret_fields(page)[0]).click()  # one shown, one masked
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text("utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document.querySelector('[data-checker]'), {runOnly:
             {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
           .violations.map((v) => ({rule: v.id, where: v.nodes.map((n) => n.target.join(' '))}))"""
    )
    assert violations == []
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()


def test_every_exchange_gets_its_catalog_fields_as_masked_text_inputs() -> None:
    """The markup comes from each exchange's field list: a passphrase is masked too."""
    for exchange in keycheck.exchanges.ids():
        spec = keycheck.exchanges.get(exchange)
        data = widget.WidgetData(
            exchange=exchange,
            exchange_name=spec.name,
            runtime_url="r/",
            lock_url="l.json",
            package="keycheck",
            import_name="keycheck",
            site_root="../../",
            download_bytes=1,
            boot_timeout_ms=1,
            errors_page=spec.errors_page,
        )
        catalog = keycheck.catalog(exchange)
        html = widget.render_widget(catalog, data)
        inputs = re.findall(r"<input [^>]*\bdata-secret\b[^>]*>", html)
        names = [re.search(r'name="([^"]+)"', tag).group(1) for tag in inputs]  # type: ignore[union-attr]
        assert names == [f["name"] for f in catalog["fields"]], exchange
        assert "password" not in html.lower().replace("password manager", ""), exchange
        for tag in inputs:
            for name, value in SECRET_ATTRIBUTES.items():
                assert f'{name}="{value}"' in tag, (exchange, tag)
    # Every exchange with a passphrase gets its masked field.
    for exchange in keycheck.exchanges.with_passphrase():
        assert "passphrase" in [f["name"] for f in keycheck.catalog(exchange)["fields"]]
