"""The committed record of which scene source produced which images.

One ``manifest.json`` per illustrations folder (next to the images), so an entry is
known by folder and scene name together, the scene's key: two exchanges' ``step-2``
never meet in one manifest. For each illustration it keeps the scene's digest (see
``scenes.Scene.digest``), the CSS pixel size, and every image file with its byte
count and sha256. An illustration is *fresh* when its scene's digest matches and every
file listed exists with the recorded hash; anything else is *stale* and is rendered
again (or reported, where no browser exists).
The file is written with sorted keys and a trailing newline so diffs stay small.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.json"
SCHEMES = ("light", "dark")
SCALES = ("1x", "2x")


def image_name(name: str, scheme: str, scale: str, ext: str = "webp") -> str:
    """``step-2.light.webp``, ``step-2.dark@2x.webp``..."""
    suffix = "" if scale == "1x" else "@2x"
    return f"{name}.{scheme}{suffix}.{ext}"


def fallback_name(name: str) -> str:
    """The image the page's Markdown points at; used as-is by any other generator."""
    return f"{name}.png"


def sha256_file(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Entry:
    name: str
    digest: str
    width: int
    height: int
    files: dict[str, dict[str, object]]  # role ("light@1x", "fallback"...) -> record

    def file(self, scheme: str, scale: str) -> str:
        return str(self.files[f"{scheme}@{scale}"]["file"])

    def is_fresh(self, digest: str, folder: Path) -> bool:
        if digest != self.digest:
            return False
        for record in self.files.values():
            path = folder / str(record["file"])
            if not path.is_file() or sha256_file(path) != record["sha256"]:
                return False
        return True

    def to_json(self) -> dict[str, object]:
        return {
            "digest": self.digest,
            "width": self.width,
            "height": self.height,
            "files": self.files,
        }


class Manifest:
    def __init__(self, folder: Path, entries: dict[str, Entry] | None = None) -> None:
        self.folder = folder
        self.entries: dict[str, Entry] = entries or {}

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_NAME

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_NAME
        if not path.is_file():
            return cls(folder)
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = {
            name: Entry(name, e["digest"], int(e["width"]), int(e["height"]), dict(e["files"]))
            for name, e in raw.get("illustrations", {}).items()
        }
        return cls(folder, entries)

    def get(self, name: str) -> Entry | None:
        return self.entries.get(name)

    def is_fresh(self, name: str, digest: str) -> bool:
        entry = self.entries.get(name)
        return entry is not None and entry.is_fresh(digest, self.folder)

    def record(self, entry: Entry) -> None:
        self.entries[entry.name] = entry

    def prune(self, keep: set[str]) -> list[str]:
        """Forget illustrations whose scene is gone; returns their names."""
        gone = sorted(set(self.entries) - keep)
        for name in gone:
            del self.entries[name]
        return gone

    def save(self) -> None:
        data = {
            "about": (
                "Written by `python -m site_plugins.illustrations render`: scene digests "
                "and the images rendered from them. Do not edit by hand."
            ),
            "illustrations": {n: self.entries[n].to_json() for n in sorted(self.entries)},
        }
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if not self.path.is_file() or self.path.read_text(encoding="utf-8") != text:
            self.path.write_text(text, encoding="utf-8")
