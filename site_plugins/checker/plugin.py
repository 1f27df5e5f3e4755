"""MkDocs adapter for the in-browser checker: ship the runtime, render the widget,
precompress the finished site.

The work is done by :mod:`site_plugins.checker.steps` (the same steps the Zensical
build runs); the hooks below only decide when each runs. The page's security headers
are the hosting plugin's (``site_plugins/hosting``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from site_plugins.checker import steps
from site_plugins.checker.config import CheckerConfig
from site_plugins.exchanges import ExchangeError

log = get_plugin_logger(__name__)

WIDGET_SCRIPT = "widget.js"


class CheckerPlugin(BasePlugin[CheckerConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.runtime: steps.Runtime | None = None

    # Once per process: no precompressed copies under `mkdocs serve` (pages change on
    # every edit; the copies are for hosts).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Before anything is read: reset per-build state (serve rebuilds reuse the plugin).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.runtime = None
        if self.config.enabled and not config.site_url:
            log.warning("checker: site_url is not set, so Material's instant navigation stays off")
        return None

    # Once the docs are collected: verify Pyodide, build the validator wheel, its lock
    # and the snapshot (cached), and add them with the checker's browser files to the
    # site's files so MkDocs copies them like any other asset. Late, so other plugins'
    # file changes are already in.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent
        options = steps.Options.from_mapping(
            {k: v for k, v in self.config.items() if k != "enabled"}
        )
        try:
            self.runtime = steps.prepare(root, options, log.info)
        except steps.StepError as exc:
            raise PluginError(str(exc)) from exc
        if self.runtime.stdlib_error:
            # A warning (an error under --strict): the checker would boot on the full
            # standard library, 2 MB more. `stdlib_trim: false` turns it off.
            log.warning(
                "checker: booting on the full standard library: %s", self.runtime.stdlib_error
            )
        if self.runtime.snapshot_error:
            # A warning (an error under --strict): the site would still work, booting
            # plainly, but slower than it should. `snapshot: false` turns it off.
            log.warning(
                "checker: no memory snapshot, the checker will boot without one: %s",
                self.runtime.snapshot_error,
            )
        for dest, source in self.runtime.files().items():
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        return files

    # After Markdown became HTML: replace the marker comments with the widget of the
    # page's exchange, whose paths are relative to the page (so every version of the
    # site loads its own runtime).
    @event_priority(-50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.runtime is None:
            return None
        try:
            return steps.render_page(html, page.url, self.runtime)
        except ExchangeError as exc:
            raise PluginError(f"checker: {exc}") from exc

    # The browser files live next to this plugin, outside docs/: watch them so an
    # edit reloads the page under `mkdocs serve`.
    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(steps.ASSETS))
        return server

    # Check the widget's script is loaded wherever the widget is.
    def _check_script(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.runtime is None or not self.runtime.pages:
            return
        if not any(str(s).endswith(f"checker/{WIDGET_SCRIPT}") for s in config.extra_javascript):
            log.warning(
                "checker: pages %s embed the widget but extra_javascript lacks its script",
                self.runtime.pages,
            )

    # After everything else, the hosting plugin's policy (-100) included: the pages'
    # final bytes are what gets compressed.
    @event_priority(-150)
    def _precompress(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.runtime is None or self.serving:
            return
        if self.config.precompress:
            steps.precompress_site(Path(config.site_dir), self.runtime, log.info, log.warning)

    on_post_build = CombinedEvent(_check_script, _precompress)
