"""Supply chain: the site runs only what its build produced, from pinned inputs.

- Every script, stylesheet, icon, image or other resource a built page references (in
  every version of the versioned site) is a file of that build, at a relative or
  root-relative address: nothing from another origin, no CDN, nothing left over.
- Pyodide is verified against pinned SHA-256 digests at build time: a real ``mkdocs
  build`` pointed at a copy of the npm package with one flipped byte stops with a
  message naming the file, and writes no site.
- Dependencies are pinned: ``package.json`` names exact versions, ``package-lock.json``
  carries an integrity hash for every package, and ``constraints.txt`` pins every
  Python distribution the project and its tests need, at the versions installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from security_support import Root, page_files, references, resolve_in_site

from site_plugins.checker import bundle

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"
EXACT = re.compile(r"^\d+\.\d+\.\d+$")


def test_every_referenced_resource_is_a_file_of_the_build(crawl_roots: list[Root]) -> None:
    problems = []
    counted = {"script": 0, "stylesheet": 0, "other": 0}
    for root in crawl_roots:
        for page_file in page_files(root):
            html = page_file.read_text("utf-8")
            where = f"{root.name}/{page_file.relative_to(root.directory)}"
            for ref in references(html):
                if ref.attr == "style":
                    problems.append(f"{where}: inline style loads {ref.url!r}")
                    continue
                if ref.url.startswith("data:") and ref.tag in ("img", "link"):
                    continue  # inline images and icons: part of the page itself
                target = resolve_in_site(root.served, page_file, ref.url)
                if target is None:
                    problems.append(f"{where}: <{ref.tag} {ref.attr}> from elsewhere: {ref.url}")
                elif not target.is_file():
                    problems.append(f"{where}: <{ref.tag} {ref.attr}> not built: {ref.url}")
                kind = "script" if ref.tag == "script" else ref.rel
                counted[kind if kind in counted else "other"] += 1
    assert counted["script"] > 0 and counted["stylesheet"] > 0, counted
    assert problems == []


def test_a_tampered_pyodide_file_stops_the_build(tmp_path: Path) -> None:
    """A real build, with the checker plugin pointed at a copy of the npm package in
    which one byte of the WebAssembly binary is flipped."""
    copy = tmp_path / "pyodide"
    copy.mkdir()
    for name in bundle.PINNED_FILES:
        shutil.copy2(PYODIDE / name, copy / name)
    version = json.loads((PYODIDE / "package.json").read_text("utf-8"))["version"]
    pins = ROOT / "site_plugins" / "checker" / "pyodide.sha256"
    bundle.verify_pyodide(copy, pins, version)  # the untouched copy passes

    wasm = copy / "pyodide.asm.wasm"
    data = bytearray(wasm.read_bytes())
    data[len(data) // 2] ^= 0x01
    wasm.write_bytes(bytes(data))

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "\n".join(
            [
                f"INHERIT: {ROOT / 'mkdocs.yml'}",
                f"docs_dir: {ROOT / 'docs'}",
                "theme:",
                f"  custom_dir: {ROOT / 'overrides'}",
                "plugins:",
                "  guides/checker:",
                f"    pyodide_dir: {copy}",
                f"    digests: {pins}",
                f"    validator_dir: {ROOT / 'validator'}",
                f"    cache_dir: {tmp_path / 'cache'}",
                "",
            ]
        ),
        "utf-8",
    )
    out = tmp_path / "site"
    env = {**os.environ, "ILLUSTRATIONS_RENDER": "false", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, "the build accepted a tampered Pyodide"
    assert "do not match their pinned SHA-256 digests" in log, log[-3000:]
    assert re.search(r"pyodide\.asm\.wasm: sha256 [0-9a-f]{64}, pinned [0-9a-f]{64}", log), log
    assert "Traceback" not in log
    assert not list(out.rglob("*.wasm")) and not list(out.rglob("*.html")), "a site was written"


def test_npm_dependencies_are_exact_and_locked_with_integrity() -> None:
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert lock["lockfileVersion"] >= 2
    declared = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    assert declared, "package.json declares nothing"
    for name, version in declared.items():
        assert EXACT.match(version), f"package.json: {name} {version!r} is not an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    root = lock["packages"][""]
    assert root.get("dependencies", {}) == package.get("dependencies", {})
    assert root.get("devDependencies", {}) == package.get("devDependencies", {})
    for path, entry in lock["packages"].items():
        if not path:
            continue
        assert EXACT.match(entry.get("version", "")), f"{path}: no exact version"
        assert str(entry.get("integrity", "")).startswith("sha512-"), f"{path}: no integrity"


def _pins() -> dict[str, str]:
    lines = [
        line.strip()
        for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines == sorted(lines, key=str.lower), "constraints.txt is not sorted"
    pins = {}
    for line in lines:
        name, sep, version = line.partition("==")
        assert sep and version and ";" not in version, f"not an exact pin: {line!r}"
        pins[canonicalize_name(name)] = version
    return pins


def _needed(roots: list[tuple[str, set[str]]]) -> dict[str, set[str]]:
    """Every distribution the roots need here, transitively: name → who needs it."""
    needed: dict[str, set[str]] = {}
    stack = list(roots)
    seen: set[tuple[str, frozenset[str]]] = set()
    while stack:
        name, extras = stack.pop()
        if (name, frozenset(extras)) in seen:
            continue
        seen.add((name, frozenset(extras)))
        for text in metadata.distribution(name).requires or []:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": e}) for e in extras | {""}):
                continue
            child = canonicalize_name(requirement.name)
            needed.setdefault(child, set()).add(name)
            stack.append((child, set(requirement.extras)))
    return needed


def test_every_python_dependency_is_pinned_and_installed_at_its_pin() -> None:
    pins = _pins()
    needed = _needed([("exchange-api-guides", {"test"}), ("keycheck", {"verify"})])
    assert {"mkdocs-material", "playwright", "pytest", "hypothesis", "atheris"} <= set(needed)
    unpinned = sorted(
        f"{name} (for {', '.join(sorted(by))})" for name, by in needed.items() if name not in pins
    )
    assert unpinned == [], "add these to constraints.txt"
    wrong = {
        name: (metadata.version(name), pins[name])
        for name in needed
        if metadata.version(name) != pins[name]
    }
    assert wrong == {}, "installed version differs from the pin (installed, pinned)"
    # The declared ranges in pyproject.toml admit the pinned versions.
    for project, extras in (("exchange-api-guides", {"test"}), ("keycheck", {"verify"})):
        for text in metadata.distribution(project).requires or []:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": e}) for e in extras | {""}):
                continue
            pinned = pins[canonicalize_name(requirement.name)]
            assert requirement.specifier.contains(pinned, prereleases=True), (text, pinned)
