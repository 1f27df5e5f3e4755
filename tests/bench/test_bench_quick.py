"""The benchmark command must not rot: run its code paths once and check its output.

``python -m bench --quick`` builds the site, boots the checker once, visits bare Pyodide
and the checker twice (first and repeat visit) through the pacing proxy of the "cable"
network profile, measures a page's bytes, times the validator, and writes its JSON;
Lighthouse, the versioned build and the other network profiles are skipped (they take
minutes). The figures themselves are not judged here (timings on a
shared machine make flaky tests): only that every headline figure is a number.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_IN_QUICK_MODE = {"lighthouse_min_score", "lighthouse_mobile_min_performance"}
SKIPPED_PROFILES = ("net_4G_", "net_localhost_")


def test_quick_benchmark_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(out.read_text("utf-8"))
    assert data["mode"] == "quick"
    summary = data["summary"]
    for key, value in summary.items():
        if key in SKIPPED_IN_QUICK_MODE or key.startswith(SKIPPED_PROFILES):
            assert value is None
            continue
        assert isinstance(value, int | float) and math.isfinite(value), (key, value)
    assert set(SKIPPED_IN_QUICK_MODE) <= set(summary)
    assert data["skipped"]["lighthouse"] == "--quick"
    # Bytes are deterministic: pages without the checker fetch no Pyodide at all.
    assert summary["pyodide_bytes_without_checker"] == 0
    assert summary["checker_page_pyodide_bytes"] > 0
    # The proxy moved the checker's bytes on the first visit, far fewer on the repeat
    # visit (the runtime comes from the HTTP cache).
    assert summary["net_cable_first_checker_bytes"] > 1_000_000
    assert summary["net_cable_repeat_checker_bytes"] < summary["net_cable_first_checker_bytes"] / 4
    assert "net_4G_first_ratio" in summary and summary["net_4G_first_ratio"] is None
    assert {t["figure"] for t in data["targets"]} >= {
        "ready_ratio",
        "net_4G_first_ratio",
        "net_cable_first_ratio",
        "net_4G_first_checker_bytes",
        "net_4G_repeat_over_first",
        "check_roundtrip_p95_ms",
        "main_thread_long_tasks_ms",
        "build_rebuild_s",
    }
    assert "ready_ratio" in result.stdout  # the table was printed
