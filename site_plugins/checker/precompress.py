"""Brotli and gzip copies of the site's compressible files, made once at build time.

A host that serves ``file.br`` / ``file.gz`` for ``file`` (nginx ``brotli_static`` /
``gzip_static``, ``site_plugins.static_server``) sends the smallest encoding the
browser accepts without compressing anything per request, at the best ratio: Brotli
at quality 11 makes Pyodide's WebAssembly 2.8 MB instead of gzip's 3.5 MB. Each copy is
written only when it is smaller than the file; a host that ignores the copies still
serves the file itself.

Brotli comes from the ``brotli`` package on PyPI. Without it (a trimmed environment)
only gzip copies are made, with the standard library, and the build log says so.

Compressing Pyodide's files at quality 11 takes tens of seconds, so every copy is
cached under the plugin's cache folder by the SHA-256 of its input: a rebuild reuses it.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

try:  # PyPI's brotli; the fallback below keeps the build working without it.
    import brotli
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None

# What is worth compressing: text, scripts, data, WebAssembly, zips. (The snapshot, a
# gzip file, gets a Brotli copy of its content instead: decoded_brotli.)
SUFFIXES = (
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".svg",
    ".xml",
    ".txt",
    ".wasm",
    ".map",
    # The cut-down standard library is stored uncompressed for this (stdlib_trim.py).
    ".zip",
)
MIN_BYTES = 1024
# Quality 11 with a 16 MiB window is Brotli's best; above this size (the snapshot's
# 30 MB heap) it takes minutes, so quality 9 is used instead.
BEST_QUALITY_MAX_BYTES = 16 * 1024 * 1024
ENCODINGS = ("br", "gz")

Log = Callable[[str], None]


@dataclass
class Summary:
    files: int = 0
    bytes: int = 0
    br_bytes: int = 0
    gz_bytes: int = 0
    made: int = 0


def brotli_available() -> bool:
    return brotli is not None


def encode(data: bytes, encoding: str) -> bytes:
    """``data`` compressed as ``br`` (Brotli) or ``gz`` (gzip, no name or time: reproducible)."""
    if encoding == "gz":
        return gzip.compress(data, compresslevel=9, mtime=0)
    if brotli is None:
        raise RuntimeError("the brotli package is not installed")
    quality = 11 if len(data) <= BEST_QUALITY_MAX_BYTES else 9
    return brotli.compress(data, quality=quality, lgwin=24)


def candidates(site_dir: Path) -> Iterable[Path]:
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES:
            yield path


def compressed_copy(source: Path, encoding: str, cache_dir: Path) -> Path | None:
    """The cached encoding of ``source`` (made now if missing); None when not smaller."""
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    cached = cache_dir / f"{digest}.{encoding}"
    refused = cache_dir / f"{digest}.{encoding}.larger"
    if refused.exists():
        return None
    if cached.is_file():
        cached.touch()  # recently used: kept by _forget_unused
    else:
        body = encode(data, encoding)
        cache_dir.mkdir(parents=True, exist_ok=True)
        if len(body) >= len(data):
            refused.touch()
            return None
        partial = cached.with_suffix(".partial")
        partial.write_bytes(body)
        partial.replace(cached)
    return cached


def precompress_site(site_dir: Path, cache_dir: Path, log: Log = print) -> Summary:
    """Write ``.br`` and ``.gz`` beside every compressible file of ``site_dir``."""
    encodings = ENCODINGS if brotli_available() else ("gz",)
    if not brotli_available():
        log("precompress: the brotli package is missing; only gzip copies are made")
    summary = Summary()
    for path in candidates(site_dir):
        summary.files += 1
        summary.bytes += path.stat().st_size
        for encoding in encodings:
            target = path.with_name(path.name + "." + encoding)
            had = compressed_copy(source=path, encoding=encoding, cache_dir=cache_dir)
            if had is None:
                target.unlink(missing_ok=True)
                continue
            shutil.copyfile(had, target)
            size = target.stat().st_size
            if encoding == "br":
                summary.br_bytes += size
            else:
                summary.gz_bytes += size
            summary.made += 1
    _forget_unused(cache_dir)
    return summary


def _forget_unused(cache_dir: Path, keep_bytes: int = 200 * 1024 * 1024) -> None:
    """Bound the cache: drop the least recently used copies beyond ``keep_bytes``."""
    if not cache_dir.is_dir():
        return
    entries = sorted(cache_dir.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    total = 0
    for entry in entries:
        total += entry.stat().st_size
        if total > keep_bytes:
            entry.unlink(missing_ok=True)


def encoded_size(path: Path) -> int:
    """Bytes a browser accepting Brotli receives for ``path`` (smallest copy present)."""
    sizes = [path.stat().st_size]
    for encoding in ENCODINGS:
        copy = path.with_name(path.name + "." + encoding)
        if copy.is_file():
            sizes.append(copy.stat().st_size)
    return min(sizes)


def decoded_brotli(gz_path: Path, cache_dir: Path) -> Path | None:
    """The Brotli encoding of what the gzip file ``gz_path`` decompresses to (cached).

    For the snapshot, shipped as a gzip file that works on any host: served as
    ``<name>.br`` with ``Content-Encoding: br``, a browser receives the decompressed heap
    (the worker checks it against that digest), 20% fewer bytes than the gzip file.
    None without the brotli package."""
    if brotli is None:
        return None
    packed = gz_path.read_bytes()
    cached = cache_dir / f"{hashlib.sha256(packed).hexdigest()}.decoded.br"
    if cached.is_file():
        cached.touch()
        return cached
    body = encode(gzip.decompress(packed), "br")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_bytes(body)
    partial.replace(cached)
    return cached


def wire_bytes(source: Path, cache_dir: Path) -> int:
    """What a browser accepting Brotli receives for ``source`` from a host serving the
    copies this module makes (the body, without headers)."""
    copy = compressed_copy(source, "br", cache_dir) if brotli is not None else None
    copy = copy or compressed_copy(source, "gz", cache_dir)
    return copy.stat().st_size if copy is not None else source.stat().st_size


def drop_compressed_copies(path: Path) -> None:
    """Delete the copies of ``path`` after it was changed (they would be stale); hosts
    then compress the file itself as they serve it."""
    for encoding in ENCODINGS:
        path.with_name(path.name + "." + encoding).unlink(missing_ok=True)
