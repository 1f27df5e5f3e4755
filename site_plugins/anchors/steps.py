"""The link contract's build steps, for any generator.

:func:`site_files` are the scripts every page loads (``extra_javascript`` in
``mkdocs.yml`` names them): "Copy link" on the errors index and the jump from a moved
anchor to its new home, with the map of moved anchors. :func:`render_errors_index`
fills an errors page's index from its exchange's catalog, on the page's HTML.
:func:`missing` checks the built site against the registry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_plugins import exchanges
from site_plugins.anchors import check, errors_index, registry

ASSETS = Path(__file__).with_name("assets")
COPY_SCRIPT = "assets/anchors/copy-link.js"
MOVED_SCRIPT = "assets/anchors/moved.js"
MOVED_MAP = "assets/anchors/moved-anchors.json"


def site_files(contract: registry.Registry) -> dict[str, str]:
    """Site path -> text of the files the anchors scripts need."""
    return {
        COPY_SCRIPT: (ASSETS / "copy-link.js").read_text("utf-8"),
        MOVED_SCRIPT: (ASSETS / "moved.js").read_text("utf-8"),
        MOVED_MAP: json.dumps(contract.moved, sort_keys=True, indent=1),
    }


def render_errors_index(html: str, page_url: str) -> str | None:
    """``html`` with its errors-index marker filled for the page's exchange, or None."""
    if errors_index.MARKER not in html:
        return None
    exchange = exchanges.exchange_of(page_url, "", set(exchanges.registered()))
    return errors_index.replace_marker(html, _catalog(exchange), page_url)


def missing(site_dir: Path, contract: registry.Registry) -> list[str]:
    return check.missing_anchors(site_dir, contract)


def _catalog(exchange: str) -> dict[str, Any]:
    import keycheck

    return keycheck.catalog(exchange)
