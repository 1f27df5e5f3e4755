"""Every page's front matter is valid YAML with a title and a description.

MkDocs drops front matter it cannot parse without a word (the page then loses its
description, which is its card on the landing page and its search snippet); Zensical
refuses the page. A description holding ": " unquoted is the usual cause.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "illustrations" not in p.parts)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_front_matter_parses_with_title_and_description(page: Path) -> None:
    text = page.read_text("utf-8")
    assert text.startswith("---\n"), "no front matter"
    front, _, _ = text[4:].partition("\n---\n")
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict), "front matter is not a mapping"
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("description"), str) and meta["description"].strip()
