"""One engine, two runtimes: the validator's case table gives the same findings in the
CLI under CPython and in the widget's worker under Pyodide in Chromium, whichever way
the worker booted: plainly on the standard library zip cut down to the traced imports
(site_plugins/checker/stdlib_trim.py), or from the memory snapshot."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from checker_support import Recorder, run_in_worker, wait_ready
from playwright.sync_api import Browser, Route

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = ROOT / "tests" / "validator" / "cases.py"


def _cases() -> list[dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("validator_cases", CASES_FILE)
    assert spec and spec.loader, f"{CASES_FILE} is missing"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases = module.CASES
    assert len(cases) >= 10
    return cases


def _cli(command: str, stdin: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "validator" / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "keycheck", command, "--json"],
        input=stdin.encode("utf-8"),
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )
    return result.returncode, result.stdout.decode("utf-8")


def _key(finding: dict[str, Any]) -> tuple[Any, ...]:
    return (finding["code"], finding["severity"], finding["field"], finding.get("position"))


def _not_found(route: Route) -> None:
    route.fulfill(status=404, body="not found", content_type="text/plain")


@pytest.fixture(scope="module", params=["plain", "snapshot"])
def booted(
    request: pytest.FixtureRequest,
    browser: Browser,
    base_url: str,
    checker_url: str,
    site_dir: Path,
) -> Iterator[Recorder]:
    """A checker booted the way the parameter says, made deterministic: no snapshot at
    all (plain), or the snapshot already in the HTTP cache (the worker then uses it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    recorder = Recorder(page).attach()
    if request.param == "plain":
        page.route("**/assets/checker/snapshot-*/**", _not_found)
    else:
        html = (site_dir / "htx" / "check" / "index.html").read_text("utf-8")
        snapshot = re.search(r'data-snapshot="([^"]+)"', html)
        assert snapshot, "the build ships no snapshot"
        page.goto(base_url)
        page.evaluate(
            "async (url) => { await (await fetch(url)).arrayBuffer(); }",
            urljoin(checker_url, snapshot.group(1)),
        )
    page.goto(checker_url)
    wait_ready(page)
    assert page.locator("[data-checker]").get_attribute("data-boot") == request.param
    if request.param == "plain":
        # On the cut-down zip (the full one may have come for the failed snapshot
        # attempt; that no import falls back to it is test_checker_network's).
        assert any(u.endswith("/python_stdlib_checker.zip") for u in recorder.requests)
    yield recorder
    context.close()


def test_case_table_gives_identical_findings_in_cpython_and_chromium(booted: Recorder) -> None:
    ready_checker = booted
    cases = _cases()
    payloads = [json.dumps(case["input"], ensure_ascii=False) for case in cases]
    worker = ready_checker.checker_workers[-1]
    browser_answers = run_in_worker(worker, "check", payloads)
    mismatches = []
    for case, payload, in_browser in zip(cases, payloads, browser_answers, strict=True):
        code, out = _cli("check", payload)
        if code == 2:  # unusable input: the API answers with an error object instead
            assert "error" in in_browser, case["name"]
            continue
        in_cpython = json.loads(out)
        ours = [_key(f) for f in in_cpython["findings"]]
        theirs = [_key(f) for f in in_browser["findings"]]
        if ours != theirs or in_cpython["ok"] != in_browser["ok"]:
            mismatches.append((case["name"], ours, theirs))
        assert in_cpython["summary"] == in_browser["summary"], case["name"]
    assert mismatches == []
    assert ready_checker.console_errors() == []
