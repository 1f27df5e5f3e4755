"""One engine, two runtimes: the validator's case table gives the same findings in the
CLI under CPython and in the widget's worker under Pyodide in Chromium."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from checker_support import Recorder, run_in_worker

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


def test_case_table_gives_identical_findings_in_cpython_and_chromium(
    ready_checker: Recorder,
) -> None:
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
