"""The checker's build steps, for any generator: assemble the runtime, fill the pages.

:func:`prepare` runs before the generator: it verifies Pyodide, builds the validator
wheel and its lock file, cuts the standard library zip down to the traced imports,
makes the memory snapshot with that zip (all cached), measures each fetched file's
size on the wire, and lists every file the site must carry, the checker's own browser
files (``assets/``, next to this module) included. :func:`render_page` runs on a page's
HTML (MkDocs: the page's content; Zensical: the written file) and replaces the widget
and explain markers with the markup of the page's exchange. :func:`precompress_site`
runs last, over the finished site (after the hosting step wrote the policy into every
page): Brotli and gzip copies beside each compressible file. The MkDocs plugin and the
Zensical driver (``site_plugins.pipeline``) call the same functions.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_plugins import exchanges
from site_plugins.checker import bundle, precompress, snapshot, stdlib_trim, widget

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
    # Boot on a standard library zip cut down to the traced imports (stdlib_trim.py).
    stdlib_trim: bool = True
    # Brotli and gzip copies of the finished site's files (precompress.py).
    precompress: bool = True

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
    # The project folder (mkdocs.yml): option paths are relative to it.
    root: Path = Path()
    # The cut-down standard library and its site path (None / "": the full one).
    stdlib: stdlib_trim.TrimmedStdlib | None = None
    stdlib_path: str = ""
    # Why no cut-down standard library could be made (the boot then uses the full one).
    stdlib_error: str = ""
    snapshot: snapshot.Snapshot | None = None
    snapshot_dir: str = ""
    snapshot_download_bytes: int = 0
    # Why no snapshot could be made (the checker then boots plainly, slower).
    snapshot_error: str = ""
    pages: list[str] = field(default_factory=list)
    # Each fetched file's size decoded and on the wire (Brotli): {name: [bytes, wire]}.
    transfer: dict[str, list[int]] = field(default_factory=dict)

    @property
    def assets_dir(self) -> str:
        return self.options.assets_dir.strip("/")

    @property
    def compressed_cache(self) -> Path:
        """Where the Brotli and gzip encodings are cached, by the digest of their input."""
        return self.root / self.options.cache_dir / "precompressed"

    def wheel_source(self) -> Path:
        b = self.bundle
        return next(src for dest, src in b.files.items() if dest.endswith("/" + b.wheel_name))

    def files(self) -> dict[str, Path]:
        """Site path -> source file: the runtime, the cut-down stdlib, the snapshot, the
        browser files."""
        out = dict(self.bundle.files)
        if self.stdlib is not None:
            out[self.stdlib_path] = self.stdlib.path
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
    """Verify Pyodide, build the wheel, its lock, the cut-down stdlib and the snapshot
    (cached), and measure what each file weighs on the wire."""
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
    runtime = Runtime(options=options, bundle=built, root=root)
    if options.stdlib_trim:
        _add_trimmed_stdlib(runtime, root, log)
    if options.snapshot:
        _add_snapshot(runtime, root, log)
    _measure_transfer(runtime)
    return runtime


def _add_trimmed_stdlib(runtime: Runtime, root: Path, log: Log) -> None:
    """The standard library cut down to the traced imports (see stdlib_trim.py)."""
    b, options = runtime.bundle, runtime.options
    pins = bundle.read_pins(root / options.digests)
    try:
        runtime.stdlib = stdlib_trim.prepare(
            pyodide_dir=root / options.pyodide_dir,
            runtime_pins={name: pins[name] for name in bundle.RUNTIME_FILES},
            wheel=runtime.wheel_source(),
            wheel_sha256=b.wheel_sha256,
            import_name=b.import_name,
            exchange_ids=sorted(b.catalogs),
            cache_dir=root / options.cache_dir,
            use_cache=options.cache,
            log=log,
        )
    except stdlib_trim.StdlibError as exc:
        runtime.stdlib_error = str(exc)
        return
    # Beside the lock: a folder named by the lock's digest, which the wheel changes.
    runtime.stdlib_path = f"{b.lock_path.rsplit('/', 1)[0]}/{stdlib_trim.FILE_NAME}"


def _measure_transfer(runtime: Runtime) -> None:
    """Each fetched file's size decoded and on the wire (Brotli), for the progress bar."""
    cache = runtime.compressed_cache
    sources = [src for dest, src in runtime.bundle.files.items() if not dest.endswith(".mjs")]
    if runtime.stdlib is not None:
        sources.append(runtime.stdlib.path)
    runtime.transfer = {
        src.name: [src.stat().st_size, precompress.wire_bytes(src, cache)] for src in sources
    }
    made = runtime.snapshot
    if made is not None:
        decoded = precompress.decoded_brotli(made.path, cache)
        wire = decoded.stat().st_size if decoded else made.bytes
        raw = made.raw_bytes if decoded else made.bytes
        runtime.transfer[snapshot.FILE_NAME] = [raw, wire]


def _add_snapshot(runtime: Runtime, root: Path, log: Log) -> None:
    """A verified memory snapshot of the booted checker (see snapshot.py)."""
    b, options = runtime.bundle, runtime.options
    wheel = runtime.wheel_source()
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
            # Made and verified with the zip the browser restores it with.
            stdlib=runtime.stdlib.path if runtime.stdlib is not None else None,
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
        stdlib_url=relative(runtime.stdlib_path, page_url) if runtime.stdlib_path else "",
        transfer_json=json.dumps(runtime.transfer, sort_keys=True, separators=(",", ":")),
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


def precompress_site(
    site_dir: Path, runtime: Runtime, log: Log, warn: Log | None = None
) -> precompress.Summary:
    """Brotli and gzip copies beside every compressible file of the finished site.

    Last of all the steps: the pages' final bytes (policy included) are what gets
    compressed. The snapshot, a gzip file, also gets a Brotli copy of its content (see
    :func:`precompress.decoded_brotli`)."""
    cache = runtime.compressed_cache
    # Its only message: the brotli package is missing (gzip copies only).
    summary = precompress.precompress_site(site_dir, cache, log=warn or log)
    if runtime.snapshot is not None and runtime.snapshot_dir:
        decoded = precompress.decoded_brotli(runtime.snapshot.path, cache)
        if decoded is not None:
            target = site_dir / runtime.snapshot_dir / (snapshot.FILE_NAME + ".br")
            shutil.copyfile(decoded, target)
    log(
        f"checker: {summary.files} files precompressed ({summary.bytes:,} bytes; "
        f"Brotli {summary.br_bytes:,}, gzip {summary.gz_bytes:,})"
    )
    return summary
