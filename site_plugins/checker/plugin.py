"""MkDocs adapter for the in-browser checker: ship the runtime, render the widget, set CSP.

The work is done by plain modules (``bundle``, ``widget``, ``csp``); the hooks below only
decide when each runs.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from site_plugins.checker import bundle, csp, precompress, snapshot, stdlib_trim, widget
from site_plugins.checker.config import CheckerConfig

log = get_plugin_logger(__name__)

WIDGET_SCRIPT = "widget.js"


class CheckerPlugin(BasePlugin[CheckerConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.bundle: bundle.Bundle | None = None
        self.snapshot: snapshot.Snapshot | None = None
        self.snapshot_dir = ""
        self.snapshot_download_bytes = 0
        self.stdlib_path = ""
        self.stdlib_source: Path | None = None
        self.transfer: dict[str, list[int]] = {}
        self.script_hashes: set[str] = set()
        self.style_hashes: set[str] = set()
        self.widget_pages: list[str] = []

    # Once per process, before any build: under `mkdocs serve` the live-reload server
    # injects an inline script into every page, which a hash-based policy would block,
    # so the policy is left out there (the test server and production apply it).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Before anything is read: reset per-build state (serve rebuilds reuse the plugin).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.bundle = None
        self.snapshot = None
        self.snapshot_dir = ""
        self.stdlib_path = ""
        self.stdlib_source = None
        self.transfer = {}
        self.script_hashes = set()
        self.style_hashes = set()
        self.widget_pages = []
        if self.config.enabled and not config.site_url:
            log.warning("checker: site_url is not set, so Material's instant navigation stays off")
        return None

    # Once the docs are collected: verify Pyodide against its pinned digests, build the
    # validator wheel and its lock file (cached), and add the runtime to the site's
    # files so MkDocs copies it like any other asset. Late, so other plugins' file
    # changes are already in.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent
        try:
            self.bundle = bundle.prepare(
                pyodide_dir=root / self.config.pyodide_dir,
                digest_file=root / self.config.digests,
                pyodide_version=self.config.pyodide_version,
                project_dir=root / self.config.validator_dir,
                exchange=self.config.exchange,
                cache_dir=root / self.config.cache_dir,
                assets_dir=self.config.assets_dir.strip("/"),
                use_cache=self.config.cache,
                prune=self.config.lock_prune,
                log=log.info,
            )
        except bundle.BundleError as exc:
            raise PluginError(f"checker: {exc}") from exc
        for dest, source in self.bundle.files.items():
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        log.info(
            "checker: pyodide@%s verified against pinned digests; %s and its lock (%s%s) added",
            self.bundle.pyodide_version,
            self.bundle.wheel_name,
            self.bundle.lock_tool,
            ", cached" if self.bundle.from_cache else "",
        )
        if self.config.stdlib_trim:
            self._add_trimmed_stdlib(files, config, root)
        if self.config.snapshot:
            self._add_snapshot(files, config, root)
        self._measure_transfer(root)
        return files

    def _wheel_source(self) -> Path:
        b = self.bundle
        assert b is not None
        return next(src for dest, src in b.files.items() if dest.endswith("/" + b.wheel_name))

    def _add_trimmed_stdlib(self, files: Files, config: MkDocsConfig, root: Path) -> None:
        """Ship the standard library cut down to the traced imports (stdlib_trim.py)."""
        b = self.bundle
        assert b is not None
        pins = bundle.read_pins(root / self.config.digests)
        try:
            trimmed = stdlib_trim.prepare(
                pyodide_dir=root / self.config.pyodide_dir,
                runtime_pins={name: pins[name] for name in bundle.RUNTIME_FILES},
                wheel=self._wheel_source(),
                wheel_sha256=b.wheel_sha256,
                import_name=b.import_name,
                cache_dir=root / self.config.cache_dir,
                use_cache=self.config.cache,
                log=log.info,
            )
        except stdlib_trim.StdlibError as exc:
            log.warning("checker: booting on the full standard library: %s", exc)
            return
        # Beside the lock: a folder named by the lock's digest, which the wheel changes.
        self.stdlib_path = f"{b.lock_path.rsplit('/', 1)[0]}/{stdlib_trim.FILE_NAME}"
        files.append(File.generated(config, self.stdlib_path, abs_src_path=str(trimmed.path)))
        self.stdlib_source = trimmed.path

    def _measure_transfer(self, root: Path) -> None:
        """Each fetched file's size decoded and on the wire (Brotli), for the progress bar."""
        b = self.bundle
        assert b is not None
        cache = root / self.config.cache_dir / "precompressed"
        sources = [src for dest, src in b.files.items() if not dest.endswith(".mjs")]
        if self.stdlib_source is not None:
            sources.append(self.stdlib_source)
        self.transfer = {
            src.name: [src.stat().st_size, precompress.wire_bytes(src, cache)] for src in sources
        }
        if self.snapshot is not None:
            decoded = precompress.decoded_brotli(self.snapshot.path, cache)
            wire = decoded.stat().st_size if decoded else self.snapshot.bytes
            raw = self.snapshot.raw_bytes if decoded else self.snapshot.bytes
            self.transfer[snapshot.FILE_NAME] = [raw, wire]

    def _add_snapshot(self, files: Files, config: MkDocsConfig, root: Path) -> None:
        """Ship a verified memory snapshot of the booted checker (see snapshot.py)."""
        b = self.bundle
        assert b is not None
        wheel = self._wheel_source()
        pins = bundle.read_pins(root / self.config.digests)
        try:
            self.snapshot = snapshot.prepare(
                pyodide_dir=root / self.config.pyodide_dir,
                runtime_pins={name: pins[name] for name in bundle.RUNTIME_FILES},
                wheel=wheel,
                wheel_sha256=b.wheel_sha256,
                import_name=b.import_name,
                cache_dir=root / self.config.cache_dir,
                use_cache=self.config.cache,
                stdlib=self.stdlib_source,
                log=log.info,
            )
        except snapshot.SnapshotError as exc:
            # A warning (an error under --strict): the site would still work, booting
            # plainly, but slower than it should. `snapshot: false` turns it off.
            log.warning("checker: no memory snapshot, the checker will boot without one: %s", exc)
            return
        self.snapshot_dir = (
            f"{self.config.assets_dir.strip('/')}/snapshot-{self.snapshot.sha256[:16]}"
        )
        # What the worker downloads when it restores the snapshot: the snapshot instead
        # of the wheel (the heap already holds the validator, imported).
        self.snapshot_download_bytes = b.download_bytes - wheel.stat().st_size + self.snapshot.bytes
        files.append(
            File.generated(
                config,
                f"{self.snapshot_dir}/{snapshot.FILE_NAME}",
                abs_src_path=str(self.snapshot.path),
            )
        )
        log.info(
            "checker: memory snapshot added (%s bytes gzipped%s)",
            f"{self.snapshot.bytes:,}",
            ", cached" if self.snapshot.from_cache else "",
        )

    # After Markdown became HTML: replace the marker comments with the widget, whose
    # labels come from the validator's catalog and whose paths are relative to the page
    # (so every version of the site loads its own runtime).
    @event_priority(-50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.bundle is None:
            return None
        if widget.WIDGET_MARKER not in html and widget.EXPLAIN_MARKER not in html:
            return None
        self.widget_pages.append(page.file.src_uri)
        b = self.bundle

        def rel(path: str) -> str:
            url = get_relative_url(path, page.url)
            return url + "/" if path.endswith("/") and not url.endswith("/") else url

        data = widget.WidgetData(
            exchange=self.config.exchange,
            runtime_url=rel(b.runtime_dir + "/"),
            lock_url=rel(b.lock_path),
            package=b.package,
            import_name=b.import_name,
            site_root=rel("./") if page.url else "./",
            download_bytes=b.download_bytes,
            boot_timeout_ms=self.config.boot_timeout * 1000,
            errors_page=b.catalog.get("errors_page") or f"{self.config.exchange}/errors/",
            wheel_sha256=b.wheel_sha256,
            stdlib_url=rel(self.stdlib_path) if self.stdlib_path else "",
            transfer_json=json.dumps(self.transfer, sort_keys=True, separators=(",", ":")),
        )
        if self.snapshot is not None:
            data = dataclasses.replace(
                data,
                snapshot_url=rel(f"{self.snapshot_dir}/{snapshot.FILE_NAME}"),
                snapshot_sha256=self.snapshot.sha256,
                snapshot_raw_sha256=self.snapshot.raw_sha256,
                snapshot_download_bytes=self.snapshot_download_bytes,
            )
        html = html.replace(widget.WIDGET_MARKER, widget.render_widget(b.catalog, data), 1)
        return html.replace(widget.EXPLAIN_MARKER, widget.render_explain(), 1)

    # Last, after every other plugin changed the page (lightbox init, …): hash this
    # page's inline scripts and put its policy first in <head>.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self._csp_on():
            return None
        hashes = csp.inline_script_hashes(output)
        styles = csp.inline_style_hashes(output)
        self.script_hashes.update(hashes)
        self.style_hashes.update(styles)
        return csp.apply_meta(output, self._policy(hashes, styles))

    # Last, after redirect stubs and the 404 page are written: give every HTML file the
    # union of all inline-script hashes (instant navigation keeps the first page's
    # policy), write `_headers`, and check the widget's script is loaded.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self._post_build_csp(config)
        # Last: the pages' final bytes (policy included) are what gets compressed.
        if self.config.precompress and not self.serving:
            self._precompress(config)

    def _precompress(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        cache = Path(config.config_file_path).parent / self.config.cache_dir / "precompressed"
        summary = precompress.precompress_site(site_dir, cache, log=log.warning)
        if self.snapshot is not None and self.snapshot_dir:
            decoded = precompress.decoded_brotli(self.snapshot.path, cache)
            if decoded is not None:
                target = site_dir / self.snapshot_dir / (snapshot.FILE_NAME + ".br")
                shutil.copyfile(decoded, target)
        log.info(
            "checker: %d files precompressed (%s bytes; Brotli %s, gzip %s)",
            summary.files,
            f"{summary.bytes:,}",
            f"{summary.br_bytes:,}",
            f"{summary.gz_bytes:,}",
        )

    def _post_build_csp(self, config: MkDocsConfig) -> None:
        if self.widget_pages and not any(
            str(script).endswith(f"checker/{WIDGET_SCRIPT}") for script in config.extra_javascript
        ):
            log.warning(
                "checker: pages %s embed the widget but extra_javascript lacks its script",
                self.widget_pages,
            )
        if self.serving and self.config.csp:
            log.info("checker: no CSP under `mkdocs serve` (its live reload is an inline script)")
        if not self._csp_on():
            return
        site_dir = Path(config.site_dir)
        pages = {path: path.read_text("utf-8") for path in csp.html_files(site_dir)}
        for text in pages.values():
            self.script_hashes.update(csp.inline_script_hashes(text))
            self.style_hashes.update(csp.inline_style_hashes(text))
        union = self._policy(self.script_hashes, self.style_hashes)
        for path, text in pages.items():
            updated = csp.apply_meta(text, union)
            if updated != text:
                path.write_text(updated, "utf-8")
        if self.config.csp_headers_file:
            immutable = []
            if self.bundle is not None:
                immutable = [self.bundle.runtime_dir, self.bundle.lock_path.rsplit("/", 1)[0]]
                if self.snapshot_dir:
                    immutable.append(self.snapshot_dir)
            base_path = "/"
            if config.site_url:
                from urllib.parse import urlsplit

                base_path = urlsplit(config.site_url).path or "/"
            text = csp.headers_file(
                self._policy(self.script_hashes, self.style_hashes, header=True),
                base_path=base_path,
                immutable=immutable,
                extra=dict(self.config.headers),
            )
            (site_dir / "_headers").write_text(text, "utf-8")
        log.info(
            "checker: CSP written to %d HTML files and _headers (%d inline-script hashes)",
            len(pages),
            len(self.script_hashes),
        )

    def _csp_on(self) -> bool:
        return self.config.enabled and self.config.csp and not self.serving

    def _policy(
        self, scripts: Iterable[str], styles: Iterable[str], *, header: bool = False
    ) -> str:
        return csp.policy(
            scripts,
            style_unsafe_inline=self.config.csp_style_unsafe_inline,
            style_hashes=styles,
            for_header=header,
        )
