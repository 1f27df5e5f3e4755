"""MkDocs and Zensical builds of the same sources give the same site.

Same pages, the same ids on every page (the link contract and the checker's hooks),
no marker of the site's steps left behind, the same ``_headers`` rules, and in
Chromium a checker that boots and finds problems under the same CSP. The differences
that remain are the themes' own and are listed here and in the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import brotli
import pytest
from playwright.sync_api import Page, expect

from site_plugins.anchors.check import ids_in
from site_plugins.hosting import headers

# Ids only one generator's theme writes (README, "Generators"): Zensical's skip-link
# target. (The lightbox is the site's own under both, so no glightbox ids remain.)
ONLY_MKDOCS: set[str] = set()
ONLY_ZENSICAL = {"__skip"}
MARKERS = ("checker:widget", "checker:explain", "guides:errors-index", "guides:exchange-list")
# Digest-named folders whose names follow their bytes (the snapshot is remade per cache).
_DIGEST_DIR = re.compile(r"(snapshot|packages/)-?[0-9a-f]{16}")
_HASH = re.compile(r" 'sha256-[^']+'")


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_both_generators_write_the_same_pages(site_dir: Path, zensical_site: Path) -> None:
    assert _pages(site_dir) == _pages(zensical_site)


@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_no_step_marker_is_left_in_any_page(
    generator: str, site_dir: Path, zensical_site: Path
) -> None:
    site = site_dir if generator == "mkdocs" else zensical_site
    left = [
        f"{page}: {marker}"
        for page in sorted(_pages(site))
        for marker in MARKERS
        if marker in (site / page).read_text("utf-8")
    ]
    assert left == []


def test_every_page_has_the_same_ids(site_dir: Path, zensical_site: Path) -> None:
    differences = {}
    for page in sorted(_pages(site_dir)):
        mkdocs_ids = ids_in((site_dir / page).read_text("utf-8")) - ONLY_MKDOCS
        zensical_ids = ids_in((zensical_site / page).read_text("utf-8")) - ONLY_ZENSICAL
        if mkdocs_ids != zensical_ids:
            differences[page] = (
                sorted(mkdocs_ids - zensical_ids),
                sorted(zensical_ids - mkdocs_ids),
            )
    assert differences == {}


def _normalised_rules(site: Path) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    rules = headers.parse((site / headers.HEADERS_FILE).read_text("utf-8"))
    return [
        (
            _DIGEST_DIR.sub(r"\1<digest>", rule.pattern),
            tuple((name, _HASH.sub("", value)) for name, value in rule.headers),
        )
        for rule in rules
    ]


def test_headers_have_the_same_rules_and_policy(site_dir: Path, zensical_site: Path) -> None:
    """Same paths, headers and CSP directives; only the inline-script hashes differ,
    because each theme writes its own inline scripts (each file covers its own)."""
    assert _normalised_rules(site_dir) == _normalised_rules(zensical_site)


def test_zensical_pages_carry_the_policy_of_their_headers(zensical_site: Path) -> None:
    policy = dict(headers.parse((zensical_site / "_headers").read_text("utf-8"))[0].headers)
    script_src = re.search(r"script-src ([^;]+)", policy["Content-Security-Policy"])
    assert script_src is not None
    for page in sorted(_pages(zensical_site)):
        html = (zensical_site / page).read_text("utf-8")
        meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert meta is not None, page
        assert f"script-src {script_src.group(1)};" in meta.group(1), page


def _attribute(html: str, name: str) -> str:
    found = re.search(rf'{name}="([^"]*)"', html)
    assert found is not None, name
    return found.group(1)


@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_both_builds_ship_the_cut_down_stdlib_and_final_compressed_copies(
    generator: str, site_dir: Path, zensical_site: Path
) -> None:
    """The checker's network steps run under either generator: the page names the
    cut-down standard library and the sizes on the wire, and the Brotli copy of the page
    is of its final bytes, the CSP included (compressed after the hosting step)."""
    site = site_dir if generator == "mkdocs" else zensical_site
    page = site / "htx" / "check" / "index.html"
    html = page.read_text("utf-8")
    stdlib = (page.parent / _attribute(html, "data-stdlib")).resolve()
    assert stdlib.name == "python_stdlib_checker.zip" and stdlib.is_file()
    assert "python_stdlib_checker.zip" in _attribute(html, "data-transfer")
    assert 'http-equiv="Content-Security-Policy"' in html
    assert brotli.decompress(page.with_name("index.html.br").read_bytes()) == page.read_bytes()
    wasm = next(site.glob("assets/checker/pyodide-*/pyodide.asm.wasm"))
    assert brotli.decompress(wasm.with_name(wasm.name + ".br").read_bytes()) == wasm.read_bytes()


def test_both_builds_tell_the_worker_the_same_sizes(site_dir: Path, zensical_site: Path) -> None:
    def transfer(site: Path) -> str:
        return _attribute((site / "htx/check/index.html").read_text("utf-8"), "data-transfer")

    assert transfer(site_dir) == transfer(zensical_site)


def test_the_zensical_checker_boots_and_finds_problems(page: Page, zensical_url: str) -> None:
    violations: list[str] = []
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "(window.__csp = window.__csp || []).push(e.violatedDirective))"
    )
    page.goto(zensical_url + "htx/check/")
    page.wait_for_selector("[data-checker][data-state='ready']", timeout=60_000)
    page.fill("#checker-api-key", " 7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2")
    finding = page.locator("[data-checker-results] [data-code='whitespace']")
    expect(finding).to_be_visible()
    page.fill("#checker-explain-text", "API key has expired")
    page.click("[data-checker-explain-form] button[type=submit]")
    expect(page.locator("[data-checker-explain-results] [data-section]").first).to_be_visible()
    violations = page.evaluate("window.__csp || []")
    assert violations == []
    assert errors == []


def test_the_zensical_lightbox_zooms_under_the_strict_policy(page: Page, zensical_url: str) -> None:
    """The site's own lightbox (extra_javascript) runs under both generators: Zensical's
    glightbox is not used, and no inline style or HTML string is needed."""
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "(window.__csp = window.__csp || []).push(e.violatedDirective))"
    )
    page.goto(zensical_url + "htx/")
    link = page.locator("#figure-step-2 a.guide-figure__zoom:visible").first
    link.scroll_into_view_if_needed()
    link.click()
    box = page.locator("dialog.guide-lightbox")
    expect(box).to_be_visible()
    expect(box.locator("img")).to_have_attribute(
        "src", re.compile(r"step-2\.(light|dark)@2x\.webp$")
    )
    expect(page).to_have_url(zensical_url + "htx/")  # the link was not followed
    page.keyboard.press("Escape")
    expect(box).to_have_count(0)
    assert page.evaluate("window.__csp || []") == []
    assert errors == []
