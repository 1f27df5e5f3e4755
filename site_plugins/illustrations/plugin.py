"""MkDocs adapter: keeps illustrations fresh and rewrites their figures.

Follows Material's plugin model: options in ``config.py``, the work in plain modules
(:mod:`site_plugins.illustrations.steps`, which the Zensical build runs too), and here
only the hooks, each with its priority and the reason for its place.
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

from site_plugins.illustrations import html, scenes, sources, steps
from site_plugins.illustrations.config import IllustrationsConfig

log = get_plugin_logger(__name__)


class IllustrationsPlugin(BasePlugin[IllustrationsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.docs_dir = Path()
        self.prepared: steps.Prepared | None = None
        self.illustrations: dict[str, sources.Illustration] = {}
        self.placed: list[html.Placed] = []

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
        options = steps.Options(**{k: self.config[k] for k in steps.Options().__dict__})
        try:
            self.prepared = steps.prepare(self.docs_dir, options, log.warning)
        except steps.StepError as exc:
            raise PluginError(str(exc)) from exc
        self.illustrations = self.prepared.illustrations
        self.placed = self.prepared.placed

    # Keep scene sources and manifests out of the site (they are build inputs) and
    # add the plugin's stylesheet and lightbox as generated files.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.prepared is None:
            return None
        for file in list(files):
            if file.abs_src_path and steps.is_build_input(Path(file.abs_src_path), self.prepared):
                files.remove(file)
        for path, source in (
            (self.config.stylesheet, steps.STYLESHEET),
            (self.config.lightbox, steps.LIGHTBOX),
        ):
            files.append(File.generated(config, path, content=source.read_text(encoding="utf-8")))
        return files

    # Rewrite the figures before any later plugin (privacy, CSP hashing) reads the
    # final HTML.
    @event_priority(50)
    def on_page_content(
        self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.prepared is None:
            return None
        try:
            return steps.rewrite(html_text, page.url, self.prepared)
        except steps.StepError as exc:
            raise PluginError(str(exc)) from exc

    # Report what the illustrations cost, once everything is written.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.prepared is None:
            return
        self.prepared.placed = self.placed
        log.info(steps.report(self.prepared))

    # Watch the scene folders and the shared chrome explicitly, so a saved scene or
    # chrome file rebuilds (and re-renders) even where the docs folder is not watched.
    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        if not self.config.enabled or self.prepared is None:
            return None
        folders = {s.path.parent for s in self.prepared.scenes}
        if self.prepared.scenes:
            folders.add(scenes.CHROME_DIR)
        for folder in sorted(folders):
            server.watch(str(folder))
        return server
