"""Fixtures of the security suite: the sites to crawl, a booted checker, extra browsers.

The crawl covers the versioned site (every version of ``public/``) when ``versions.yml``
declares versions, and the plain build of the working tree otherwise. The other tests
(canary, keyboard, degraded browsers, hostile input) use the plain build, which is what
``latest`` is built from.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The checker's own test helpers (recorders, worker access, instant navigation) are
# reused rather than copied; tests/ has no packages, so put their folder on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checker"))

from checker_support import CHECK_PATH, wait_ready
from security_support import Root, site_pages

from site_plugins import chromium
from site_plugins.static_server import serving

ROOT = Path(__file__).resolve().parents[2]
VERSIONS_FILE = ROOT / "versions.yml"


@pytest.fixture(scope="session")
def versioned_public(request: pytest.FixtureRequest) -> Path | None:
    """The versioned site (the shared ``public_dir``), or None while no versions exist."""
    if not VERSIONS_FILE.is_file():
        return None
    return Path(request.getfixturevalue("public_dir"))


@pytest.fixture(scope="session")
def crawl_roots(
    site_dir: Path, base_url: str, versioned_public: Path | None
) -> Iterator[list[Root]]:
    """Every site root to crawl: the plain build of the working tree (what the next
    version will publish), and each version and ``latest`` of the versioned site (plus
    its root redirect page) when versions are declared."""
    plain = Root("site", base_url, site_dir, site_pages(site_dir), site_dir)
    if versioned_public is None:
        yield [plain]
        return
    with serving(versioned_public) as url:
        public = versioned_public
        roots = [plain, Root("public", url, public, ["index.html"], public)]
        for folder in sorted(p for p in public.iterdir() if p.is_dir()):
            if (folder / "index.html").is_file():
                pages = site_pages(folder)
                roots.append(Root(folder.name, f"{url}{folder.name}/", folder, pages, public))
        yield roots


@pytest.fixture(scope="session")
def checker_url(base_url: str) -> str:
    return base_url + CHECK_PATH


@pytest.fixture(scope="module")
def booted_checker(browser, checker_url: str):  # type: ignore[no-untyped-def]
    """One checker page booted once per module; yields the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(checker_url)
    wait_ready(page)
    yield page
    context.close()


@pytest.fixture(scope="module")
def launch_browser(playwright_instance):  # type: ignore[no-untyped-def]
    """Launch a browser with extra flags (closed at the end of the module)."""
    launched = []

    def launch(extra_args: tuple[str, ...] = (), ignore_default_args: list[str] | None = None):  # type: ignore[no-untyped-def]
        options = chromium.launch_options(extra_args)
        if ignore_default_args:
            options["ignore_default_args"] = ignore_default_args
        browser = playwright_instance.chromium.launch(**options)
        launched.append(browser)
        return browser

    yield launch
    for browser in launched:
        browser.close()
