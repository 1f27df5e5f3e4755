"""The checker as a trader uses it, in real Chromium on the built site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from checker_support import Recorder, wait_ready
from playwright.sync_api import Page, expect

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
ZWSP = "\u200b"


def test_trailing_zero_width_space_is_found_with_an_empty_request_log(
    recorder: Recorder, checker_url: str
) -> None:
    """Issue 8's "done when": paste a key with a trailing U+200B once the checker is ready."""
    page = recorder.page
    page.goto(checker_url)
    wait_ready(page)
    page.wait_for_load_state("networkidle")  # the favicon and search index come late
    before = len(recorder.requests)

    page.get_by_label("API Key", exact=True).fill(KEY + ZWSP)
    finding = page.locator("[data-checker-results] [data-code='invisible-character']")
    expect(finding).to_be_visible(timeout=2_000)
    expect(finding).to_have_attribute("data-severity", "error")
    expect(finding).to_contain_text("U+200B")

    link = finding.get_by_role("link")
    assert link.get_attribute("href") == "../errors/#invisible-character"
    assert recorder.requests[before:] == []
    assert page.locator("[data-checker-results]").get_attribute("role") == "status"

    link.click()
    # Instant navigation fetches the page first; a loaded CI machine can take a while.
    expect(page).to_have_url(re.compile(r"/htx/errors/#invisible-character$"), timeout=20_000)
    expect(page.locator("#invisible-character")).to_be_attached()


def test_fields_work_during_boot_and_the_check_runs_when_ready(
    recorder: Recorder, checker_url: str
) -> None:
    page = recorder.page
    page.goto(checker_url)
    root = page.locator("[data-checker]")
    key = page.get_by_label("API Key", exact=True)
    key.fill(KEY + ZWSP)  # focusing the field also starts the boot
    states = {root.get_attribute("data-state")}
    progress = page.locator("[data-checker-progress-text]").inner_text()
    wait_ready(page)
    assert "loading" in states or "ready" in states
    assert re.search(r"Loading checker… \d+%|Checker ready", progress), progress
    # No further keystroke: the queued check ran as soon as the worker was ready.
    expect(page.locator("[data-code='invisible-character']")).to_be_visible(timeout=2_000)
    assert key.input_value() == KEY + ZWSP


def test_form_has_the_contracted_names_and_attributes(ready_checker: Recorder) -> None:
    page = ready_checker.page
    for label in ("API Key", "Secret Key"):
        field = page.get_by_label(label, exact=True)
        toggle = page.locator(f"button[aria-controls='{field.get_attribute('id')}']")
        for _ in range(2):
            for name, value in (
                ("type", "text"),  # never a password field (see test_checker_secrets.py)
                ("spellcheck", "false"),
                ("autocomplete", "off"),
                ("autocapitalize", "off"),
                ("autocorrect", "off"),
            ):
                expect(field).to_have_attribute(name, value)
            expect(field).to_have_css("-webkit-text-security", "disc")
            toggle.click()
            expect(field).to_have_css("-webkit-text-security", "none")
            expect(toggle).to_have_attribute("aria-pressed", "true")
            toggle.click()
            expect(field).to_have_css("-webkit-text-security", "disc")
    for name in ("Spot", "Futures", "Both"):
        expect(page.get_by_role("radio", name=name, exact=True)).to_be_visible()
    for name in ("Read", "Trade", "Futures / Swap Trade", "Withdraw", "Asset Transfer"):
        expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("switch", name="IP restriction enabled", exact=True)).to_be_visible()
    expect(page.get_by_label("IP addresses", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Copy summary for support")).to_be_visible()
    expect(
        page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True)
    ).to_be_visible()
    expect(page.get_by_label("What did the error say?", exact=True)).to_be_visible()


def test_permissions_and_ips_reach_the_validator(ready_checker: Recorder) -> None:
    page = ready_checker.page
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()
    page.get_by_role("checkbox", name="Withdraw", exact=True).check()
    expect(page.locator("[data-code='withdraw-enabled']")).to_be_visible()
    page.get_by_role("switch", name="IP restriction enabled").check()
    page.get_by_role("switch", name="IP restriction enabled").uncheck()
    expect(page.locator("[data-code='ip-restriction-off']")).to_be_visible()
    for finding in page.locator("[data-checker-results] [data-code]").all():
        assert finding.get_attribute("data-severity") in {"error", "warning", "info"}
        href = finding.get_by_role("link").get_attribute("href") or ""
        assert href.startswith("../errors/#"), href
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()
    expect(page.locator("[data-checker-results] [data-code]")).to_have_count(0)
    assert not page.get_by_role("checkbox", name="Withdraw", exact=True).is_checked()


def test_explain_form_answers_with_section_and_ip(ready_checker: Recorder) -> None:
    page = ready_checker.page
    box = page.get_by_label("What did the error say?", exact=True)
    box.fill("Incorrect IP address [IP地址错误]:203.0.113.7")
    page.get_by_role("button", name="Explain", exact=True).click()
    answer = page.locator("[data-checker-explain-results] [data-section]").first
    expect(answer).to_be_visible()
    assert answer.get_attribute("data-section") == "htx/errors/#ip-restriction-error"
    expect(answer).to_contain_text("203.0.113.7")
    assert answer.get_by_role("link").get_attribute("href") == "../errors/#ip-restriction-error"


def test_explain_says_when_an_error_is_not_about_the_key(ready_checker: Recorder) -> None:
    page = ready_checker.page
    box = page.get_by_label("What did the error say?", exact=True)
    box.fill('{"status":"error","err_code":1047,"err_msg":"Insufficient margin available."}')
    page.get_by_role("button", name="Explain", exact=True).click()
    results = page.locator("[data-checker-explain-results]")
    verdict = results.locator('[data-verdict="not-a-key-problem"]')
    expect(verdict).to_contain_text("Not a key problem")
    expect(results).to_contain_text("Insufficient balance or margin")
    expect(results.locator("[data-section]")).to_have_count(0)
    assert results.get_by_role("link").get_attribute("href") == "../errors/"


def test_requests_stay_on_the_site_and_stop_once_ready(
    recorder: Recorder, checker_url: str
) -> None:
    """Before ready: only the site's own files. After: nothing, whatever the trader does."""
    page = recorder.page
    page.goto(checker_url)
    wait_ready(page)
    origin = urlsplit(checker_url)[:2]
    page.wait_for_load_state("networkidle")  # the favicon and search index come late
    foreign = [
        u for u in recorder.requests if urlsplit(u)[:2] != origin and not u.startswith("blob:")
    ]
    assert foreign == []
    before = len(recorder.requests)

    page.get_by_label("API Key", exact=True).type(KEY, delay=5)
    page.get_by_label("Secret Key", exact=True).type("0a1b2c3d-4e5f6a7b-8c9d0e1f-2a3b4", delay=5)
    for name in ("Spot", "Futures", "Both"):
        page.get_by_role("radio", name=name, exact=True).check()
    for name in ("Read", "Trade", "Futures / Swap Trade", "Withdraw", "Asset Transfer"):
        page.get_by_role("checkbox", name=name, exact=True).click()
        page.get_by_role("checkbox", name=name, exact=True).click()
    page.get_by_role("switch", name="IP restriction enabled").click()
    page.get_by_label("IP addresses", exact=True).type("203.0.113.7, 10.0.0.1\n8.8.8.8", delay=5)
    for button in page.locator("[data-toggle-visibility]").all():
        button.click()
        button.click()
    page.get_by_label("What did the error say?", exact=True).fill("Verification failure")
    page.get_by_role("button", name="Explain", exact=True).click()
    expect(page.locator("[data-checker-explain-results] [data-section]").first).to_be_visible()
    expect(page.locator("[data-checker-results] [data-code]").first).to_be_visible()
    # Everything the actions started has been answered and shown: the explanation above,
    # and the checks (data-checking is set while one is on its way or queued behind it).
    expect(page.locator("[data-checker]")).not_to_have_attribute("data-checking", "true")
    # ... and what is shown is the answer to the last input (all three addresses whole).
    expect(page.locator("[data-checker-summary]")).to_contain_text("IP addresses bound: 3")
    expect(page.locator("[data-checker-results] [data-code='ip-invalid']")).to_have_count(0)
    assert recorder.requests[before:] == []
    assert recorder.console_errors() == []
    assert recorder.errors == []
    assert recorder.csp_violations() == []


def test_results_region_is_announced_politely(ready_checker: Recorder) -> None:
    page: Page = ready_checker.page
    region = page.locator("[data-checker] [role='status']")
    expect(region).to_have_count(1)
    assert region.get_attribute("aria-live") == "polite"
