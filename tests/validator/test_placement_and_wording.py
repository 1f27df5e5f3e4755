"""Values in the wrong place, and messages in right English.

Protects issue 12's points 3, 4 and 7: a field holding two values says which part looks
like which without echoing either; swapped fields are reported only where the shapes
tell key from secret; every count and article reads right ("1 character", "an API
Key", "an HTX API Key"); a length mismatch says where the value stops matching.
"""

from __future__ import annotations

from typing import Any

import keycheck
import pytest
from cases import KEY, KEY_CODE_LAST, KEY_HEX, SECRET
from keycheck import wording


def findings(**fields: Any) -> list[dict[str, Any]]:
    return keycheck.check({"exchange": "htx", **fields})["findings"]


def codes(**fields: Any) -> list[str]:
    return [f["code"] for f in findings(**fields)]


def one(code: str, **fields: Any) -> dict[str, Any]:
    found = [f for f in findings(**fields) if f["code"] == code]
    assert len(found) == 1, findings(**fields)
    return found[0]


# -- two values in one field: (field, paste, what the message says of the parts) ---------
TWO_VALUES = [
    (
        "api_key",
        f"{KEY}\t{SECRET}",  # a spreadsheet row: key, tab, secret
        "the first (characters 1 to 34) looks like an API Key and the second (characters "
        "36 to 67) looks like an API Key or a Secret Key",
    ),
    (
        "secret_key",
        f"{KEY}\n{SECRET}",  # key and secret on two lines
        "the first (characters 1 to 34) looks like an API Key",
    ),
    (
        "api_key",
        f"Access Key: {KEY} Secret Key: {SECRET}",  # one line, with labels
        "the first (characters 13 to 46) looks like an API Key",
    ),
    (
        "api_key",
        f"Access Key\r\n{KEY_CODE_LAST}\r\nSecret Key\r\n{SECRET}\r\nSave the Secret Key now.",
        "the first (characters 13 to 49) looks like an API Key",
    ),
    (
        "secret_key",
        f"{SECRET}, {KEY_HEX}",  # two hex values: the shapes cannot say which is which
        "looks like an API Key or a Secret Key and the second",
    ),
]


@pytest.mark.parametrize(("field", "paste", "said"), TWO_VALUES)
def test_two_values_say_which_part_looks_like_which(field: str, paste: str, said: str) -> None:
    f = one("two-values-in-one-field", **{field: paste})
    assert f["field"] == field
    assert "holds 2 values" in f["message"]
    assert said in f["message"]
    assert f["help"] == "htx/errors/#two-values-in-one-field"
    for value in (KEY, SECRET, KEY_HEX, KEY_CODE_LAST):
        for i in range(len(value) - 3):
            assert value[i : i + 4] not in f["message"]


def test_the_same_value_twice_is_a_duplicate_not_two_values() -> None:
    found = codes(api_key=f"{KEY}\n{KEY}")
    assert "duplicated-paste" in found
    assert "two-values-in-one-field" not in found


# -- swapped fields: only where the shapes tell them apart --------------------------------
SWAPS = [
    # (api_key, secret_key, swapped-fields expected, words of the message)
    (SECRET, KEY, True, "The values look swapped"),
    (None, KEY, True, "The Secret Key field holds an API Key: its layout, 8-10-8-5"),
    (KEY_HEX, KEY_CODE_LAST, True, "8-8-8-10"),
    (SECRET, KEY_HEX, False, None),  # both 8-8-8-5 hex: no guess
    (KEY_HEX, SECRET, False, None),
    (KEY, SECRET, False, None),
]


@pytest.mark.parametrize(("key", "secret", "expected", "said"), SWAPS)
def test_swapped_only_when_shapes_tell(
    key: str | None, secret: str, expected: bool, said: str | None
) -> None:
    fields: dict[str, Any] = {"secret_key": secret}
    if key is not None:
        fields["api_key"] = key
    found = codes(**fields)
    assert ("swapped-fields" in found) is expected, found
    if expected:
        f = one("swapped-fields", **fields)
        assert said in f["message"]
        assert "bad-format" not in found  # the misplaced value is not judged as a secret
    else:
        assert found == []


def test_swapped_key_field_is_never_shown_in_the_summary() -> None:
    summary = keycheck.check({"exchange": "htx", "api_key": SECRET, "secret_key": KEY})["summary"]
    assert "API Key: 32 characters" in summary
    assert SECRET[:4] not in summary


# -- wording ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("API Key", "an API Key"),
        ("Secret Key", "a Secret Key"),
        ("HTX API Key", "an HTX API Key"),
        ("OKX API Key", "an OKX API Key"),
        ("Binance API Key", "a Binance API Key"),
        ("Armenian character", "an Armenian character"),
        ("full-width character", "a full-width character"),
        ("non-ASCII character", "a non-ASCII character"),
        ("unified account", "a unified account"),
        ("invisible character", "an invisible character"),
        ("Ed25519 key", "an Ed25519 key"),
        ("8-character group", "an 8-character group"),
        ("10-character code", "a 10-character code"),
    ],
)
def test_articles_follow_how_a_phrase_is_said(phrase: str, expected: str) -> None:
    assert wording.with_article(phrase) == expected


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [(1, "character", "1 character"), (2, "character", "2 characters"), (0, "entry", "0 entries")],
)
def test_counts(n: int, noun: str, expected: str) -> None:
    assert wording.count(n, noun) == expected


def test_one_whitespace_character_reads_singular() -> None:
    f = one("whitespace", api_key=KEY + " ")
    assert "has a whitespace character:" in f["message"]
    f = one("invisible-character", api_key=KEY + "\u200b")
    assert "has an invisible character:" in f["message"]


def test_lookalike_kind_takes_the_right_article() -> None:
    # U+0585 ARMENIAN SMALL LETTER OH in the secret: named by kind only, with "an".
    f = one("lookalike-character", secret_key="\u0585" + SECRET[1:])
    assert "an Armenian character at position 1" in f["message"]


def test_summary_counts_read_right() -> None:
    summary = keycheck.check({"exchange": "htx", "api_key": "a", "secret_key": "b"})["summary"]
    assert "API Key: 1 character\n" in summary
    assert "Secret Key: given, 1 character (never shown)" in summary


def test_no_message_has_a_wrong_article_or_plural() -> None:
    pastes = [
        {"api_key": "a"},
        {"secret_key": "b"},
        {"api_key": KEY + " ", "secret_key": SECRET + "\u200b"},
        {"api_key": KEY.rsplit("-", 1)[0]},
        {"api_key": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----"},
        {"secret_key": SECRET * 200},
        {"api_key": SECRET + "a"},
    ]
    for fields in pastes:
        for f in findings(**fields):
            text = f["message"]
            for wrong in (" a API", " a HTX", " a invisible", " a Armenian", " 1 characters"):
                assert wrong not in text, text
            assert " 1 groups" not in text and " 1 values" not in text, text


# -- bad-format says where the value stops matching -------------------------------------
@pytest.mark.parametrize(
    ("fields", "said", "position"),
    [
        ({"secret_key": SECRET[:-1]}, "the value ends too soon, after position 31", None),
        ({"secret_key": SECRET[:3] + "a" + SECRET[3:]}, "it stops matching at position 9", 9),
        ({"api_key": KEY + "7"}, "it stops matching at position 35", 35),
        ({"secret_key": "\u200b" + SECRET[:3] + "a" + SECRET[3:]}, "at position 10", 10),
        ({"api_key": KEY.rsplit("-", 1)[0]}, "the value ends too soon, after position 28", None),
    ],
)
def test_length_mismatch_gives_where_the_value_stops_matching(
    fields: dict[str, str], said: str, position: int | None
) -> None:
    f = one("bad-format", **fields)
    assert said in f["message"]
    assert f.get("position") == position
