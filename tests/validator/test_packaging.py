"""The distribution: dependency-free, one version, importable without optional parts."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import keycheck

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "validator" / "pyproject.toml").read_text("utf-8"))


def test_no_dependencies_and_the_verify_extra() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == "keycheck"
    assert project["dependencies"] == []
    assert project["requires-python"] == ">=3.11"
    assert project["optional-dependencies"]["verify"] == ["httpx>=0.28,<0.29"]
    assert project["scripts"]["keycheck"] == "keycheck.cli:main"
    assert PYPROJECT["build-system"]["build-backend"] == "hatchling.build"


def test_version_is_one_thing() -> None:
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/keycheck/_version.py"
    assert keycheck.__version__ == "1.0.0"


def test_checking_imports_only_the_standard_library() -> None:
    """What the browser worker imports must not pull in the CLI or any third party."""
    src = str(Path(keycheck.__file__).parents[1])
    code = (
        f"import sys; sys.path.insert(0, {src!r}); import keycheck;"
        'keycheck.check_json(\'{"exchange": "htx", "api_key": "x"}\');'
        "keycheck.explain_json('x', 'htx'); keycheck.catalog('htx');"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] not in sys.stdlib_module_names"
        " and m.split('.')[0] not in ('keycheck', '__main__'));"
        "print(','.join(bad)); print('keycheck.cli' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out == ["", "False"]


def test_public_api() -> None:
    assert sorted(keycheck.__all__) == [
        "InputError",
        "__version__",
        "catalog",
        "check",
        "check_json",
        "explain",
        "explain_json",
    ]
    assert issubclass(keycheck.InputError, ValueError)
