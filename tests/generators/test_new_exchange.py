"""A throw-away exchange, added the documented way, gets its own pages and checker.

In a copy of the project: a data module (``validator/.../exchanges/demo.py``), a docs
folder (``docs/demo/``) and registry lines (the validator's registry, ``anchors.yml``),
nothing else. The build then gives the exchange its navigation section, its place on
the landing page, its errors index and a checker with its own names that checks with
its own data, in Chromium. The git diff of the copy proves no other file was edited.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scripts.exchange_change import copy_project, git
from site_plugins.static_server import serving

ROOT = Path(__file__).resolve().parents[2]

DATA_MODULE = '''"""A throw-away exchange for tests: HTX's rules under another name."""

import dataclasses

from .htx import SPEC as _HTX

SPEC = dataclasses.replace(
    _HTX,
    id="demo",
    name="Demo Exchange",
    guide_path="demo/",
    errors_page="demo/errors/",
    permissions=tuple(dataclasses.replace(p, label=f"Demo {p.label}") for p in _HTX.permissions),
)
'''

PAGES = {
    "index.md": "---\ntitle: Demo walkthrough\ndescription: Make a demo key.\n---\n\n"
    "# Demo walkthrough\n\nMake a key.\n",
    "check.md": "# Check your demo key\n\n<!-- checker:widget -->\n\n<!-- checker:explain -->\n",
    "security.md": "# Demo security\n\nKeep it safe.\n",
    "faq.md": "# Demo FAQ\n\nNo questions yet.\n",
}


def _errors_page(tree: Path) -> str:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import keycheck; "
        "print(json.dumps(keycheck.catalog('demo')))"
    )
    import json

    src = str(tree / "validator" / "src")
    out = subprocess.run([sys.executable, "-I", "-c", code, src], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    catalog = json.loads(out.stdout)
    lines = ["# Demo errors", "", "<!-- guides:errors-index -->", ""]
    for section in catalog["sections"]:
        lines += [f"## {section['title']} {{#{section['id']}}}", "", "What it means.", ""]
        for entry in catalog["codes"]:
            if entry["section"] == section["id"]:
                lines += [f"### {entry['title']} {{#{entry['code']}}}", "", entry["fix"], ""]
    return "\n".join(lines)


def _add_demo_exchange(tree: Path) -> None:
    exchanges = tree / "validator" / "src" / "keycheck" / "exchanges"
    (exchanges / "demo.py").write_text(DATA_MODULE, "utf-8")
    registry = exchanges / "__init__.py"
    text = registry.read_text("utf-8")
    # The two registry lines: the import and the tuple, whatever exchanges they list.
    text, imports = re.subn(
        r"^from \. import (.+)$", r"from . import demo, \1", text, count=1, flags=re.M
    )
    text, tuples = re.subn(
        r"^_MODULES = \((.+?),?\)$", r"_MODULES = (\1, demo)", text, count=1, flags=re.M
    )
    assert imports == tuples == 1, "the registry's import and _MODULES lines were not found"
    registry.write_text(text, "utf-8")
    docs = tree / "docs" / "demo"
    docs.mkdir()
    for name, body in PAGES.items():
        (docs / name).write_text(body, "utf-8")
    (docs / "errors.md").write_text(_errors_page(tree), "utf-8")
    anchors = tree / "anchors.yml"
    entries = (
        "  demo/:\n    title: Demo walkthrough\n    anchors: []\n"
        "  demo/errors/:\n    title: Demo errors\n    findings: demo\n    anchors: []\n"
        "  demo/check/:\n    title: Check your demo key\n    anchors: []\n"
    )
    anchors.write_text(anchors.read_text("utf-8").replace("\nmoved:", f"\n{entries}moved:"))


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tree = tmp_path_factory.mktemp("project")
    copy_project(tree)
    _add_demo_exchange(tree)
    out = tmp_path_factory.mktemp("demo-site") / "site"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tree / "validator" / "src"), str(tree)]),
        "ILLUSTRATIONS_RENDER": "false",
        "CHECKER_SNAPSHOT": "false",  # a plain boot is enough; the snapshot takes a minute
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "site_plugins.pipeline", "build", "--generator", "mkdocs"]
    command += ["--root", str(tree), "--site-dir", str(out)]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    return tree, out


def test_adding_the_exchange_edits_only_registry_lines(demo_site: tuple[Path, Path]) -> None:
    tree, _ = demo_site
    changed = git(tree, "diff", "--numstat").split("\n")
    edits = {line.split("\t")[2]: line.split("\t")[:2] for line in changed if line}
    assert edits == {
        "anchors.yml": ["10", "0"],
        "validator/src/keycheck/exchanges/__init__.py": ["2", "2"],
    }
    new = git(tree, "ls-files", "--others", "--exclude-standard").split()
    assert sorted(new) == sorted(
        ["validator/src/keycheck/exchanges/demo.py"]
        + [f"docs/demo/{name}" for name in [*PAGES, "errors.md"]]
    )


def test_the_exchange_gets_navigation_landing_entry_and_errors_index(
    demo_site: tuple[Path, Path],
) -> None:
    _, site = demo_site
    home = (site / "index.html").read_text("utf-8")
    assert 'href="demo/check/"' in home and "Demo Exchange" in home
    assert "Start the Demo Exchange walkthrough" in home
    errors = (site / "demo" / "errors" / "index.html").read_text("utf-8")
    assert 'data-copy-link="demo/errors/#invalid-api-key-or-secret"' in errors
    assert 'href="#whitespace"' in errors


def test_each_check_page_has_its_own_exchange(demo_site: tuple[Path, Path]) -> None:
    _, site = demo_site
    demo = (site / "demo" / "check" / "index.html").read_text("utf-8")
    htx = (site / "htx" / "check" / "index.html").read_text("utf-8")
    assert 'data-exchange="demo"' in demo and "Permissions you ticked on Demo Exchange" in demo
    assert "Demo Read" in demo
    start = htx.index('<div class="checker"')
    widget = htx[start : htx.index("</form>", start)]
    assert 'data-exchange="htx"' in widget and "Demo" not in widget


def test_the_demo_checker_checks_with_its_own_data(
    demo_site: tuple[Path, Path], page: Page
) -> None:
    _, site = demo_site
    with serving(site) as url:
        page.goto(url + "demo/check/")
        page.wait_for_selector("[data-checker][data-state='ready']", timeout=90_000)
        page.fill("#checker-api-key", " 7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2")
        finding = page.locator("[data-checker-results] [data-code='whitespace']")
        expect(finding).to_be_visible()
        link = finding.locator("a.checker__link")
        assert link.get_attribute("href") == "../errors/#whitespace"
        summary = page.locator("[data-checker-summary]").text_content() or ""
        assert "Demo Exchange API key check" in summary, summary
