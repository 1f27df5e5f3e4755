"""Reads the illustration figures of a built page (helper for the tests here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
_SLOT = re.compile(r"\(illustrations/([a-z0-9-]+)\.png\)")


def _slots() -> dict[str, list[str]]:
    """Every screenshot slot of every exchange's guide: page -> names, in page order.

    Read from the pages' Markdown (``![…](illustrations/<name>.png)``), so a new
    exchange's figures are covered without naming it here.
    """
    out: dict[str, list[str]] = {}
    for page in sorted(DOCS.glob("*/*.md")):
        names = list(dict.fromkeys(_SLOT.findall(page.read_text("utf-8"))))
        if names:
            folder = page.parent.name
            out[f"{folder}/" if page.stem == "index" else f"{folder}/{page.stem}/"] = names
    return out


SLOTS = _slots()


@dataclass
class Zoom:
    link: dict[str, str]
    img: dict[str, str] = field(default_factory=dict)


@dataclass
class Figure:
    attrs: dict[str, str]
    zooms: list[Zoom] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)
    caption: str = ""

    @property
    def name(self) -> str:
        return self.attrs.get("data-illustration", "")

    def zoom(self, scheme: str) -> Zoom:
        found = [z for z in self.zooms if f"guide-figure__zoom--{scheme}" in z.link["class"]]
        assert len(found) == 1, f"{self.name}: {len(found)} {scheme} variants"
        return found[0]


class _FigureParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: list[Figure] = []
        self._fig: Figure | None = None
        self._zoom: Zoom | None = None
        self._text: list[str] | None = None
        self._target = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "figure" and "data-illustration" in a:
            self._fig = Figure(a)
        if self._fig is None:
            return
        if tag == "a" and "guide-figure__zoom" in a.get("class", ""):
            self._zoom = Zoom(a)
            self._fig.zooms.append(self._zoom)
        elif tag == "img" and self._zoom is not None:
            self._zoom.img = a
        elif tag in ("li", "figcaption"):
            self._text, self._target = [], tag

    def handle_endtag(self, tag: str) -> None:
        if self._fig is None:
            return
        if tag == "a":
            self._zoom = None
        elif tag == self._target and self._text is not None:
            text = " ".join("".join(self._text).split())
            if tag == "li":
                self._fig.legend.append(text)
            else:
                self._fig.caption = text
            self._text, self._target = None, ""
        elif tag == "figure":
            self.figures.append(self._fig)
            self._fig = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def figures(html: str) -> list[Figure]:
    parser = _FigureParser()
    parser.feed(html)
    return parser.figures
