"""What every built page promises: no third-party origin, figures with files and alt text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from keycheck import exchanges

# Links a reader may follow away from the site; never loaded by the page itself.
# Each exchange's own hosts, from its data module: the guides link nowhere else.
ALLOWED_EXTERNAL_LINKS = {
    host for spec in exchanges.EXCHANGES.values() for host in spec.official_hosts
}
SITE_ORIGIN = "http://127.0.0.1:8000"


class _Refs(HTMLParser):
    """Collects what a page loads (src, srcset, stylesheets) and what it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.figures = 0
        self._in_figure = False
        self.figures_without_caption = 0
        self._caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "figure":
            self.figures += 1
            self._in_figure, self._caption = True, False
        if tag == "figcaption":
            self._caption = True
        if tag in {"img", "script", "iframe", "source", "audio", "video", "embed"}:
            for key in ("src", "data-src"):
                if a.get(key):
                    self.loads.append(a[key] or "")
            for item in (a.get("srcset") or "").split(","):
                if item.strip():
                    self.loads.append(item.strip().split()[0])
        if tag == "img":
            self.images.append(a)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if any(
                r in rel for r in ("stylesheet", "preload", "modulepreload", "icon", "manifest")
            ):
                self.loads.append(a["href"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self._in_figure:
            if not self._caption:
                self.figures_without_caption += 1
            self._in_figure = False


def _pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "assets" not in p.parts)


def _parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text("utf-8"))
    return refs


def test_no_page_loads_anything_from_another_origin(site_dir: Path) -> None:
    foreign: list[str] = []
    for page in _pages(site_dir):
        html = page.read_text("utf-8")
        refs = _parse(page)
        for url in refs.loads:
            if urlparse(url).netloc or url.startswith("//"):
                foreign.append(f"{page.relative_to(site_dir)}: {url}")
        # CSS url(...) and @import inside inline styles count as loads too.
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//[^)]*\)", html):
            foreign.append(f"{page.relative_to(site_dir)}: css {url}")
    assert foreign == []


def test_stylesheets_import_nothing_from_another_origin(site_dir: Path) -> None:
    hits = [
        f"{css.relative_to(site_dir)}: {m.group(0)[:80]}"
        for css in site_dir.rglob("*.css")
        for m in re.finditer(
            r"(@import\s+url\(|url\()\s*['\"]?(https?:)?//", css.read_text("utf-8")
        )
    ]
    assert hits == []


def test_external_links_point_only_at_the_exchange(site_dir: Path) -> None:
    hosts = {
        urlparse(link).netloc
        for page in _pages(site_dir)
        for link in _parse(page).links
        if urlparse(link).netloc
    }
    hosts.discard(urlparse(SITE_ORIGIN).netloc)
    assert hosts <= ALLOWED_EXTERNAL_LINKS, hosts - ALLOWED_EXTERNAL_LINKS


@pytest.mark.parametrize("page_path", ["htx/", "htx/errors/"])
def test_every_figure_has_an_existing_image_alt_text_and_caption(
    site_dir: Path, page_path: str
) -> None:
    page = site_dir / page_path / "index.html"
    refs = _parse(page)
    assert refs.figures > 0
    assert refs.figures_without_caption == 0
    figure_images = [img for img in refs.images if "illustrations/" in (img.get("src") or "")]
    assert figure_images, f"{page_path} has no illustration"
    for img in figure_images:
        assert (img.get("alt") or "").strip(), f"empty alt text on {img.get('src')}"
        src = (img.get("src") or "").split("#")[0]
        target = urljoin(f"/{page_path}", src).lstrip("/")
        assert (site_dir / target).is_file(), f"missing image file {target}"


def test_the_walkthrough_has_a_figure_for_every_step(site_dir: Path) -> None:
    html = (site_dir / "htx" / "index.html").read_text("utf-8")
    for step in range(1, 9):
        assert f'id="figure-step-{step}"' in html, f"no figure at step {step}"
    errors = (site_dir / "htx" / "errors" / "index.html").read_text("utf-8")
    assert 'id="figure-invalid-key"' in errors
