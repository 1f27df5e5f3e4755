"""Assembles the checker's runtime: pinned Pyodide files, the validator wheel, a lock file.

Plain functions over paths, no MkDocs: the plugin calls :func:`prepare`, and so can any
other generator. Everything here is offline and deterministic:

1. Pyodide's files come from the npm package in ``node_modules/pyodide`` (installed from
   ``package-lock.json``). Each is checked against the SHA-256 pinned in a tracked digest
   file; a missing or different file stops the build with a message saying which.
2. The validator wheel is built from ``validator/`` with pip (no build isolation, no
   network) under a fixed ``SOURCE_DATE_EPOCH``, so the same source gives the same bytes.
3. The lock file: Pyodide's own tool, ``pyodide lockfile add-wheels``, adds the wheel (name,
   imports, dependencies, sha256) to the npm package's ``pyodide-lock.json``. The browser
   then installs the wheel with ``loadPackage`` and Pyodide checks its sha256. Where the
   tool is missing (pyodide-build needs Python >= 3.12) the same entry is written here
   from the wheel's metadata, and the build log says so.
4. The lock is pruned to the packages the site actually ships, so every entry in it
   resolves to a file on the site.

Results are cached under the plugin's cache folder, keyed by the digests of their
inputs, so a rebuild with nothing changed does no packaging work.

Command line (for maintainers upgrading Pyodide)::

    python -m site_plugins.checker.bundle verify   # check node_modules against the pins
    python -m site_plugins.checker.bundle pin      # rewrite the pins from node_modules
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

# The files of the npm package that the site serves (the runtime the worker imports and
# fetches), and those only read at build time. All are pinned in the digest file.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
BUILD_FILES = ("package.json", "pyodide-lock.json")
PINNED_FILES = BUILD_FILES + RUNTIME_FILES

# Any fixed instant works; this one is hatchling's own default for reproducible wheels.
SOURCE_DATE_EPOCH = "1580601600"
LOCK_NAME = "pyodide-lock.json"
# Bump when the layout of the cached results changes, so stale caches are ignored.
CACHE_FORMAT = "3"

Log = Callable[[str], None]


class BundleError(RuntimeError):
    """The runtime cannot be assembled; the message says what to do."""


@dataclass(frozen=True)
class Bundle:
    """What the site needs to ship the checker.

    ``files`` maps a path inside the site (``assets/checker/...``) to the file to copy
    there. ``runtime_dir`` and ``lock_path`` are site paths too. ``download_bytes`` is
    the size of what the worker fetches with ``fetch`` (wasm, stdlib, lock, wheel), the
    denominator of the honest progress shown while booting.
    """

    pyodide_version: str
    runtime_dir: str
    lock_path: str
    wheel_name: str
    wheel_sha256: str
    package: str
    import_name: str
    catalogs: dict[str, dict]  # exchange id -> keycheck.catalog(id), from the wheel
    files: dict[str, Path]
    download_bytes: int
    lock_tool: str
    from_cache: bool = False
    log_lines: list[str] = field(default_factory=list)


# -- digests ---------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pins(digest_file: Path) -> dict[str, str]:
    """``{file name: sha256}`` from a ``sha256sum``-style file (``#`` starts a comment)."""
    try:
        text = digest_file.read_text("utf-8")
    except FileNotFoundError as exc:
        raise BundleError(f"{digest_file}: the pinned Pyodide digests are missing") from exc
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise BundleError(f"{digest_file}:{number}: expected '<sha256>  <file name>'")
        pins[parts[1].lstrip("*")] = parts[0].lower()
    return pins


def write_pins(digest_file: Path, pyodide_dir: Path, version: str) -> None:
    """Pin the current ``node_modules/pyodide`` files (after a deliberate upgrade)."""
    lines = [
        f"# SHA-256 of the files of the npm package pyodide@{version} that the checker",
        "# ships or builds from. The site build fails when node_modules differs.",
        "# Regenerate after upgrading Pyodide: python -m site_plugins.checker.bundle pin",
    ]
    for name in PINNED_FILES:
        lines.append(f"{sha256_file(pyodide_dir / name)}  {name}")
    digest_file.write_text("\n".join(lines) + "\n", "utf-8")


def verify_pyodide(pyodide_dir: Path, digest_file: Path, version: str) -> dict[str, str]:
    """Check the npm package against the pins; returns ``{file name: sha256}``."""
    if not (pyodide_dir / "package.json").is_file():
        raise BundleError(
            f"{pyodide_dir}: Pyodide is not installed; run `npm ci` in the repository root "
            "(package-lock.json pins pyodide@" + version + ")"
        )
    installed = json.loads((pyodide_dir / "package.json").read_text("utf-8")).get("version")
    if installed != version:
        raise BundleError(
            f"{pyodide_dir}: pyodide@{installed} is installed but the site pins "
            f"pyodide@{version}; run `npm ci`"
        )
    pins = read_pins(digest_file)
    found: dict[str, str] = {}
    problems: list[str] = []
    for name in PINNED_FILES:
        path = pyodide_dir / name
        if name not in pins:
            problems.append(f"{name}: no digest pinned in {digest_file}")
            continue
        if not path.is_file():
            problems.append(f"{name}: missing from {pyodide_dir}")
            continue
        actual = sha256_file(path)
        if actual != pins[name]:
            problems.append(f"{name}: sha256 {actual}, pinned {pins[name]}")
        found[name] = actual
    if problems:
        raise BundleError(
            "Pyodide files do not match their pinned SHA-256 digests (refusing to ship "
            "them; reinstall with `npm ci`, or re-pin deliberately after an upgrade):\n  "
            + "\n  ".join(problems)
        )
    return found


# -- the validator wheel ---------------------------------------------------------------

_SKIP_DIRS = {"__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "build", "dist"}


def source_digest(project_dir: Path) -> str:
    """A digest of every file that can change the wheel (sources, metadata, readme)."""
    digest = hashlib.sha256()
    for path in sorted(_source_files(project_dir)):
        rel = path.relative_to(project_dir).as_posix()
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _source_files(project_dir: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(project_dir):
        # Tests and caches never reach the wheel: changing them must not rebuild it.
        dirs[:] = [
            d for d in dirs if d not in _SKIP_DIRS and d != "tests" and not d.endswith(".egg-info")
        ]
        for name in files:
            if not name.endswith((".pyc", ".pyo")):
                yield Path(root) / name


def build_wheel(project_dir: Path, out_dir: Path, python: str = sys.executable) -> Path:
    """Build ``project_dir``'s wheel into ``out_dir`` with pip, offline and reproducibly."""
    if not (project_dir / "pyproject.toml").is_file():
        raise BundleError(f"{project_dir}: no pyproject.toml; the validator package is missing")
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    command += [
        "-w",
        str(out_dir.resolve()),
        str(project_dir.resolve()),
    ]  # a bare name is a requirement
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wheels = sorted(out_dir.glob("*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        raise BundleError(
            f"building the validator wheel failed ({' '.join(command)}):\n"
            + (result.stderr or result.stdout).strip()[-2000:]
        )
    if not wheels[0].name.endswith("-py3-none-any.whl"):
        raise BundleError(f"{wheels[0].name}: the validator must build a pure py3-none-any wheel")
    return wheels[0]


def wheel_metadata(wheel: Path) -> dict[str, object]:
    """Name, version, dependencies and top-level imports read from a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = HeaderParser().parsestr(archive.read(meta_name).decode("utf-8"))
        top_level = sorted(
            {
                n.split("/", 1)[0].removesuffix(".py")
                for n in names
                if not n.split("/", 1)[0].endswith((".dist-info", ".data"))
                and (n.endswith(".py") or "/" in n)
            }
        )
    return {
        "name": meta["Name"],
        "version": meta["Version"],
        # Dependencies of optional extras are not installed in the browser.
        "requires": [
            r for r in meta.get_all("Requires-Dist") or [] if "extra ==" not in r.split(";", 1)[-1]
        ],
        "imports": top_level,
    }


def read_catalogs(wheel: Path, python: str = sys.executable) -> dict[str, dict]:
    """Every registered exchange's catalog, asked of the very wheel the site ships."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import json, keycheck; "
        "from keycheck import exchanges; "
        "json.dump({x: keycheck.catalog(x) for x in exchanges.ids()}, sys.stdout, "
        "ensure_ascii=False)"
    )
    result = subprocess.run(
        [python, "-I", "-c", code, str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BundleError(f"reading the validator's catalogs failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


# -- the lock file ---------------------------------------------------------------------


def pyodide_cli() -> list[str] | None:
    """The command that runs Pyodide's CLI in this environment, or None if it is missing."""
    try:
        import pyodide_build  # noqa: F401
        import pyodide_cli  # noqa: F401  (pyodide-build, Python >= 3.12)
    except ImportError:
        return None
    script = Path(sys.executable).with_name("pyodide")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "pyodide_cli"]


def add_wheel_with_tool(cli: list[str], base_lock: Path, wheel: Path, out: Path) -> None:
    """``pyodide lockfile add-wheels``: Pyodide's own tool writes the wheel's entry."""
    command = [*cli, "lockfile", "add-wheels", "--input", str(base_lock), "--output", str(out)]
    command += ["--base-path", str(wheel.parent), str(wheel)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not out.is_file():
        raise BundleError(
            "pyodide lockfile add-wheels failed:\n" + (result.stderr or result.stdout)[-2000:]
        )


def add_wheel_in_python(base_lock: Path, wheel: Path, out: Path) -> None:
    """The same entry ``add-wheels`` writes, for environments without pyodide-build."""
    meta = wheel_metadata(wheel)
    if meta["requires"]:
        raise BundleError(
            f"{wheel.name} declares dependencies {meta['requires']}; the fallback lock "
            "writer only handles dependency-free wheels: build with Python >= 3.12"
        )
    lock = json.loads(base_lock.read_text("utf-8"))
    name = str(meta["name"]).lower().replace("_", "-")
    lock["packages"][name] = {
        "depends": [],
        "file_name": wheel.name,
        "imports": meta["imports"],
        "install_dir": "site",
        "name": name,
        "package_type": "package",
        "sha256": sha256_file(wheel),
        "tool": {},
        "unvendored_tests": False,
        "version": meta["version"],
    }
    out.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", "utf-8")


def prune_lock(lock: dict, keep: str) -> dict:
    """Only ``keep`` and what it depends on: every entry left is a file the site ships."""
    packages = lock["packages"]
    wanted: set[str] = set()
    todo = [keep]
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        if name not in packages:
            raise BundleError(f"lock file: {name!r} is required but not in the lock")
        wanted.add(name)
        todo.extend(packages[name].get("depends", []))
    return {**lock, "packages": {n: packages[n] for n in sorted(wanted)}}


# -- putting it together ---------------------------------------------------------------


def prepare(
    *,
    pyodide_dir: Path,
    digest_file: Path,
    pyodide_version: str,
    project_dir: Path,
    cache_dir: Path,
    assets_dir: str,
    use_cache: bool = True,
    prune: bool = True,
    log: Log = print,
) -> Bundle:
    """Verify, build and lock; returns what to copy where. Raises :class:`BundleError`."""
    pins = verify_pyodide(pyodide_dir, digest_file, pyodide_version)
    key = hashlib.sha256(
        "\0".join(
            [
                CACHE_FORMAT,
                pins["pyodide-lock.json"],
                source_digest(project_dir),
                str(prune),
                sys.version.split()[0],
            ]
        ).encode()
    ).hexdigest()[:20]
    slot = cache_dir / key
    manifest_path = slot / "bundle.json"

    from_cache = use_cache and manifest_path.is_file()
    if not from_cache:
        _build_slot(slot, pyodide_dir, project_dir, prune, log)
        _forget_old_slots(cache_dir, keep=slot)
    manifest = json.loads(manifest_path.read_text("utf-8"))

    # Pyodide's files go under a folder named by version (immutable: cacheable forever);
    # the wheel and the lock under a folder named by the lock's digest, for the same reason.
    runtime_dir = f"{assets_dir}/pyodide-{pyodide_version}"
    packages_dir = f"{assets_dir}/packages/{manifest['lock_sha256'][:16]}"
    files = {f"{runtime_dir}/{name}": pyodide_dir / name for name in RUNTIME_FILES}
    files[f"{packages_dir}/{LOCK_NAME}"] = slot / LOCK_NAME
    files[f"{packages_dir}/{manifest['wheel']}"] = slot / manifest["wheel"]
    fetched = ("pyodide.asm.wasm", "python_stdlib.zip")
    download = sum((pyodide_dir / n).stat().st_size for n in fetched)
    download += (slot / LOCK_NAME).stat().st_size + (slot / manifest["wheel"]).stat().st_size
    return Bundle(
        pyodide_version=pyodide_version,
        runtime_dir=runtime_dir,
        lock_path=f"{packages_dir}/{LOCK_NAME}",
        wheel_name=manifest["wheel"],
        wheel_sha256=manifest["wheel_sha256"],
        package=manifest["package"],
        import_name=manifest["imports"][0],
        catalogs=manifest["catalogs"],
        files=files,
        download_bytes=download,
        lock_tool=manifest["lock_tool"],
        from_cache=from_cache,
    )


def _forget_old_slots(cache_dir: Path, keep: Path, count: int = 4) -> None:
    """Keep the cache small: the current slot and the few most recently built ones."""
    slots = [p for p in cache_dir.iterdir() if p.is_dir() and (p / "bundle.json").is_file()]
    slots.sort(key=lambda p: (p == keep, p.stat().st_mtime), reverse=True)
    for old in slots[count:]:
        shutil.rmtree(old, ignore_errors=True)


def _build_slot(slot: Path, pyodide_dir: Path, project_dir: Path, prune: bool, log: Log) -> None:
    with tempfile.TemporaryDirectory(prefix="checker-") as tmp:
        work = Path(tmp)
        wheel = build_wheel(project_dir, work / "wheel")
        meta = wheel_metadata(wheel)
        package = str(meta["name"]).lower().replace("_", "-")
        raw_lock = work / "lock-added.json"
        cli = pyodide_cli()
        if cli is not None:
            add_wheel_with_tool(cli, pyodide_dir / LOCK_NAME, wheel, raw_lock)
            tool = "pyodide lockfile add-wheels"
        else:
            add_wheel_in_python(pyodide_dir / LOCK_NAME, wheel, raw_lock)
            tool = "python fallback"
            log(
                "checker: pyodide-build is not installed (it needs Python >= 3.12): the lock entry "
                f"for {wheel.name} was written by the Python fallback, not Pyodide's tool"
            )
        lock = json.loads(raw_lock.read_text("utf-8"))
        entry = lock["packages"].get(package)
        wheel_sha = sha256_file(wheel)
        if not entry or entry.get("sha256") != wheel_sha or entry.get("file_name") != wheel.name:
            raise BundleError(f"lock file: the entry for {package} does not match {wheel.name}")
        if prune:
            lock = prune_lock(lock, package)
        lock_text = json.dumps(lock, indent=1, sort_keys=True) + "\n"
        catalogs = read_catalogs(wheel)

        staging = work / "slot"
        staging.mkdir()
        shutil.copy2(wheel, staging / wheel.name)
        (staging / LOCK_NAME).write_text(lock_text, "utf-8")
        manifest = {
            "wheel": wheel.name,
            "wheel_sha256": wheel_sha,
            "package": package,
            "imports": entry["imports"],
            "lock_sha256": hashlib.sha256(lock_text.encode()).hexdigest(),
            "lock_tool": tool,
            "catalogs": catalogs,
        }
        (staging / "bundle.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
        if slot.exists():
            shutil.rmtree(slot)
        slot.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), slot)
        log(f"checker: built {wheel.name} (sha256 {wheel_sha[:12]}…), lock entry by {tool}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify or re-pin the shipped Pyodide files.")
    parser.add_argument("action", choices=["verify", "pin"])
    parser.add_argument("--pyodide-dir", type=Path, default=Path("node_modules/pyodide"))
    parser.add_argument("--digests", type=Path, default=Path(__file__).with_name("pyodide.sha256"))
    args = parser.parse_args(argv)
    version = json.loads((args.pyodide_dir / "package.json").read_text("utf-8"))["version"]
    if args.action == "pin":
        write_pins(args.digests, args.pyodide_dir, version)
        print(f"pinned pyodide@{version} in {args.digests}")
        return 0
    try:
        verify_pyodide(args.pyodide_dir, args.digests, version)
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"pyodide@{version}: every file matches {args.digests}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
