"""Take one pasted value apart: what surrounds it, what hides in it, what it really says.

:func:`scan` finds the stray characters a copy brings along (whitespace, invisible and
look-alike characters), peels off wrappers (a label such as ``API Key:``, quotes,
brackets, backticks), and produces the cleaned value the format checks compare against
the exchange's shapes.

Cost is linear and small even for a megabyte of paste: the character classes are fixed
and compiled once, every regular expression is a single character class (no
backtracking), and only a few positions per kind of character are kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import charinfo

MAX_LISTED = 3  # characters named per finding; the rest are counted
MAX_CLEAN = 4096  # longer values are judged by length alone, never rebuilt

# Wrapper pairs: quotes, backticks and brackets in their ASCII, typographic and
# full-width forms. None of them occurs in any exchange's key alphabet.
PAIRS = {
    '"': '"',
    "'": "'",
    "`": "`",
    "\u201c": "\u201d",
    "\u201d": "\u201d",
    "\u2018": "\u2019",
    "\u201e": "\u201c",
    "\u00ab": "\u00bb",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\uff02": "\uff02",
    "\uff07": "\uff07",
    "(": ")",
    "[": "]",
    "{": "}",
    "<": ">",
    "\uff08": "\uff09",
    "\u3010": "\u3011",
    "\u3008": "\u3009",
    "\uff1c": "\uff1e",
    "\uff3b": "\uff3d",
    "\uff5b": "\uff5d",
}
OPENERS = frozenset(PAIRS)
CLOSERS = frozenset(PAIRS.values())
_QUOTES = frozenset("\"'`\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\uff02\uff07")
_LABEL_SEPARATORS = frozenset(":=\uff1a\uff1d")
_LABEL_JOINERS = frozenset(" _-*\"'`.")
_LABEL_SCAN = 48


@dataclass(frozen=True)
class _Patterns:
    whitespace: re.Pattern[str]
    invisible: re.Pattern[str]
    removable_run: re.Pattern[str]  # zero or more whitespace/invisible characters
    kept: re.Pattern[str]  # one character that is neither
    kept_run: re.Pattern[str]
    lookalike: re.Pattern[str]


@functools.cache
def _patterns(astral: bool) -> _Patterns:
    """The classes, restricted to the BMP when the text has no astral characters.

    ``re`` matches a class of BMP characters with one table lookup but checks ranges
    above U+FFFF one by one, so the full classes are used only for text that needs them.
    """
    top = 0x10FFFF if astral else 0xFFFF
    inv_ranges = [(lo, min(hi, top)) for lo, hi in charinfo.INVISIBLE_RANGES if lo <= top]
    ws = charinfo.char_class(charinfo.WHITE_SPACE)
    inv = charinfo.char_class(ranges=inv_ranges)
    look = charinfo.char_class(c for c in charinfo.lookalikes() if ord(c) <= top)
    return _Patterns(
        whitespace=re.compile(f"[{ws}]"),
        invisible=re.compile(f"[{inv}]"),
        removable_run=re.compile(f"[{ws}{inv}]*"),
        kept=re.compile(f"[^{ws}{inv}]"),
        kept_run=re.compile(f"[^{ws}{inv}]+"),
        lookalike=re.compile(f"[{look}]"),
    )


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASCII_WHITESPACE = "".join(sorted(c for c in charinfo.WHITE_SPACE if c.isascii()))


def _has_astral(text: str) -> bool:
    return not text.isascii() and _ASTRAL.search(text) is not None


@dataclass(frozen=True)
class Hit:
    """One noteworthy character: 0-based ``index`` in the raw value."""

    index: int
    char: str
    where: str  # "start" | "end" | "inside"


@dataclass
class CharGroup:
    """The first :data:`MAX_LISTED` characters of one kind and how many there are."""

    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    inside: int = 0  # how many of them are inside the value proper


@dataclass(frozen=True)
class Wrapper:
    """What was peeled off around the value, described in words."""

    parts: tuple[str, ...]
    index: int  # 0-based index of the first wrapper character


@dataclass
class Scan:
    """The anatomy of one pasted value."""

    raw: str
    start: int  # the value proper is raw[start:end]
    end: int
    whitespace: CharGroup
    invisible: CharGroup
    lookalike: CharGroup
    wrapper: Wrapper | None
    clean_length: int
    clean: str | None  # None when longer than MAX_CLEAN
    removed_inside: int = 0

    @property
    def is_blank(self) -> bool:
        return self.clean_length == 0

    def raw_position(self, clean_index: int) -> int:
        """1-based position in the raw value of ``clean[clean_index]``."""
        if not self.removed_inside:
            return self.start + clean_index + 1
        kept = _patterns(_has_astral(self.raw)).kept
        for n, match in enumerate(kept.finditer(self.raw, self.start, self.end)):
            if n == clean_index:
                return match.start() + 1
        return self.end


def scan(raw: str, labels: Iterable[str] = ()) -> Scan:
    """Analyse ``raw``; ``labels`` are field labels that may be copied along with it."""
    p = _patterns(_has_astral(raw))
    n = len(raw)
    reverse: list[str] = []  # raw reversed, made only when trailing characters need trimming

    def trim(start: int, end: int) -> tuple[int, int]:
        start = min(_run_end(p.removable_run, raw, start, end), end)
        if start < end and p.kept.match(raw, end - 1) is None:
            if not reverse:
                reverse.append(raw[::-1])
            end = n - _run_end(p.removable_run, reverse[0], n - end, n - start)
        return start, end

    # Trim what surrounds the value, then peel wrappers layer by layer.
    trim_start, trim_end = trim(0, n)
    start, end = trim_start, trim_end
    parts: list[str] = []
    normalized = {_normalize(label): label for label in labels}
    for _ in range(8):
        if start >= end:
            break
        peeled = _peel(raw, start, end, normalized)
        if peeled is None:
            break
        start, end, part = peeled
        if part not in parts:
            parts.append(part)
        start, end = trim(start, end)
    if start >= end:
        start = end = min(trim_start, n)
    wrapper = Wrapper(tuple(parts), trim_start) if parts else None

    # Whitespace inside wrapper layers is covered by the wrapper finding.
    outer = (trim_start, trim_end) if wrapper is not None else (start, end)
    spaces = _ASCII_WHITESPACE if raw.isascii() else "".join(sorted(charinfo.WHITE_SPACE))
    whitespace = _collect(
        p.whitespace,
        raw,
        [(0, outer[0], "start"), (start, end, "inside"), (outer[1], n, "end")],
        spaces,
    )
    invisible = _collect(
        p.invisible, raw, [(0, start, "start"), (start, end, "inside"), (end, n, "end")]
    )
    lookalike = _collect(p.lookalike, raw, [(start, end, "inside")])

    removed_inside = whitespace.inside + invisible.inside
    clean_length = end - start - removed_inside
    clean: str | None = None
    if clean_length <= MAX_CLEAN:
        if removed_inside:
            core = "".join(m.group() for m in p.kept_run.finditer(raw, start, end))
        else:
            core = raw[start:end]
        if lookalike.count:
            table = charinfo.lookalikes()
            core = "".join(table.get(ch, ch) for ch in core)
        clean = core
    return Scan(
        raw=raw,
        start=start,
        end=end,
        whitespace=whitespace,
        invisible=invisible,
        lookalike=lookalike,
        wrapper=wrapper,
        clean_length=clean_length,
        clean=clean,
        removed_inside=removed_inside,
    )


def _normalize(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _peel(raw: str, start: int, end: int, labels: dict[str, str]) -> tuple[int, int, str] | None:
    """Remove one wrapper layer from raw[start:end]; ``None`` when there is none."""
    label_end = _label_end(raw, start, end, labels)
    if label_end is not None:
        stop, label = label_end
        return stop, end, f'the label "{label}"'
    first, last = raw[start], raw[end - 1]
    if end - start >= 2 and first in OPENERS and last == PAIRS[first]:
        return start + 1, end - 1, _pair_word(first)
    if end - start >= 2 and last in ",;" and raw[end - 2] in _QUOTES:
        return start, end - 1, "a trailing comma or semicolon"
    if first in OPENERS or first in CLOSERS:
        return start + 1, end, _pair_word(first)
    if last in CLOSERS or last in OPENERS:
        return start, end - 1, _pair_word(last)
    return None


def _label_end(raw: str, start: int, end: int, labels: dict[str, str]) -> tuple[int, str] | None:
    """Where a known label (and its ``:``/``=``) ends at the start of raw[start:end]."""
    if not labels:
        return None
    letters: list[str] = []
    candidate: tuple[int, str] | None = None
    for i in range(start, min(end, start + _LABEL_SCAN)):
        ch = raw[i]
        if ch in _LABEL_SEPARATORS:
            norm = "".join(letters)
            if norm in labels and i + 1 < end:
                return i + 1, labels[norm]
            break
        if ch in charinfo.WHITE_SPACE:
            norm = "".join(letters)
            if norm in labels:
                candidate = (i, labels[norm])
            continue
        if ch.isalnum():
            letters.append(ch.casefold())
        elif ch not in _LABEL_JOINERS:
            break
    return candidate


def _pair_word(ch: str) -> str:
    if ch == "`":
        return "backticks"
    if ch in _QUOTES:
        return "quotes"
    return "brackets"


def _run_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """Where a run of ``pattern`` (which may match empty) starting at ``start`` ends."""
    match = pattern.match(text, start, end)
    return match.end() if match is not None else start


def _count(pattern: re.Pattern[str], raw: str, start: int, end: int) -> int:
    """Matches of a one-character class in raw[start:end].

    A flood is usually one character repeated (a megabyte of zero-width spaces): count
    each distinct character with ``str.count`` and drop it, which costs a few C-speed
    passes instead of one Python-visible match per character.
    """
    if start >= end or pattern.search(raw, start, end) is None:
        return 0
    region = raw[start:end]
    total = 0
    for _ in range(4):
        match = pattern.search(region)
        if match is None:
            return total
        ch = match.group()
        total += region.count(ch)
        region = region.replace(ch, "")
    return total + pattern.subn("", region)[1]


def _count_chars(chars: str, raw: str, start: int, end: int) -> int:
    """Occurrences of a few known characters: ``str.count`` beats a regex for floods."""
    if start >= end:
        return 0
    return sum(raw.count(c, start, end) for c in chars)


def _collect(
    pattern: re.Pattern[str],
    raw: str,
    regions: list[tuple[int, int, str]],
    chars: str | None = None,
) -> CharGroup:
    """First hits and total count of ``pattern`` (or of ``chars``, when given) per region."""
    group = CharGroup()
    for start, end, where in regions:
        if start >= end:
            continue
        if len(group.hits) < MAX_LISTED:
            for match in pattern.finditer(raw, start, end):
                group.hits.append(Hit(match.start(), match.group(), where))
                if len(group.hits) >= MAX_LISTED:
                    break
        if chars is not None:
            found = _count_chars(chars, raw, start, end)
        else:
            found = _count(pattern, raw, start, end)
        group.count += found
        if where == "inside":
            group.inside += found
    return group
