"""The link contract: every registered page and #anchor exists in the built site."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_plugins.anchors import check, registry


@pytest.fixture(scope="module")
def contract(repo_root: Path) -> registry.Registry:
    return registry.load(repo_root)


def test_every_registered_anchor_is_in_the_built_html(
    site_dir: Path, contract: registry.Registry
) -> None:
    assert check.missing_anchors(site_dir, contract) == []


def test_errors_page_has_a_section_for_every_finding_code(
    site_dir: Path, contract: registry.Registry
) -> None:
    errors = contract.page("htx/errors/")
    codes = registry.codes_for("htx")
    assert codes, "the validator's catalog lists no finding codes"
    assert set(codes) <= set(errors.all_ids)
    html = check.page_file(site_dir, "htx/errors/").read_text("utf-8")
    assert not set(codes) - check.ids_in(html)


def test_the_check_catches_a_missing_anchor(site_dir: Path, tmp_path: Path) -> None:
    """Guard the guard: a registry naming an absent id must be reported, not passed."""
    (tmp_path / "anchors.yml").write_text(
        "pages:\n  htx/:\n    anchors: [step-1, step-99-does-not-exist]\n", encoding="utf-8"
    )
    fake = registry.load(tmp_path)
    assert check.missing_anchors(site_dir, fake) == ["htx/#step-99-does-not-exist"]


def test_a_malformed_registry_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "anchors.yml").write_text("pages:\n  htx:\n    anchors: [a]\n", encoding="utf-8")
    with pytest.raises(registry.RegistryError, match="must end with '/'"):
        registry.load(tmp_path)
