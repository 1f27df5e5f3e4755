"""Runs one of the checker's Node scripts on a JSON job file, for the build steps.

The stdlib trace (``stdlib_trim``) and the memory snapshot (``snapshot``) both boot
Pyodide in Node with a job written as JSON, read the script's last stdout line as
JSON, and report a failure by the first line of its output that names an error. That
protocol lives here once; each step keeps its own error type and its own checks.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


def run(
    node: str, script: Path, job: dict, work: Path, *, timeout: float, error: type[Exception]
) -> subprocess.CompletedProcess[str]:
    """Write ``job`` to ``work/job.json`` and run ``node script`` on it.

    Raises ``error`` when Node cannot be started or overruns ``timeout`` seconds; the
    caller judges the exit status (see :func:`failure`).
    """
    (work / "job.json").write_text(json.dumps(job), "utf-8")
    try:
        return subprocess.run(
            [node, str(script), str(work / "job.json")],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise error(f"running {node} {script.name} failed: {exc}") from exc


def failure(script: Path, result: subprocess.CompletedProcess[str]) -> str:
    """The message for a failed run: the script's name and its first error line."""
    lines = (result.stderr or result.stdout).strip().splitlines()
    detail = next((ln for ln in lines if "Error" in ln), lines[-1] if lines else "")
    return f"{script.name} failed: {detail.strip()[:500]}"


def last_json_line(result: subprocess.CompletedProcess[str]) -> dict:
    """The script's answer: the JSON object on its last line of output."""
    return json.loads(result.stdout.strip().splitlines()[-1])
