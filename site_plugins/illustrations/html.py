"""Rewrites a page's illustration figures into palette-aware, zoomable pictures.

The pages write each screenshot slot as (Markdown with ``md_in_html``)::

    <figure class="guide-figure" markdown="span" id="figure-step-2">
      ![alt text](illustrations/step-2.png){ width="800" height="500" loading="lazy" }
      <figcaption>Illustration of ... may look different.</figcaption>
    </figure>

For a figure whose image is a known slot, this module replaces the figure's content:
one link per palette (light, dark), each wrapping an ``<img>`` with a 1x/2x ``srcset``
and the real width and height, and marked for the lightbox (``data-lightbox``, opened
by ``assets/lightbox.js``); the numbered list of the
scene's markers; then the original caption. CSS shows the variant of the current
palette (``body[data-md-color-scheme]``), and a hidden variant's lazy image is never
fetched. The figure keeps its id and classes; the ``<img>`` keeps its alt text and its
``loading`` attribute (so a figure at the top of a page can say ``loading="eager"``).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from site_plugins.illustrations.sources import Illustration, slot_key

_FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_CAPTION = re.compile(r"<figcaption\b[^>]*>(?P<inner>.*?)</figcaption>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


class FigureError(ValueError):
    """A figure cannot be published as it is (no alt text, no caption)."""


@dataclass(frozen=True)
class Placed:
    """One illustration placed on a page, for the build report and the checks."""

    illustration: Illustration
    figure_id: str
    alt: str
    caption: str


def rewrite(
    page_html: str,
    page_url: str,
    lookup: Callable[[str], Illustration | None],
) -> tuple[str, list[Placed]]:
    """Return the page with every known slot's figure rewritten, and what was placed.

    ``page_url`` is the page's site URL (``htx/``, ``htx/errors/``); image ``src``
    values are resolved against it, and new ones are written relative to it.
    """
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    base = base.rstrip("/")
    placed: list[Placed] = []

    def replace(match: re.Match[str]) -> str:
        figure = match.group(0)
        imgs = _IMG.findall(figure)
        if len(imgs) != 1:
            return figure
        img = _attrs(imgs[0])
        src = img.get("src", "")
        if "://" in src or src.startswith(("/", "data:")):
            return figure
        target = posixpath.normpath(posixpath.join(base, src.split("#")[0].split("?")[0]))
        key = slot_key(target)
        ill = lookup(key) if key else None
        if ill is None:
            return figure
        open_tag = re.match(r"<figure\b[^>]*>", figure, re.I)
        assert open_tag is not None
        fig_attrs = _attrs(open_tag.group(0))
        where = f"figure {fig_attrs.get('id') or ill.name} on {page_url or '/'}"
        alt = " ".join(img.get("alt", "").split())
        if not alt:
            raise FigureError(f"{where}: the image has no alt text")
        caption = _CAPTION.search(figure)
        if caption is None or not _TAGS.sub("", caption.group("inner")).strip():
            raise FigureError(f"{where}: the figure has no caption (<figcaption>)")
        out = _render(ill, fig_attrs, img, alt, caption.group(0), base)
        placed.append(Placed(ill, fig_attrs.get("id", ""), alt, _plain(caption.group("inner"))))
        return out

    return _FIGURE.sub(replace, page_html), placed


def _render(
    ill: Illustration,
    fig_attrs: dict[str, str],
    img: dict[str, str],
    alt: str,
    caption_html: str,
    base: str,
) -> str:
    classes = fig_attrs.get("class", "").split()
    for extra in ("guide-figure", "guide-figure--illustration", f"guide-figure--{ill.kind}"):
        if extra not in classes:
            classes.append(extra)
    fig_attrs = {**fig_attrs, "class": " ".join(classes), "data-illustration": ill.name}
    legend_class = f"guide-figure__legend--{ill.name}"
    title = _plain(_CAPTION.search(caption_html).group("inner"))  # type: ignore[union-attr]
    loading = img.get("loading", "lazy")
    keep = {k: v for k, v in img.items() if k not in _IMG_OWN}

    parts = [f"<figure{_fmt(fig_attrs)}>"]
    variants = ill.variants
    for variant in variants:
        rel1 = _relative(variant.src, base)
        rel2 = _relative(variant.src2x, base) if variant.src2x else None
        scheme = variant.scheme if len(variants) > 1 else "any"
        # Opened by the site's lightbox (assets/lightbox.js); without script, the link
        # opens the 2x image itself.
        link = {
            "class": f"guide-figure__zoom guide-figure__zoom--{scheme}",
            "href": rel2 or rel1,
            "data-lightbox": "",
            "data-title": title,
        }
        if ill.markers:
            link["data-description"] = f".{legend_class}"
        image = {
            **keep,
            "src": rel1,
            "alt": alt,
            "width": str(ill.width),
            "height": str(ill.height),
            "loading": loading,
            "decoding": "async",
        }
        if rel2:
            image["srcset"] = f"{rel1} 1x, {rel2} 2x"
        parts.append(f"<a{_fmt(link)}><img{_fmt(image)}></a>")
    if ill.markers:
        items = "".join(f"<li>{_label(m.label)}</li>" for m in ill.markers)
        parts.append(
            f'<div class="guide-figure__legend {legend_class}">'
            f'<ol class="guide-legend" role="list">{items}</ol></div>'
        )
    parts.append(caption_html)
    parts.append("</figure>")
    return "\n".join(parts)


# attributes of the original <img> that the rewrite sets itself
_IMG_OWN = frozenset(("src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"))


def _label(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text, quote=False))


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", fragment)).split())


def _relative(docs_path: str, base: str) -> str:
    return posixpath.relpath(docs_path, base or ".")


def _fmt(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())


def _attrs(tag: str) -> dict[str, str]:
    parser = _TagParser()
    parser.feed(tag)
    return parser.attrs


class _TagParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.attrs:
            self.attrs = {k: v or "" for k, v in attrs}

    handle_startendtag = handle_starttag
