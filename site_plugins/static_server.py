"""Serves a built site on loopback with the same response headers as production.

Static hosts (Netlify, Cloudflare Pages) read a ``_headers`` file from the site root;
this server applies that file's rules too (read with :mod:`site_plugins.hosting.headers`),
so what the tests and ``make serve`` see is what production sends: the
Content-Security-Policy, long cache lifetimes for Pyodide's files, and the rest. Like
nginx with ``brotli_static``/``gzip_static`` it serves the Brotli or gzip copy the
build made beside a file (``file.br``, ``file.gz``, ``site_plugins/checker/precompress.py``)
to clients that accept that encoding, with ``Vary: Accept-Encoding``; a compressible
file without copies is gzipped on the fly (once per file, kept in memory), as static
hosts do. So the page weights and Lighthouse scores measured here are the ones readers
get.
Usage: ``python -m site_plugins.static_server SITE_DIR --port 8000``.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import http.server
import io
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from site_plugins.hosting.headers import HEADERS_FILE, HeaderRule, headers_for, nginx_config, parse

EXTRA_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
}


# What static hosts compress: text, scripts, JSON, SVG, WebAssembly. Images, archives
# (python_stdlib.zip, the wheel) and the gzip-compressed snapshot go as they are.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/wasm",
    "application/xml",
    "image/svg+xml",
)
MIN_COMPRESS_BYTES = 1024
# Copies made at build time, best first: (Content-Encoding, file suffix).
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))
_gzip_cache: dict[tuple[str, int, int], bytes] = {}
_gzip_lock = threading.Lock()


def gzipped(path: str, stat: os.stat_result) -> bytes:
    """The gzip encoding of the file at ``path`` (cached while it stays unchanged)."""
    key = (path, stat.st_mtime_ns, stat.st_size)
    with _gzip_lock:
        body = _gzip_cache.get(key)
        if body is None:
            with open(path, "rb") as handle:
                body = gzip.compress(handle.read(), compresslevel=6, mtime=0)
            _gzip_cache[key] = body
    return body


def accepted_encodings(header: str) -> set[str]:
    """The codings an ``Accept-Encoding`` header accepts (``q=0`` refuses one)."""
    accepted = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
        try:
            refused = float(quality) == 0
        except ValueError:
            refused = False
        if name and not refused:
            accepted.add(name.strip().lower())
    return accepted


_LOC = re.compile(r"<loc>(https?://[^/<]+/)")


def rebase_sitemap(xml: str, origin: str) -> str:
    """``xml`` with the origin of its URLs (``http://host:port/``) replaced by ``origin``."""
    match = _LOC.search(xml)
    return xml.replace(match.group(1), origin) if match else xml


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as real hosts do: a new connection per file would cost a round trip
    # each on a real network (bench.network models that). Every response sets
    # Content-Length.
    protocol_version = "HTTP/1.1"
    rules: ClassVar[list[HeaderRule]] = []
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **EXTRA_TYPES,
    }

    def send_head(self):  # type: ignore[no-untyped-def]
        """Like the base class, but a precompressed or gzipped body when accepted."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        ctype = self.guess_type(path)
        for encoding, suffix in PRECOMPRESSED:
            copy = path + suffix
            # A copy older than its file is stale (the file changed after the build).
            if (
                encoding in accepted
                and os.path.isfile(copy)
                and os.stat(copy).st_mtime_ns >= os.stat(path).st_mtime_ns
            ):
                stat = os.stat(copy)
                with open(copy, "rb") as handle:
                    return self._encoded(ctype, encoding, handle.read(), stat)
        stat = os.stat(path)
        compressible = ctype.startswith(COMPRESSIBLE) and stat.st_size >= MIN_COMPRESS_BYTES
        if "gzip" not in accepted or not compressible:
            return super().send_head()
        return self._encoded(ctype, "gzip", gzipped(path, stat), stat)

    def _encoded(self, ctype: str, encoding: str, body: bytes, stat: os.stat_result):  # type: ignore[no-untyped-def]
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        for name, value in headers_for(self.rules, path):
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        # Material's instant navigation only follows links listed in sitemap.xml and
        # compares their port too; point the sitemap at the address actually served.
        path = self.path.split("?", 1)[0]
        if not path.endswith("/sitemap.xml"):
            return super().do_GET()
        target = Path(self.translate_path(path))
        if not target.is_file():
            return super().do_GET()
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        body = rebase_sitemap(target.read_text("utf-8"), f"http://{host}/").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:
        # Quiet by default: request paths never carry secrets, but tests read stderr.
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    verbose = False


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> _Server:
    """A server over ``site_dir`` applying its ``_headers`` file (port 0: any free port)."""
    headers_file = site_dir / HEADERS_FILE
    rules = parse(headers_file.read_text("utf-8")) if headers_file.is_file() else []
    handler = type("Handler", (_Handler,), {"rules": rules})
    return _Server((host, port), functools.partial(handler, directory=str(site_dir)))


@contextmanager
def serving(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``site_dir`` in a background thread; yields the base URL."""
    server = make_server(site_dir, host, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--nginx",
        action="store_true",
        help=f"print the {HEADERS_FILE} rules as nginx configuration and exit",
    )
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"error: {args.site_dir} holds no built site (no index.html)", file=sys.stderr)
        return 2
    if args.nginx:
        headers_file = args.site_dir / HEADERS_FILE
        if not headers_file.is_file():
            print(f"error: {headers_file} does not exist", file=sys.stderr)
            return 2
        print(nginx_config(parse(headers_file.read_text("utf-8"))), end="")
        return 0
    try:
        server = make_server(args.site_dir, args.host, args.port)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    server.verbose = True
    print(
        f"Serving {args.site_dir} on http://{args.host}:{server.server_address[1]}/ (Ctrl+C stops)"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
