"""Options of the ``guides/illustrations`` plugin (see the package docstring)."""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.config_options import Choice, Type

from site_plugins.illustrations.render import BUDGET_BYTES


class IllustrationsConfig(Config):
    enabled = Type(bool, default=True)

    # Re-render a scene whose committed images are stale, when Chromium is available.
    # Switch off (e.g. in CI) to make a stale commit fail the build instead.
    render = Type(bool, default=True)

    # What a stale scene that cannot be rendered does to the build: "error" stops it,
    # "warn" builds with the old images and logs a warning.
    stale = Choice(("error", "warn"), default="error")

    # Largest allowed image file, in bytes (every file: 1x, 2x, light, dark, overrides).
    budget = Type(int, default=BUDGET_BYTES)

    # Site path of the plugin's stylesheet, added to extra_css.
    stylesheet = Type(str, default="assets/illustrations.css")
    # Site path of the lightbox that zooms the figures (a module in extra_javascript).
    lightbox = Type(str, default="assets/lightbox.js")
