"""The figure rewrite, on its own and in the built site (both palettes, 1x and 2x)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from illustration_support import SLOTS, figures
from PIL import Image

from site_plugins.illustrations import html, render, scenes
from site_plugins.illustrations.sources import Illustration, Variant

ROOT = Path(__file__).resolve().parents[2]
# (exchange folder, scene name) -> scene: every exchange has its own step-1.
SCENES = {(s.out_dir.parent.name, s.name): s for s in scenes.discover(ROOT / "docs")}

ILL = Illustration(
    "step-2",
    "htx/illustrations",
    "scene",
    800,
    500,
    (
        Variant(
            "light", "htx/illustrations/step-2.light.webp", "htx/illustrations/step-2.light@2x.webp"
        ),
        Variant(
            "dark", "htx/illustrations/step-2.dark.webp", "htx/illustrations/step-2.dark@2x.webp"
        ),
    ),
    (scenes.Marker(1, "Click your **avatar**."), scenes.Marker(2, "Pick <API> Management.")),
)
FIGURE = (
    '<figure class="guide-figure" id="figure-step-2">\n'
    '<img alt="{alt}" height="500" loading="lazy" src="../illustrations/step-2.png" width="800" />'
    "{caption}\n</figure>"
)
CAPTION = (
    "<figcaption>Illustration of a menu. The exchange's own page may look different.</figcaption>"
)


def _lookup(key: str) -> Illustration | None:
    return ILL if key == "htx/illustrations/step-2" else None


def test_rewrite_emits_both_palettes_both_densities_and_the_legend() -> None:
    out, placed = html.rewrite(
        FIGURE.format(alt="Illustration: a menu", caption=CAPTION), "htx/errors/", _lookup
    )
    (figure,) = figures(out)
    assert figure.attrs["id"] == "figure-step-2"
    for scheme in ("light", "dark"):
        zoom = figure.zoom(scheme)
        assert "glightbox" in zoom.link["class"]
        assert zoom.link["href"] == f"../illustrations/step-2.{scheme}@2x.webp"
        assert zoom.img["src"] == f"../illustrations/step-2.{scheme}.webp"
        assert zoom.img["srcset"] == (
            f"../illustrations/step-2.{scheme}.webp 1x, ../illustrations/step-2.{scheme}@2x.webp 2x"
        )
        assert (zoom.img["width"], zoom.img["height"]) == ("800", "500")
        assert zoom.img["loading"] == "lazy"
        assert zoom.img["alt"] == "Illustration: a menu"
    assert figure.legend == ["Click your avatar.", "Pick <API> Management."]
    assert "<strong>avatar</strong>" in out and "&lt;API&gt;" in out
    assert figure.caption.startswith("Illustration of a menu.")
    assert [p.illustration.name for p in placed] == ["step-2"]


def test_rewrite_leaves_other_figures_alone() -> None:
    other = FIGURE.replace("step-2.png", "step-9.png").format(alt="x", caption=CAPTION)
    assert html.rewrite(other, "htx/errors/", _lookup) == (other, [])


@pytest.mark.parametrize(
    ("alt", "caption", "message"),
    [("", CAPTION, "no alt text"), ("Illustration: a menu", "", "no caption")],
)
def test_rewrite_refuses_a_figure_without_alt_or_caption(
    alt: str, caption: str, message: str
) -> None:
    with pytest.raises(html.FigureError, match=message):
        html.rewrite(FIGURE.format(alt=alt, caption=caption), "htx/errors/", _lookup)


@pytest.mark.parametrize(("page_path", "names"), list(SLOTS.items()))
def test_every_slot_is_built_with_both_variants_at_1x_and_2x(
    site_dir: Path, page_path: str, names: list[str]
) -> None:
    page = site_dir / page_path / "index.html"
    built = {f.name: f for f in figures(page.read_text("utf-8"))}
    assert list(built) == names
    for name in names:
        figure = built[name]
        assert figure.attrs.get("id") == f"figure-{name}"
        assert "Illustration" in figure.caption and "may look different" in figure.caption
        assert figure.legend == [
            " ".join(m.label.replace("**", "").split())
            for m in SCENES[(page_path.split("/")[0], name)].markers
        ]
        for scheme in ("light", "dark"):
            zoom = figure.zoom(scheme)
            img = zoom.img
            assert img.get("alt", "").strip(), f"{name} {scheme}: no alt text"
            assert img.get("loading") in ("lazy", "eager")
            width, height = int(img["width"]), int(img["height"])
            one, two = (part.split()[0] for part in img["srcset"].split(","))
            assert img["srcset"].endswith(" 2x") and one == img["src"]
            assert zoom.link["href"] == two
            for src, factor in ((one, 1), (two, 2)):
                assert f".{scheme}" in src
                path = site_dir / urljoin(f"/{page_path}", src).lstrip("/")
                assert path.stat().st_size <= render.BUDGET_BYTES, path.name
                with Image.open(path) as image:
                    image.load()
                    assert image.size == (width * factor, height * factor), path.name


def test_a_screenshot_override_is_one_image_for_both_palettes_without_a_legend() -> None:
    shot = Illustration(
        "step-2",
        "htx/illustrations",
        "screenshot",
        1200,
        700,
        (Variant("light", "htx/illustrations/step-2.screenshot.png", None),),
    )
    page = FIGURE.format(alt="Screenshot: the menu", caption=CAPTION)
    out, _ = html.rewrite(page, "htx/errors/", lambda key: shot if key == ILL.key else None)
    (figure,) = figures(out)
    (zoom,) = figure.zooms
    assert "guide-figure__zoom--any" in zoom.link["class"]
    assert "data-description" not in zoom.link
    assert zoom.img["src"] == "../illustrations/step-2.screenshot.png"
    assert "srcset" not in zoom.img
    assert (zoom.img["width"], zoom.img["height"]) == ("1200", "700")
    assert figure.legend == []
    assert "guide-figure--screenshot" in figure.attrs["class"]
