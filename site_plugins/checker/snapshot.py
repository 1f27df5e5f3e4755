"""A Pyodide memory snapshot of the booted checker, made in Node at build time.

Restoring a snapshot skips Python's start-up and the validator's install and imports:
in Chromium the checker is ready in about a third of the time of a plain boot. The
API is private to Pyodide (``makeMemorySnapshot`` / ``_loadSnapshot``) and tied to the
exact Pyodide build, so:

- it is made from the *pinned* npm Pyodide (the same files the site ships, already
  checked against ``pyodide.sha256``) by ``snapshot.mjs``, with the validator wheel
  unpacked, every module the browser uses imported and sample checks run;
- it is verified before it is shipped: a second Pyodide restored from it must carry
  the wheel's digest and answer every sample byte for byte like the one it was made
  from (a heap grown above Pyodide's initial 30 MiB does not restore: refused);
- it is shipped gzip-compressed (about 6 MB for 30 MB of heap) under a folder named by
  its digest, and the browser checks the SHA-256 before using it;
- the worker falls back to a plain boot on any failure (see ``worker.js``).

A snapshot freezes the interpreter's state, so every restored checker starts with the
same hash seed (string hashing is not randomised; the validator does not depend on it)
and the same ``random`` state, which the worker reseeds from ``crypto.getRandomValues``.

Results are cached under the plugin's cache folder, keyed by the digests of their
inputs (Pyodide's pinned runtime files, the wheel, ``snapshot.mjs`` and this module's
samples), so a rebuild with nothing changed never starts Node.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_plugins.checker import node_job
from site_plugins.checker.bundle import sha256_file

SCRIPT = Path(__file__).with_name("snapshot.mjs")
FORMAT = "1"
FILE_NAME = "keycheck.snapshot"
# Pyodide's initial WebAssembly memory; a snapshot of a heap that grew past it fails
# to restore ("offset is out of bounds").
MAX_HEAP_BYTES = 30 * 1024 * 1024
NODE_TIMEOUT_S = 300

Log = Callable[[str], None]

# Sample requests answered before the snapshot and again by the restored heap, for
# every registered exchange. They also warm every code path the widget uses, so
# nothing is imported later.
_KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
_SECRET = "3e8b1c7f-0a9d4e62-b5f7c3a1-8d2e4"
CHECKS: list[dict[str, object]] = [
    {"api_key": _KEY},
    {"api_key": _KEY + "\u200b", "secret_key": " " + _SECRET},
    {"api_key": "API Key: " + _KEY, "secret_key": _KEY},
    {"api_key": "7d3f9\u043021-qb4r8t2m6x", "secret_key": ""},
    {
        "scope": "futures",
        "permissions": {"read": True, "trade": False, "withdraw": True},
        "ip_restriction": "8.8.8.8, 10.0.0.1\n2001:db8::1, 8.8.8.8, 300.1.1.1",
    },
    {"scope": "both", "ip_restriction": None},
]
EXPLAINS = ["Incorrect Access key [Access key错误]", "1220", "invalid ip 203.0.113.7", "?"]


def samples(exchange_ids: list[str]) -> tuple[list[dict[str, object]], list[list[str]]]:
    """The sample checks and explains for these exchanges (and one unknown exchange)."""
    checks = [{"exchange": x, **c} for x in exchange_ids for c in CHECKS]
    checks.append({"exchange": "nowhere"})
    return checks, [[text, x] for x in exchange_ids for text in EXPLAINS]


class SnapshotError(RuntimeError):
    """No snapshot could be made or verified; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """A verified snapshot in the cache: the gzip file the site ships and its digests."""

    path: Path
    sha256: str
    raw_sha256: str
    bytes: int
    raw_bytes: int
    from_cache: bool = False


def _key(
    runtime_pins: dict[str, str],
    wheel_sha256: str,
    import_name: str,
    exchange_ids: list[str],
    stdlib: Path | None,
) -> str:
    parts = [FORMAT, import_name, wheel_sha256, hashlib.sha256(SCRIPT.read_bytes()).hexdigest()]
    parts.append(sha256_file(stdlib) if stdlib else "full stdlib")
    parts += [f"{name}={digest}" for name, digest in sorted(runtime_pins.items())]
    parts.append(json.dumps(samples(exchange_ids), ensure_ascii=False, sort_keys=True))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


def prepare(
    *,
    pyodide_dir: Path,
    runtime_pins: dict[str, str],
    wheel: Path,
    wheel_sha256: str,
    import_name: str,
    exchange_ids: list[str],
    cache_dir: Path,
    node: str | None = None,
    use_cache: bool = True,
    stdlib: Path | None = None,
    log: Log = print,
) -> Snapshot:
    """The verified snapshot for these inputs, from the cache or made now.

    ``stdlib``: the standard library zip the browser restores it with (the cut-down one,
    stdlib_trim.py); the heap remembers the zip's table of contents, so the snapshot
    must be made and verified with the very zip it is restored with."""
    key = _key(runtime_pins, wheel_sha256, import_name, exchange_ids, stdlib)
    slot = cache_dir / f"snapshot-{key}"
    checks, explains = samples(exchange_ids)
    manifest = slot / "snapshot.json"
    if use_cache and manifest.is_file() and (slot / (FILE_NAME + ".gz")).is_file():
        data = json.loads(manifest.read_text("utf-8"))
        return Snapshot(path=slot / (FILE_NAME + ".gz"), from_cache=True, **data)
    node = node or shutil.which("node")
    if not node:
        raise SnapshotError("Node.js is not installed (it makes the snapshot at build time)")
    with tempfile.TemporaryDirectory(prefix="checker-snapshot-") as tmp:
        work = Path(tmp)
        raw = work / FILE_NAME
        job = {
            "pyodideDir": str(pyodide_dir.resolve()),
            "wheel": str(wheel),
            "wheelSha256": wheel_sha256,
            "importName": import_name,
            "out": str(raw),
            "maxHeapBytes": MAX_HEAP_BYTES,
            **({"stdlib": str(stdlib.resolve())} if stdlib else {}),
            # Not used in the browser (network client, command line).
            "warmSkip": [f"{import_name}.verify", f"{import_name}.cli", f"{import_name}.__main__"],
            "checks": [json.dumps(c, ensure_ascii=False) for c in checks],
            "explains": explains,
        }
        result = node_job.run(node, SCRIPT, job, work, timeout=NODE_TIMEOUT_S, error=SnapshotError)
        if result.returncode != 0 or not raw.is_file():
            raise SnapshotError(node_job.failure(SCRIPT, result))
        figures = node_job.last_json_line(result)
        packed = work / (FILE_NAME + ".gz")
        with (
            raw.open("rb") as source,
            packed.open("wb") as sink,
            gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=sink, mtime=0) as z,
        ):
            shutil.copyfileobj(source, z, 1 << 20)
        data = {
            "sha256": sha256_file(packed),
            "raw_sha256": sha256_file(raw),
            "bytes": packed.stat().st_size,
            "raw_bytes": raw.stat().st_size,
        }
        staging = work / "slot"
        staging.mkdir()
        shutil.move(str(packed), staging / packed.name)
        (staging / "snapshot.json").write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        if slot.exists():
            shutil.rmtree(slot)
        slot.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), slot)
    _forget_old(cache_dir, keep=slot)
    log(
        f"checker: made a Pyodide snapshot in Node ({data['raw_bytes']:,} bytes of heap, "
        f"{data['bytes']:,} gzipped) and verified it against {figures['samples']} samples"
    )
    return Snapshot(path=slot / (FILE_NAME + ".gz"), **data)


def _forget_old(cache_dir: Path, keep: Path, count: int = 2) -> None:
    slots = [p for p in cache_dir.glob("snapshot-*") if (p / "snapshot.json").is_file()]
    slots.sort(key=lambda p: (p == keep, p.stat().st_mtime), reverse=True)
    for old in slots[count:]:
        shutil.rmtree(old, ignore_errors=True)
