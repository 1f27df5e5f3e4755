"""Answers that arrive while the reader points at the results never pull a link away.

A finding's "How to fix it" link must work even while checks are in flight: clicking it
moves the focus out of a field, whose "change" event sends one more check, and on a
loaded machine that answer can arrive between the press and the release of the mouse
button. The widget therefore leaves an identical answer alone, keeps the nodes of a
finding it already shows, and holds answers while a pointer is pressed in the results.
Every wait below is on the widget's own state (``data-checking``), never a fixed delay.
"""

from __future__ import annotations

import re

from checker_support import Recorder, wait_ready
from page_wait import wait_until
from playwright.sync_api import Page, expect

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
ZWSP = "\u200b"
# Wait conditions are functions: a bare expression would be eval'd, which the CSP refuses.
SETTLED = "() => !document.querySelector('[data-checker]').hasAttribute('data-checking')"

# Remembers the results' links and records every change made under the results region.
WATCH_RESULTS = """() => {
  const box = document.querySelector('[data-checker-results]');
  window.__links = [...box.querySelectorAll('a')];
  window.__mutations = new MutationObserver(() => {});
  window.__mutations.observe(box, {childList: true, subtree: true, characterData: true});
}"""
SAME_LINKS = """() => {
  const now = [...document.querySelectorAll('[data-checker-results] a')];
  return now.length === window.__links.length && now.every((a, i) => a === window.__links[i]);
}"""
# Sends one check whose input is unchanged (what focus leaving a field does), and says
# whether it is in flight.
RESEND = """() => {
  const field = document.getElementById('checker-api-key');
  field.dispatchEvent(new Event('change', {bubbles: true}));
  return document.querySelector('[data-checker]').dataset.checking === 'true';
}"""

# Counts the checks sent from now on (each sets data-checking on the widget).
COUNT_CHECKS = """() => {
  window.__checksSent = 0;
  const root = document.querySelector('[data-checker]');
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.oldValue === null && root.dataset.checking) window.__checksSent++;
    }
  }).observe(root, {attributes: true, attributeFilter: ['data-checking'], attributeOldValue: true});
}"""


def _show_invisible_character_finding(page: Page) -> None:
    page.locator("[data-checker]").get_by_role("button", name="Clear", exact=True).click()
    page.get_by_label("API Key", exact=True).fill(KEY + ZWSP)
    expect(page.locator("[data-code='invisible-character'] a")).to_be_visible()
    wait_until(page, SETTLED)


def test_an_identical_answer_changes_no_node(ready_checker: Recorder) -> None:
    page = ready_checker.page
    _show_invisible_character_finding(page)
    page.evaluate(WATCH_RESULTS)

    assert page.evaluate(RESEND), "the unchanged input was not sent to the worker"
    wait_until(page, SETTLED)

    changed = page.evaluate(
        "window.__mutations.takeRecords().map(r => r.type + ' ' + r.target.nodeName)"
    )
    assert changed == []
    assert page.evaluate(SAME_LINKS)


def test_a_new_finding_keeps_the_nodes_of_the_findings_already_shown(
    ready_checker: Recorder,
) -> None:
    page = ready_checker.page
    _show_invisible_character_finding(page)
    old_link = page.locator("[data-code='invisible-character'] a")
    page.evaluate("window.__old = document.querySelector(\"[data-code='invisible-character'] a\")")

    page.get_by_role("checkbox", name="Withdraw", exact=True).check()
    expect(page.locator("[data-code='withdraw-enabled']")).to_be_visible()

    expect(old_link).to_have_count(1)
    assert page.evaluate(
        "window.__old === document.querySelector(\"[data-code='invisible-character'] a\")"
    )
    assert page.evaluate("window.__old.isConnected")


def test_a_link_clicked_while_checks_are_in_flight_is_followed(
    recorder: Recorder, checker_url: str
) -> None:
    """The press, then two answers (an identical one and a different one), then the release."""
    page = recorder.page
    page.goto(checker_url)
    wait_ready(page)
    page.get_by_label("API Key", exact=True).fill(KEY + ZWSP)
    link = page.locator("[data-code='invisible-character'] a")
    expect(link).to_be_visible()
    wait_until(page, SETTLED)

    page.evaluate(COUNT_CHECKS)
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    # The press took the focus from the API Key field: its "change" sent a check.
    wait_until(page, "() => window.__checksSent === 1")
    # And one more edit, whose answer differs.
    page.evaluate(
        """() => {
          const secret = document.getElementById('checker-secret-key');
          secret.value = 'short';
          secret.dispatchEvent(new Event('input', {bubbles: true}));
        }"""
    )
    # Both answers are in.
    wait_until(page, f"() => window.__checksSent === 2 && ({SETTLED})()")
    page.mouse.up()

    expect(page).to_have_url(re.compile(r"/htx/errors/#invisible-character$"), timeout=20_000)
    assert recorder.errors == []
