"""The per-page steps over HTML, in the order the MkDocs adapters run them.

Illustrations first (before anything reads the figures), then the errors index, the
landing page's list of guides, and the checker's markers. Each step changes a page only
where its marker or figure is.
"""

from __future__ import annotations

from pathlib import Path

from site_plugins import exchanges
from site_plugins.anchors import steps as anchors
from site_plugins.checker import steps as checker
from site_plugins.illustrations import steps as illustrations


def page_url(site_dir: Path, path: Path) -> str:
    """The site URL of a written HTML file (``htx/check/index.html`` -> ``htx/check/``)."""
    rel = path.relative_to(site_dir).as_posix()
    return rel.removesuffix("index.html")


def transform(
    html: str,
    url: str,
    *,
    docs_dir: Path,
    figures: illustrations.Prepared | None,
    runtime: checker.Runtime | None,
) -> str:
    if figures is not None:
        html = illustrations.rewrite(html, url, figures)
    html = anchors.render_errors_index(html, url) or html
    html = exchanges.render_list(html, url, docs_dir)
    if runtime is not None:
        html = checker.render_page(html, url, runtime) or html
    return html
