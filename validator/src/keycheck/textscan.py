"""Take one pasted value apart: what surrounds it, what hides in it, what it really says.

:func:`scan` finds the stray characters a copy brings along (whitespace, invisible and
look-alike characters), peels off wrappers (labels wherever traders copy them from:
``API Key:``, ``Here is your secret key:``, ``export MY_SECRET_KEY="…"``, ``API密钥:``;
quotes, brackets and backticks of every script), and produces the cleaned value the
format checks compare against the exchange's shapes. The labels are the exchange's
data; the scan reports which credential a peeled label names.

Cost is linear and small even for a megabyte of paste: the character classes are fixed
and compiled once, every regular expression is a single character class (no
backtracking), a label is looked for in a bounded window, only a few positions per kind
of character are kept, and long non-ASCII text is counted with byte tables
(:mod:`keycheck.charcount`) rather than match by match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field

from . import charcount, charinfo

MAX_LISTED = 3  # characters named per finding; the rest are counted
MAX_CLEAN = 4096  # longer values are judged by length alone, never rebuilt
_BULK = 2048  # from this length on, non-ASCII text is counted with byte tables

# Wrapper pairs: quotes, backticks and brackets of every script, in their ASCII,
# typographic, CJK and full-width forms. None of them occurs in any exchange's key alphabet.
PAIRS = {
    '"': '"',
    "'": "'",
    "`": "`",
    "\u201c": "\u201d",  # left double quotation mark
    "\u201d": "\u201d",  # right double quotation mark (Swedish, Finnish)
    "\u2018": "\u2019",  # left single quotation mark
    "\u201e": "\u201c",  # double low-9 quotation mark (German)
    "\u201a": "\u2018",  # single low-9 quotation mark
    "\u00ab": "\u00bb",  # left-pointing double angle quotation mark
    "\u00bb": "\u00ab",  # right-pointing double angle quotation mark (German, Danish)
    "\u2039": "\u203a",  # single left-pointing angle quotation mark
    "\u203a": "\u2039",  # single right-pointing angle quotation mark
    "\u300c": "\u300d",  # left corner bracket
    "\u300e": "\u300f",  # left white corner bracket
    "\uff62": "\uff63",  # halfwidth left corner bracket (half-width)
    "\u301d": "\u301e",  # reversed double prime quotation mark
    "\u301f": "\u301f",
    "\uff02": "\uff02",  # fullwidth quotation mark
    "\uff07": "\uff07",  # fullwidth apostrophe
    "\uff40": "\uff40",  # fullwidth grave accent
    "(": ")",
    "[": "]",
    "{": "}",
    "<": ">",
    "\uff08": "\uff09",  # fullwidth left parenthesis
    "\uff3b": "\uff3d",  # fullwidth left square bracket
    "\uff5b": "\uff5d",  # fullwidth left curly bracket
    "\uff1c": "\uff1e",  # fullwidth less-than sign
    "\u3010": "\u3011",  # left black lenticular bracket
    "\u3008": "\u3009",  # left angle bracket
    "\u300a": "\u300b",  # left double angle bracket
    "\u3014": "\u3015",  # left tortoise shell bracket
    "\u3016": "\u3017",  # left white lenticular bracket
    "\u3018": "\u3019",  # left white tortoise shell bracket
    "\u301a": "\u301b",  # left white square bracket
    "\u2329": "\u232a",  # left-pointing angle bracket (angle brackets, technical)
    "\u27e8": "\u27e9",  # mathematical left angle bracket
    "\u276e": "\u276f",  # heavy left-pointing angle quotation mark ornament
    "\uff5f": "\uff60",  # fullwidth left white parenthesis
}
OPENERS = frozenset(PAIRS)
CLOSERS = frozenset(PAIRS.values())
_QUOTES = frozenset(
    "\"'`\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a"
    "\u300c\u300d\u300e\u300f\uff62\uff63\u301d\u301e\u301f\uff02\uff07\uff40"
)
_BACKTICKS = frozenset("`\uff40")

# Labels. A label is a run of words ending in one of the exchange's labels ("Your API
# Key", "MY_BOT_SECRET_KEY", "API密钥"), then a separator: ":" "=" (ASCII, full-width or
# small forms), the word "is", or the Chinese copula. Words are split at spaces,
# underscores, hyphens, dots and camelCase; every CJK or kana character is a word.
_LABEL_SEPARATORS = frozenset(":=\uff1a\uff1d\ufe55\ufe66")
_LABEL_COPULAS = frozenset("\u662f\u4e3a\u70ba")  # 是, 为, 為
_LABEL_JOINERS = frozenset(" _-*\"'`.,;!?#/|~\u3001\uff0c\u3002") | OPENERS | CLOSERS
_AFTER_LABEL = frozenset("*\"'`") | _QUOTES | CLOSERS
# Sentence punctuation (ASCII, CJK and full-width) that may follow a pasted value.
_TRAILING = frozenset(",;.!?\u3001\u3002\uff0c\uff1b\uff0e\uff01\uff1f\uff61")
_LABEL_SCAN = 96  # characters looked at for a label: a short sentence, never the value
_WIDE = 0x2E80  # from here on (CJK, kana, Hangul) every letter is a word of its own
# Shell and environment-file forms: `export NAME=…`, `set NAME=…`, `setx NAME "…"`,
# `declare -x NAME=…`, PowerShell's `$env:NAME = "…"`.
_SHELL = re.compile(r"(export|setx?|declare[ \t]+-x)[ \t]+|(\$env:)", re.IGNORECASE)


@dataclass(frozen=True)
class _Patterns:
    whitespace: re.Pattern[str]
    invisible: re.Pattern[str]
    removable_run: re.Pattern[str]  # zero or more whitespace/invisible characters
    kept: re.Pattern[str]  # one character that is neither
    kept_run: re.Pattern[str]
    lookalike: re.Pattern[str]  # for astral text a superset: confirm with lookalike_exact
    lookalike_exact: Container[str] | None


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
    table = charinfo.lookalikes()
    look = charinfo.char_class(c for c in table if ord(c) <= 0xFFFF)
    if astral:  # few coarse ranges: a class of hundreds of astral ranges is slow to match
        look += charinfo.char_class(ranges=_coarse(ord(c) for c in table if ord(c) > 0xFFFF))
    return _Patterns(
        whitespace=re.compile(f"[{ws}]"),
        invisible=re.compile(f"[{inv}]"),
        removable_run=re.compile(f"[{ws}{inv}]*"),
        kept=re.compile(f"[^{ws}{inv}]"),
        kept_run=re.compile(f"[^{ws}{inv}]+"),
        lookalike=re.compile(f"[{look}]"),
        lookalike_exact=table if astral else None,
    )


def _coarse(code_points: Iterable[int], gap: int = 64) -> list[tuple[int, int]]:
    """Ranges covering ``code_points``, merged across gaps of up to ``gap``."""
    ranges: list[tuple[int, int]] = []
    for cp in sorted(code_points):
        if ranges and cp - ranges[-1][1] <= gap:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


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


@dataclass(frozen=True)
class InnerLabel:
    """A label found inside the value: raw[index:end] is the label with its separator."""

    index: int
    end: int
    label: str  # the exchange's spelling
    names: str | None  # the credential it names, as in Scan.label_names


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
    label: str | None = None  # the exchange's spelling of the first label peeled off
    # Which credential the peeled labels name, from the exchange's data: "secret_key" when
    # any of them names the secret, else "api_key" when one names the key, else None (no
    # label, or only labels such as "Key" that name neither for sure).
    label_names: str | None = None
    # Labels further inside the value, at the start of a line, a cell or a word (the key
    # and secret pasted together: "7d3f…\nSecret Key: 3e8b…"), in order.
    inner_labels: tuple[InnerLabel, ...] = ()

    @property
    def inner_names(self) -> frozenset[str]:
        """The credentials that labels inside the value name (``"secret_key"``, …)."""
        return frozenset(lab.names for lab in self.inner_labels if lab.names is not None)

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


def scan(raw: str, labels: Iterable[str] | Mapping[str, str | None] = ()) -> Scan:
    """Analyse ``raw``; ``labels`` are field labels that may be copied along with it.

    ``labels`` maps each label to the credential it names (``"api_key"``,
    ``"secret_key"`` or ``None``); a plain iterable of labels names none.
    """
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
    label_table = _label_table(_label_items(labels))
    found: list[tuple[str, str | None]] = []
    for _ in range(8):
        if start >= end:
            break
        peeled = _peel(raw, start, end, label_table)
        if peeled is None:
            break
        start, end, new_parts, label = peeled
        parts += [part for part in new_parts if part not in parts]
        if label is not None:
            found.append(label)
        start, end = trim(start, end)
    if start >= end:
        start = end = min(trim_start, n)
    wrapper = Wrapper(tuple(parts), trim_start) if parts else None

    # Whitespace inside wrapper layers is covered by the wrapper finding.
    outer = (trim_start, trim_end) if wrapper is not None else (start, end)
    whitespace_count, invisible_count, lookalike_count = _counters(raw, p)
    whitespace = _collect(
        p.whitespace,
        raw,
        [(0, outer[0], "start"), (start, end, "inside"), (outer[1], n, "end")],
        whitespace_count,
    )
    invisible = _collect(
        p.invisible,
        raw,
        [(0, start, "start"), (start, end, "inside"), (end, n, "end")],
        invisible_count,
    )
    lookalike = _collect(
        p.lookalike, raw, [(start, end, "inside")], lookalike_count, p.lookalike_exact
    )

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
        label=found[0][0] if found else None,
        label_names=_names(found),
        inner_labels=_inner_labels(raw, start, end, label_table),
    )


_INNER_SCAN = 4096  # characters of the value searched for inner labels
_INNER_STARTS = 64  # places (after whitespace) tried there


def _inner_labels(raw: str, start: int, end: int, table: _LabelTable) -> tuple[InnerLabel, ...]:
    """Labels that start right after whitespace inside raw[start:end].

    Bounded: only the first :data:`_INNER_SCAN` characters and :data:`_INNER_STARTS`
    places after whitespace are tried, each in the bounded window of :func:`_label_end`.
    """
    if not table.by_words or start >= end:
        return ()
    found: list[InnerLabel] = []
    limit = min(end, start + _INNER_SCAN)
    tried = 0
    i = start + 1
    while i < limit and tried < _INNER_STARTS:
        if raw[i] in charinfo.WHITE_SPACE or raw[i - 1] not in charinfo.WHITE_SPACE:
            i += 1
            continue
        tried += 1
        labelled = _label_end(raw, i, end, table)
        if labelled is not None:
            stop, (label, names) = labelled
            found.append(InnerLabel(i, stop, label, names))
            i = max(stop, i + 1)
            continue
        i += 1
    return tuple(found)


def _names(found: list[tuple[str, str | None]]) -> str | None:
    names = {name for _label, name in found}
    for name in ("secret_key", "api_key"):
        if name in names:
            return name
    return None


@dataclass(frozen=True)
class _LabelTable:
    by_words: dict[str, tuple[str, str | None]]  # joined words -> (label, credential named)
    max_words: int


def _label_items(
    labels: Iterable[str] | Mapping[str, str | None],
) -> tuple[tuple[str, str | None], ...]:
    if isinstance(labels, Mapping):
        return tuple(labels.items())
    return tuple((label, None) for label in labels)


@functools.cache
def _label_table(items: tuple[tuple[str, str | None], ...]) -> _LabelTable:
    by_words: dict[str, tuple[str, str | None]] = {}
    max_words = 0
    for label, names in items:
        words = _words(label)
        max_words = max(max_words, len(words))
        by_words.setdefault("".join(words), (label, names))
    return _LabelTable(by_words, max_words)


def _words(text: str) -> list[str]:
    """``"MY_apiKey 密钥"`` -> ``["my", "api", "key", "密", "钥"]``."""
    words: list[str] = []
    current: list[str] = []
    previous = ""
    for ch in text:
        if not ch.isalnum():
            if current:
                words.append("".join(current))
                current = []
            previous = ""
            continue
        if current and (ord(ch) >= _WIDE or (previous.islower() and ch.isupper())):
            words.append("".join(current))
            current = []
        current.append(ch.casefold())
        previous = ch
        if ord(ch) >= _WIDE:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _peel(
    raw: str, start: int, end: int, table: _LabelTable
) -> tuple[int, int, list[str], tuple[str, str | None] | None] | None:
    """Remove one wrapper layer from raw[start:end]; ``None`` when there is none.

    Returns the new bounds, the words describing what was removed, and the label
    (with the credential it names) when the layer was one.
    """
    if table.by_words:
        shell = _SHELL.match(raw, start, end)
        if shell is not None:
            labelled = _label_end(raw, shell.end(), end, table, after_shell=True)
            if labelled is not None:
                stop, label = labelled
                command = (shell.group(1) or shell.group(2)).lower()
                command = " ".join(command.split())
                return stop, end, [f'the shell command "{command}"', _label_word(label)], label
        labelled = _label_end(raw, start, end, table)
        if labelled is not None:
            stop, label = labelled
            return stop, end, [_label_word(label)], label
    first, last = raw[start], raw[end - 1]
    if end - start >= 2 and first in OPENERS and last == PAIRS[first]:
        return start + 1, end - 1, [_pair_word(first)], None
    if end - start >= 2 and last in _TRAILING and raw[end - 2] not in _TRAILING:
        # "…is 7d3f…-5f1d2." in a chat, "\"…\"," in JSON, "…。" from a Chinese IME: no
        # key alphabet ends in sentence punctuation.
        return start, end - 1, ["a trailing punctuation mark"], None
    if first in OPENERS or first in CLOSERS:
        return start + 1, end, [_pair_word(first)], None
    if last in CLOSERS or last in OPENERS:
        return start, end - 1, [_pair_word(last)], None
    return None


def _label_word(label: tuple[str, str | None]) -> str:
    return f'the label "{label[0]}"'


def _label_end(
    raw: str, start: int, end: int, table: _LabelTable, after_shell: bool = False
) -> tuple[int, tuple[str, str | None]] | None:
    """Where a label (words ending in a known label, then a separator) ends at ``start``.

    Looks at no more than :data:`_LABEL_SCAN` characters, so the cost is constant
    whatever the length of the paste, and stops at the first digit: a value pasted
    before a label is never taken for words of a sentence. A label followed by
    whitespace alone counts when it is the whole run of words (``API Key 7d3f…``, a
    spreadsheet row) or the name of an environment variable after a shell command
    (``setx MY_API_KEY "…"``).
    """
    limit = min(end, start + _LABEL_SCAN)
    words: list[str] = []
    current: list[str] = []
    previous = ""
    candidate: tuple[int, tuple[str, str | None]] | None = None
    i = start
    while i < limit:
        ch = raw[i]
        if ch.isdigit():  # a label is words; digits start a value ("7d3f…"): stop here
            break
        if ch.isalnum():
            wide = ord(ch) >= _WIDE
            if current and (wide or (previous.islower() and ch.isupper())):
                words.append("".join(current))
                current = []
                if wide:  # "API Key是: …": a label may end where a CJK word starts
                    matched = _label_at(raw, i, end, words, table)
                    if matched is not None:
                        return matched
            current.append(ch.casefold())
            previous = ch
            if wide:
                words.append("".join(current))
                current = []
                matched = _label_at(raw, i + 1, end, words, table)
                if matched is not None:
                    return matched
            i += 1
            continue
        if current:
            words.append("".join(current))
            current = []
        previous = ""
        matched = _label_at(raw, i, end, words, table)
        if matched is not None:
            return matched
        if ch in charinfo.WHITE_SPACE:  # the longest whole-run label wins: "Secret Key\t…"
            label = _longest_label(words, table)
            if label is not None and (after_shell or label[1] == len(words)):
                candidate = (i, label[0])
        elif ch not in _LABEL_JOINERS and ch not in charinfo.WHITE_SPACE:
            break
        i += 1
    return candidate


def _label_at(
    raw: str, i: int, end: int, words: list[str], table: _LabelTable
) -> tuple[int, tuple[str, str | None]] | None:
    """The label ending at ``i`` with its separator, when ``words`` end in a known label."""
    if not words:
        return None
    label = _longest_label(words, table)
    if label is None:
        return None
    stop = _separator_end(raw, i, end)
    if stop is None or stop >= end:
        return None
    return stop, label[0]


def _longest_label(
    words: list[str], table: _LabelTable
) -> tuple[tuple[str, str | None], int] | None:
    """The longest known label that ``words`` end with, and how many words it spans."""
    for n in range(min(len(words), table.max_words), 0, -1):
        found = table.by_words.get("".join(words[-n:]))
        if found is not None:
            return found, n
    return None


def _separator_end(raw: str, i: int, end: int) -> int | None:
    """Past the separator that follows a label at ``i`` (``: ``, ``=``, `` is ``, ``是``)."""
    limit = min(end, i + 16)
    bracketed = False  # "【APIキー】KEY", "[API Key] KEY": the closing bracket separates
    while i < limit and (raw[i] in _AFTER_LABEL or raw[i] in charinfo.WHITE_SPACE):
        bracketed = bracketed or (raw[i] in CLOSERS and raw[i] not in _QUOTES)
        i += 1
    if i >= limit:
        return None
    ch = raw[i]
    if bracketed and ch not in _LABEL_SEPARATORS:
        return i
    if ch in _LABEL_SEPARATORS:
        i += 1
        while i < limit and raw[i] == "*":  # "**API Key:** …" (Markdown bold)
            i += 1
        return i
    copula = 0
    if ch in _LABEL_COPULAS:
        copula = 1
    elif (
        raw[i : i + 2].lower() == "is"
        and i + 2 < end
        and (raw[i + 2] in charinfo.WHITE_SPACE or raw[i + 2] in _LABEL_SEPARATORS)
    ):
        copula = 2
    if not copula:
        return None
    i += copula
    while i < limit and raw[i] in charinfo.WHITE_SPACE:
        i += 1
    if i < end and raw[i] in _LABEL_SEPARATORS:
        i += 1
    return i


def _pair_word(ch: str) -> str:
    if ch in _BACKTICKS:
        return "backticks"
    if ch in _QUOTES:
        return "quotes"
    return "brackets"


def _run_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """Where a run of ``pattern`` (which may match empty) starting at ``start`` ends."""
    match = pattern.match(text, start, end)
    return match.end() if match is not None else start


def _count(
    pattern: re.Pattern[str], raw: str, start: int, end: int, exact: Container[str] | None = None
) -> int:
    """Matches of a one-character class in raw[start:end] (that are in ``exact``, if given).

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
        if exact is None or ch in exact:
            total += region.count(ch)
        region = region.replace(ch, "")
    if exact is None:
        return total + pattern.subn("", region)[1]
    return total + sum(1 for m in pattern.finditer(region) if m.group() in exact)


def _count_chars(chars: str, raw: str, start: int, end: int) -> int:
    """Occurrences of a few known characters: ``str.count`` beats a regex for floods."""
    if start >= end:
        return 0
    return sum(raw.count(c, start, end) for c in chars)


Counter = Callable[[int, int], int]  # how many characters of a class lie in raw[start:end]


def _counters(raw: str, p: _Patterns) -> tuple[Counter, Counter, Counter]:
    """Counters for whitespace, invisible and look-alike characters in ``raw``.

    Long non-ASCII text within the BMP is counted with byte tables (cost per byte, see
    :mod:`keycheck.charcount`); other text with ``str.count`` and regular expressions.
    """
    if len(raw) >= _BULK and not raw.isascii() and p.lookalike_exact is None:
        text = charcount.BmpText(raw)
        masks = [text.mask(chars) for chars in _bulk_classes()]
        return tuple(functools.partial(charcount.count, mask) for mask in masks)  # type: ignore[return-value]
    spaces = _ASCII_WHITESPACE if raw.isascii() else "".join(sorted(charinfo.WHITE_SPACE))
    return (
        functools.partial(_count_chars, spaces, raw),
        functools.partial(_count, p.invisible, raw),
        functools.partial(_count, p.lookalike, raw, exact=p.lookalike_exact),
    )


@functools.cache
def _bulk_classes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    invisible = frozenset(
        chr(cp) for lo, hi in charinfo.INVISIBLE_RANGES if lo <= 0xFFFF for cp in range(lo, hi + 1)
    )
    return frozenset(charinfo.WHITE_SPACE), invisible, frozenset(charinfo.lookalikes())


def _collect(
    pattern: re.Pattern[str],
    raw: str,
    regions: list[tuple[int, int, str]],
    counter: Counter,
    exact: Container[str] | None = None,
) -> CharGroup:
    """First hits of ``pattern`` and the ``counter``'s total per region.

    ``exact``, when given, confirms each match of a ``pattern`` that may match more.
    """
    group = CharGroup()
    for start, end, where in regions:
        if start >= end:
            continue
        if len(group.hits) < MAX_LISTED:
            for match in pattern.finditer(raw, start, end):
                if exact is not None and match.group() not in exact:
                    continue
                group.hits.append(Hit(match.start(), match.group(), where))
                if len(group.hits) >= MAX_LISTED:
                    break
        found = counter(start, end)
        group.count += found
        if where == "inside":
            group.inside += found
    return group
