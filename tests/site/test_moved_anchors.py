"""A section that moved: old support links jump to the new home, in a real browser.

Builds the site once more with a registry whose ``moved:`` table maps two ids that do
not exist (any more) to their new homes, on the same page and on another page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from page_wait import wait_address_checked
from playwright.sync_api import Page, expect

from site_plugins.anchors.steps import MOVED_MAP as MAP
from site_plugins.static_server import serving

MOVED = {
    "htx/errors/#permissions-missing": "htx/errors/#permission-denied",
    "htx/#withdrawal-warning": "htx/faq/#can-the-platform-withdraw-my-funds",
}


@pytest.fixture(scope="module")
def moved_site(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("moved")
    contract = yaml.safe_load((repo_root / "anchors.yml").read_text("utf-8"))
    contract["moved"] = MOVED
    registry_file = tmp / "anchors.yml"
    registry_file.write_text(yaml.safe_dump(contract), "utf-8")
    env = {**os.environ, "ANCHORS_REGISTRY": str(registry_file), "ILLUSTRATIONS_RENDER": "false"}
    out = tmp / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=repo_root,
        env=env,
        check=True,
    )
    with serving(out) as url:
        yield url


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_old_section_link_lands_on_the_new_home(
    page: Page, moved_site: str, old: str, new: str
) -> None:
    page.goto(moved_site + old)
    expect(page).to_have_url(re.compile(re.escape(new) + "$"))
    expect(page.locator("#" + new.split("#", 1)[1])).to_be_in_viewport()


@pytest.mark.parametrize("listed", [False, True], ids=["map-as-built", "map-listing-it"])
def test_an_existing_anchor_is_left_alone(page: Page, moved_site: str, listed: bool) -> None:
    """An anchor that exists on its page stays, even when the map lists it as moved."""
    if listed:
        lying = {**MOVED, "htx/errors/#ip-restriction-error": "htx/faq/"}
        page.route(f"**/{MAP}", lambda route: route.fulfill(json=lying))
    with page.expect_response(f"**/{MAP}") as map_response:
        page.goto(moved_site + "htx/errors/#ip-restriction-error")
    assert map_response.value.ok
    # The script has applied the map to this address (a jump would leave it unset here
    # and land on a page whose own address fails the check below).
    wait_address_checked(page)
    expect(page).to_have_url(re.compile(r"/htx/errors/#ip-restriction-error$"))
