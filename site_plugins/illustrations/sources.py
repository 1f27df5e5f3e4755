"""Which images serve each illustration slot: a rendered scene or a real screenshot.

A *slot* is the image a page's figure points at, ``<folder>/<name>.png`` (or ``.webp``).
It is served by, in this order:

1. **A screenshot override** that a maintainer dropped next to it::

       <folder>/<name>.screenshot.png         light palette, 1x (required)
       <folder>/<name>.screenshot@2x.png      light palette, 2x (optional)
       <folder>/<name>.screenshot.dark.png    dark palette, 1x (optional; else the light one)
       <folder>/<name>.screenshot.dark@2x.png dark palette, 2x (optional)

   (``.webp`` works as well as ``.png``.) The 1x image's pixel size becomes the figure's
   width and height; a 2x file must be exactly twice that, a dark file the same size,
   and every file must fit the byte budget. A screenshot has no numbered markers, so
   the figure gets no numbered list; its scene, if any, is simply not used. Remember to
   reword the figure's caption, which says that the image is an illustration.

2. **A rendered scene**, ``<folder>/scenes/<name>.html``, through the images and sizes
   recorded in ``<folder>/manifest.json`` (see ``render`` and ``manifest``).

Anything else is left as the page wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from site_plugins.illustrations import manifest as mf
from site_plugins.illustrations import scenes as sc

_OVERRIDE = re.compile(
    r"^(?P<name>.+?)\.screenshot(?P<dark>\.dark)?(?P<x2>@2x)?\.(?P<ext>png|webp)$"
)
IMAGE_SUFFIXES = (".png", ".webp")


@dataclass(frozen=True)
class Variant:
    scheme: str  # "light" or "dark"
    src: str  # docs-relative POSIX path of the 1x image
    src2x: str | None  # docs-relative POSIX path of the 2x image, if any


@dataclass(frozen=True)
class Illustration:
    name: str
    folder: str  # docs-relative POSIX folder, "htx/illustrations"
    kind: str  # "scene" or "screenshot"
    width: int
    height: int
    variants: tuple[Variant, ...]  # light first, then dark
    markers: tuple[sc.Marker, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.folder}/{self.name}"

    def files(self) -> list[str]:
        out: list[str] = []
        for v in self.variants:
            for src in (v.src, v.src2x):
                if src and src not in out:
                    out.append(src)
        return out


class SourceError(ValueError):
    """An image set breaks a rule (size, budget, decoding); the message says which."""


def slot_key(docs_path: str) -> str | None:
    """``htx/illustrations/step-2.png`` -> ``htx/illustrations/step-2``; else None."""
    for suffix in IMAGE_SUFFIXES:
        if docs_path.endswith(suffix):
            return docs_path[: -len(suffix)]
    return None


def collect(docs_dir: Path, scenes: list[sc.Scene]) -> dict[str, Illustration]:
    """Every slot that has a screenshot override or a rendered scene, by ``slot_key``."""
    found: dict[str, Illustration] = {}
    for scene in scenes:
        entry = mf.Manifest.load(scene.out_dir).get(scene.name)
        if entry is None:
            continue
        folder = scene.folder
        variants = tuple(
            Variant(
                scheme,
                f"{folder}/{entry.file(scheme, '1x')}",
                f"{folder}/{entry.file(scheme, '2x')}",
            )
            for scheme in mf.SCHEMES
        )
        ill = Illustration(
            scene.name, folder, "scene", entry.width, entry.height, variants, scene.markers
        )
        found[ill.key] = ill
    for ill in _overrides(docs_dir):
        found[ill.key] = ill
    return found


def _overrides(docs_dir: Path) -> list[Illustration]:
    groups: dict[tuple[str, str], dict[tuple[bool, bool], str]] = {}
    for path in sorted(docs_dir.glob("**/*.screenshot*.*")):
        match = _OVERRIDE.match(path.name)
        if not match or not path.is_file():
            continue
        folder = _rel(docs_dir, path.parent)
        files = groups.setdefault((folder, match["name"]), {})
        role = (bool(match["dark"]), bool(match["x2"]))
        if role in files:
            raise SourceError(f"two screenshot files for one role: {files[role]} and {path.name}")
        files[role] = f"{folder}/{path.name}"
    out = []
    for (folder, name), files in groups.items():
        light = files.get((False, False))
        if light is None:
            raise SourceError(
                f"{folder}/{name}: screenshot override needs {name}.screenshot.png (or .webp) "
                f"as its light 1x image"
            )
        width, height = _size(docs_dir / light)
        dark = files.get((True, False))
        variants = [Variant("light", light, files.get((False, True)))]
        if dark:
            variants.append(Variant("dark", dark, files.get((True, True))))
        elif (True, True) in files:
            raise SourceError(f"{folder}/{name}: a dark 2x screenshot needs its dark 1x image")
        out.append(Illustration(name, folder, "screenshot", width, height, tuple(variants)))
    return out


def problems(docs_dir: Path, ill: Illustration, budget: int) -> list[str]:
    """What is wrong with an illustration's files: missing, undecodable, size, budget."""
    issues = []
    for variant in ill.variants:
        for src, factor in ((variant.src, 1), (variant.src2x, 2)):
            if src is None:
                continue
            path = docs_dir / src
            if not path.is_file():
                issues.append(f"{src}: missing")
                continue
            size = path.stat().st_size
            if size > budget:
                issues.append(f"{src}: {size:,} bytes, over the {budget:,}-byte budget")
            try:
                actual = _size(path)
            except SourceError as exc:
                issues.append(str(exc))
                continue
            expected = (ill.width * factor, ill.height * factor)
            if actual != expected:
                issues.append(
                    f"{src}: {actual[0]}x{actual[1]} px, expected {expected[0]}x{expected[1]}"
                )
    return issues


def _size(path: Path) -> tuple[int, int]:
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            image.load()
            return image.size
    except Exception as exc:  # Pillow raises many types for a broken file
        raise SourceError(f"{path.name}: not a readable image ({exc})") from exc


def _rel(docs_dir: Path, path: Path) -> str:
    return path.resolve().relative_to(docs_dir.resolve()).as_posix()
