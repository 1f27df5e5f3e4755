"""Finds the illustration scenes under ``docs/``, composes them and reads what they declare.

A scene is ``<dir>/scenes/<name>.html``, drawn for the figure whose image is
``<dir>/<name>.png``. Files in ``scenes/`` whose name starts with ``_`` are partials,
not scenes: an exchange's own page layouts (``_htx.html``, ``_okx-api.html``...).

The chrome every exchange shares lives once, in ``site_plugins/illustrations/chrome/``
(``CHROME_DIR``): the browser window (``_window.html``, the whole document), the
trading platform's page (``_platform.html``) and the base stylesheet (``_base.css``,
inlined by ``_window.html``). A scene's folder may add ``scenes/scene.css``, linked
after the base, for what is the exchange's own (its colours). So a new exchange's
folder holds its scenes, its own layouts and its colours, and no copied chrome.

Composition is Jinja template inheritance, as in the theme's ``overrides/``. A scene
names the layout it is drawn in and fills that layout's blocks with what is its own::

    {# Step 4: the permission checkboxes. #}
    {% extends "_htx-account.html" %}
    {% block head %}<title>HTX: API key permissions</title><style>...</style>{% endblock %}
    {% block main %}<div class="main">...</div>{% endblock %}

A partial may extend another partial (``_htx-account.html`` extends ``_htx.html``,
which extends the shared ``_window.html``); a block the scene leaves out keeps the
layout's content, so a partial's blocks are its defaults. Each partial's first comment
lists its blocks. Rules: a scene or partial extends or includes only ``_name`` partials
of its own folder or of the shared chrome, looked up in that order; a partial of the
scene's folder may not carry the name of a shared one (it would hide it: extend the
shared one under another name instead); in a file that extends a layout, markup
outside every block is an error (Jinja would drop it), so notes go in ``{# ... #}``. A
scene may also be a whole HTML page that extends nothing. The composed HTML is what
Chromium renders (``python -m site_plugins.illustrations html NAME`` prints it) and
what everything below is read from. It declares:

- its size, ``<meta name="illustration-size" content="800x500">`` (default 800 x 500);
- its numbered markers, ``<span class="marker" data-marker="1" data-label="...">``:
  the numbers must run 1, 2, 3... and each label is the sentence the site prints in
  the numbered list under the figure (``**text**`` is set in bold);
- every key or secret it shows, ``data-credential="api_key"`` (or ``"secret_key"``) on
  the element whose text is the value, so the tests can prove each one is a placeholder.

A scene is known by its *key*, ``<folder>/<name>`` with the folder of its images
relative to ``docs/`` (``htx/illustrations/step-2``, the same as its figure's slot):
two exchanges may each have a ``step-2``. The digest of a scene covers its composed
HTML (with the inlined base stylesheet), every local stylesheet it links and the
renderer version, so an edit to a partial, the shared chrome or an exchange's
stylesheet re-renders every scene using it, and nothing else.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from jinja2 import nodes

SCENES_DIR = "scenes"
# The chrome every exchange's scenes share: searched after the scene's own folder.
CHROME_DIR = Path(__file__).parent / "chrome"
# An exchange's own stylesheet, next to its scenes; linked after the shared base.
EXCHANGE_STYLESHEET = "scene.css"
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
    folder: str  # out_dir relative to docs/, POSIX: "htx/illustrations"
    width: int
    height: int
    markers: tuple[Marker, ...]
    credentials: tuple[Credential, ...]
    dependencies: tuple[Path, ...] = field(default=())  # local stylesheets it links
    title: str = ""
    html: str = ""  # the composed page: the scene in its layouts
    partials: tuple[Path, ...] = field(default=())  # the layouts and includes it uses

    @property
    def key(self) -> str:
        """``htx/illustrations/step-2``: unique under docs/, unlike the bare name."""
        return f"{self.folder}/{self.name}"

    @property
    def exchange(self) -> str:
        """The docs folder the scene belongs to, ``htx``: the first part of its folder."""
        return self.folder.split("/", 1)[0]

    def answers_to(self, wanted: str) -> bool:
        """Whether ``wanted`` names this scene: its key, ``htx/step-2`` or ``step-2``."""
        return wanted in (self.key, f"{self.exchange}/{self.name}", self.name)

    def digest(self, renderer_version: str) -> str:
        """``sha256:<hex>`` over the renderer version, the composed HTML, its stylesheets."""
        h = hashlib.sha256()
        h.update(f"renderer {renderer_version}\n".encode())
        page = self.html.encode()
        h.update(f"{self.path.name} {len(page)}\n".encode())
        h.update(page)
        for part in self.dependencies:
            data = part.read_bytes()
            h.update(f"{part.name} {len(data)}\n".encode())
            h.update(data)
        return "sha256:" + h.hexdigest()

    def standalone_html(self) -> str:
        """The composed HTML with a ``<base>`` at the scene's folder, to open anywhere."""
        base = f'<base href="{self.path.parent.resolve().as_uri()}/">'
        at = re.search(r"<head\b[^>]*>", self.html, flags=re.I) or re.match(
            r"\s*<!doctype[^>]*>", self.html, flags=re.I
        )
        cut = at.end() if at else 0
        return f"{self.html[:cut]}\n{base}{self.html[cut:]}"


def discover(docs_dir: Path) -> list[Scene]:
    """Every scene under ``docs_dir``, sorted by folder and name."""
    found = sorted(docs_dir.glob(f"**/{SCENES_DIR}/*.html"))
    return [load(path, docs_dir) for path in found if not path.name.startswith("_")]


def select(found: list[Scene], wanted: str) -> list[Scene]:
    """The scenes ``wanted`` names (see ``Scene.answers_to``): one, or one per folder."""
    return [scene for scene in found if scene.answers_to(wanted)]


def load(path: Path, docs_dir: Path) -> Scene:
    """The scene at ``path``, a file under ``docs_dir``, composed and read."""
    html, partials = compose(path)
    parser = _SceneParser()
    parser.feed(html)
    parser.close()
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
        folder=path.parent.parent.resolve().relative_to(docs_dir.resolve()).as_posix(),
        width=width,
        height=height,
        markers=markers,
        credentials=tuple(credentials),
        dependencies=tuple(deps),
        title=parser.title.strip(),
        html=html,
        partials=partials,
    )


def compose(path: Path) -> tuple[str, tuple[Path, ...]]:
    """The scene at ``path`` rendered into its layouts, and the partials it used."""
    loader = _PartialLoader(path)
    env = jinja2.Environment(
        loader=loader,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    own_css = path.parent / EXCHANGE_STYLESHEET
    env.globals["exchange_stylesheet"] = EXCHANGE_STYLESHEET if own_css.is_file() else ""
    try:
        html = env.get_template(path.name).render()
    except jinja2.TemplateSyntaxError as exc:
        raise SceneError(f"{exc.filename or path}:{exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise SceneError(
            f"{path}: no partial {exc.name} in {path.parent} or the shared chrome ({CHROME_DIR})"
        ) from exc
    except jinja2.TemplateError as exc:
        raise SceneError(f"{path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SceneError(f"{path}: not UTF-8 ({exc})") from exc
    return html, tuple(loader.partials)


class _PartialLoader(jinja2.FileSystemLoader):
    """Loads a scene, the ``_*`` partials of its folder and those of the shared chrome."""

    def __init__(self, scene: Path) -> None:
        super().__init__([str(scene.parent), str(CHROME_DIR)], encoding="utf-8")
        self.scene = scene
        self.partials: list[Path] = []

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        is_partial = template != self.scene.name
        if is_partial and ("/" in template or not template.startswith("_")):
            raise SceneError(
                f"{self.scene}: {template} is not a partial: layouts and includes are "
                f"_name files next to the scenes or in the shared chrome ({CHROME_DIR})"
            )
        own, shared = self.scene.parent / template, CHROME_DIR / template
        if is_partial and own.is_file() and shared.is_file():
            raise SceneError(
                f"{own}: hides the shared chrome's {template} ({shared}); give the "
                f"exchange's layout another name and extend the shared one"
            )
        source, filename, uptodate = super().get_source(environment, template)
        where = Path(filename)
        if template.endswith(".html"):
            _check_blocks_only(environment, source, where)
        if is_partial:
            self.partials.append(where)
        return source, filename, uptodate


def _check_blocks_only(env: jinja2.Environment, source: str, where: Path) -> None:
    """A file that extends a layout may hold nothing but blocks (Jinja drops the rest)."""
    try:
        body = env.parse(source, where.name, str(where)).body
    except jinja2.TemplateSyntaxError:
        return  # reported with its line when the template is compiled
    if not any(isinstance(node, nodes.Extends) for node in body):
        return
    for node in body:
        if isinstance(node, nodes.Output) and any(
            not isinstance(n, nodes.TemplateData) or n.data.strip() for n in node.nodes
        ):
            raise SceneError(
                f"{where}:{node.lineno}: markup outside every {{% block %}} of a file that "
                f"extends a layout would be dropped; put it in a block, or a note in {{# #}}"
            )


def external_references(text: str) -> list[str]:
    """Every src/href/url() in a scene's HTML or a stylesheet that points at another host."""
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
