"""Unicode facts about single characters: whitespace, invisible, look-alike, names.

Pasted credentials go wrong through characters nobody can see or tell apart. This
module classifies one character at a time with the standard library's ``unicodedata``
plus three small, stable tables (White_Space, Default_Ignorable ranges, homoglyphs), so
the result does not depend on regular-expression engines or platform locale.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from .nfkc_table import NFKC_RUNS

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

# Blocks where NFKC turns a character into one ASCII letter, digit or sign: full-width
# forms, mathematical alphanumerics, super- and subscripts, letterlike symbols, Roman
# numerals, enclosed alphanumerics, small and vertical forms, modifier letters.
NFKC_CANDIDATE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AA, 0x00BA),
    (0x02B0, 0x02FF),
    (0x037E, 0x037E),
    (0x1D2C, 0x1DBF),
    (0x2024, 0x2024),
    (0x2070, 0x209F),
    (0x2100, 0x218F),
    (0x2460, 0x24FF),
    (0x2C7C, 0x2C7D),
    (0xA770, 0xA770),
    (0xA7F2, 0xA7F9),
    (0xAB5C, 0xAB69),
    (0xFB29, 0xFB29),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE6B),
    (0xFF01, 0xFF5E),
    (0x1CCD6, 0x1CCF9),
    (0x1D400, 0x1D7FF),
    (0x1F100, 0x1F1FF),
    (0x1FBF0, 0x1FBF9),
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

# Homoglyphs NFKC does not fold: letters of other scripts drawn like ASCII letters and
# digits, and the dashes word processors put in place of a hyphen-minus (Unicode
# confusables.txt, restricted to targets that occur in keys: 0-9, a-z, A-Z, '-').
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic lowercase
    "\u0430": "a",
    "\u0432": "b",
    "\u0435": "e",
    "\u043e": "o",
    "\u0440": "p",
    "\u0441": "c",
    "\u0445": "x",
    "\u0443": "y",
    "\u0456": "i",
    "\u0458": "j",
    "\u0455": "s",
    "\u0501": "d",
    "\u04bb": "h",
    "\u051b": "q",
    "\u051d": "w",
    "\u0437": "3",
    "\u0431": "6",
    "\u04cf": "l",
    # Cyrillic uppercase
    "\u0410": "A",
    "\u0412": "B",
    "\u0415": "E",
    "\u041a": "K",
    "\u041c": "M",
    "\u041d": "H",
    "\u041e": "O",
    "\u0420": "P",
    "\u0421": "C",
    "\u0422": "T",
    "\u0425": "X",
    "\u0405": "S",
    "\u0406": "I",
    "\u0408": "J",
    "\u0417": "3",
    # Greek
    "\u03bf": "o",
    "\u03b1": "a",
    "\u03bd": "v",
    "\u03b9": "i",
    "\u03ba": "k",
    "\u03c1": "p",
    "\u03c5": "u",
    "\u03f2": "c",
    "\u0391": "A",
    "\u0392": "B",
    "\u0395": "E",
    "\u0396": "Z",
    "\u0397": "H",
    "\u0399": "I",
    "\u039a": "K",
    "\u039c": "M",
    "\u039d": "N",
    "\u039f": "O",
    "\u03a1": "P",
    "\u03a4": "T",
    "\u03a5": "Y",
    "\u03a7": "X",
    # Armenian
    "\u0585": "o",
    "\u057d": "u",
    "\u0570": "h",
    "\u0578": "n",
    # Latin letters outside ASCII that pass for ASCII ones
    "\u0261": "g",
    "\u0131": "i",
    "\u0251": "a",
    # Dashes and minus signs
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2043": "-",
    "\ufe58": "-",
}

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


def _nfkc_fold(ch: str) -> str | None:
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and is_printable_ascii(folded):
        return folded
    return None


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
    """Every character :func:`fold` maps to ASCII: the homoglyphs plus NFKC's folds."""
    out = {chr(start + i): ascii for start, run in NFKC_RUNS for i, ascii in enumerate(run)}
    out.update(HOMOGLYPHS)
    return out


def derive_nfkc_folds() -> dict[str, str]:
    """The NFKC folds of the candidate blocks under this Python's ``unicodedata``.

    Used to (re)generate :mod:`keycheck.nfkc_table` and to test that it is current.
    """
    out: dict[str, str] = {}
    for lo, hi in NFKC_CANDIDATE_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if ch in WHITE_SPACE or is_invisible(ch) or ch in HOMOGLYPHS:
                continue
            folded = _nfkc_fold(ch)
            if folded is not None:
                out[ch] = folded
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


def script_kind(ch: str) -> str:
    """A coarse description of a look-alike that does not say which letter it imitates."""
    label = unicodedata.name(ch, "")
    if label.startswith("FULLWIDTH") or label.startswith("HALFWIDTH"):
        return "full-width"
    for script in ("CYRILLIC", "GREEK", "ARMENIAN"):
        if label.startswith(script):
            return script.capitalize()
    if unicodedata.category(ch).startswith("P") or ch in "\u2212\u2043":
        return "punctuation"
    return "non-ASCII"
