"""How long the site takes to build: a clean build, a versioned build, a no-change rebuild.

Every build runs the same command as the Makefile (``mkdocs build --strict --clean``)
in a subprocess and is timed from the outside (wall clock, interpreter start included).

- ``single_clean_s``: a build into a new, empty output folder. The plugins' caches under
  ``.cache/`` are used as found (a fresh clone has none; a working copy usually does).
- ``rebuild_s``: the same command again with nothing changed (median of ``runs``) - the
  edit-preview loop an author waits for.
- ``versioned_clean_s``: ``python -m site_plugins.versions build`` into a new folder,
  only when ``versions.yml`` declares versions (each version builds in a fresh git
  worktree, so nothing is cached there).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import median, rounded

ROOT = Path(__file__).resolve().parents[1]


class BuildError(RuntimeError):
    """A build the benchmark needs failed; the message carries its output."""


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise BuildError(
            f"{' '.join(command)} failed ({result.returncode}):\n"
            + (result.stderr or result.stdout)[-3000:]
        )
    return elapsed


def mkdocs_build(out: Path) -> float:
    """One strict, clean build of the single site into ``out``; returns seconds."""
    return _timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)])


def measure(work: Path, *, rebuilds: int = 5, versioned: bool = True) -> tuple[dict, Path]:
    """Time the builds; returns the figures and the folder of the freshly built site."""
    site = work / "site"
    clean = mkdocs_build(site)
    samples = [mkdocs_build(site) for _ in range(rebuilds)]
    result: dict[str, object] = {
        "command": "mkdocs build --strict --clean -d <dir>",
        "single_clean_s": rounded(clean, 2),
        "rebuild_s": rounded(median(samples), 2),
        "rebuild_samples_s": [rounded(s, 2) for s in samples],
    }
    declared = (ROOT / "versions.yml").is_file()
    if declared and versioned:
        seconds = _timed(
            [sys.executable, "-m", "site_plugins.versions", "build", "--out", str(work / "public")]
        )
        result["versioned_clean_s"] = rounded(seconds, 2)
        result["clean_s"], result["clean_kind"] = result["versioned_clean_s"], "versioned"
    else:
        result["versioned_clean_s"] = None
        result["versioned_note"] = (
            "skipped in --quick mode" if declared else "no versions.yml: no versioned build"
        )
        result["clean_s"], result["clean_kind"] = result["single_clean_s"], "single"
    return result, site
