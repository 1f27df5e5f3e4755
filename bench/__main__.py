"""``python -m bench``: run the performance benchmark, write JSON, print a table.

Usage::

    python -m bench                 # full run: 5 runs per timing, Lighthouse 3x per page
    python -m bench --quick         # every code path once, no Lighthouse (for tests/bench)
    python -m bench --runs 7 --lighthouse-runs 5 --out bench/runs/mine.json

A full run writes ``bench/results.json`` (committed: the README's figures come from
it); ``--quick`` writes ``bench/runs/quick.json`` (ignored by git) unless ``--out`` says
otherwise. It needs what ``make test`` installs (the venv, ``npm ci``, Chromium) and
takes about ten minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import browser, builds, cpython, lighthouse, report, server, transfer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results.json"
QUICK_OUT = ROOT / "bench" / "runs" / "quick.json"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of everything, no Lighthouse")
    parser.add_argument("--runs", type=int, help="runs per timing (default 5; 1 with --quick)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--out", type=Path, help="where to write the JSON")
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.out = args.out or (QUICK_OUT if args.quick else DEFAULT_OUT)
    return args


def _version(command: list[str]) -> str | None:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    return out.strip() or None


def machine() -> dict:
    from site_plugins.chromium import executable

    pyodide = json.loads((ROOT / "node_modules/pyodide/package.json").read_text("utf-8"))
    chromium = executable()
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "node": _version(["node", "--version"]),
        "chromium": _version([chromium, "--version"]) if chromium else None,
        "pyodide": pyodide["version"],
    }


def snapshot_info(site: Path) -> dict:
    """What the built site ships for a snapshot boot (none: the checker boots plainly)."""
    found = sorted((site / "assets" / "checker").glob("snapshot-*/*"))
    if not found:
        return {"shipped": False, "bytes": 0}
    return {
        "shipped": True,
        "file": found[0].relative_to(site).as_posix(),
        "bytes": found[0].stat().st_size,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    skipped: dict[str, str] = {}
    results: dict = {
        "schema": 1,
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "python -m bench" + (" --quick" if args.quick else ""),
        "mode": "quick" if args.quick else "full",
        "runs": args.runs,
        "machine": machine(),
        "notes": [
            "Medians over `runs` runs; each browser run in a fresh context (cold cache).",
            "Bare and checker runs alternate; ready_ratio = median(checker) / median(bare) "
            "from this same run.",
            "Served by site_plugins.static_server (applies _headers) on loopback.",
        ],
    }

    def step(name: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {name}", file=sys.stderr, flush=True)

    step("CPython validator timing")
    results["cpython"] = cpython.measure(runs=args.runs)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        step("builds")
        results["build_s"], built = builds.measure(
            work, rebuilds=args.runs, versioned=not args.quick
        )
        if results["build_s"].get("versioned_clean_s") is None:
            skipped["versioned build"] = results["build_s"]["versioned_note"]
        site = server.prepare(built, work / "served")
        results["site"] = {"snapshot": snapshot_info(site)}
        with server.serve(site) as url:
            step(f"browser timings ({args.runs} runs) on {url}")
            results["browser"] = browser.measure(
                url,
                server.BARE_DIR + "/",
                server.CHECK_PAGE,
                runs=args.runs,
                warmup=not args.quick,
            )
            step("bytes per page")
            results["transfer"] = transfer.measure(url, site)
            if args.quick or args.no_lighthouse:
                skipped["lighthouse"] = "--quick" if args.quick else "--no-lighthouse"
                results["lighthouse"] = {"skipped": skipped["lighthouse"]}
            else:
                step(f"Lighthouse ({args.lighthouse_runs} runs per page)")
                results["lighthouse"] = lighthouse.measure(url, runs=args.lighthouse_runs)
                if results["lighthouse"].get("error"):
                    skipped["lighthouse"] = results["lighthouse"]["error"]
    results["skipped"] = skipped
    results["summary"] = report.summary(results)
    results["targets"] = report.targets(results["summary"])
    results["duration_s"] = round(time.perf_counter() - started, 1)
    report.write(results, args.out)
    step(f"wrote {args.out}")
    print(report.table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
