"""Bytes transferred per page of the site, split into HTML, CSS, JS, images, Pyodide, other.

Each page is opened in a fresh browser context (empty cache, like a first visit),
scrolled to the bottom so lazily loaded images and the checker's look-ahead trigger,
and left until the network is idle (on a page with the checker: until it is ready).
Sizes are what went over the wire, response headers included, as Chromium reports
them (``request.sizes()``), with whatever compression the server applied.

"Pyodide" is the checker's runtime: Pyodide's own files, the validator wheel and lock
file, and the memory snapshot (everything under ``assets/checker/pyodide-*``,
``assets/checker/packages/`` and ``assets/checker/snapshot-*``). Pages without the
checker must transfer none of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bench.browser import VIEWPORT, launched

PYODIDE = re.compile(r"/assets/checker/(pyodide-|packages/|snapshot-)")
KINDS = ("html", "css", "js", "images", "pyodide", "other")
SCROLL_TO_BOTTOM = """
async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((r) => setTimeout(r, 60));
  }
  scrollTo(0, document.documentElement.scrollHeight);
}
"""


def site_pages(site: Path) -> list[str]:
    """Paths of every page in the sitemap (``""`` is the landing page)."""
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    return sorted({urlsplit(loc).path.lstrip("/") for loc in locs})


def has_checker(site: Path, page: str) -> bool:
    index = site / page / "index.html"
    return index.is_file() and "data-checker" in index.read_text("utf-8")


def kind_of(url: str, resource_type: str) -> str:
    path = urlsplit(url).path
    if PYODIDE.search(path):
        return "pyodide"
    if resource_type == "document" or path.endswith((".html", "/")):
        return "html"
    if path.endswith(".css"):
        return "css"
    if path.endswith((".js", ".mjs")):
        return "js"
    if resource_type == "image" or path.endswith((".webp", ".png", ".jpg", ".svg", ".ico")):
        return "images"
    return "other"


def page_bytes(browser, url: str, checker: bool) -> dict[str, int]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORT)
    totals = dict.fromkeys(KINDS, 0)
    finished = []
    try:
        page = context.new_page()
        context.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="load")
        page.evaluate(SCROLL_TO_BOTTOM)
        if checker:
            page.wait_for_selector("[data-checker][data-state=ready]", timeout=90_000)
        page.wait_for_load_state("networkidle")
        for request in finished:
            sizes = request.sizes()
            kind = kind_of(request.url, request.resource_type)
            totals[kind] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    finally:
        context.close()
    totals["total"] = sum(totals[k] for k in KINDS)
    totals["requests"] = len(finished)
    return totals


def measure(base_url: str, site: Path) -> dict:
    """Bytes per page; ``pyodide_bytes_without_checker`` must be 0."""
    pages = site_pages(site)
    result: dict[str, dict] = {}
    with launched() as browser:
        for path in pages:
            checker = has_checker(site, path)
            totals = page_bytes(browser, base_url + path, checker)
            result[path or "/"] = {"checker": checker, **totals}
    return {
        "pages": result,
        "pyodide_bytes_without_checker": sum(
            v["pyodide"] for v in result.values() if not v["checker"]
        ),
        "largest_page_without_checker_bytes": max(
            (v["total"] for v in result.values() if not v["checker"]), default=0
        ),
    }
