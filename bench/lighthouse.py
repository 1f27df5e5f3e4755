"""Lighthouse scores (performance, accessibility, best practices, SEO) for the key pages.

Runs the npm ``lighthouse`` from ``node_modules`` (pinned in package.json) against
Debian's Chromium (``CHROME_PATH``), with the same closed-network flags as every other
browser here, with the **desktop** preset and, reported beside it, the **mobile** one
(Lighthouse's default: a phone's screen, the CPU slowed 4x and a slow-4G network
simulated from the trace). Each page runs its number of times (``pages``: the landing
page and every exchange's guide, errors and check pages, :func:`pages_of`) and each
category reports its median score (0-100). If Lighthouse cannot run, the error is
recorded in the results instead of scores.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.exchanges import Exchange
from bench.stats import median
from site_plugins.chromium import CHROMIUM_ARGS, executable

ROOT = Path(__file__).resolve().parents[1]
BINARY = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESET = "desktop"


def version() -> str | None:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    if not package.is_file():
        return None
    return json.loads(package.read_text("utf-8"))["version"]


def run_once(url: str, out: Path, preset: str = PRESET) -> dict:
    """One Lighthouse run; returns its JSON report (``preset`` "mobile": the default)."""
    chrome = executable() or ""
    command = [
        str(BINARY),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        *([f"--preset={preset}"] if preset != "mobile" else []),
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(
            f"lighthouse exited with {result.returncode}: "
            + (result.stderr or result.stdout)[-800:]
        )
    report = json.loads(out.read_text("utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse runtime error: {report['runtimeError']}")
    unscored = [c for c in CATEGORIES if report["categories"][c].get("score") is None]
    if unscored:
        raise RuntimeError(f"lighthouse could not score {', '.join(unscored)} for {url}")
    return report


def run_with_retries(
    url: str, out: Path, attempts: int = 3, preset: str = PRESET
) -> tuple[dict, int]:
    """``run_once``, again after a failure (Lighthouse's trace recording sometimes fails
    on a loaded machine, "NO_NAVSTART"); returns the report and the retries it took."""
    for attempt in range(attempts):
        try:
            return run_once(url, out, preset), attempt
        except RuntimeError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def lost_points(report: dict) -> list[str]:
    """Weighted audits that scored below 1, as ``category/audit-id (score)``."""
    lost = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                lost.append(f"{category['id']}/{ref['id']} ({audit['score']})")
    return lost


def pages_of(exchanges: list[Exchange], runs: int, secondary_runs: int) -> dict[str, int]:
    """Page -> runs: the landing page and the primary exchange's pages ``runs`` times,
    the other exchanges' guide, errors and check pages ``secondary_runs`` times."""
    found = {"": runs}
    for e in exchanges:
        for page in (e.guide_page, e.errors_page, e.check_page):
            found[page] = runs if e.primary else secondary_runs
    return found


def measure(base_url: str, pages: dict[str, int], preset: str = PRESET) -> dict:
    """Median score per category per page (``pages``: path -> runs), or ``{"error": ...}``
    when it cannot run."""
    if not BINARY.is_file():
        return {"error": f"{BINARY} is missing: run `npm ci` (lighthouse is a devDependency)"}
    result: dict[str, object] = {
        "lighthouse": version(),
        "preset": preset,
        "runs": max(pages.values()),
        "chrome_flags": list(CHROMIUM_ARGS),
        "pages": {},
    }
    retried = 0
    try:
        with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
            for path, runs in pages.items():
                reports = []
                for i in range(runs):
                    report, retries = run_with_retries(
                        base_url + path, Path(tmp) / f"{i}.json", preset=preset
                    )
                    reports.append(report)
                    retried += retries
                scores = {
                    c: round(median([r["categories"][c]["score"] * 100 for r in reports]))
                    for c in CATEGORIES
                }
                lost = sorted({item for r in reports for item in lost_points(r)})
                result["pages"][path or "/"] = {**scores, "runs": runs, "lost": lost}  # type: ignore[index]
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
        result["error"] = str(exc)
    result["retried_runs"] = retried
    return result
