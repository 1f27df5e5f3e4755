"""MkDocs adapter for hosting: the CSP and ``_headers`` over the finished site (last)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.base import Config
from mkdocs.config.config_options import DictOfItems, ListOfItems, Type
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from site_plugins.hosting import site
from site_plugins.hosting.headers import HOSTING_HEADERS

log = get_plugin_logger(__name__)


class HostingConfig(Config):
    enabled = Type(bool, default=True)
    csp = Type(bool, default=True)
    headers_file = Type(bool, default=True)
    # See policy.policy() for why inline styles are allowed by default.
    style_unsafe_inline = Type(bool, default=True)
    # Site folders (globs) named by their content, served as immutable.
    immutable = ListOfItems(Type(str), default=[])
    headers = DictOfItems(Type(str), default=dict(HOSTING_HEADERS))


class HostingPlugin(BasePlugin[HostingConfig]):
    def __init__(self) -> None:
        self.serving = False

    # Under `mkdocs serve` the live-reload server injects an inline script into every
    # page, which a hash-based policy would block: no policy there (the test server
    # and production apply it).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Last, after redirect stubs and the 404 page are written and every other plugin
    # changed the pages.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self.serving:
            log.info("hosting: no CSP under `mkdocs serve` (its live reload is an inline script)")
            return
        options = site.Options.from_mapping(
            {k: v for k, v in self.config.items() if k != "enabled"}
        )
        report = site.secure(Path(config.site_dir), options, site_url=config.site_url)
        log.info(
            "hosting: CSP written to %d HTML files%s (%d inline-script hashes)",
            report.pages,
            " and _headers" if report.headers_file else "",
            report.script_hashes,
        )
