"""Shared fixtures: the built site, served with production headers, and real Chromium.

``make test`` builds the site once and passes its folder in ``SITE_DIR``; run alone,
the fixtures build it into a temporary folder. Browser tests get a fresh context per
test so storage, cookies and service state never leak from one test into the next.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from site_plugins import chromium
from site_plugins.static_server import serving

ROOT = Path(__file__).resolve().parent.parent

# Assertions wait for what a reader would see; a loaded 2-core CI machine can take longer
# than Playwright's 5 s default to finish an instant navigation, so allow 15 s.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A strict build of the site (``SITE_DIR`` reuses one that ``make test`` made)."""
    prebuilt = os.environ.get("SITE_DIR")
    if prebuilt and (Path(prebuilt) / "index.html").is_file():
        return Path(prebuilt).resolve()
    out = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=ROOT,
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 with the rules of its ``_headers`` file."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def public_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every version of ``versions.yml`` built with mike, as ``make versions`` does."""
    from site_plugins.versions import build, declared

    prebuilt = os.environ.get("PUBLIC_DIR")
    if prebuilt and (Path(prebuilt) / "versions.json").is_file():
        return Path(prebuilt).resolve()
    out = tmp_path_factory.mktemp("public") / "public"
    build.build(ROOT, declared.load(ROOT), out, "http://127.0.0.1:8000/")
    return out


@pytest.fixture(scope="session")
def public_url(public_dir: Path) -> Iterator[str]:
    """The versioned site served on 127.0.0.1 with its root ``_headers`` rules."""
    with serving(public_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):  # type: ignore[no-untyped-def]
    """Debian's Chromium under Playwright, with the flags this closed network needs."""
    browser = playwright_instance.chromium.launch(**chromium.launch_options())
    yield browser
    browser.close()


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    return context.new_page()


def _read_clipboard(browser: Browser) -> str:
    """What the clipboard of ``browser`` holds, read from outside the site.

    The site denies ``clipboard-read`` (Permissions-Policy), so its pages cannot read
    what they copied; a page of its own context (``http://localhost``, answered by the
    test itself, never the network) reads the browser-wide clipboard instead.
    """
    context = browser.new_context(permissions=["clipboard-read"])
    try:
        page = context.new_page()
        page.route(
            "http://localhost/clipboard",
            lambda route: route.fulfill(body="<title>clipboard</title>", content_type="text/html"),
        )
        page.goto("http://localhost/clipboard")
        return page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()


@pytest.fixture(scope="session")
def read_clipboard() -> Callable[[Browser], str]:
    return _read_clipboard
