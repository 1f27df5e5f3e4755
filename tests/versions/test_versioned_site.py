"""The versioned site: every declared version is built, keeps its links, and is navigable.

Builds ``versions.yml`` with mike once per session (the same code as ``make versions``),
then checks the published folder the way a reader and a support agent use it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from site_plugins.anchors import check as anchor_check
from site_plugins.anchors import registry
from site_plugins.versions import build, declared

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = declared.load(ROOT)


def _contract_at(commit: str, tmp: Path) -> registry.Registry:
    """The link contract of ``commit``: its anchors.yml, with the finding codes of its own
    validator (a version never promised sections for codes added after it)."""
    tmp.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "anchors.yml", "validator/src"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    return registry.load(tmp, finding_codes=registry.codes_in_checkout(tmp))


def test_at_least_two_versions_are_declared_on_main() -> None:
    assert len(VERSIONS) >= 2
    for version in VERSIONS:
        merged = subprocess.run(
            ["git", "merge-base", "--is-ancestor", version.commit, "HEAD"], cwd=ROOT
        )
        assert merged.returncode == 0, f"{version.name} is not on main's history"


def test_versions_json_lists_every_version_and_latest(public_dir: Path) -> None:
    listed = json.loads((public_dir / "versions.json").read_text("utf-8"))
    assert [v["version"] for v in listed] == [v.name for v in reversed(VERSIONS)]
    assert listed[0]["aliases"] == ["latest"]
    assert (public_dir / "latest" / "index.html").is_file()


def test_root_redirects_to_latest(public_dir: Path, page: Page, public_url: str) -> None:
    page.goto(public_url)
    expect(page).to_have_url(re.compile(r"/latest/$"))
    assert "script" not in (public_dir / "index.html").read_text("utf-8")


@pytest.mark.parametrize("version", [v.name for v in VERSIONS] + ["latest"])
def test_every_registered_anchor_resolves_in_each_version(
    public_dir: Path, version: str, tmp_path: Path
) -> None:
    commit = VERSIONS[-1].commit if version == "latest" else declared_commit(version)
    contract = _contract_at(commit, tmp_path)
    assert anchor_check.missing_anchors(public_dir / version, contract) == []


def declared_commit(name: str) -> str:
    return next(v.commit for v in VERSIONS if v.name == name)


def test_links_of_older_versions_still_resolve_on_latest(public_dir: Path, tmp_path: Path) -> None:
    """A support link written against any version keeps working on ``latest``."""
    newest = _contract_at(VERSIONS[-1].commit, tmp_path / "newest")
    latest_html = public_dir / "latest"
    for version in VERSIONS[:-1]:
        older = _contract_at(version.commit, tmp_path / version.name)
        for link in older.links():
            target = newest.moved.get(link, link)
            path, _, anchor = target.partition("#")
            page_file = anchor_check.page_file(latest_html, path)
            assert page_file.is_file(), f"{link} ({version.name}) → {target}: page gone"
            if anchor:
                ids = anchor_check.ids_in(page_file.read_text("utf-8"))
                assert anchor in ids, f"{link} ({version.name}) → {target}: anchor gone"


def test_removing_an_anchor_without_a_moved_entry_fails_the_build(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "anchors.yml").write_text("pages:\n  htx/:\n    anchors: [step-1, gone]\n", "utf-8")
    (new / "anchors.yml").write_text("pages:\n  htx/:\n    anchors: [step-1]\n", "utf-8")
    pair = [
        (declared.Version("1.0", "a" * 40, "1.0"), registry.load(old)),
        (declared.Version("1.1", "b" * 40, "1.1"), registry.load(new)),
    ]
    with pytest.raises(build.VersionBuildError, match="htx/#gone"):
        build._check_continuity(pair)
    (new / "anchors.yml").write_text(
        "pages:\n  htx/:\n    anchors: [step-1]\nmoved:\n  htx/#gone: htx/#step-1\n", "utf-8"
    )
    pair[1] = (pair[1][0], registry.load(new))
    build._check_continuity(pair)  # mapped: accepted


def test_version_selector_switches_version(page: Page, public_url: str) -> None:
    page.goto(public_url + "latest/htx/")
    selector = page.locator(".md-version")
    expect(selector).to_be_visible(timeout=10_000)
    selector.hover()
    oldest = VERSIONS[0]
    page.locator(".md-version__link", has_text=oldest.title).first.click()
    expect(page).to_have_url(re.compile(rf"/{re.escape(oldest.name)}/htx/$"))


def test_copy_link_on_an_old_version_copies_the_latest_url(page: Page, public_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(public_url + f"{VERSIONS[-1].name}/htx/errors/")
    page.get_by_role("button", name=re.compile("Copy link to IP restriction", re.I)).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == public_url + "latest/htx/errors/#ip-restriction-error"


def test_old_single_page_guide_address_lands_on_the_right_step(page: Page, public_url: str) -> None:
    page.goto(public_url + "latest/htx-api-import-guide/#step-4")
    expect(page).to_have_url(re.compile(r"/latest/htx/#step-4$"))
    expect(page.locator("#step-4")).to_be_in_viewport()


def test_no_broken_internal_link_or_anchor_across_the_versioned_site(public_url: str) -> None:
    """LinkChecker (a maintained checker) crawls every version over HTTP, anchors included."""
    config = Path(__file__).with_name("linkcheckerrc")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "linkcheck",
            "--no-status",
            "--no-warnings",
            "-f",
            str(config),
            "--ignore-url",
            r"^(?!http://127\.0\.0\.1)",
            public_url,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_checker_links_stay_on_the_version_being_read(page: Page, public_url: str) -> None:
    """A finding's link opens the section of the version being read, not ``latest``."""
    version = VERSIONS[-1].name  # its numbered path, not the latest alias
    page.goto(public_url + f"{version}/htx/check/")
    page.locator("[data-checker][data-state=ready]").wait_for(state="attached", timeout=90_000)
    page.get_by_label("API Key", exact=True).fill("7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2\u200b")
    link = page.locator("[data-code='invisible-character'] a").first
    expect(link).to_be_visible(timeout=5_000)
    link.click()
    expect(page).to_have_url(re.compile(rf"/{re.escape(version)}/htx/errors/#invisible-character$"))
