"""Scenes composed from shared partials: blocks, defaults, rules, and the digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_plugins.illustrations import scenes

LAYOUT = """{# Layout: a frame. Blocks: head, label, content. #}
<!doctype html>
<html lang="en">
<head><meta charset="utf-8">{% block head %}{% endblock %}</head>
<body>
<header>{% block label %}Default label{% endblock %}</header>
<span class="marker" data-marker="1" data-label="The frame's own marker, from the partial."></span>
{% block content %}{% endblock %}
</body>
</html>
"""

SCENE = """{# A scene: only what is its own. #}
{% extends "_frame.html" %}
{% block head %}<title>A scene</title>{% endblock %}
{% block content %}
<div data-credential="api_key">e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx</div>
<span class="marker" data-marker="2" data-label="The scene's marker, numbered after it."></span>
{% endblock %}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    where = tmp_path / "docs" / "illustrations" / scenes.SCENES_DIR
    where.mkdir(parents=True)
    (where / "_frame.html").write_text(LAYOUT, "utf-8")
    (where / "one.html").write_text(SCENE, "utf-8")
    return where


def test_a_scene_is_composed_into_its_layout_and_read_from_the_result(folder: Path) -> None:
    (scene,) = scenes.discover(folder.parents[1])
    assert scene.name == "one"
    assert scene.html.startswith("<!doctype html>")
    assert "<title>A scene</title>" in scene.html
    assert "<header>Default label</header>" in scene.html  # a block left out keeps its default
    assert "{%" not in scene.html and "{#" not in scene.html
    assert scene.title == "A scene"
    assert [m.number for m in scene.markers] == [1, 2]
    assert [c.kind for c in scene.credentials] == ["api_key"]
    assert scene.partials == (folder / "_frame.html",)


def test_a_partial_may_extend_a_partial_and_a_scene_overrides_its_defaults(folder: Path) -> None:
    (folder / "_titled.html").write_text(
        '{% extends "_frame.html" %}{% block label %}Titled{% endblock %}', "utf-8"
    )
    (folder / "one.html").write_text(SCENE.replace("_frame.html", "_titled.html"), "utf-8")
    (folder / "two.html").write_text(
        SCENE.replace("_frame.html", "_titled.html").replace(
            "{% block content %}", "{% block label %}Own label{% endblock %}\n{% block content %}"
        ),
        "utf-8",
    )
    one, two = scenes.discover(folder.parents[1])
    assert "<header>Titled</header>" in one.html
    assert "<header>Own label</header>" in two.html
    assert one.partials == (folder / "_titled.html", folder / "_frame.html")


def test_editing_a_partial_changes_the_digest_of_every_scene_using_it(folder: Path) -> None:
    (folder / "two.html").write_text(SCENE, "utf-8")
    before = [s.digest("1") for s in scenes.discover(folder.parents[1])]
    layout = folder / "_frame.html"
    layout.write_text(layout.read_text("utf-8").replace("<header>", '<header class="x">'), "utf-8")
    after = [s.digest("1") for s in scenes.discover(folder.parents[1])]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert after[0] == scenes.load(folder / "one.html", folder.parents[1]).digest("1")  # stable


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{% extends "_nowhere.html" %}', "no partial _nowhere.html"),
        ('{% extends "two.html" %}', "two.html is not a partial"),
        ('{% extends "../_frame.html" %}', "is not a partial"),
        (SCENE + "<p>lost</p>\n", "outside every {% block %}"),
        (SCENE.replace("{% endblock %}\n", "", 1), "one.html:"),
    ],
    ids=[
        "missing",
        "not-a-partial",
        "other-folder",
        "markup-outside-blocks",
        "syntax",
    ],
)
def test_a_scene_that_breaks_a_layout_rule_is_reported(
    folder: Path, text: str, message: str
) -> None:
    (folder / "two.html").write_text(SCENE, "utf-8")
    (folder / "one.html").write_text(text, "utf-8")
    with pytest.raises(scenes.SceneError, match=message.replace("{", r"\{").replace(".", r"\.")):
        scenes.discover(folder.parents[1])


def test_the_standalone_page_finds_its_stylesheet_from_anywhere(folder: Path) -> None:
    (scene,) = scenes.discover(folder.parents[1])
    page = scene.standalone_html()
    base = f'<base href="{folder.resolve().as_uri()}/">'
    assert page.index(base) > page.index("<head>")
    assert page.replace(f"\n{base}", "") == scene.html  # nothing else added


def test_a_scene_is_drawn_in_the_shared_chrome_with_its_folder_s_colours(folder: Path) -> None:
    (folder / "_site.html").write_text(
        '{% extends "_window.html" %}{% block logo %}Site{% endblock %}'
        '{% block url_extra %}<span class="marker" data-marker="1" data-label="The address '
        'bar, from the partial."></span>{% endblock %}',
        "utf-8",
    )
    (folder / "one.html").write_text(SCENE.replace("_frame.html", "_site.html"), "utf-8")
    (scene,) = scenes.discover(folder.parents[1])
    chrome = scenes.CHROME_DIR
    assert scene.partials == (folder / "_site.html", chrome / "_window.html", chrome / "_base.css")
    assert (chrome / "_base.css").read_text("utf-8") in scene.html  # inlined, not linked
    assert '<div class="logo"><span class="mark"></span>Site</div>' in scene.html
    assert 'href="scene.css"' not in scene.html and scene.dependencies == ()  # no own css

    (folder / scenes.EXCHANGE_STYLESHEET).write_text(":root { --brand: #123456; }\n", "utf-8")
    (scene,) = scenes.discover(folder.parents[1])
    assert scene.html.index("<style>") < scene.html.index('href="scene.css"')  # after the base
    assert scene.dependencies == ((folder / scenes.EXCHANGE_STYLESHEET).resolve(),)


def test_a_partial_may_not_hide_the_shared_chrome(folder: Path) -> None:
    (folder / "_window.html").write_text("<!doctype html><p>a copy</p>", "utf-8")
    (folder / "one.html").write_text(SCENE.replace("_frame.html", "_window.html"), "utf-8")
    with pytest.raises(scenes.SceneError, match=r"hides the shared chrome's _window\.html"):
        scenes.discover(folder.parents[1])
