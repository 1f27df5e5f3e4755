"""Finds the illustration scenes under ``docs/`` and reads what they declare.

A scene is a small standalone HTML page, ``<dir>/scenes/<name>.html``, drawn for the
figure whose image is ``<dir>/<name>.png``. Files in ``scenes/`` whose name starts with
``_`` are partials, not scenes. A scene declares, in its own markup:

- its size, ``<meta name="illustration-size" content="800x500">`` (default 800 x 500);
- its numbered markers, ``<span class="marker" data-marker="1" data-label="...">``:
  the numbers must run 1, 2, 3... and each label is the sentence the site prints in
  the numbered list under the figure (``**text**`` is set in bold);
- every key or secret it shows, ``data-credential="api_key"`` (or ``"secret_key"``) on
  the element whose text is the value, so the tests can prove each one is a placeholder.

The digest of a scene covers its own bytes, every local stylesheet it links and the
renderer version, so an edit to the shared stylesheet re-renders every scene using it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

SCENES_DIR = "scenes"
DEFAULT_SIZE = (800, 500)
_SIZE = re.compile(r"^\s*(\d{2,4})\s*x\s*(\d{2,4})\s*$")


class SceneError(ValueError):
    """A scene file breaks one of the rules above; the message names file and rule."""


@dataclass(frozen=True)
class Marker:
    number: int
    label: str


@dataclass(frozen=True)
class Credential:
    kind: str  # "api_key" or "secret_key"
    value: str


@dataclass(frozen=True)
class Scene:
    name: str
    path: Path
    out_dir: Path  # where the rendered images go: the folder above scenes/
    width: int
    height: int
    markers: tuple[Marker, ...]
    credentials: tuple[Credential, ...]
    dependencies: tuple[Path, ...] = field(default=())  # local stylesheets it links
    title: str = ""

    def digest(self, renderer_version: str) -> str:
        """``sha256:<hex>`` over the renderer version, the scene and its stylesheets."""
        h = hashlib.sha256()
        h.update(f"renderer {renderer_version}\n".encode())
        for part in (self.path, *self.dependencies):
            data = part.read_bytes()
            h.update(f"{part.name} {len(data)}\n".encode())
            h.update(data)
        return "sha256:" + h.hexdigest()

    @property
    def uri(self) -> str:
        return self.path.resolve().as_uri()


def discover(docs_dir: Path) -> list[Scene]:
    """Every scene under ``docs_dir``, sorted by folder and name."""
    found = sorted(docs_dir.glob(f"**/{SCENES_DIR}/*.html"))
    return [load(path) for path in found if not path.name.startswith("_")]


def load(path: Path) -> Scene:
    parser = _SceneParser()
    try:
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
    except UnicodeDecodeError as exc:
        raise SceneError(f"{path}: not UTF-8 ({exc})") from exc
    where = str(path)
    markers = _check_markers(where, parser.markers)
    width, height = DEFAULT_SIZE
    if parser.size is not None:
        match = _SIZE.match(parser.size)
        if not match:
            raise SceneError(f"{where}: illustration-size must look like 800x500")
        width, height = int(match[1]), int(match[2])
    deps = []
    for href in parser.stylesheets:
        target = _local_file(where, path.parent, href)
        deps.append(target)
    credentials = []
    for kind, value in parser.credentials:
        if kind not in ("api_key", "secret_key"):
            raise SceneError(f"{where}: data-credential must be api_key or secret_key, not {kind}")
        credentials.append(Credential(kind, value.strip()))
    return Scene(
        name=path.stem,
        path=path,
        out_dir=path.parent.parent,
        width=width,
        height=height,
        markers=markers,
        credentials=tuple(credentials),
        dependencies=tuple(deps),
        title=parser.title.strip(),
    )


def external_references(path: Path) -> list[str]:
    """Every src/href/url() in a scene or stylesheet that points at another host."""
    text = path.read_text(encoding="utf-8")
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", text, flags=re.I)
    refs += re.findall(r"""url\(\s*["']?([^"')]*)""", text, flags=re.I)
    refs += re.findall(r"""@import\s+["']([^"']*)["']""", text, flags=re.I)
    return [r for r in refs if urlsplit(r).scheme in ("http", "https") or r.startswith("//")]


def _local_file(where: str, base: Path, href: str) -> Path:
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        raise SceneError(f"{where}: stylesheet {href} is not a local file (no other hosts)")
    target = (base / parts.path).resolve()
    if not target.is_file():
        raise SceneError(f"{where}: stylesheet {href} does not exist")
    return target


def _check_markers(where: str, raw: list[tuple[str, str]]) -> tuple[Marker, ...]:
    markers = []
    for number, label in raw:
        if not number.isdigit():
            raise SceneError(f"{where}: data-marker must be a number, not {number!r}")
        if not label.strip():
            raise SceneError(f"{where}: marker {number} has no data-label")
        markers.append(Marker(int(number), " ".join(label.split())))
    markers.sort(key=lambda m: m.number)
    numbers = [m.number for m in markers]
    if numbers != list(range(1, len(numbers) + 1)):
        raise SceneError(f"{where}: markers must be numbered 1..n once each, found {numbers}")
    return tuple(markers)


class _SceneParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.markers: list[tuple[str, str]] = []
        self.credentials: list[tuple[str, str]] = []
        self.stylesheets: list[str] = []
        self.size: str | None = None
        self.title = ""
        self._in_title = False
        # open elements carrying data-credential: [tag, depth, kind, collected text]
        self._capture: list[list] = []
        self._depth = 0

    _VOID = frozenset(("meta", "link", "br", "img", "input", "hr", "source", "wbr"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("name") == "illustration-size":
            self.size = a.get("content", "")
        if tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.stylesheets.append(a.get("href", ""))
        if tag == "title":
            self._in_title = True
        if "data-marker" in a:
            self.markers.append((a["data-marker"], a.get("data-label", "")))
        if tag in self._VOID:
            return
        self._depth += 1
        if "data-credential" in a:
            self._capture.append([tag, self._depth, a["data-credential"], []])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._VOID:
            return
        if self._capture and self._capture[-1][1] == self._depth:
            _, _, kind, parts = self._capture.pop()
            self.credentials.append((kind, "".join(parts)))
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        for capture in self._capture:
            capture[3].append(data)
