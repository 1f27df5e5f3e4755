"""Two exchanges may each have a scene of the same name: keys, images and manifests
stay apart, and both are drawn in the one shared chrome (no copy per exchange)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from site_plugins.illustrations import __main__ as cli
from site_plugins.illustrations import manifest, render, scenes, sources

# Each exchange's own colour (its scenes/scene.css), filling the page of its "step-1".
COLOURS = {"alpha": (200, 30, 30), "beta": (30, 60, 200)}

SCENE = """{# Step 1 of EXCHANGE: a page filled with the exchange's colour. #}
{% extends "_window.html" %}
{% block head %}<title>EXCHANGE step 1</title>
<style>.fill { flex: 1; background: var(--brand); }</style>{% endblock %}
{% block host %}www.EXCHANGE.example{% endblock %}
{% block logo %}EXCHANGE{% endblock %}
{% block content %}<div class="fill"></div>{% endblock %}
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    for exchange, (r, g, b) in COLOURS.items():
        folder = tmp_path / "docs" / exchange / "illustrations" / scenes.SCENES_DIR
        folder.mkdir(parents=True)
        (folder / "step-1.html").write_text(SCENE.replace("EXCHANGE", exchange), "utf-8")
        css = f":root {{ --brand: rgb({r} {g} {b}); }}\n"
        (folder / scenes.EXCHANGE_STYLESHEET).write_text(css, "utf-8")
    return tmp_path / "docs"


def test_same_named_scenes_of_two_exchanges_have_their_own_keys(docs: Path) -> None:
    found = scenes.discover(docs)
    assert [s.key for s in found] == ["alpha/illustrations/step-1", "beta/illustrations/step-1"]
    assert [s.name for s in found] == ["step-1", "step-1"]
    assert found[0].digest("1") != found[1].digest("1")
    # Both are drawn in the shared window, with no layout of their own.
    chrome = scenes.CHROME_DIR
    for scene in found:
        assert scene.partials == (chrome / "_window.html", chrome / "_base.css")
        assert '<div class="chrome">' in scene.html
    assert [s.key for s in scenes.select(found, "beta/step-1")] == ["beta/illustrations/step-1"]
    assert len(scenes.select(found, "step-1")) == 2


def test_rendering_both_keeps_each_exchange_s_images_and_manifest(docs: Path) -> None:
    assert render.render(docs) == ["alpha/illustrations/step-1", "beta/illustrations/step-1"]
    for exchange, colour in COLOURS.items():
        folder = docs / exchange / "illustrations"
        entry = manifest.Manifest.load(folder).get("step-1")
        assert entry is not None, f"{exchange} has no manifest entry"
        (scene,) = scenes.select(scenes.discover(docs), f"{exchange}/step-1")
        assert entry.digest == render.digest(scene)
        with Image.open(folder / manifest.fallback_name("step-1")) as image:
            # the middle of the page: the exchange's own colour, not the other one's
            assert image.convert("RGB").getpixel((400, 300)) == colour, exchange
    assert render.render(docs) == [], "fresh after one render"
    found = sources.collect(docs, scenes.discover(docs))
    assert sorted(found) == ["alpha/illustrations/step-1", "beta/illustrations/step-1"]

    # Naming one exchange's scene renders that one only.
    assert render.render(docs, names=["beta/step-1"], force=True) == ["beta/illustrations/step-1"]
    with pytest.raises(render.RenderError, match="no scene named gamma/step-1"):
        render.render(docs, names=["gamma/step-1"])


def test_the_preview_command_asks_which_exchange_a_bare_name_means(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--docs-dir", str(docs), "html", "step-1"]) == 1
    assert "alpha/step-1, beta/step-1" in capsys.readouterr().err
    assert cli.main(["--docs-dir", str(docs), "html", "beta/step-1"]) == 0
    assert "www.beta.example" in capsys.readouterr().out
