"""``python -m bench``: run the performance benchmark, write JSON, print a table.

Usage::

    python -m bench                 # full run: 5 runs per timing, 3 per network profile,
                                    # Lighthouse 3x per page (desktop and mobile presets)
    python -m bench --quick         # every code path once, profile "cable" only, no
                                    # Lighthouse (for tests/bench)
    python -m bench --runs 7 --lighthouse-runs 5 --out bench/runs/mine.json

Every exchange of the validator's registry is measured (its check page, its validator
scenarios, its pages in Lighthouse): the primary one (``--primary``, default the first
of ``keycheck.exchanges.ids()``) with the runs above, the others with fewer
(``--secondary-runs``, default half the runs rounded up; ``--secondary-network-runs``,
default one pair fewer; ``--secondary-lighthouse-runs``, default 1).

A full run writes ``bench/results.json`` (committed: the README's figures come from
it); ``--quick`` writes ``bench/runs/quick.json`` (ignored by git) unless ``--out`` says
otherwise. It needs what ``make test`` installs (the venv, ``npm ci``, Chromium) and
takes about 25 minutes on two cores.
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

from bench import (
    browser,
    builds,
    cpython,
    exchanges,
    lighthouse,
    network,
    report,
    server,
    transfer,
    visits,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results.json"
QUICK_OUT = ROOT / "bench" / "runs" / "quick.json"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of everything, no Lighthouse")
    parser.add_argument("--runs", type=int, help="runs per timing (default 5; 1 with --quick)")
    parser.add_argument(
        "--network-runs", type=int, help="visit pairs per network profile (default 3; 1 quick)"
    )
    parser.add_argument(
        "--profiles",
        help=f"comma-separated network profiles (default all: {','.join(network.PROFILES)}; "
        "cable with --quick)",
    )
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--out", type=Path, help="where to write the JSON")
    parser.add_argument(
        "--primary", help="the exchange measured with the full runs (default: the first id)"
    )
    parser.add_argument(
        "--secondary-runs", type=int, help="browser and CPython runs of the other exchanges"
    )
    parser.add_argument(
        "--secondary-network-runs", type=int, help="visits per profile of the other exchanges"
    )
    parser.add_argument(
        "--secondary-lighthouse-runs", type=int, default=1, help="Lighthouse runs, other pages"
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    args.network_runs = args.network_runs or (1 if args.quick else 3)
    args.secondary_runs = args.secondary_runs or (args.runs + 1) // 2
    args.secondary_network_runs = args.secondary_network_runs or max(1, args.network_runs - 1)
    counts = (args.runs, args.network_runs, args.secondary_runs, args.secondary_network_runs)
    if min(counts) < 1 or args.secondary_lighthouse_runs < 1:
        parser.error("every number of runs must be at least 1")
    if args.secondary_runs > args.runs or args.secondary_network_runs > args.network_runs:
        parser.error("the other exchanges cannot run more often than the primary one")
    try:
        args.exchanges = exchanges.select(args.primary)
    except ValueError as exc:
        parser.error(str(exc))
    default_profiles = "cable" if args.quick else ",".join(network.PROFILES)
    args.profiles = tuple(p for p in (args.profiles or default_profiles).split(",") if p)
    unknown = [p for p in args.profiles if p not in network.PROFILES]
    if unknown:
        parser.error(f"unknown network profile(s) {unknown}; known: {list(network.PROFILES)}")
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


def per_exchange_results(
    measured: list[exchanges.Exchange],
    runs: dict[str, int],
    network_runs: dict[str, int],
    timed: dict,
    visited: dict,
    per_exchange: dict,
    transferred: dict,
) -> dict:
    """``results["exchanges"]``: each exchange's measurements, summary and targets."""
    found = {}
    for e in measured:
        entry: dict = {
            "name": e.name,
            "role": e.role(),
            "check_page": e.check_page,
            "has_passphrase": e.has_passphrase,
            "runs": {"browser": runs[e.id], "network": network_runs[e.id], "cpython": runs[e.id]},
            "browser": timed["exchanges"][e.id],
            "network": {
                name: {
                    "network": profile["network"],
                    **profile["exchanges"][e.id],
                }
                for name, profile in visited.items()
            },
            "cpython": per_exchange[e.id],
            "transfer": (transferred.get("pages") or {}).get(e.check_page),
        }
        entry["summary"] = report.exchange_summary(entry)
        entry["targets"] = report.targets(entry["summary"], only_present=True)
        found[e.id] = entry
    return found


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    skipped: dict[str, str] = {}
    measured = args.exchanges
    primary = next(e for e in measured if e.primary)
    runs = {e.id: args.runs if e.primary else args.secondary_runs for e in measured}
    network_runs = {
        e.id: args.network_runs if e.primary else args.secondary_network_runs for e in measured
    }
    results: dict = {
        "schema": 2,
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)]),
        "mode": "quick" if args.quick else "full",
        "runs": args.runs,
        "primary_exchange": primary.id,
        "machine": machine(),
        "notes": [
            "Medians over `runs` runs; each browser run in a fresh context (cold cache).",
            "Bare and checker runs alternate; ready_ratio = median(checker) / median(bare) "
            "from this same run.",
            "Served by site_plugins.static_server (applies _headers, serves the build's "
            "Brotli/gzip copies) on loopback.",
            "network: per profile, first visit (new browser profile, empty cache) and "
            "repeat visit (new tab, same profile) for bare and checker alternating; every "
            "request of the page and its worker paced by bench.network's loopback proxy; "
            "ratios from medians of this same run; bytes = what the proxy moved down.",
            "exchanges: every exchange of keycheck.exchanges (its check page, its "
            "validator scenarios), each in results.exchanges[id] with its own summary and "
            "targets; the secondary ones run fewer times (their runs are recorded), in the "
            "same rounds as the primary and against the same bare runs. Top-level browser, "
            "network, cpython, summary and targets are the primary exchange's (schema 1 "
            "keys and meaning).",
        ],
    }

    def step(name: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {name}", file=sys.stderr, flush=True)

    step(f"CPython validator timing ({', '.join(e.id for e in measured)})")
    per_exchange = cpython.measure([e.id for e in measured], runs)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        step("builds")
        results["build_s"], built = builds.measure(
            work, rebuilds=args.runs, versioned=not args.quick
        )
        if results["build_s"].get("versioned_clean_s") is None:
            skipped["versioned build"] = results["build_s"]["versioned_note"]
        check_pages = [e.check_page for e in measured]
        site = server.prepare(built, work / "served", check_pages)
        results["site"] = {"snapshot": snapshot_info(site)}
        with server.serve(site) as url:
            step(f"browser timings ({args.runs} runs, others {args.secondary_runs}) on {url}")
            timed = browser.measure(
                url, server.BARE_DIR + "/", measured, runs=runs, warmup=not args.quick
            )
            step(
                f"network profiles {', '.join(args.profiles)} ({args.network_runs} pairs "
                f"each, others {args.secondary_network_runs})"
            )
            visited = visits.measure(
                url,
                server.BARE_DIR + "/",
                measured,
                runs=network_runs,
                profiles=args.profiles,
                settle_ms=500 if args.quick else visits.SETTLE_MS,
            )
            left_out = [p for p in network.PROFILES if p not in args.profiles]
            if left_out:
                skipped["network " + ", ".join(left_out)] = (
                    "--quick" if args.quick else "--profiles"
                )
            step("bytes per page")
            results["transfer"] = transfer.measure(url, site)
            if args.quick or args.no_lighthouse:
                skipped["lighthouse"] = "--quick" if args.quick else "--no-lighthouse"
                results["lighthouse"] = {"skipped": skipped["lighthouse"]}
                results["lighthouse_mobile"] = {"skipped": skipped["lighthouse"]}
            else:
                pages = lighthouse.pages_of(
                    measured, args.lighthouse_runs, args.secondary_lighthouse_runs
                )
                step(f"Lighthouse ({len(pages)} pages)")
                results["lighthouse"] = lighthouse.measure(url, pages)
                if results["lighthouse"].get("error"):
                    skipped["lighthouse"] = results["lighthouse"]["error"]
                step(f"Lighthouse, mobile preset ({len(pages)} pages)")
                results["lighthouse_mobile"] = lighthouse.measure(url, pages, preset="mobile")
                if results["lighthouse_mobile"].get("error"):
                    skipped["lighthouse mobile"] = results["lighthouse_mobile"]["error"]
    results["exchanges"] = per_exchange_results(
        measured, runs, network_runs, timed, visited, per_exchange, results["transfer"]
    )
    # Schema 1's sections: the primary exchange's figures.
    results["cpython"] = per_exchange[primary.id]
    results["browser"] = timed["exchanges"][primary.id]
    results["network"] = results["exchanges"][primary.id]["network"]
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
