"""The declared versions: ``versions.yml`` maps each version to a commit of main.

A fresh clone of main has no tags and no other branches, so the commits named here are
the only history the versioned build may rely on; they are all reachable from main.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

VERSIONS_FILE = "versions.yml"
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


@dataclass(frozen=True)
class Version:
    """One published version: its name, the commit it is built from, and its title."""

    name: str
    commit: str
    title: str
    notes: str = ""


class DeclarationError(ValueError):
    """``versions.yml`` is missing or malformed; the message says where and how."""


def load(root: Path) -> list[Version]:
    """The declared versions, oldest first (the last one becomes ``latest``)."""
    source = root / VERSIONS_FILE
    try:
        raw: Any = yaml.safe_load(source.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise DeclarationError(f"{source}: no versions are declared") from exc
    except yaml.YAMLError as exc:
        raise DeclarationError(f"{source}: not valid YAML: {exc}") from exc
    entries = raw.get("versions") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DeclarationError(f"{source}: expected a non-empty 'versions' list")
    versions = [_version(entry, index, source) for index, entry in enumerate(entries, 1)]
    names = [v.name for v in versions]
    if len(set(names)) != len(names):
        raise DeclarationError(f"{source}: a version is declared twice: {names}")
    if names != sorted(names, key=_sort_key):
        raise DeclarationError(f"{source}: versions must be listed oldest first: {names}")
    return versions


def _version(entry: Any, index: int, source: Path) -> Version:
    if not isinstance(entry, dict):
        raise DeclarationError(f"{source}: entry {index} must be a mapping")
    name, commit = str(entry.get("version", "")), str(entry.get("commit", ""))
    if not _VERSION.match(name):
        raise DeclarationError(f"{source}: entry {index}: version {name!r} is not like 1.2")
    if not _COMMIT.match(commit):
        raise DeclarationError(f"{source}: version {name}: commit {commit!r} is not a hex id")
    return Version(name, commit, str(entry.get("title") or name), str(entry.get("notes") or ""))


def _sort_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split("."))


def next_version(versions: list[Version]) -> str:
    """The version after the newest one: ``1.3`` after ``1.2``."""
    parts = list(_sort_key(versions[-1].name))
    parts[-1] += 1
    return ".".join(str(p) for p in parts)


def append(root: Path, version: Version) -> None:
    """Add ``version`` at the end of ``versions.yml``, keeping its comments."""
    source = root / VERSIONS_FILE
    block = (
        f'  - version: "{version.name}"\n'
        f"    commit: {version.commit}\n"
        f'    title: "{version.title}"\n'
    )
    if version.notes:
        block += f'    notes: "{version.notes}"\n'
    text = source.read_text("utf-8")
    source.write_text(text.rstrip("\n") + "\n" + block, "utf-8")
