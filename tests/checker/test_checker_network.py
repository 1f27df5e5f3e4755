"""On a phone's network the checker boots plainly, moves few bytes, shows them, and
answers what was pasted during the boot as soon as it is ready.

The page and its worker go through the benchmark's pacing proxy (``bench.network``,
profile "4G": 9 Mbit/s, 60 ms), which paces every connection of the browser, the
worker's included. Nothing here depends on timing: at 9 Mbit/s the WebAssembly cannot
arrive within the worker's 800 ms "fast network" window, whatever the machine's load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from checker_support import CHECK_PATH, Recorder, wait_ready
from playwright.sync_api import Browser, expect

from bench.network import PROFILES, Running, shaped

# issue 15: a first visit to the checker page on 4G moves at most this much.
FIRST_VISIT_BUDGET = 4_000_000
KEY_WITH_ZERO_WIDTH_SPACE = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2\u200b"


@pytest.fixture(scope="module")
def phone(base_url: str) -> Iterator[Running]:
    with shaped(base_url, PROFILES["4G"]) as proxy:
        yield proxy


def test_on_4g_the_checker_boots_plainly_within_the_byte_budget(
    browser: Browser, phone: Running
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        recorder = Recorder(page).attach()
        before = phone.moved()["down"]
        page.goto(phone.url + CHECK_PATH)
        root = page.locator("[data-checker]")
        expect(root).to_have_attribute("data-state", "loading")
        # Pasted while it boots: answered once ready, without another keystroke.
        page.get_by_label("API Key", exact=True).fill(KEY_WITH_ZERO_WIDTH_SPACE)
        # The progress counts bytes on the wire against the build's total for this boot.
        text = page.locator("[data-checker-progress-text]")
        expect(text).to_contain_text(re.compile(r"of \d+\.\d MB"), timeout=30_000)
        total = float(re.search(r"of (\d+\.\d) MB", text.inner_text()).group(1))  # type: ignore[union-attr]
        wait_ready(page, timeout=120_000)
        expect(page.locator("[data-code='invisible-character']")).to_be_visible(timeout=5_000)
        page.wait_for_load_state("networkidle")
        moved = phone.moved()["down"] - before
        assert root.get_attribute("data-boot") == "plain"
        fetched = [u.rsplit("/", 1)[1] for u in recorder.requests if "/assets/checker/" in u]
        assert "python_stdlib_checker.zip" in fetched and "python_stdlib.zip" not in fetched
        assert moved <= FIRST_VISIT_BUDGET, f"{moved:,} bytes moved"
        # The bar's total is what the runtime's files weigh on the wire (the page's own
        # HTML, CSS and scripts come on top).
        assert 2.5 <= total <= moved / 1e6, (total, moved)
        assert recorder.console_errors() == []
        assert recorder.errors == []
    finally:
        context.close()
