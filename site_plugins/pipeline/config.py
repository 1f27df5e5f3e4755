"""Reads ``mkdocs.yml`` without MkDocs: the site's settings and each step's options.

The file stays the one configuration of the site; generators that ignore the site's
plugins (Zensical) still get the options written there, through this reader.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """A safe loader that understands ``!ENV`` and leaves ``!!python/name:`` as text."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1] or items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)


def load(root: Path, filename: str = CONFIG_FILE) -> dict[str, Any]:
    with (root / filename).open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError(f"{root / filename}: expected a mapping")
    return data


def plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The options written for plugin ``name``; None when the plugin is not listed."""
    for entry in config.get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    return None


def with_nav(text: str, nav_block: str) -> str:
    """The configuration text with its top-level ``nav:`` block replaced."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("nav:")), None)
    if start is None:
        return text + "\n" + nav_block
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-#"):
        end += 1
    return "".join(lines[:start]) + nav_block + "\n" + "".join(lines[end:])
