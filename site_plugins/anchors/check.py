"""Checks built HTML against the anchor registry.

Plain functions over a directory of HTML files, so the same check serves the MkDocs
build, every version of the versioned site and the tests.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from site_plugins.anchors.registry import Registry


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def ids_in(html: str) -> set[str]:
    """Every ``id`` attribute value in an HTML document."""
    collector = _IdCollector()
    collector.feed(html)
    return collector.ids


def page_file(site_dir: Path, page_path: str) -> Path:
    """The built file of a directory-URL page path (``htx/errors/`` → ``htx/errors/index.html``)."""
    return site_dir / page_path / "index.html"


def missing_anchors(site_dir: Path, registry: Registry) -> list[str]:
    """Registered links that do not resolve in ``site_dir``, as ``path#id`` strings."""
    missing: list[str] = []
    for entry in registry.pages:
        target = page_file(site_dir, entry.path)
        if not target.is_file():
            missing.append(f"{entry.path or '/'} (page missing: {target})")
            continue
        found = ids_in(target.read_text(encoding="utf-8"))
        missing.extend(f"{entry.path}#{anchor}" for anchor in entry.all_ids if anchor not in found)
    return missing
