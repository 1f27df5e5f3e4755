"""The index at the top of an exchange's errors page, made from the validator's catalog.

Every error section with its finding codes and a "Copy link" button that copies the
section's link on the ``latest`` version, the one support staff paste into tickets.
Made from the catalog, so a code added to the validator appears here by itself.
"""

from __future__ import annotations

from html import escape
from typing import Any

MARKER = "<!-- guides:errors-index -->"


def render(catalog: dict[str, Any], page_path: str) -> str:
    """HTML for the index of ``page_path`` (``htx/errors/``), from ``keycheck.catalog()``."""
    titles = {entry["code"]: entry["title"] for entry in catalog["codes"]}
    rows = []
    for section in catalog["sections"]:
        if section.get("parent"):
            continue
        sid, title = section["id"], section["title"]
        codes = ", ".join(
            f'<a href="#{escape(code)}" title="{escape(titles.get(code, code))}">'
            f"<code>{escape(code)}</code></a>"
            for code in section.get("codes", [])
        )
        link = f"{page_path}#{sid}"
        rows.append(
            "<tr>"
            f'<td><a href="#{escape(sid)}">{escape(title)}</a></td>'
            f"<td>{codes or '—'}</td>"
            '<td><button type="button" class="md-button guides-copy-link" hidden '
            f'data-copy-link="{escape(link)}" aria-label="Copy link to {escape(title)}">'
            "Copy link</button></td>"
            "</tr>"
        )
    return (
        '<div class="guides-errors-index md-typeset__scrollwrap"><div class="md-typeset__table">'
        "<table><thead><tr><th>Error</th><th>Finding codes</th><th>Link for support</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div></div>"
        '<p class="guides-copy-status" role="status" aria-live="polite"></p>'
    )


def replace_marker(markdown: str, catalog: dict[str, Any], page_path: str) -> str:
    """``markdown`` with the index marker replaced (unchanged when there is no marker)."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render(catalog, page_path), 1)
