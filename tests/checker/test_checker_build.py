"""The build side of the checker: pinned Pyodide, the lock file, CSP hashing (no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from site_plugins.checker import bundle
from site_plugins.hosting import policy as csp

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"
PINS = ROOT / "site_plugins" / "checker" / "pyodide.sha256"
VERSION = json.loads((ROOT / "package.json").read_text("utf-8"))["dependencies"]["pyodide"]

needs_pyodide = pytest.mark.skipif(
    not (PYODIDE / "package.json").is_file(), reason="node_modules/pyodide is not installed"
)


def test_package_json_pins_an_exact_version() -> None:
    assert VERSION == "314.0.7"
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert lock["packages"]["node_modules/pyodide"]["version"] == VERSION


def test_every_shipped_file_is_pinned() -> None:
    assert set(bundle.read_pins(PINS)) == set(bundle.PINNED_FILES)


@needs_pyodide
def test_installed_pyodide_matches_the_pins() -> None:
    found = bundle.verify_pyodide(PYODIDE, PINS, VERSION)
    assert set(found) == set(bundle.PINNED_FILES)


@needs_pyodide
def test_a_changed_file_stops_the_build_with_its_name(tmp_path: Path) -> None:
    copy = tmp_path / "pyodide"
    copy.mkdir()
    for name in bundle.PINNED_FILES:
        shutil.copy2(PYODIDE / name, copy / name)
    with (copy / "pyodide.mjs").open("a") as handle:
        handle.write("\n// tampered\n")
    with pytest.raises(bundle.BundleError, match=r"pyodide\.mjs: sha256 [0-9a-f]{64}, pinned"):
        bundle.verify_pyodide(copy, PINS, VERSION)
    (copy / "python_stdlib.zip").unlink()
    with pytest.raises(bundle.BundleError, match=r"python_stdlib\.zip: missing"):
        bundle.verify_pyodide(copy, PINS, VERSION)


@needs_pyodide
def test_lock_entry_by_pyodide_tool_and_fallback_agree(tmp_path: Path) -> None:
    wheel = bundle.build_wheel(ROOT / "validator", tmp_path / "a")
    again = bundle.build_wheel(ROOT / "validator", tmp_path / "b")
    assert wheel.read_bytes() == again.read_bytes(), "the wheel build is not reproducible"
    assert wheel.name.endswith("-py3-none-any.whl")

    fallback = tmp_path / "fallback.json"
    bundle.add_wheel_in_python(PYODIDE / "pyodide-lock.json", wheel, fallback)
    entry = json.loads(fallback.read_text("utf-8"))["packages"]["keycheck"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["keycheck"]

    cli = bundle.pyodide_cli()
    if cli is None:
        pytest.skip("pyodide-build is not installed here (Python < 3.12)")
    tool = tmp_path / "tool.json"
    bundle.add_wheel_with_tool(cli, PYODIDE / "pyodide-lock.json", wheel, tool)
    assert json.loads(tool.read_text("utf-8"))["packages"]["keycheck"] == entry


def test_pruned_lock_keeps_the_package_and_its_dependencies() -> None:
    lock = {
        "info": {"python": "3.14"},
        "packages": {
            "keycheck": {"depends": ["dep"]},
            "dep": {"depends": []},
            "numpy": {"depends": []},
        },
    }
    assert set(bundle.prune_lock(lock, "keycheck")["packages"]) == {"keycheck", "dep"}
    with pytest.raises(bundle.BundleError):
        bundle.prune_lock(lock, "missing")


def test_shipped_lock_lists_only_the_validator_with_the_wheel_digest(site_dir: Path) -> None:
    locks = list(site_dir.glob("assets/checker/packages/*/pyodide-lock.json"))
    assert len(locks) == 1
    lock = json.loads(locks[0].read_text("utf-8"))
    assert list(lock["packages"]) == ["keycheck"]
    entry = lock["packages"]["keycheck"]
    wheel = locks[0].parent / entry["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    pins = bundle.read_pins(PINS)
    for name in bundle.RUNTIME_FILES:
        shipped = site_dir / f"assets/checker/pyodide-{VERSION}" / name
        assert bundle.sha256_file(shipped) == pins[name], name
    assert not list(site_dir.rglob("node_modules"))
    assert not (site_dir / f"assets/checker/pyodide-{VERSION}/pyodide-lock.json").exists()


def test_inline_script_hashes_cover_code_only() -> None:
    html = (
        '<head><script>var a=1</script><script src="x.js"></script>'
        '<script id="__config" type="application/json">{"a":1}</script>'
        '<script type="module">import "./m.js"</script></head>'
    )
    expected = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in ("var a=1", 'import "./m.js"')
    ]
    assert csp.inline_script_hashes(html) == expected


def test_policy_is_strict_for_scripts() -> None:
    text = csp.policy(["'sha256-abc'"])
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';" in text
    assert "frame-ancestors" not in text
    assert "frame-ancestors 'none'" in csp.policy([], for_header=True)
    assert "style-src 'self';" in csp.policy([], style_unsafe_inline=False)
    strict = csp.policy(
        [],
        style_unsafe_inline=False,
        style_hashes=csp.inline_style_hashes("<style id='x'>a{}</style>"),
    )
    assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+';", strict)
    twice = csp.apply_meta(csp.apply_meta("<html><head><title>t</title>", "A"), "B")
    assert twice.count("Content-Security-Policy") == 1 and 'content="B"' in twice
