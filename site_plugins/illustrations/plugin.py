"""MkDocs adapter: keeps illustrations fresh and rewrites their figures.

Follows Material's plugin model: options in ``config.py``, the work in plain modules,
and here only the hooks, each with its priority and the reason for its place.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from site_plugins.illustrations import html, manifest, render, scenes, sources
from site_plugins.illustrations.config import IllustrationsConfig

log = get_plugin_logger(__name__)
_ASSETS = Path(__file__).parent / "assets"
_STYLESHEET = _ASSETS / "illustrations.css"
_LIGHTBOX = _ASSETS / "lightbox.js"


class IllustrationsPlugin(BasePlugin[IllustrationsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.docs_dir = Path()
        self.scenes: list[scenes.Scene] = []
        self.illustrations: dict[str, sources.Illustration] = {}
        self.placed: list[html.Placed] = []
        self.rendered: list[str] = []

    # Register the stylesheet and the lightbox early, so the theme and any later plugin
    # see them in extra_css / extra_javascript like ones written in mkdocs.yml.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.docs_dir = Path(config.docs_dir)
        if self.config.stylesheet not in config.extra_css:
            config.extra_css.append(self.config.stylesheet)
        if self.config.lightbox not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(self.config.lightbox)
            script.type = "module"
            config.extra_javascript.append(script)
        return config

    # Bring stale images up to date before MkDocs collects the files, so images
    # rendered now are part of this very build; then check every image set once.
    @event_priority(50)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.placed = []
        self.rendered = []
        try:
            self.scenes = scenes.discover(self.docs_dir)
        except scenes.SceneError as exc:
            raise PluginError(f"illustrations: {exc}") from exc
        stale = render.stale(self.scenes)
        if stale:
            self._refresh(stale)
        try:
            self.illustrations = sources.collect(self.docs_dir, self.scenes)
        except sources.SourceError as exc:
            raise PluginError(f"illustrations: {exc}") from exc
        issues = []
        for ill in self.illustrations.values():
            issues += sources.problems(self.docs_dir, ill, self.config.budget)
        if issues:
            raise PluginError("illustrations: " + "; ".join(issues))

    # Keep scene sources and manifests out of the site (they are build inputs) and
    # add the plugin's stylesheet and lightbox as generated files.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        folders = {s.out_dir.resolve() for s in self.scenes}
        for file in list(files):
            path = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            if path is None:
                continue
            in_scenes = path.parent.name == scenes.SCENES_DIR and path.parent.parent in folders
            is_manifest = path.name == manifest.MANIFEST_NAME and path.parent in folders
            if in_scenes or is_manifest:
                files.remove(file)
        for path, source in (
            (self.config.stylesheet, _STYLESHEET),
            (self.config.lightbox, _LIGHTBOX),
        ):
            files.append(File.generated(config, path, content=source.read_text(encoding="utf-8")))
        return files

    # Rewrite the figures before any later plugin (privacy, CSP hashing) reads the
    # final HTML.
    @event_priority(50)
    def on_page_content(
        self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or not self.illustrations:
            return None
        try:
            out, placed = html.rewrite(html_text, page.url, self.illustrations.get)
        except html.FigureError as exc:
            raise PluginError(f"illustrations: {exc}") from exc
        self.placed += placed
        return out

    # Report what the illustrations cost, once everything is written.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        used = sorted({f for p in self.placed for f in p.illustration.files()})
        total = sum((self.docs_dir / f).stat().st_size for f in used)
        largest = max(used, key=lambda f: (self.docs_dir / f).stat().st_size, default=None)
        # A reader fetches one palette's variant per figure: the 2x files on a HiDPI screen.
        per_reader = max(_reader_bytes(self.docs_dir, self.placed, s) for s in manifest.SCHEMES)
        log.info(
            "illustrations: %d figure(s), %d image files, %s bytes (%.1f MB) in total%s; "
            "a reader downloads at most %s bytes; rendered %s",
            len(self.placed),
            len(used),
            f"{total:,}",
            total / 1_000_000,
            f", largest {largest}" if largest else "",
            f"{per_reader:,}",
            ", ".join(self.rendered) or "nothing",
        )

    # Watch the scene folders explicitly, so a saved scene rebuilds (and re-renders)
    # even where the docs folder itself is not watched.
    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        if not self.config.enabled:
            return None
        for folder in sorted({s.path.parent for s in self.scenes}):
            server.watch(str(folder))
        return server

    def _refresh(self, stale: list[scenes.Scene]) -> None:
        names = [s.name for s in stale]
        if not self.config.render:
            self._stale(names, "rendering at build time is switched off (render: false)")
            return
        try:
            self.rendered = render.render(self.docs_dir, names=names)
        except render.RenderError as exc:
            raise PluginError(f"illustrations: {exc}") from exc
        except Exception as exc:
            if not _browser_missing(exc):
                raise
            self._stale(names, f"Chromium could not render them ({_first_line(exc)})")

    def _stale(self, names: list[str], reason: str) -> None:
        message = (
            f"illustrations: stale image(s) for {', '.join(names)}: the scene changed since "
            f"the committed images were rendered, and {reason}. Run `python -m "
            f"site_plugins.illustrations render` where Chromium is installed and commit the "
            f"images, or set `stale: warn` to build with the old images."
        )
        if self.config.stale == "warn":
            log.warning(message)
            return
        raise PluginError(message)


def _reader_bytes(docs_dir: Path, placed: list[html.Placed], scheme: str) -> int:
    total = 0
    for figure in placed:
        variants = figure.illustration.variants
        variant = next((v for v in variants if v.scheme == scheme), variants[0])
        total += (docs_dir / (variant.src2x or variant.src)).stat().st_size
    return total


def _browser_missing(exc: BaseException) -> bool:
    """No Chromium, no Playwright, or a browser that would not start."""
    from site_plugins import chromium

    if isinstance(exc, chromium.NoBrowserError | ImportError):
        return True
    return type(exc).__module__.startswith("playwright.")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
