"""MkDocs adapter for the exchange registry: the navigation and the landing page's list.

Both come from :mod:`site_plugins.exchanges`, which the Zensical build uses too.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.base import Config
from mkdocs.config.config_options import Type
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from site_plugins import exchanges


class ExchangesConfig(Config):
    enabled = Type(bool, default=True)


class ExchangesPlugin(BasePlugin[ExchangesConfig]):
    # Early, before the navigation is built: one section per registered exchange.
    @event_priority(90)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        docs_dir = Path(config.docs_dir)
        stray = exchanges.stray_folders(docs_dir)
        if stray:
            raise PluginError(
                f"exchanges: docs folder(s) {', '.join(stray)} have no exchange in the "
                "validator's registry (validator/src/keycheck/exchanges/__init__.py)"
            )
        config.nav = exchanges.nav(config.nav or [], docs_dir)
        return config

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if exchanges.LIST_MARKER not in html:
            return None
        return exchanges.render_list(html, page.url, Path(config.docs_dir))
