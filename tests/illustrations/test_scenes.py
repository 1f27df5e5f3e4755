"""The scenes themselves: annotated, self-contained, placeholders only, images fresh.

Every check reads a scene as Chromium sees it: composed into its layouts (``scene.html``).
"""

from __future__ import annotations

import re
from pathlib import Path

import keycheck
import pytest
from illustration_support import SLOTS
from PIL import Image

from site_plugins.illustrations import manifest, render, scenes, sources

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ALL_SCENES = scenes.discover(DOCS)
SCENE_IDS = [f"{s.out_dir.parent.name}/{s.name}" for s in ALL_SCENES]


def exchange_of(scene: scenes.Scene) -> str:
    """The exchange whose guide the scene illustrates: its docs folder."""
    return scene.out_dir.parent.name


# Anything shaped like a key: three or more hyphen-joined groups of 4+ letters and digits
# with a digit somewhere (CSS property names have none).
KEY_SHAPED = re.compile(r"(?<![\w-])(?=[\w-]*\d)[0-9a-z]{4,}(?:-[0-9a-z]{4,}){2,}(?![\w-])", re.I)


def test_every_slot_of_the_guide_has_a_scene() -> None:
    have = {(exchange_of(s), s.name) for s in ALL_SCENES}
    wanted = {(page.split("/")[0], name) for page, slot in SLOTS.items() for name in slot}
    assert wanted <= have, f"slots without a scene: {sorted(wanted - have)}"


@pytest.mark.parametrize("scene", ALL_SCENES, ids=SCENE_IDS)
def test_scene_is_annotated(scene: scenes.Scene) -> None:
    assert scene.markers, f"{scene.name} has no numbered markers"
    assert [m.number for m in scene.markers] == list(range(1, len(scene.markers) + 1))
    assert all(len(m.label) >= 10 for m in scene.markers)
    assert scene.title, f"{scene.name} has no <title>"


@pytest.mark.parametrize("scene", ALL_SCENES, ids=SCENE_IDS)
def test_scene_loads_nothing_from_another_host(scene: scenes.Scene) -> None:
    assert scenes.external_references(scene.html) == [], scene.path
    for path in scene.dependencies:
        assert scenes.external_references(path.read_text("utf-8")) == [], path


@pytest.mark.parametrize("scene", ALL_SCENES, ids=SCENE_IDS)
def test_every_key_and_secret_in_a_scene_is_an_example_value(scene: scenes.Scene) -> None:
    for credential in scene.credentials:
        data = {"exchange": exchange_of(scene), credential.kind: credential.value}
        result = keycheck.check(data)
        codes = {f["code"] for f in result["findings"] if f.get("field") == credential.kind}
        assert "example-value" in codes, (
            f"{scene.name}: {credential.kind} {credential.value!r} is not reported as "
            f"example-value (got {sorted(codes)}); use a placeholder such as "
            f"e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx"
        )
    # Nothing key-shaped may hide outside a data-credential element.
    source = re.sub(r"<style\b.*?</style>", " ", scene.html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", source)
    declared = {c.value for c in scene.credentials}
    stray = [m for m in KEY_SHAPED.findall(text) if m not in declared]
    assert stray == [], f"{scene.name}: key-shaped text without data-credential: {stray}"


def test_partials_are_not_scenes_and_every_one_is_used() -> None:
    partials = {p for p in DOCS.glob(f"*/**/{scenes.SCENES_DIR}/_*.html")}
    partials |= set(scenes.CHROME_DIR.glob("_*"))
    assert partials, "the scenes share no layout"
    assert not any(s.name.startswith("_") for s in ALL_SCENES)
    used = {p for s in ALL_SCENES for p in s.partials}
    assert partials <= used, f"partials no scene uses: {sorted(map(str, partials - used))}"


def test_every_exchange_draws_in_the_shared_chrome_and_copies_none_of_it() -> None:
    chrome = {p.name for p in scenes.CHROME_DIR.glob("_*")}
    assert {"_window.html", "_platform.html", "_base.css"} <= chrome
    for scene in ALL_SCENES:
        assert scenes.CHROME_DIR / "_window.html" in scene.partials, scene.key
        own = {p.name for p in scene.path.parent.glob("_*")}
        assert not own & chrome, f"{scene.key}: a copy of the shared chrome: {own & chrome}"


def test_the_scenes_show_both_a_key_and_a_secret() -> None:
    kinds = {c.kind for s in ALL_SCENES for c in s.credentials}
    assert kinds == {"api_key", "secret_key"}


def test_no_committed_image_is_stale_against_its_scene() -> None:
    stale = [s.name for s in render.stale(ALL_SCENES)]
    assert stale == [], (
        f"scene changed but its committed images did not: {stale}. Run "
        f"`python -m site_plugins.illustrations render` and commit the images."
    )


@pytest.mark.parametrize("scene", ALL_SCENES, ids=SCENE_IDS)
def test_committed_images_exist_decode_have_their_size_and_fit_the_budget(
    scene: scenes.Scene,
) -> None:
    entry = manifest.Manifest.load(scene.out_dir).get(scene.name)
    assert entry is not None, f"{scene.name} was never rendered"
    assert (entry.width, entry.height) == (scene.width, scene.height)
    for scheme in manifest.SCHEMES:
        for scale, factor in (("1x", 1), ("2x", 2)):
            path = scene.out_dir / entry.file(scheme, scale)
            assert path.stat().st_size <= render.BUDGET_BYTES, f"{path.name} over budget"
            with Image.open(path) as image:
                image.load()
                assert image.format == "WEBP"
                assert image.size == (scene.width * factor, scene.height * factor), path.name
    fallback = scene.out_dir / manifest.fallback_name(scene.name)
    with Image.open(fallback) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size == (scene.width, scene.height)
    assert fallback.stat().st_size <= render.BUDGET_BYTES


def test_every_slot_passes_the_image_checks() -> None:
    found = sources.collect(DOCS, ALL_SCENES)
    assert found, "no illustration found"
    for ill in found.values():
        assert sources.problems(DOCS, ill, render.BUDGET_BYTES) == [], ill.key
