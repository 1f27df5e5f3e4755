"""Every exchange but the first comes off the core by its own files and registry lines.

The issue's promise for a new exchange: "the change that adds it edits no existing file
but registry lines". Here it is proven backwards on the exchanges we have. In a copy of
the project, each exchange other than the first is removed the way
``scripts/exchange_change.py`` removes it: the files named after it (README, "Adding an
exchange") and the lines naming it in the registries. ``git diff --numstat`` shows
that nothing else was touched; the copy then builds strictly and its validator, verify
and exchange-registry suites pass, so nothing else needed editing either. That removal,
reversed, is the change that adds the exchange (``python scripts/exchange_change.py
<id>`` prints its ``git diff --stat``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keycheck.exchanges
import pytest
import yaml

from scripts.exchange_change import (
    LINK_CONTRACT,
    REGISTRIES,
    copy_project,
    git,
    remove_exchange,
)

# The first exchange is the core's own (HTX: verify's default adapter); every other
# exchange must come off.
LATER_EXCHANGES = list(keycheck.exchanges.EXCHANGES)[1:]
SUITES = ["tests/validator", "tests/verify", "tests/site/test_exchange_registry.py"]


def _env(tree: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tree / "validator" / "src"), str(tree)]),
        "ILLUSTRATIONS_RENDER": "false",
        "CHECKER_SNAPSHOT": "false",  # a plain boot is enough; the snapshot takes a minute
        "NO_MKDOCS_2_WARNING": "1",
        **extra,
    }


@pytest.fixture(scope="module", params=LATER_EXCHANGES)
def without(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, list[str]]:
    """(the exchange, a copy of the project without it, the files that were its own)."""
    exchange: str = request.param
    tree = tmp_path_factory.mktemp(f"without-{exchange}")
    copy_project(tree)
    removed = remove_exchange(tree, exchange)
    return exchange, tree, removed


def test_the_exchange_has_files_of_its_own(without: tuple[str, Path, list[str]]) -> None:
    exchange, _, removed = without
    for expected in (
        f"validator/src/keycheck/exchanges/{exchange}.py",
        f"docs/{exchange}/index.md",
        f"docs/{exchange}/errors.md",
    ):
        assert expected in removed


def test_the_removal_touches_its_files_and_registry_lines_only(
    without: tuple[str, Path, list[str]],
) -> None:
    exchange, tree, removed = without
    numstat = [line.split("\t") for line in git(tree, "diff", "--numstat").splitlines()]
    touched = {path: (added, deleted) for added, deleted, path in numstat}
    assert set(touched) - set(removed) <= set(REGISTRIES), "files outside the convention"
    assert set(removed) <= set(touched)
    for path in removed:
        assert not (tree / path).exists() and touched[path][0] in ("0", "-"), path
    assert git(tree, "status", "--porcelain", "--untracked-files=all").count("??") == 0

    # The Python registries: every line taken out names the exchange (its module or its
    # adapter), every line left in its place names it no more.
    for path in set(REGISTRIES) - {LINK_CONTRACT}:
        diff = git(tree, "diff", "-U0", "--", path).splitlines()
        minus = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
        plus = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
        assert all(exchange in line.lower() for line in minus), (path, minus)
        assert not any(exchange in line.lower() for line in plus), (path, plus)
        assert len(plus) <= len(minus), (path, plus)

    # The link contract: the exchange's pages (and moved anchors) go, nothing else changes.
    before = yaml.safe_load(git(tree, "show", f"HEAD:{LINK_CONTRACT}"))
    after = yaml.safe_load((tree / LINK_CONTRACT).read_text("utf-8"))
    assert touched[LINK_CONTRACT][0] == "0"
    mine = f"{exchange}/"
    assert any(page.startswith(mine) for page in before["pages"])
    assert after == {
        **before,
        "pages": {k: v for k, v in before["pages"].items() if not k.startswith(mine)},
        "moved": {k: v for k, v in (before["moved"] or {}).items() if not k.startswith(mine)},
    }


def test_the_core_without_the_exchange_builds_and_passes_its_suites(
    without: tuple[str, Path, list[str]],
) -> None:
    exchange, tree, _ = without
    registry = subprocess.run(
        [sys.executable, "-c", "import keycheck.exchanges as e; print(e.__file__, *e.ids())"],
        cwd=tree,
        env=_env(tree),
        capture_output=True,
        text=True,
    )
    assert registry.returncode == 0, registry.stderr[-3000:]
    where, *ids = registry.stdout.split()
    assert Path(where).is_relative_to(tree) and exchange not in ids and ids

    site = tree.parent / f"site-without-{exchange}"
    command = [sys.executable, "-m", "site_plugins.pipeline", "build", "--generator", "mkdocs"]
    command += ["--root", str(tree), "--site-dir", str(site)]
    built = subprocess.run(command, cwd=tree, env=_env(tree), capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-4000:]
    assert not (site / exchange).exists()

    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *SUITES]
    suites = subprocess.run(
        command, cwd=tree, env=_env(tree, SITE_DIR=str(site)), capture_output=True, text=True
    )
    assert suites.returncode == 0, suites.stdout[-4000:] + suites.stderr[-2000:]
    assert " passed" in suites.stdout.splitlines()[-1]


def test_own_files_follow_the_naming_convention() -> None:
    """The convention by example, on made-up paths (no exchange named ``zz`` exists)."""
    from scripts.exchange_change import is_own_file

    mine = [
        "validator/src/keycheck/exchanges/zz.py",
        "validator/src/keycheck/verify/zz_adapter.py",
        "docs/zz/index.md",
        "docs/zz/illustrations/scenes/step-1.html",
        "tests/validator/test_zz_checks.py",
        "tests/verify/zz_standin.py",
        "tests/validator/zz_explain_corpus.json",
    ]
    not_mine = [
        "validator/src/keycheck/exchanges/zzz.py",
        "validator/src/keycheck/verify/adapters.py",
        "validator/src/keycheck/zz_rules.py",
        "docs/zzz/index.md",
        "tests/validator/test_catalog.py",
        "tests/validator/test_zzz_checks.py",
        "site_plugins/zz_step.py",
        "anchors.yml",
    ]
    assert [p for p in mine if not is_own_file(p, "zz")] == []
    assert [p for p in not_mine if is_own_file(p, "zz")] == []
