"""The checker's build steps, for any generator: assemble the runtime, fill the pages.

:func:`prepare` runs before the generator: it verifies Pyodide, builds the validator
wheel and its lock file, makes the memory snapshot (all cached) and lists every file
the site must carry, the checker's own browser files (``assets/``, next to this module)
included. :func:`render_page` runs on a page's HTML (MkDocs: the page's content;
Zensical: the written file) and replaces the widget and explain markers with the
markup of the page's exchange. The MkDocs plugin and the Zensical driver
(``site_plugins.pipeline``) call the same two functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_plugins import exchanges
from site_plugins.checker import bundle, snapshot, widget

ASSETS = Path(__file__).with_name("assets")
# The checker's browser files, copied into the site's assets folder as they are.
BROWSER_FILES = ("widget.js", "worker.js", "protocol.mjs", "checker.css")

Log = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """The checker's options (the MkDocs plugin's, same names and defaults)."""

    enabled: bool = True
    cache: bool = True
    cache_dir: str = ".cache/plugin/checker"
    pyodide_dir: str = "node_modules/pyodide"
    pyodide_version: str = "314.0.7"
    digests: str = "site_plugins/checker/pyodide.sha256"
    validator_dir: str = "validator"
    lock_prune: bool = True
    assets_dir: str = "assets/checker"
    boot_timeout: int = 30
    snapshot: bool = True

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> Options:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"checker: unknown option(s) {', '.join(unknown)}")
        return cls(**{k: v for k, v in values.items() if k in names})  # type: ignore[arg-type]


class StepError(RuntimeError):
    """A checker step failed; the message says what to do."""


@dataclass
class Runtime:
    """Everything the pages of one build need to embed the checker."""

    options: Options
    bundle: bundle.Bundle
    snapshot: snapshot.Snapshot | None = None
    snapshot_dir: str = ""
    snapshot_download_bytes: int = 0
    # Why no snapshot could be made (the checker then boots plainly, slower).
    snapshot_error: str = ""
    pages: list[str] = field(default_factory=list)

    @property
    def assets_dir(self) -> str:
        return self.options.assets_dir.strip("/")

    def files(self) -> dict[str, Path]:
        """Site path -> source file: the runtime, the snapshot, the browser files."""
        out = dict(self.bundle.files)
        if self.snapshot is not None:
            out[f"{self.snapshot_dir}/{snapshot.FILE_NAME}"] = self.snapshot.path
        for name in BROWSER_FILES:
            out[f"{self.assets_dir}/{name}"] = ASSETS / name
        return out

    def immutable_dirs(self) -> list[str]:
        """Site folders named by their content, cacheable forever."""
        dirs = [self.bundle.runtime_dir, self.bundle.lock_path.rsplit("/", 1)[0]]
        return [*dirs, self.snapshot_dir] if self.snapshot_dir else dirs


def prepare(root: Path, options: Options, log: Log) -> Runtime:
    """Verify Pyodide, build the wheel, its lock and the snapshot (cached)."""
    try:
        built = bundle.prepare(
            pyodide_dir=root / options.pyodide_dir,
            digest_file=root / options.digests,
            pyodide_version=options.pyodide_version,
            project_dir=root / options.validator_dir,
            cache_dir=root / options.cache_dir,
            assets_dir=options.assets_dir.strip("/"),
            use_cache=options.cache,
            prune=options.lock_prune,
            log=log,
        )
    except bundle.BundleError as exc:
        raise StepError(f"checker: {exc}") from exc
    log(
        f"checker: pyodide@{built.pyodide_version} verified against pinned digests; "
        f"{built.wheel_name} and its lock ({built.lock_tool}"
        f"{', cached' if built.from_cache else ''}) added"
    )
    runtime = Runtime(options=options, bundle=built)
    if options.snapshot:
        _add_snapshot(runtime, root, log)
    return runtime


def _add_snapshot(runtime: Runtime, root: Path, log: Log) -> None:
    """A verified memory snapshot of the booted checker (see snapshot.py)."""
    b, options = runtime.bundle, runtime.options
    wheel = next(src for dest, src in b.files.items() if dest.endswith("/" + b.wheel_name))
    pins = bundle.read_pins(root / options.digests)
    try:
        made = snapshot.prepare(
            pyodide_dir=root / options.pyodide_dir,
            runtime_pins={name: pins[name] for name in bundle.RUNTIME_FILES},
            wheel=wheel,
            wheel_sha256=b.wheel_sha256,
            import_name=b.import_name,
            exchange_ids=sorted(b.catalogs),
            cache_dir=root / options.cache_dir,
            use_cache=options.cache,
            log=log,
        )
    except snapshot.SnapshotError as exc:
        runtime.snapshot_error = str(exc)
        return
    runtime.snapshot = made
    runtime.snapshot_dir = f"{runtime.assets_dir}/snapshot-{made.sha256[:16]}"
    # What the worker downloads when it restores the snapshot: the snapshot instead
    # of the wheel (the heap already holds the validator, imported).
    runtime.snapshot_download_bytes = b.download_bytes - wheel.stat().st_size + made.bytes
    log(
        f"checker: memory snapshot added ({made.bytes:,} bytes gzipped"
        f"{', cached' if made.from_cache else ''})"
    )


def relative(path: str, page_url: str) -> str:
    """Site path ``path`` relative to the page at ``page_url`` (``htx/check/``)."""
    up = "../" * page_url.count("/")
    return (up + path) or "./"


def widget_data(runtime: Runtime, exchange: str, page_url: str) -> widget.WidgetData:
    b = runtime.bundle
    catalog = b.catalogs[exchange]
    data = widget.WidgetData(
        exchange=exchange,
        exchange_name=str(catalog["name"]),
        runtime_url=relative(b.runtime_dir + "/", page_url),
        lock_url=relative(b.lock_path, page_url),
        package=b.package,
        import_name=b.import_name,
        site_root=relative("", page_url),
        download_bytes=b.download_bytes,
        boot_timeout_ms=runtime.options.boot_timeout * 1000,
        errors_page=str(catalog["errors_page"]),
        wheel_sha256=b.wheel_sha256,
    )
    if runtime.snapshot is None:
        return data
    return dataclasses.replace(
        data,
        snapshot_url=relative(f"{runtime.snapshot_dir}/{snapshot.FILE_NAME}", page_url),
        snapshot_sha256=runtime.snapshot.sha256,
        snapshot_raw_sha256=runtime.snapshot.raw_sha256,
        snapshot_download_bytes=runtime.snapshot_download_bytes,
    )


def render_page(html: str, page_url: str, runtime: Runtime) -> str | None:
    """``html`` with its checker markers replaced, or None when it has none.

    Each marker gets the markup of the page's exchange (:func:`exchanges.exchange_of`).
    """
    found = widget.WIDGET_MARKER.search(html)
    explain = widget.EXPLAIN_MARKER.search(html)
    if not found and not explain:
        return None
    runtime.pages.append(page_url)
    known = set(runtime.bundle.catalogs)
    if found:
        exchange = exchanges.exchange_of(page_url, found.group(1), known)
        markup = widget.render_widget(
            runtime.bundle.catalogs[exchange], widget_data(runtime, exchange, page_url)
        )
        html = html[: found.start()] + markup + html[found.end() :]
    explain = widget.EXPLAIN_MARKER.search(html)
    if explain:
        exchange = exchanges.exchange_of(page_url, explain.group(1), known)
        markup = widget.render_explain(runtime.bundle.catalogs[exchange])
        html = html[: explain.start()] + markup + html[explain.end() :]
    return html
