"""Accessibility: axe-core finds nothing at WCAG 2.1 AA, and the checker works by keyboard.

axe-core (the npm package, pinned in package-lock.json) is evaluated into each page
through DevTools, which the page's Content-Security-Policy does not govern, so the
policy stays as shipped. Every distinct page is audited in the light and the dark
palette (Material follows ``prefers-color-scheme``; the test checks the palette really
switched), plus the checker's dynamic states: findings, the explain answer, and the
failure message. The audited site is the plain build of the working tree, which is
what the next version will publish (``latest`` is the last declared commit).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from checker_support import built_pages, wait_ready
from playwright.sync_api import Browser, Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}
KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
SECRET = "5ec2e7aa-5ec2e7bb-5ec2e7cc-5ec2e"


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (package-lock.json pins axe-core)")
    return AXE.read_text("utf-8")


def audit(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now, each with a few of its elements."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
          return result.violations.map((v) => ({
            rule: v.id, impact: v.impact, count: v.nodes.length,
            where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            why: v.nodes[0] ? v.nodes[0].failureSummary.split("\\n").slice(0, 2).join(" ") : "",
          }));
        }""",
        WCAG_21_AA,
    )


def _palette_context(browser: Browser, scheme: str):  # type: ignore[no-untyped-def]
    return browser.new_context(
        color_scheme=scheme,  # type: ignore[arg-type]
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )


def _expect_palette(page: Page, scheme: str) -> None:
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_page_has_no_wcag_21_aa_violation(
    browser: Browser, base_url: str, site_dir: Path, axe_source: str, scheme: str
) -> None:
    pages = [*built_pages(site_dir), "404.html"]
    context = _palette_context(browser, scheme)
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        page = context.new_page()
        for path in pages:
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            _expect_palette(page, scheme)
            violations = audit(page, axe_source)
            if violations:
                found[path] = violations
    finally:
        context.close()
    print(f"axe {scheme}: {len(pages)} pages, {sum(map(len, found.values()))} violations")
    assert found == {}


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_checker_states_have_no_wcag_21_aa_violation(
    browser: Browser, checker_url: str, axe_source: str, scheme: str
) -> None:
    """The widget's content is made at run time: audit it with findings, with an
    explain answer and a copy notice, and in its failed state."""
    context = _palette_context(browser, scheme)
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        page = context.new_page()
        page.goto(checker_url)
        _expect_palette(page, scheme)
        wait_ready(page)
        page.get_by_label("API Key", exact=True).fill(KEY + "\u200b")
        page.get_by_label("Secret Key", exact=True).fill(SECRET)
        page.get_by_role("checkbox", name="Withdraw", exact=True).check()
        page.get_by_role("switch", name="IP restriction enabled").check()
        page.get_by_label("IP addresses", exact=True).fill("10.0.0.1\n300.1.1.1")
        expect(page.locator("[data-code='invisible-character']")).to_be_visible()
        page.get_by_role("button", name="Copy summary for support").click()
        page.get_by_label("What did the error say?", exact=True).fill(
            "Incorrect IP address [IP地址错误]:203.0.113.9"
        )
        page.get_by_role("button", name="Explain").click()
        expect(page.locator("[data-checker-explain-results] li")).not_to_have_count(0)
        found["findings"] = audit(page, axe_source)

        page.route("**/*.wasm", lambda route: route.abort())
        page.reload()
        page.get_by_label("API Key", exact=True).focus()  # boots wherever the page is
        expect(page.locator("[data-checker]")).to_have_attribute(
            "data-state", "failed", timeout=45_000
        )
        found["failed"] = audit(page, axe_source)
    finally:
        context.close()
    assert {state: v for state, v in found.items() if v} == {}


# -- the checker by keyboard alone ------------------------------------------------------


def _focused(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const style = getComputedStyle(e);
          const label = e.labels && e.labels[0] ? e.labels[0].textContent.trim() : "";
          return {tag: e.tagName.toLowerCase(), type: e.type || "", id: e.id,
                  role: e.getAttribute("role") || "", text: e.textContent.trim().slice(0, 60),
                  label, value: e.value === undefined ? null : e.value,
                  inWidget: !!e.closest("[data-checker], [data-checker-explain]"),
                  ring: style.outlineStyle !== "none" || style.boxShadow !== "none"};
        }"""
    )


def _tab_to(page: Page, matches, limit: int = 120) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element matches; every control of the widget that
    focus stops on must show a focus indicator (the theme's own controls are Material's)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["inWidget"]:
            assert focused["ring"], f"no visible focus indicator on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("Tab never reached the expected control")


def test_checker_is_fully_usable_by_keyboard_and_announces_results(
    browser: Browser, checker_url: str
) -> None:
    context = _palette_context(browser, "light")
    try:
        page = context.new_page()
        page.goto(checker_url)
        status = page.locator("[data-checker] [role='status']")
        expect(status).to_have_attribute("aria-live", "polite")

        # From the top of the page to the first field, by Tab alone.
        _tab_to(page, lambda f: f["id"] == "checker-api-key")
        page.keyboard.type(KEY)
        page.keyboard.insert_text("\u200b")
        _tab_to(page, lambda f: f["text"] == "Show key")
        page.keyboard.press("Space")
        expect(page.locator("#checker-api-key")).to_have_css("-webkit-text-security", "none")
        page.keyboard.press("Enter")
        expect(page.locator("#checker-api-key")).to_have_css("-webkit-text-security", "disc")

        _tab_to(page, lambda f: f["id"] == "checker-secret-key")
        page.keyboard.type(SECRET)
        _tab_to(page, lambda f: f["text"] == "Show secret")
        page.keyboard.press("Enter")
        expect(page.locator("#checker-secret-key")).to_have_css("-webkit-text-security", "none")
        page.keyboard.press("Enter")
        expect(page.locator("#checker-secret-key")).to_have_css("-webkit-text-security", "disc")

        # Radio group: one Tab stop, arrows move and select.
        _tab_to(page, lambda f: f["type"] == "radio")
        page.keyboard.press("Space")
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        expect(page.get_by_role("radio", name="Both", exact=True)).to_be_checked()

        for name in ("Read", "Trade", "Futures / Swap Trade", "Withdraw", "Asset Transfer"):
            _tab_to(page, lambda f, name=name: f["type"] == "checkbox" and f["label"] == name)
            page.keyboard.press("Space")
            expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_checked()

        _tab_to(page, lambda f: f["role"] == "switch")
        page.keyboard.press("Space")
        expect(page.get_by_role("switch", name="IP restriction enabled")).to_be_checked()
        _tab_to(page, lambda f: f["id"] == "checker-ips")
        page.keyboard.type("10.0.0.1")

        # The findings arrive in the role="status" region (announced politely).
        wait_ready(page)
        for code in ("invisible-character", "withdraw-enabled", "ip-not-public"):
            expect(status.locator(f"[data-code='{code}']")).to_be_visible()
        expect(status).to_contain_text("U+200B")

        # Copy, then Clear: buttons by Enter; each says what it did.
        _tab_to(page, lambda f: f["text"] == "Copy summary for support")
        page.keyboard.press("Enter")
        expect(page.locator("[data-checker-copied]")).to_have_text("Summary copied.")
        expect(page.locator("[data-checker-copied]")).to_have_attribute("aria-live", "polite")
        _tab_to(page, lambda f: f["text"] == "Clear")
        page.keyboard.press("Enter")
        for label in ("API Key", "Secret Key", "IP addresses"):
            expect(page.get_by_label(label, exact=True)).to_have_value("")
        assert _focused(page)["id"] == "checker-api-key", "Clear should return focus to the form"

        # The summary disclosure opens by keyboard.
        _tab_to(page, lambda f: f["tag"] == "summary")
        page.keyboard.press("Enter")
        expect(page.locator("details.checker__summary")).to_have_attribute("open", "")

        # The explain form: type, submit with Enter on its button, answer in its status.
        _tab_to(page, lambda f: f["id"] == "checker-explain-text")
        page.keyboard.type("Incorrect IP address [IP地址错误]:203.0.113.9")
        _tab_to(page, lambda f: f["text"] == "Explain")
        page.keyboard.press("Enter")
        answer = page.locator("[data-checker-explain-results]")
        expect(answer).to_have_attribute("role", "status")
        expect(answer).to_contain_text("203.0.113.9")
        expect(answer.get_by_role("link")).not_to_have_count(0)

        # And a finding's link is reachable and followed by keyboard.
        page.get_by_label("API Key", exact=True).focus()
        page.keyboard.type("x")
        link = status.get_by_role("link").first
        expect(link).to_be_visible()
        href = link.get_attribute("href") or ""
        _tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "How to fix it")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(re.escape(href.split("/")[-1]) + "$"))
    finally:
        context.close()
