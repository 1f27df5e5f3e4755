"""Rendering is cached by digest; the build re-renders or fails on stale images."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from PIL import Image

from site_plugins.illustrations import manifest, render, scenes, sources
from site_plugins.illustrations.plugin import IllustrationsPlugin

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path("htx") / "illustrations"


def key(name: str) -> str:
    """The key of one of the copied folder's scenes: ``htx/illustrations/<name>``."""
    return f"{FOLDER.as_posix()}/{name}"


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the illustrations folder and of the shared chrome, so rendering (or an
    edit to the chrome) never touches the checkout."""
    shutil.copytree(ROOT / "docs" / FOLDER, tmp_path / "docs" / FOLDER)
    shutil.copytree(scenes.CHROME_DIR, tmp_path / "chrome")
    monkeypatch.setattr(scenes, "CHROME_DIR", tmp_path / "chrome")
    return tmp_path / "docs"


def _insert(docs: Path, file: str, markup: str) -> None:
    """Put ``markup`` at the end of the last block of a scene or partial."""
    path = docs / FOLDER / "scenes" / file
    head, block_end, tail = path.read_text("utf-8").rpartition("{% endblock %}")
    assert block_end, f"{file} has no block"
    path.write_text(f"{head}{markup}\n{block_end}{tail}", "utf-8")


def _touch(docs: Path, name: str) -> None:
    _insert(docs, f"{name}.html", "<!-- edited -->")


def _plugin(docs: Path, **options: object) -> IllustrationsPlugin:
    plugin = IllustrationsPlugin()
    errors, _warnings = plugin.load_config(dict(options))
    assert errors == []
    plugin.docs_dir = docs
    return plugin


def test_a_changed_scene_re_renders_only_itself_and_then_nothing(docs: Path) -> None:
    assert render.render(docs) == [], "committed images are stale"
    before = manifest.Manifest.load(docs / FOLDER)
    _touch(docs, "step-5")
    assert render.render(docs) == [key("step-5")]
    after = manifest.Manifest.load(docs / FOLDER)
    for name, entry in before.entries.items():
        if name != "step-5":
            assert after.entries[name].to_json() == entry.to_json(), name
    assert after.entries["step-5"].digest != before.entries["step-5"].digest
    assert render.render(docs) == []


def test_a_changed_partial_makes_every_scene_using_it_stale_and_no_other(docs: Path) -> None:
    everything = scenes.discover(docs)
    assert render.stale(everything) == [], "committed images are stale"
    account = sorted(
        s.name for s in everything if s.path.parent / "_htx-account.html" in s.partials
    )
    assert account == ["step-3", "step-4", "step-5"]
    _insert(docs, "_htx-account.html", '<div class="item">Sub-account API</div>')
    assert [s.name for s in render.stale(scenes.discover(docs))] == account
    platform = sorted(
        s.name for s in everything if scenes.CHROME_DIR / "_platform.html" in s.partials
    )
    assert platform == ["invalid-key", "step-7", "step-8"]
    _edit_chrome("_platform.html", "Backtests", "Back tests")
    assert [s.name for s in render.stale(scenes.discover(docs))] == sorted({*account, *platform})


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("_window.html", "</body>", "<!-- edited --></body>"),
        ("_base.css", "--marker: #c2410c;", "--marker: #c2410d;"),
    ],
    ids=["window", "base-stylesheet"],
)
def test_a_change_to_the_shared_chrome_makes_every_scene_stale(
    docs: Path, file: str, old: str, new: str
) -> None:
    everything = scenes.discover(docs)
    assert render.stale(everything) == [], "committed images are stale"
    _edit_chrome(file, old, new)
    assert [s.name for s in render.stale(scenes.discover(docs))] == [s.name for s in everything]


def test_the_exchange_stylesheet_is_part_of_the_digest(docs: Path) -> None:
    everything = scenes.discover(docs)
    css = docs / FOLDER / "scenes" / scenes.EXCHANGE_STYLESHEET
    assert all(css.resolve() in s.dependencies for s in everything)
    css.write_text(css.read_text("utf-8").replace("#0b6ee8", "#0b6ee9"), "utf-8")
    assert len(render.stale(scenes.discover(docs))) == len(everything)


def _edit_chrome(file: str, old: str, new: str) -> None:
    path = scenes.CHROME_DIR / file
    text = path.read_text("utf-8")
    assert old in text, f"{file} lacks {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_replaced_image_file_counts_as_stale(docs: Path) -> None:
    image = docs / FOLDER / "step-2.dark.webp"
    image.write_bytes(image.read_bytes() + b"\0")
    assert [s.name for s in render.stale(scenes.discover(docs))] == ["step-2"]


def test_a_scene_may_not_load_from_another_host(docs: Path) -> None:
    _insert(docs, "step-1.html", '<img src="https://example.com/track.png" alt="">')
    with pytest.raises(render.RenderError, match="another host"):
        render.render(docs, names=["step-1"])


def test_build_fails_clearly_on_a_stale_scene_when_it_may_not_render(docs: Path) -> None:
    _touch(docs, "step-3")
    plugin = _plugin(docs, render=False)
    with pytest.raises(PluginError, match=rf"stale image\(s\) for {key('step-3')}.*render"):
        plugin.on_pre_build(config=None)  # type: ignore[arg-type]


def test_build_fails_clearly_on_a_stale_scene_without_a_browser(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHROMIUM", str(docs / "no-such-chromium"))
    _touch(docs, "step-3")
    plugin = _plugin(docs)
    with pytest.raises(PluginError, match="Chromium could not render"):
        plugin.on_pre_build(config=None)  # type: ignore[arg-type]


def test_stale_warn_builds_with_the_old_images(
    docs: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _touch(docs, "step-3")
    plugin = _plugin(docs, render=False, stale="warn")
    with caplog.at_level(logging.WARNING):
        plugin.on_pre_build(config=None)  # type: ignore[arg-type]
    assert f"stale image(s) for {key('step-3')}" in caplog.text
    assert key("step-3") in plugin.illustrations


def test_the_build_reports_the_total_image_bytes(
    docs: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from site_plugins.illustrations import html

    plugin = _plugin(docs)
    plugin.on_pre_build(config=None)  # type: ignore[arg-type]
    ill = plugin.illustrations[f"{FOLDER.as_posix()}/step-1"]
    plugin.placed = [html.Placed(ill, "figure-step-1", "alt", "caption")]
    with caplog.at_level(logging.INFO):
        plugin.on_post_build(config=None)  # type: ignore[arg-type]
    total = sum((docs / f).stat().st_size for f in ill.files())
    assert f"{total:,} bytes" in caplog.text


def _png(path: Path, size: tuple[int, int], noise: bool = False) -> None:
    image = Image.new("RGB", size, (40, 90, 200))
    if noise:
        image = Image.effect_noise(size, 90).convert("RGB")
    image.save(path)


def test_a_screenshot_override_replaces_the_scene_and_is_checked(docs: Path) -> None:
    folder = docs / FOLDER
    _png(folder / "step-2.screenshot.png", (800, 500))
    _png(folder / "step-2.screenshot@2x.png", (1600, 1000))
    found = sources.collect(docs, scenes.discover(docs))
    ill = found[f"{FOLDER.as_posix()}/step-2"]
    assert ill.kind == "screenshot"
    assert (ill.width, ill.height) == (800, 500)
    assert [v.scheme for v in ill.variants] == ["light"]
    assert ill.markers == ()
    assert sources.problems(docs, ill, render.BUDGET_BYTES) == []

    _png(folder / "step-2.screenshot@2x.png", (1500, 1000))
    _png(folder / "step-2.screenshot.dark.png", (800, 500), noise=True)
    ill = sources.collect(docs, scenes.discover(docs))[f"{FOLDER.as_posix()}/step-2"]
    issues = " ".join(sources.problems(docs, ill, 120 * 1024))
    assert "step-2.screenshot@2x.png: 1500x1000 px, expected 1600x1000" in issues
    assert "step-2.screenshot.dark.png" in issues and "budget" in issues


def test_serve_watches_the_scene_folders_and_the_shared_chrome(docs: Path) -> None:
    plugin = _plugin(docs)
    plugin.on_pre_build(config=None)  # type: ignore[arg-type]
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin.on_serve(Server(), config=None, builder=None)  # type: ignore[arg-type]
    assert sorted(watched) == sorted([str(docs / FOLDER / "scenes"), str(scenes.CHROME_DIR)])
