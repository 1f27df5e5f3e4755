"""MkDocs adapter for the anchor registry: fail the build when a promised link breaks.

The work is in :mod:`site_plugins.anchors.steps`, which the Zensical build runs too.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from site_plugins.anchors import registry, steps
from site_plugins.anchors.config import AnchorsConfig
from site_plugins.exchanges import ExchangeError

log = get_plugin_logger(__name__)


class AnchorsPlugin(BasePlugin[AnchorsConfig]):
    def __init__(self) -> None:
        self.registry: registry.Registry | None = None

    # Read the registry once per build, before any page is rendered, so a malformed
    # file stops the build at once with its own message.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent
        try:
            self.registry = registry.load(root, filename=self.config.registry)
        except registry.RegistryError as exc:
            raise PluginError(str(exc)) from exc
        return None

    # The "Copy link" script, the moved-anchor script and its map, with the other
    # files, so `mkdocs serve` serves them as well as `mkdocs build` (extra_javascript
    # in mkdocs.yml loads them).
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.registry is None:
            return None
        for dest, text in steps.site_files(self.registry).items():
            files.append(File.generated(config, dest, content=text))
        return files

    # Fill the errors index from the catalog of the page's exchange, on the page's
    # HTML (the marker survives Markdown), as the Zensical build does.
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        try:
            return steps.render_errors_index(html, page.url)
        except ExchangeError as exc:
            raise PluginError(f"errors index: {exc}") from exc

    # Check after everything is written (last, after other plugins rewrote HTML), so
    # the check sees exactly what readers get.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.registry is None:
            return
        missing = steps.missing(Path(config.site_dir), self.registry)
        if not missing:
            log.info("all %d registered links resolve", len(self.registry.links()))
            return
        message = "registered anchors missing from the built site: " + ", ".join(missing)
        if self.config.strict:
            raise PluginError(message)
        log.warning(message)
