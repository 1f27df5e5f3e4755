"""The change that adds an exchange to the core: its own files and its registry lines.

An exchange is separable: everything that is only about it lives in files named after
it, and the shared code knows it only through registry lines. This module states that
naming convention once (:func:`own_files`), removes an exchange from a copy of the
project by it (:func:`remove_exchange`), and prints the ``git diff --stat`` of that
removal reversed, which is the change that adds the exchange to the core::

    python scripts/exchange_change.py okx

``tests/generators/test_exchange_separable.py`` removes each exchange but the first
this way and proves that the site still builds and the suites still pass, so nothing
outside those files and lines needed editing. ``tests/generators/test_new_exchange.py``
shares the project copy (:func:`copy_project`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]

# The exchange's own files, by name only ("<id>" is the exchange id of keycheck.exchanges).
CONVENTION = (
    "validator/src/keycheck/exchanges/<id>.py",  # its data module
    "validator/src/keycheck/verify/<id>_*",  # its verify adapter, client, flow, signing
    "docs/<id>/",  # its pages and illustrations
    "tests/**/test_<id>_*",  # its tests
    "tests/**/<id>_*",  # its test helpers and data (stand-ins, corpora)
)
# The registry files: each names the exchange on lines of its own and nowhere else.
EXCHANGE_REGISTRY = "validator/src/keycheck/exchanges/__init__.py"
ADAPTER_REGISTRY = "validator/src/keycheck/verify/adapters.py"
LINK_CONTRACT = "anchors.yml"
REGISTRIES = (EXCHANGE_REGISTRY, ADAPTER_REGISTRY, LINK_CONTRACT)


def git(tree: Path, *args: str) -> str:
    """``git args`` in ``tree`` (a throw-away identity for commits), its stdout."""
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args]
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, check=True).stdout


# The build caches whose entries are named by the digest of their inputs (the checker's
# wheel, lock, traced stdlib, snapshot and Brotli/gzip encodings): a copy may start from
# them, since an entry is only used for exactly the input it was made from.
BUILD_CACHES = (".cache/plugin/checker",)


def copy_project(
    dest: Path, *, root: Path = ROOT, link_node_modules: bool = True, warm_caches: bool = True
) -> None:
    """Copy the project's files (tracked, and untracked but not ignored) into a new git
    repository at ``dest`` with one commit; ``node_modules`` is linked, not copied.

    With ``warm_caches``, the build caches of :data:`BUILD_CACHES` are copied too (they
    are git-ignored): a copy's build then recomputes only what its own files change,
    not the Brotli encoding of Pyodide's 10 MB of unchanged files (minutes on a busy
    machine).
    """
    listed = git(root, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for rel in filter(None, listed):
        source = root / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    if link_node_modules:
        (dest / "node_modules").symlink_to(root / "node_modules")
    for cache in BUILD_CACHES if warm_caches else ():
        if (root / cache).is_dir():
            shutil.copytree(root / cache, dest / cache)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "copy")


def is_own_file(path: str, exchange: str) -> bool:
    """Whether ``path`` (relative, POSIX) belongs to ``exchange`` by :data:`CONVENTION`."""
    parts = PurePosixPath(path).parts
    name = parts[-1]
    if parts[:-1] == ("validator", "src", "keycheck", "exchanges"):
        return name == f"{exchange}.py"
    if parts[:-1] == ("validator", "src", "keycheck", "verify"):
        return name.startswith(f"{exchange}_")
    if parts[:2] == ("docs", exchange):
        return True
    if parts[0] == "tests":
        return name.startswith((f"test_{exchange}_", f"{exchange}_"))
    return False


def own_files(tree: Path, exchange: str) -> list[str]:
    """The tracked files of ``tree`` that belong to ``exchange``, sorted."""
    tracked = git(tree, "ls-files", "-z").split("\0")
    return sorted(p for p in tracked if p and is_own_file(p, exchange))


def _drop_from_tuple(line: str, item: str) -> str:
    """``line`` without ``item`` in the parenthesised tuple that holds it (a one-item
    tuple keeps its comma)."""
    match = re.search(rf"(?<![\w.]){re.escape(item)}(?![\w])", line)
    if match is None:
        return line
    depth, start = 0, match.start()
    while start > 0:
        start -= 1
        if line[start] == ")":
            depth += 1
        elif line[start] == "(":
            if depth == 0:
                break
            depth -= 1
    depth, end = 0, match.end()
    while end < len(line) and (line[end] != ")" or depth):
        depth += {"(": 1, ")": -1}.get(line[end], 0)
        end += 1
    items, depth, current = [], 0, ""
    for char in line[start + 1 : end]:
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    items.append(current.strip())
    kept = [i for i in items if i and i != item]
    inner = kept[0] + "," if len(kept) == 1 else ", ".join(kept)
    return line[: start + 1] + inner + line[end:]


def _edit_exchange_registry(text: str, exchange: str) -> str:
    """Drop the exchange from the registry's import and ``_MODULES`` lines."""
    out = []
    for line in text.splitlines(keepends=True):
        imported = re.match(r"^from \. import (.+)$", line)
        if imported:
            names = [n.strip() for n in imported.group(1).split(",")]
            if exchange in names:
                kept = [n for n in names if n != exchange]
                if not kept:
                    continue
                line = f"from . import {', '.join(kept)}\n"
        elif line.startswith("_MODULES = ("):
            line = _drop_from_tuple(line, exchange)
        out.append(line)
    return "".join(out)


def _edit_adapter_registry(text: str, exchange: str) -> str:
    """Drop the imports from the exchange's own modules and the adapters they give."""
    lines = text.splitlines(keepends=True)
    names: list[str] = []
    kept: list[str] = []
    for line in lines:
        imported = re.match(rf"^from \.{re.escape(exchange)}_\w+ import (.+)$", line)
        if imported:
            names += [n.strip() for n in imported.group(1).split(",")]
            continue
        kept.append(line)
    out = []
    for line in kept:
        for name in names:
            line = _drop_from_tuple(line, f"{name}()")
        out.append(line)
    return "".join(out)


def _edit_link_contract(text: str, exchange: str) -> str:
    """Drop the exchange's pages (each with its indented lines) and moved anchors."""
    page = re.compile(rf'^  "?{re.escape(exchange)}/[^:]*"?:\s*(#.*)?$')
    moved = re.compile(rf'^  "{re.escape(exchange)}/')
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if skipping and line.strip() and indent > 2:
            continue
        skipping = bool(page.match(line))
        if skipping or moved.match(line):
            continue
        out.append(line)
    return "".join(out)


def remove_exchange(tree: Path, exchange: str) -> list[str]:
    """Remove ``exchange`` from the project at ``tree``: its own files and its registry
    lines. Returns the files removed."""
    removed = own_files(tree, exchange)
    for rel in removed:
        (tree / rel).unlink()
    for folder in sorted({(tree / rel).parent for rel in removed}, reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    edits = {
        EXCHANGE_REGISTRY: _edit_exchange_registry,
        ADAPTER_REGISTRY: _edit_adapter_registry,
        LINK_CONTRACT: _edit_link_contract,
    }
    for rel, edit in edits.items():
        path = tree / rel
        text = path.read_text("utf-8")
        path.write_text(edit(text, exchange), "utf-8")
    return removed


def adding_stat(exchange: str, *, root: Path = ROOT) -> str:
    """``git diff --stat`` of the change that adds ``exchange`` to the project without it."""
    with tempfile.TemporaryDirectory(prefix=f"add-{exchange}-") as folder:
        tree = Path(folder)
        copy_project(tree, root=root, link_node_modules=False, warm_caches=False)
        if not own_files(tree, exchange):
            raise SystemExit(f"no files of an exchange {exchange!r} in {root}")
        remove_exchange(tree, exchange)
        git(tree, "add", "-A")
        git(tree, "commit", "-qm", f"without {exchange}")
        return git(tree, "diff", "--stat=120", "HEAD", "HEAD~1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exchange", help="the exchange id, e.g. okx")
    args = parser.parse_args(argv)
    sys.stdout.write(adding_stat(args.exchange.strip().lower()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
