"""The illustrations' build steps, for any generator.

:func:`prepare` runs before the generator: it re-renders stale scenes (when allowed and
Chromium is there) and checks every image set. :func:`is_build_input` says which docs
files stay out of the site (scene sources, manifests). :func:`rewrite` turns a page's
figures into palette-aware pictures. The MkDocs plugin and the Zensical build call
these same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_plugins.illustrations import html, manifest, render, scenes, sources

STYLESHEET = Path(__file__).parent / "assets" / "illustrations.css"
# The figures' lightbox (a module: mkdocs.yml lists it in extra_javascript).
LIGHTBOX = Path(__file__).parent / "assets" / "lightbox.js"

Log = Callable[[str], None]
_BUDGET = render.BUDGET_BYTES


class StepError(RuntimeError):
    """Illustrations cannot be published as they are; the message says why."""


@dataclass(frozen=True)
class Options:
    """The illustrations' options (the MkDocs plugin's, same names and defaults)."""

    enabled: bool = True
    render: bool = True
    stale: str = "error"
    budget: int = _BUDGET
    stylesheet: str = "assets/illustrations.css"
    lightbox: str = "assets/lightbox.js"


@dataclass
class Prepared:
    """The scenes of the docs and the image set of every slot, checked."""

    docs_dir: Path
    scenes: list[scenes.Scene]
    illustrations: dict[str, sources.Illustration]
    rendered: list[str] = field(default_factory=list)
    placed: list[html.Placed] = field(default_factory=list)


def prepare(docs_dir: Path, options: Options, log: Log) -> Prepared:
    """Bring stale images up to date (or refuse them) and check every image set."""
    try:
        found = scenes.discover(docs_dir)
    except scenes.SceneError as exc:
        raise StepError(f"illustrations: {exc}") from exc
    rendered: list[str] = []
    stale = render.stale(found)
    if stale:
        rendered = _refresh(docs_dir, stale, options, log)
    try:
        collected = sources.collect(docs_dir, found)
    except sources.SourceError as exc:
        raise StepError(f"illustrations: {exc}") from exc
    issues = []
    for ill in collected.values():
        issues += sources.problems(docs_dir, ill, options.budget)
    if issues:
        raise StepError("illustrations: " + "; ".join(issues))
    return Prepared(docs_dir, found, collected, rendered)


def is_build_input(path: Path, prepared: Prepared) -> bool:
    """A scene source or manifest: read by the build, never published."""
    folders = {s.out_dir.resolve() for s in prepared.scenes}
    path = path.resolve()
    in_scenes = path.parent.name == scenes.SCENES_DIR and path.parent.parent in folders
    return in_scenes or (path.name == manifest.MANIFEST_NAME and path.parent in folders)


def rewrite(page_html: str, page_url: str, prepared: Prepared) -> str:
    """``page_html`` with its figures rewritten; remembers what was placed."""
    if not prepared.illustrations:
        return page_html
    try:
        out, placed = html.rewrite(page_html, page_url, prepared.illustrations.get)
    except html.FigureError as exc:
        raise StepError(f"illustrations: {exc}") from exc
    prepared.placed += placed
    return out


def report(prepared: Prepared) -> str:
    """One line on what the illustrations cost."""
    docs_dir, placed = prepared.docs_dir, prepared.placed
    used = sorted({f for p in placed for f in p.illustration.files()})
    total = sum((docs_dir / f).stat().st_size for f in used)
    largest = max(used, key=lambda f: (docs_dir / f).stat().st_size, default=None)
    # A reader fetches one palette's variant per figure: the 2x files on a HiDPI screen.
    per_reader = max(_reader_bytes(docs_dir, placed, s) for s in manifest.SCHEMES)
    return (
        f"illustrations: {len(placed)} figure(s), {len(used)} image files, {total:,} bytes "
        f"({total / 1_000_000:.1f} MB) in total{f', largest {largest}' if largest else ''}; "
        f"a reader downloads at most {per_reader:,} bytes; rendered "
        f"{', '.join(prepared.rendered) or 'nothing'}"
    )


def _refresh(docs_dir: Path, stale: list[scenes.Scene], options: Options, log: Log) -> list[str]:
    names = [s.key for s in stale]
    if not options.render:
        _stale(names, "rendering at build time is switched off (render: false)", options, log)
        return []
    try:
        return render.render(docs_dir, names=names)
    except render.RenderError as exc:
        raise StepError(f"illustrations: {exc}") from exc
    except Exception as exc:
        if not _browser_missing(exc):
            raise
        _stale(names, f"Chromium could not render them ({_first_line(exc)})", options, log)
        return []


def _stale(names: list[str], reason: str, options: Options, log: Log) -> None:
    message = (
        f"illustrations: stale image(s) for {', '.join(names)}: the scene changed since "
        f"the committed images were rendered, and {reason}. Run `python -m "
        f"site_plugins.illustrations render` where Chromium is installed and commit the "
        f"images, or set `stale: warn` to build with the old images."
    )
    if options.stale == "warn":
        log(message)
        return
    raise StepError(message)


def _reader_bytes(docs_dir: Path, placed: list[html.Placed], scheme: str) -> int:
    total = 0
    for figure in placed:
        variants = figure.illustration.variants
        variant = next((v for v in variants if v.scheme == scheme), variants[0])
        total += (docs_dir / (variant.src2x or variant.src)).stat().st_size
    return total


def _browser_missing(exc: BaseException) -> bool:
    """No Chromium, no Playwright, or a browser that would not start."""
    from site_plugins import chromium

    if isinstance(exc, chromium.NoBrowserError | ImportError):
        return True
    return type(exc).__module__.startswith("playwright.")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
