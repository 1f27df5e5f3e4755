"""Crawl every page of every version in Chromium: nothing leaves the site, nothing fails.

For each site root (the plain build of the working tree, and each version of ``public/``
and ``latest`` when ``versions.yml`` declares versions) every HTML file is loaded in full, scrolled
through (so the checker boots where it is embedded) and its images forced to load; then
the primary navigation is walked again with Material's instant navigation, which swaps
content in place and re-runs inline scripts under the first page's policy. Required,
per root: only same-origin requests, no console error (workers included), no uncaught
page error, no CSP violation (document listener and DevTools issues), no broken image.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from checker_support import BOOT_TIMEOUT_MS, follow_instant_navigation, wait_ready
from page_wait import wait_until
from playwright.sync_api import Browser, Error, Page
from security_support import (
    BROKEN_IMAGES,
    SCROLL_THROUGH,
    Root,
    Watch,
    origin_of,
    page_files,
    references,
    resolve_in_site,
)

ROOT = Path(__file__).resolve().parents[2]


def _root_names() -> list[str]:
    """Names of the roots the session will crawl (known before the site is built)."""
    if not (ROOT / "versions.yml").is_file():
        return ["site"]
    from site_plugins.versions import declared

    return ["site", "public", *(v.name for v in declared.load(ROOT)), "latest"]


def _settle(page: Page) -> None:
    """Wait until the page stops loading (redirect pages navigate on by themselves)."""
    for _ in range(3):
        page.wait_for_load_state("networkidle")
        try:
            page.evaluate("document.readyState")
            return
        except Error as exc:
            if "context was destroyed" not in str(exc):
                raise


def _visit(page: Page, watch: Watch, url: str, broken: dict[str, list[str]]) -> None:
    """Let the page do everything a reader's visit makes it do, then take its record."""
    _settle(page)
    page.evaluate(SCROLL_THROUGH)
    failed = page.evaluate(BROKEN_IMAGES)
    if failed:
        broken[url] = failed
    if page.locator("[data-checker]").count():
        wait_ready(page, BOOT_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    watch.collect_csp_events(page)


def _nav_links(page: Page, root: Root) -> list[str]:
    hrefs = page.evaluate(
        """() => [...document.querySelectorAll("nav.md-nav--primary a.md-nav__link[href]")]
              .map((a) => a.href.split("#")[0])"""
    )
    return list(dict.fromkeys(h for h in hrefs if h.startswith(root.url)))


def _instant_walk(page: Page, watch: Watch, root: Root, broken: dict[str, list[str]]) -> int:
    """Follow every primary-navigation link with instant navigation; returns pages seen."""
    follow_instant_navigation(page, origin_of(root.url) + "/")
    page.goto(root.url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    seen = 0
    for href in _nav_links(page, root):
        if page.url.split("#")[0] == href:
            continue
        page.evaluate("document.querySelector('.md-container').dataset.before = 'yes'")
        # A script click: links inside collapsed sections are clicked the same way.
        page.evaluate(
            """(href) => [...document.querySelectorAll("a[href]")]
                 .find((a) => a.href.split("#")[0] === href).click()""",
            href,
        )
        page.wait_for_url(re.compile(re.escape(href) + r"(#.*)?$"))
        # Material swaps the whole container once the new page arrived.
        wait_until(page, "() => !document.querySelector('.md-container[data-before]')")
        assert page.evaluate("window.__sameDocument === true"), (
            f"{href}: expected instant navigation (the document was replaced)"
        )
        _visit(page, watch, href, broken)
        seen += 1
    return seen


@pytest.mark.parametrize("name", _root_names())
def test_every_page_loads_with_no_leak_error_violation_or_broken_image(
    browser: Browser, crawl_roots: list[Root], name: str
) -> None:
    root = next(r for r in crawl_roots if r.name == name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch(context).attach()
    broken: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for path in root.pages:
            page.goto(root.url + path, wait_until="load")
            _visit(page, watch, root.url + path, broken)
        instant = _instant_walk(page, watch, root, broken) if len(root.pages) > 1 else 0
    finally:
        context.close()

    origin = origin_of(root.url)
    report = {
        "root": root.name,
        "pages": len(root.pages),
        "instant_navigations": instant,
        "requests": len(watch.requests),
        "foreign_requests": watch.foreign_requests(origin),
        "console_errors": watch.console_errors(),
        "page_errors": watch.page_errors,
        "csp_violations": watch.csp_violations(),
        "broken_images": broken,
        "failed_responses": watch.failed_responses,
    }
    print("crawl:", json.dumps(report))
    assert report["requests"] > len(root.pages), "the crawl recorded no requests"
    assert report["foreign_requests"] == [], "requests left the site"
    assert report["console_errors"] == []
    assert report["page_errors"] == []
    assert report["csp_violations"] == []
    assert report["broken_images"] == {}
    assert report["failed_responses"] == []


def test_every_image_reference_resolves_to_a_built_file(crawl_roots: list[Root]) -> None:
    """The crawl loads the image the browser picks; this covers every candidate
    (``srcset`` 2x variants, the dark-scheme image, the lightbox's full-size target)."""
    missing = []
    checked = 0
    for root in crawl_roots:
        for page_file in page_files(root):
            for ref in references(page_file.read_text("utf-8")):
                if ref.tag not in ("img", "source") and ref.rel != "lightbox":
                    continue
                if ref.url.startswith("data:"):
                    continue
                target = resolve_in_site(root.served, page_file, ref.url)
                checked += 1
                if target is None or not target.is_file():
                    missing.append(f"{page_file.relative_to(root.directory)}: {ref.url}")
    assert checked > 0
    assert missing == []
