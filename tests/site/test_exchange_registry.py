"""Every registered exchange has its whole guide, and every guide folder an exchange.

Walks the validator's registry (``keycheck.exchanges``): each exchange needs its docs
folder with the guide's pages, its pages in the link contract (``anchors.yml``, with its
finding codes on the errors page), a section in the built navigation, an errors page
carrying a section for each of its finding codes, and illustrations. A docs folder
with pages but no exchange behind it fails too. This is the README's checklist for
adding an exchange.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_plugins import exchanges
from site_plugins.anchors import registry
from site_plugins.anchors.check import ids_in
from site_plugins.illustrations import manifest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDES = exchanges.guides(DOCS)


def test_the_registry_names_at_least_one_exchange() -> None:
    assert GUIDES, "no exchange registered in validator/src/validator/exchanges"


def test_every_docs_folder_has_an_exchange_behind_it() -> None:
    assert exchanges.stray_folders(DOCS) == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.id)
def test_the_exchange_has_its_docs_folder_and_pages(guide: exchanges.Guide) -> None:
    assert guide.folder.is_dir(), f"docs/{guide.id}/ is missing"
    assert guide.missing_pages() == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.id)
def test_the_exchange_is_in_the_link_contract(guide: exchanges.Guide) -> None:
    import keycheck

    contract = registry.load(ROOT)
    paths = {entry.path for entry in contract.pages}
    for name in guide.pages:
        stem = name.removesuffix(".md")
        path = guide.path if stem == "index" else f"{guide.id}/{stem}/"
        assert path in paths, f"anchors.yml lacks {path}"
    codes = [c["code"] for c in keycheck.catalog(guide.id)["codes"]]
    assert contract.page(f"{guide.id}/errors/").finding_codes == tuple(codes), (
        f"anchors.yml: {guide.id}/errors/ needs `findings: {guide.id}`"
    )


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.id)
def test_the_built_site_has_its_navigation_and_errors_sections(
    guide: exchanges.Guide, site_dir: Path
) -> None:
    import keycheck

    home = (site_dir / "index.html").read_text("utf-8")
    for name in guide.pages:
        stem = name.removesuffix(".md")
        target = guide.path if stem == "index" else f"{guide.id}/{stem}/"
        assert f'href="{target}"' in home, f"the navigation lacks {target}"
    errors_ids = ids_in((site_dir / guide.id / "errors" / "index.html").read_text("utf-8"))
    catalog = keycheck.catalog(guide.id)
    wanted = [c["code"] for c in catalog["codes"]] + [s["id"] for s in catalog["sections"]]
    assert [i for i in wanted if i not in errors_ids] == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.id)
def test_the_exchange_has_illustrations(guide: exchanges.Guide) -> None:
    folder = guide.folder / "illustrations"
    assert (folder / manifest.MANIFEST_NAME).is_file(), f"{folder} has no rendered scenes"
    assert list((folder / "scenes").glob("[!_]*.html")), f"{folder}/scenes has no scene"


def test_a_folder_without_an_exchange_is_found(tmp_path: Path) -> None:
    (tmp_path / "nowhere").mkdir()
    (tmp_path / "nowhere" / "index.md").write_text("# Nowhere\n", "utf-8")
    (tmp_path / "assets").mkdir()
    assert exchanges.stray_folders(tmp_path) == ["nowhere"]


def test_a_guide_missing_pages_is_found(tmp_path: Path) -> None:
    guide = GUIDES[0]
    (tmp_path / guide.id).mkdir()
    (tmp_path / guide.id / "index.md").write_text("# Walkthrough\n", "utf-8")
    (found,) = (g for g in exchanges.guides(tmp_path) if g.id == guide.id)
    assert found.missing_pages() == ["check.md", "errors.md", "security.md", "faq.md"]


def test_the_navigation_puts_each_guide_after_home() -> None:
    nav = exchanges.nav([{"Home": "index.md"}, {"For support staff": "support.md"}], DOCS)
    assert nav[0] == {"Home": "index.md"}
    assert nav[-1] == {"For support staff": "support.md"}
    assert [next(iter(item)) for item in nav[1:-1]] == [g.name for g in GUIDES]
    again = exchanges.nav(nav, DOCS)
    assert again == nav, "applying it to its own result changes nothing (mkdocs serve)"
