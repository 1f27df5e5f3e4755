"""Renders scenes to images with headless Chromium, only where something changed.

For each stale scene (see ``manifest``) Chromium loads the composed scene (written to
a temporary file, with a ``<base>`` at the scene's folder so the exchange's
``scene.css`` resolves)
with every request to anything but a local file blocked, at device scale factor 1 and
2, with ``prefers-color-scheme`` light and dark. Each screenshot is encoded as lossless
WebP, or lossy WebP at the highest quality that fits the byte budget; the light 1x
image is also written as an optimised PNG under the name the page's Markdown uses
(``<name>.png``), so a build without this plugin still shows the illustration.

Bump ``RENDERER_VERSION`` whenever a change here changes the pixels: every scene's
digest includes it, so all images are rendered again.

Scenes are told apart by their key (``htx/illustrations/step-2``), never by their bare
name: two exchanges each have a ``step-2``, and each folder has its own manifest.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
import tempfile
from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from site_plugins.illustrations import manifest as mf
from site_plugins.illustrations import scenes as sc

RENDERER_VERSION = "1"
BUDGET_BYTES = 120 * 1024
_LOSSY_QUALITIES = (95, 92, 90, 85, 80, 75)

log = logging.getLogger("mkdocs.plugins.guides.illustrations")


class RenderError(RuntimeError):
    """A scene could not be rendered as promised; the message says which and why."""


def digest(scene: sc.Scene) -> str:
    return scene.digest(RENDERER_VERSION)


def stale(scenes: Iterable[sc.Scene], *, force: bool = False) -> list[sc.Scene]:
    """The scenes whose committed images do not match their current source."""
    manifests: dict[Path, mf.Manifest] = {}
    out = []
    for scene in scenes:
        manifest = manifests.setdefault(scene.out_dir, mf.Manifest.load(scene.out_dir))
        if force or not manifest.is_fresh(scene.name, digest(scene)):
            out.append(scene)
    return out


def render(
    docs_dir: Path,
    *,
    force: bool = False,
    names: Iterable[str] | None = None,
    budget: int = BUDGET_BYTES,
) -> list[str]:
    """Render every stale scene under ``docs_dir``; returns the keys rendered.

    ``names`` limits the work to the scenes they name (a key, ``htx/step-2``, or a bare
    ``step-2`` for that scene of every exchange); ``force`` renders them even when fresh.
    Raises ``chromium.NoBrowserError`` when no browser exists, ``RenderError`` when a
    scene breaks a rule (loads another host, a marker outside the frame, too large).
    """
    all_scenes = sc.discover(docs_dir)
    chosen = all_scenes
    if names is not None:
        wanted = sorted(set(names))
        unknown = [w for w in wanted if not sc.select(all_scenes, w)]
        if unknown:
            raise RenderError(f"no scene named {', '.join(unknown)}")
        chosen = [s for s in all_scenes if any(s.answers_to(w) for w in wanted)]
    todo = stale(chosen, force=force)
    _prune(all_scenes)
    if not todo:
        return []
    shots = _screenshots(todo)
    for scene in todo:
        _write(scene, shots[scene.key], budget)
    return [scene.key for scene in todo]


def _prune(all_scenes: list[sc.Scene]) -> None:
    """Drop manifest entries whose scene file was deleted."""
    folders: dict[Path, set[str]] = {}
    for scene in all_scenes:
        folders.setdefault(scene.out_dir, set()).add(scene.name)
    for folder, keep in folders.items():
        manifest = mf.Manifest.load(folder)
        if manifest.prune(keep):
            manifest.save()


def _screenshots(todo: list[sc.Scene]) -> dict[str, dict[tuple[str, str], bytes]]:
    """Every scene's screenshots by (scheme, scale), by scene key."""
    # Playwright's sync API refuses to start inside a running asyncio loop (another
    # sync Playwright session, an async host); a worker thread has no loop of its own.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _screenshots_here(todo)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_screenshots_here, todo).result()


def _screenshots_here(todo: list[sc.Scene]) -> dict[str, dict[tuple[str, str], bytes]]:
    from playwright.sync_api import sync_playwright

    from site_plugins import chromium

    result: dict[str, dict[tuple[str, str], bytes]] = {}
    with tempfile.TemporaryDirectory(prefix="illustrations-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(**chromium.launch_options())
        try:
            for index, scene in enumerate(todo):
                page = Path(tmp) / f"{index}-{scene.name}.html"
                page.write_text(scene.standalone_html(), encoding="utf-8")
                result[scene.key] = _shoot(browser, scene, page.as_uri())
        finally:
            browser.close()
    return result


_FRAME_CHECK = """([w, h]) => {
  const out = {overflow: null, markers: []};
  const b = document.body;
  if (b.scrollWidth > w + 1 || b.scrollHeight > h + 1) {
    out.overflow = [b.scrollWidth, b.scrollHeight];
  }
  for (const el of document.querySelectorAll('[data-marker]')) {
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h;
    if (!inside) out.markers.push(el.dataset.marker);
  }
  return out;
}"""


def _shoot(browser: object, scene: sc.Scene, uri: str) -> dict[tuple[str, str], bytes]:
    w, h = scene.width, scene.height
    shots: dict[tuple[str, str], bytes] = {}
    for scale_name, scale in (("1x", 1), ("2x", 2)):
        blocked: list[str] = []
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": w, "height": h},
            device_scale_factor=scale,
            reduced_motion="reduce",
        )
        try:
            context.route("**/*", _guard(blocked))
            page = context.new_page()
            for scheme in mf.SCHEMES:
                page.emulate_media(color_scheme=scheme)
                page.goto(uri, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                if blocked:
                    raise RenderError(
                        f"{scene.path}: scenes must not load anything from another host, "
                        f"but it requested {', '.join(sorted(set(blocked)))}"
                    )
                check = page.evaluate(_FRAME_CHECK, [w, h])
                if check["overflow"]:
                    ow, oh = check["overflow"]
                    raise RenderError(
                        f"{scene.path}: content is {ow}x{oh} px, larger than the "
                        f"{w}x{h} frame; something would be cut off"
                    )
                if check["markers"]:
                    raise RenderError(
                        f"{scene.path}: marker(s) {', '.join(check['markers'])} "
                        f"lie outside the {w}x{h} frame"
                    )
                shots[(scheme, scale_name)] = page.screenshot(
                    type="png",
                    clip={"x": 0, "y": 0, "width": w, "height": h},
                    animations="disabled",
                    caret="hide",
                )
        finally:
            context.close()
    return shots


def _guard(blocked: list[str]):  # type: ignore[no-untyped-def]
    """A route handler that lets only local files through and notes everything else."""

    def handle(route, request):  # type: ignore[no-untyped-def]
        if request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    return handle


def encode_webp(image: Image.Image, budget: int) -> bytes:
    """Lossless WebP when it fits the budget, else the best lossy quality that does."""
    image = image.convert("RGB")
    # quality is the effort for lossless: 90 is ~20x faster than 100 for ~2% more bytes
    data = _webp(image, lossless=True, quality=90)
    if len(data) <= budget:
        return data
    for quality in _LOSSY_QUALITIES:
        data = _webp(image, lossless=False, quality=quality)
        if len(data) <= budget:
            return data
    raise RenderError(f"image does not fit {budget} bytes even as WebP at quality 75")


def encode_png(image: Image.Image, budget: int) -> bytes:
    """Optimised PNG; quantised to 256 colours when the full-colour one is too big."""
    image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    if buf.tell() <= budget:
        return buf.getvalue()
    quantised = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=0)
    buf = io.BytesIO()
    quantised.save(buf, format="PNG", optimize=True)
    if buf.tell() > budget:
        raise RenderError(f"PNG does not fit {budget} bytes even with 256 colours")
    return buf.getvalue()


def _webp(image: Image.Image, *, lossless: bool, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="WEBP", lossless=lossless, quality=quality, method=6, exact=False)
    return buf.getvalue()


def _write(scene: sc.Scene, shots: dict[tuple[str, str], bytes], budget: int) -> None:
    folder = scene.out_dir
    files: dict[str, dict[str, object]] = {}
    for (scheme, scale), png in sorted(shots.items()):
        image = Image.open(io.BytesIO(png))
        factor = 1 if scale == "1x" else 2
        expected = (scene.width * factor, scene.height * factor)
        if image.size != expected:
            raise RenderError(f"{scene.path}: {scheme} {scale} is {image.size}, not {expected}")
        name = mf.image_name(scene.name, scheme, scale)
        files[f"{scheme}@{scale}"] = _store(folder / name, encode_webp(image, budget))
        if (scheme, scale) == ("light", "1x"):
            fallback = mf.fallback_name(scene.name)
            files["fallback"] = _store(folder / fallback, encode_png(image, budget))
    manifest = mf.Manifest.load(folder)
    manifest.record(mf.Entry(scene.name, digest(scene), scene.width, scene.height, files))
    manifest.save()
    log.info("rendered illustration %s", scene.key)


def _store(path: Path, data: bytes) -> dict[str, object]:
    # Leave an identical file untouched: a rewrite would wake `mkdocs serve` again.
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return {"file": path.name, "bytes": len(data), "sha256": mf.sha256_file(path)}
