"""The site under test: a copy of the build plus a bare Pyodide page, served in a subprocess.

The bare page (``bench-bare/``) is the floor the checker is compared with: it only calls
``loadPyodide()`` from the very files the checker uses (same ``indexURL``, same lock
file, same ``_headers``, same server). It is written into a temporary *copy* of the
built site, never into ``docs/`` or the site itself.

The server is the project's own ``site_plugins.static_server`` (it applies ``_headers``
like a static host), run in its own process so that serving bytes never competes with
the benchmark's Python for the GIL.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
BARE_DIR = "bench-bare"

BARE_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Pyodide, bare</title>
<link rel="icon" href="data:,">
<script type="module" src="bare.js"></script>
</head>
<body><p>loadPyodide() only.</p></body>
</html>
"""

# Module script: nothing but loadPyodide() with the checker's runtime and lock file.
BARE_JS = """import {{ loadPyodide }} from {module};
await loadPyodide({{
  indexURL: new URL({runtime}, location.href).href,
  lockFileURL: new URL({lock}, location.href).href,
}});
window.__bareReady = performance.now();
document.documentElement.dataset.state = "ready";
"""


class SiteError(RuntimeError):
    """The built site lacks what the benchmark needs."""


def widget_paths(site: Path, page: str) -> dict[str, str]:
    """Site paths (from the root) of the runtime folder and lock file the widget of
    ``page`` (a check page, e.g. ``<exchange>/check/``) uses."""
    index = site / page / "index.html"
    if not index.is_file():
        raise SiteError(f"{index}: the checker page is missing from the build")
    text = index.read_text("utf-8")
    tag = re.search(r"<[a-z]+[^>]*\sdata-checker(?:=\"\")?[\s>][^>]*>", text)
    if tag is None:
        raise SiteError(f"{index}: no [data-checker] widget")
    attrs = dict(re.findall(r'\sdata-([a-z-]+)="([^"]*)"', tag.group(0)))
    base = "http://site/" + page
    found = {}
    for key in ("runtime", "lock"):
        if key not in attrs:
            raise SiteError(f"{index}: the widget has no data-{key}")
        found[key] = urljoin(base, html.unescape(attrs[key]))[len("http://site/") :]
    return found


def add_bare_page(site: Path, check_pages: list[str]) -> str:
    """Write ``bench-bare/`` into ``site``; returns its path from the site root.

    Every check page must load the same runtime and lock file (the bare floor is then
    the same for all of them); :class:`SiteError` otherwise.
    """
    found = {page: widget_paths(site, page) for page in check_pages}
    paths = found[check_pages[0]]
    differing = [page for page, other in found.items() if other != paths]
    if differing:
        raise SiteError(
            f"{', '.join(differing)}: another runtime than {check_pages[0]}'s "
            f"({paths}); the bare page would not be their floor"
        )
    folder = site / BARE_DIR
    folder.mkdir(exist_ok=True)
    up = "../"
    (folder / "index.html").write_text(BARE_HTML, "utf-8")
    (folder / "bare.js").write_text(
        BARE_JS.format(
            module=json.dumps(up + paths["runtime"] + "pyodide.mjs"),
            runtime=json.dumps(up + paths["runtime"]),
            lock=json.dumps(up + paths["lock"]),
        ),
        "utf-8",
    )
    return BARE_DIR + "/"


def prepare(built: Path, dest: Path, check_pages: list[str]) -> Path:
    """Copy the built site to ``dest`` and add the bare page; returns ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(built, dest)
    add_bare_page(dest, check_pages)
    return dest


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` with ``python -m site_plugins.static_server`` on a free loopback port."""
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "site_plugins.static_server", str(site), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://[0-9.]+:\d+/)", line)
        if match is None:
            raise SiteError(f"the static server did not start: {line.strip()!r}")
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
