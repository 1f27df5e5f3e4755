"""The site's view of the exchange registry: which guides exist, their pages and nav.

The validator's registry (``keycheck.exchanges``) is the one list of exchanges; this
module turns it into what the site needs, for any generator:

- :func:`guides`: one :class:`Guide` per registered exchange, with its docs folder and
  the pages it holds, in the order readers meet them (:data:`PAGES`);
- :func:`nav`: the navigation, the site's own entries with one section per guide
  inserted after the home page;
- :func:`render_list`: the landing page's list of guides, in place of its marker;
- :func:`exchange_of`: the exchange a page belongs to: the argument of its marker
  (``<!-- checker:widget exchange=okx -->``), else the folder the page lives in.

Nothing here names an exchange: adding one is a data module in the validator and a
docs folder (see the README's "Adding an exchange").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import yaml

# The pages of a guide, in reading order: (file, navigation title, required). A title
# may name the exchange with {name}.
PAGES: tuple[tuple[str, str, bool], ...] = (
    ("index.md", "Walkthrough", True),
    ("check.md", "Check your key", True),
    ("verify.md", "Verify with {name}", False),
    ("errors.md", "Common errors", True),
    ("security.md", "Security", True),
    ("faq.md", "FAQ", True),
)
LIST_MARKER = "<!-- guides:exchange-list -->"
# Folders of docs/ that are not guides.
SITE_FOLDERS = frozenset({"assets"})
_MARKER_ARG = re.compile(r"exchange=([a-z0-9][a-z0-9_-]*)")


class ExchangeError(ValueError):
    """A page or folder names no registered exchange; the message says which."""


@dataclass(frozen=True)
class Guide:
    """One exchange's guide: its id, display name and the pages its folder holds."""

    id: str
    name: str
    folder: Path
    pages: tuple[str, ...]  # file names present, in PAGES order

    @property
    def path(self) -> str:
        return f"{self.id}/"

    def missing_pages(self) -> list[str]:
        return [name for name, _, required in PAGES if required and name not in self.pages]

    def nav_entry(self) -> dict[str, list[dict[str, str]]]:
        items = [
            {title.format(name=self.name): f"{self.id}/{name}"}
            for name, title, _ in PAGES
            if name in self.pages
        ]
        return {self.name: items}


def registered() -> dict[str, str]:
    """``{exchange id: display name}`` from the validator's registry."""
    from keycheck import exchanges

    return {ident: exchanges.EXCHANGES[ident].name for ident in exchanges.ids()}


def guides(docs_dir: Path) -> list[Guide]:
    """Every registered exchange's guide, in the registry's order."""
    out = []
    for ident, name in registered().items():
        folder = docs_dir / ident
        present = tuple(page for page, _, _ in PAGES if (folder / page).is_file())
        out.append(Guide(ident, name, folder, present))
    return out


def stray_folders(docs_dir: Path) -> list[str]:
    """Folders of ``docs_dir`` with pages but no registered exchange behind them."""
    known = set(registered())
    return sorted(
        p.name
        for p in docs_dir.iterdir()
        if p.is_dir() and p.name not in known | SITE_FOLDERS and any(p.glob("*.md"))
    )


def nav(site_nav: list[Any], docs_dir: Path) -> list[Any]:
    """``site_nav`` with one section per guide after the home page (``index.md``).

    Entries already naming a guide's folder are replaced, so applying it twice (a
    rebuild under ``mkdocs serve``) gives the same navigation.
    """
    entries = guides(docs_dir)
    folders = {g.path for g in entries}
    kept = [item for item in site_nav if not _points_into(item, folders)]
    at = next((i + 1 for i, item in enumerate(kept) if _target(item) == "index.md"), 0)
    return kept[:at] + [g.nav_entry() for g in entries] + kept[at:]


def _target(item: Any) -> Any:
    return next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item


def _points_into(item: Any, folders: set[str]) -> bool:
    target = _target(item)
    if isinstance(target, str):
        return any(target.startswith(folder) for folder in folders)
    if isinstance(target, list):
        return bool(target) and all(_points_into(sub, folders) for sub in target)
    return False


def nav_yaml(site_nav: list[Any], docs_dir: Path) -> str:
    """The navigation as the ``nav:`` block of a configuration file."""
    return yaml.safe_dump({"nav": nav(site_nav, docs_dir)}, sort_keys=False, allow_unicode=True)


def exchange_of(page_url: str, marker_argument: str, known: set[str]) -> str:
    """The exchange of a page: the marker's ``exchange=`` argument, else its folder."""
    found = _MARKER_ARG.search(marker_argument or "")
    ident = found.group(1) if found else page_url.split("/", 1)[0]
    if ident not in known:
        where = f"page {page_url or '/'}"
        raise ExchangeError(
            f"{where}: {ident!r} is no registered exchange (registered: "
            f"{', '.join(sorted(known))}); put the page in an exchange's folder or write "
            "the marker with an argument, e.g. <!-- checker:widget exchange=ID -->"
        )
    return ident


def describe(guide: Guide) -> str:
    """The walkthrough's own description (its front matter), for the landing page."""
    text = (guide.folder / "index.md").read_text("utf-8")
    if text.startswith("---"):
        meta = yaml.safe_load(text.split("---", 2)[1]) or {}
        if isinstance(meta, dict) and meta.get("description"):
            return str(meta["description"])
    return f"Create a {guide.name} API key and bind it to your platform."


def render_list(html: str, page_url: str, docs_dir: Path) -> str:
    """``html`` with the landing page's list of guides in place of its marker."""
    if LIST_MARKER not in html:
        return html
    up = "../" * page_url.count("/")
    cards = "".join(
        "<li>"
        f"<p><strong>{escape(g.name)}</strong></p><hr>"
        f"<p>{escape(describe(g))}</p>"
        f'<p><a href="{up}{escape(g.path)}">Start the {escape(g.name)} walkthrough</a></p>'
        "</li>"
        for g in guides(docs_dir)
    )
    block = f'<div class="grid cards guides-exchange-list"><ul>{cards}</ul></div>'
    return html.replace(LIST_MARKER, block, 1)
