"""A Python standard library zip cut down to what the checker imports, traced at build time.

Pyodide's ``python_stdlib.zip`` is 2.5 MB and hardly compresses further (each entry is
already deflated); Pyodide's boot and the validator import about 150 of its modules.
So, in Node, from the pinned Pyodide (``stdlib_trace.mjs``):

1. **trace**: boot with the full zip, install the wheel with ``loadPackage`` (the code
   path the browser runs), import every validator module the browser uses, answer the
   sample checks and explains of ``snapshot.py``, and list the modules that came from
   the zip;
2. **cut**: write those entries (plus their packages' folder entries and the fallback
   finder ``stdlib/_keycheck_stdlib_fallback.py``, given the full zip's top-level
   names) into a new zip, *stored*
   uncompressed, so that Brotli compresses the whole archive at once (far smaller than
   per-entry deflate) and Python reads it without inflating;
3. **prove**: boot again on the cut zip and require the same module list and byte-
   identical answers; then import a module left out (``calendar``, and a submodule of a
   package that was kept) through the fallback finder, which loads the full zip.

The worker installs the fallback finder after a boot on the cut zip: an import the
trace missed downloads the full zip once and is served from it (never an error).
Cached by the digests of Pyodide's runtime, the wheel and these scripts.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_plugins.checker import node_job
from site_plugins.checker.bundle import sha256_file
from site_plugins.checker.snapshot import samples

HERE = Path(__file__).parent
SCRIPT = HERE / "stdlib_trace.mjs"
FALLBACK = HERE / "stdlib" / "_keycheck_stdlib_fallback.py"
FILE_NAME = "python_stdlib_checker.zip"
FORMAT = "1"
NODE_TIMEOUT_S = 300
# Any fixed instant: the same inputs give the same zip bytes.
ZIP_DATE = (2020, 2, 2, 0, 0, 0)

Log = Callable[[str], None]


class StdlibError(RuntimeError):
    """The cut-down zip could not be made or proved; the message says why."""


@dataclass(frozen=True)
class TrimmedStdlib:
    path: Path
    sha256: str
    bytes: int
    modules: int
    from_cache: bool = False


def _trace(node: str, job: dict, work: Path) -> dict:
    result = node_job.run(node, SCRIPT, job, work, timeout=NODE_TIMEOUT_S, error=StdlibError)
    if result.returncode != 0:
        raise StdlibError(node_job.failure(SCRIPT, result))
    return node_job.last_json_line(result)


def entries_for(paths: set[str], names: list[str]) -> list[str]:
    """The zip entries to keep: ``paths`` and the folder entries of their packages."""
    keep = set(paths)
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth]) + "/"
            if folder in names:
                keep.add(folder)
    missing = sorted(p for p in paths if p not in names)
    if missing:
        raise StdlibError(f"traced modules not in the stdlib zip: {missing[:5]}")
    return [n for n in names if n in keep]


def cut(full_zip: Path, paths: set[str], out: Path) -> int:
    """Write the kept entries of ``full_zip`` (stored) plus the fallback; returns a count."""
    with zipfile.ZipFile(full_zip) as source:
        names = source.namelist()
        kept = entries_for(paths, names)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as sink:
            for name in kept:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.external_attr = source.getinfo(name).external_attr
                sink.writestr(info, b"" if name.endswith("/") else source.read(name))
            top = sorted(
                {
                    n.split("/")[0].removesuffix(".py")
                    for n in names
                    if "." not in n.split("/")[0] or n.endswith(".py")
                }
            )
            info = zipfile.ZipInfo(FALLBACK.name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            source_text = FALLBACK.read_text("utf-8") + f"\nIN_FULL_ZIP = frozenset({top!r})\n"
            sink.writestr(info, source_text.encode("utf-8"))
    return len(kept) + 1


def _key(runtime_pins: dict[str, str], wheel_sha256: str, exchange_ids: list[str]) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT, json.dumps(runtime_pins, sort_keys=True), wheel_sha256):
        digest.update(part.encode() + b"\0")
    for path in (SCRIPT, FALLBACK, Path(__file__)):
        digest.update(path.read_bytes() + b"\0")
    digest.update(json.dumps(samples(exchange_ids), ensure_ascii=False).encode())
    return digest.hexdigest()[:20]


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
    log: Log = print,
) -> TrimmedStdlib:
    """The proved cut-down zip for these inputs, from the cache or made now."""
    slot = cache_dir / f"stdlib-{_key(runtime_pins, wheel_sha256, exchange_ids)}"
    manifest = slot / "stdlib.json"
    if use_cache and manifest.is_file() and (slot / FILE_NAME).is_file():
        data = json.loads(manifest.read_text("utf-8"))
        return TrimmedStdlib(path=slot / FILE_NAME, from_cache=True, **data)
    node = node or shutil.which("node")
    if not node:
        raise StdlibError("Node.js is not installed (it traces the imports at build time)")
    full_zip = pyodide_dir / "python_stdlib.zip"
    checks, explains = samples(exchange_ids)
    job = {
        "pyodideDir": str(pyodide_dir.resolve()),
        "wheel": str(wheel.resolve()),
        "importName": import_name,
        "warmSkip": [f"{import_name}.verify", f"{import_name}.cli", f"{import_name}.__main__"],
        "checks": [json.dumps(c, ensure_ascii=False) for c in checks],
        "explains": explains,
    }
    with tempfile.TemporaryDirectory(prefix="checker-stdlib-") as tmp:
        work = Path(tmp)
        traced = _trace(node, job, work)
        paths = set(traced["modules"].values())
        trimmed = work / FILE_NAME
        count = cut(full_zip, paths, trimmed)
        proof = _trace(
            node,
            {**job, "stdlib": str(trimmed), "fullStdlib": str(full_zip.resolve())},
            work,
        )
        if proof["answers"] != traced["answers"]:
            raise StdlibError("the checker answers differently on the cut-down stdlib zip")
        if set(proof["modules"]) != set(traced["modules"]):
            extra = sorted(set(proof["modules"]) ^ set(traced["modules"]))
            raise StdlibError(f"the cut-down stdlib zip loads other modules: {extra[:5]}")
        if not proof.get("fallback"):
            raise StdlibError("the fallback to the full stdlib zip did not import")
        data = {"sha256": sha256_file(trimmed), "bytes": trimmed.stat().st_size, "modules": count}
        staging = work / "slot"
        staging.mkdir()
        shutil.move(str(trimmed), staging / FILE_NAME)
        (staging / "stdlib.json").write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        if slot.exists():
            shutil.rmtree(slot)
        slot.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), slot)
    _forget_old(cache_dir, keep=slot)
    log(
        f"checker: cut the stdlib zip to {count} of its entries ({data['bytes']:,} bytes "
        f"stored), traced in Node; same answers on {len(traced['answers'])} samples"
    )
    return TrimmedStdlib(path=slot / FILE_NAME, **data)


def _forget_old(cache_dir: Path, keep: Path, count: int = 2) -> None:
    slots = [p for p in cache_dir.glob("stdlib-*") if (p / "stdlib.json").is_file()]
    slots.sort(key=lambda p: (p == keep, p.stat().st_mtime), reverse=True)
    for old in slots[count:]:
        shutil.rmtree(old, ignore_errors=True)
