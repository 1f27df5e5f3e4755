"""Options of the anchors plugin, each with its default."""

from mkdocs.config.base import Config
from mkdocs.config.config_options import Type


class AnchorsConfig(Config):
    enabled = Type(bool, default=True)
    # Path of the registry, relative to the directory of mkdocs.yml.
    registry = Type(str, default="anchors.yml")
    # Fail the build (rather than warn) when a registered anchor is missing.
    strict = Type(bool, default=True)
