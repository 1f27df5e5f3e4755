"""MkDocs adapter for the anchor registry: fail the build when a promised link breaks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from site_plugins.anchors import check, errors_index, registry
from site_plugins.anchors.config import AnchorsConfig

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).with_name("assets")
MOVED_SCRIPT = "assets/anchors/moved.js"
MOVED_MAP = "assets/anchors/moved-anchors.json"
COPY_SCRIPT = "assets/anchors/copy-link.js"


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
        config.extra_javascript.append(COPY_SCRIPT)
        if self.registry.moved:
            config.extra_javascript.append(MOVED_SCRIPT)
        return None

    # Write the redirect script for moved anchors and its map with the other files,
    # so `mkdocs serve` serves them as well as `mkdocs build`.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.registry is None:
            return None
        copy_script = (ASSETS / "copy-link.js").read_text("utf-8")
        files.append(File.generated(config, COPY_SCRIPT, content=copy_script))
        if self.registry.moved:
            script = (ASSETS / "moved.js").read_text("utf-8")
            files.append(File.generated(config, MOVED_SCRIPT, content=script))
            data = json.dumps(self.registry.moved, sort_keys=True, indent=1)
            files.append(File.generated(config, MOVED_MAP, content=data))
        return files

    # Fill the errors index from the validator's catalog before Markdown is rendered,
    # so the index links are checked like any other link.
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or errors_index.MARKER not in markdown:
            return None
        exchange = page.url.split("/", 1)[0]
        return errors_index.replace_marker(markdown, _catalog(exchange), page.url)

    # Check after everything is written (last, after other plugins rewrote HTML), so
    # the check sees exactly what readers get.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.registry is None:
            return
        missing = check.missing_anchors(Path(config.site_dir), self.registry)
        if not missing:
            log.info("all %d registered links resolve", len(self.registry.links()))
            return
        message = "registered anchors missing from the built site: " + ", ".join(missing)
        if self.config.strict:
            raise PluginError(message)
        log.warning(message)


def _catalog(exchange: str) -> dict[str, Any]:
    import validator

    try:
        return validator.catalog(exchange)
    except Exception as exc:  # the validator names the unknown exchange
        raise PluginError(f"errors index: no validator catalog for {exchange!r}: {exc}") from exc
