"""The benchmark command must not rot: run its code paths once and check its output.

``python -m bench --quick`` builds the site, boots every exchange's checker once, visits
bare Pyodide and each checker twice (first and repeat visit) through the pacing proxy of
the "cable" network profile, measures a page's bytes, times the validator per exchange,
and writes its JSON; Lighthouse, the versioned build and the other network profiles are
skipped (they take minutes). The figures themselves are not judged here (timings on a
shared machine make flaky tests): only that every headline figure is a number, and that
every exchange of the validator's registry has its own figures.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import keycheck
import pytest

from bench import exchanges as bench_exchanges

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_IN_QUICK_MODE = {"lighthouse_min_score", "lighthouse_mobile_min_performance"}
SKIPPED_PROFILES = ("net_4G_", "net_localhost_")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """One ``python -m bench --quick`` run: its JSON and its printed table."""
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text("utf-8")), result.stdout


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def test_quick_benchmark_writes_every_figure(quick_run: tuple[dict, str]) -> None:
    data, stdout = quick_run
    assert data["mode"] == "quick"
    summary = data["summary"]
    for key, value in summary.items():
        if key in SKIPPED_IN_QUICK_MODE or key.startswith(SKIPPED_PROFILES):
            assert value is None
            continue
        assert _is_number(value), (key, value)
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
    assert "ready_ratio" in stdout  # the table was printed


def test_every_registered_exchange_is_measured(quick_run: tuple[dict, str]) -> None:
    """Each exchange of the registry gets its check page's timings, visits, bytes and
    validator scenarios; the top-level (schema 1) figures are the primary exchange's."""
    data, stdout = quick_run
    ids = keycheck.exchanges.ids()
    measured = data["exchanges"]
    assert list(measured) == ids
    assert data["primary_exchange"] == ids[0]
    assert [e["role"] for e in measured.values()].count("primary") == 1
    for exchange_id, entry in measured.items():
        spec = keycheck.exchanges.get(exchange_id)
        assert entry["check_page"] == spec.guide_path + "check/"
        # Its own checker page was booted and typed into, compared with the shared bare runs.
        browser = entry["browser"]
        assert len(browser["samples"]["checker_ready_ms"]) == entry["runs"]["browser"]
        assert browser["pyodide_bare_ms"] == data["browser"]["pyodide_bare_ms"]
        assert browser["check_roundtrip_ms"]["keys"] == len(
            bench_exchanges.select(exchange_id)[0].typed_key
        )
        assert browser["console_errors"] == []
        # Its page in the bytes table: it loads Pyodide, as every check page does.
        assert entry["transfer"] == data["transfer"]["pages"][entry["check_page"]]
        assert entry["transfer"]["checker"] is True and entry["transfer"]["pyodide"] > 0
        visits = entry["network"]["cable"]
        assert visits["first"]["checker_bytes_down"] > 1_000_000
        assert len(visits["first"]["samples"]["checker_ms"]) == entry["runs"]["network"]
        # Every exchange-dependent figure is a number (other profiles were skipped).
        for key, value in entry["summary"].items():
            if key.startswith(SKIPPED_PROFILES):
                assert value is None, key
            else:
                assert _is_number(value), (exchange_id, key, value)
        assert {t["figure"] for t in entry["targets"]} >= {"ready_ratio", "cpython_dense_1mb_ms"}
        # The validator's scenarios use the exchange's fields: a passphrase where it has one.
        scenarios = entry["cpython"]["scenarios_ms"]
        assert entry["cpython"]["exchange"] == exchange_id
        has_passphrase = spec.passphrase is not None
        assert entry["has_passphrase"] is has_passphrase
        assert any("passphrase" in name for name in scenarios) is has_passphrase
        assert ("cpython_dense_passphrase_1mb_ms" in entry["summary"]) is has_passphrase
        assert f"{exchange_id} ({entry['role']}" in stdout  # a column of the table
    primary = measured[ids[0]]
    assert data["cpython"] == primary["cpython"]
    assert data["network"] == primary["network"]
    for key, value in primary["summary"].items():
        if key in data["summary"]:
            assert data["summary"][key] == value, key


def test_typed_keys_have_each_exchange_key_shape() -> None:
    """The key typed into each checker is one the validator finds nothing wrong with,
    so the timed answers are those of a plausible key, not of an error path."""
    for exchange in bench_exchanges.registry():
        answer = keycheck.check({"exchange": exchange.id, "api_key": exchange.typed_key})
        assert answer["findings"] == [], (exchange.id, answer["findings"])
        assert exchange.key_label == keycheck.exchanges.get(exchange.id).api_key.label
