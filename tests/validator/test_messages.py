"""What the findings say: names, positions, expected-versus-seen, and the fix and link."""

from __future__ import annotations

from typing import Any

import keycheck
import pytest
from cases import KEY, KEY_HEX, SECRET


def findings(**fields: Any) -> list[dict[str, Any]]:
    return keycheck.check({"exchange": "htx", **fields})["findings"]


def one(code: str, **fields: Any) -> dict[str, Any]:
    matching = [f for f in findings(**fields) if f["code"] == code]
    assert len(matching) == 1, findings(**fields)
    return matching[0]


def test_invisible_character_is_named_with_its_position() -> None:
    secret = SECRET + "\u200b"  # 32 characters, then the zero-width space at 33
    f = one("invisible-character", secret_key=secret)
    assert "U+200B ZERO WIDTH SPACE at position 33" in f["message"]
    assert f["position"] == 33
    assert f["field"] == "secret_key"
    assert f["help"] == "htx/errors/#invisible-character"
    assert f["fix"]


def test_whitespace_says_where_and_names_line_breaks() -> None:
    f = one("whitespace", api_key=" " + KEY + "\n")
    assert "U+0020 SPACE at position 1 (before the value)" in f["message"]
    assert "U+000A LINE FEED at position 36 (a line break after the value)" in f["message"]
    assert f["position"] == 1


def test_many_characters_are_counted_not_all_listed() -> None:
    f = one("whitespace", api_key=KEY[:9] + " " * 10 + KEY[9:])
    assert "10 whitespace characters" in f["message"]
    assert "and 7 more" in f["message"]


def test_bad_format_says_expected_and_seen() -> None:
    f = one("bad-format", secret_key=SECRET[:-1])
    assert "groups 8-8-8-4, expected 8-8-8-5: a character is missing at the end" in f["message"]


def test_bad_format_one_too_many_in_a_middle_group() -> None:
    f = one("bad-format", secret_key=SECRET[:3] + "a" + SECRET[3:])
    assert "groups 9-8-8-5, expected 8-8-8-5: one character too many in group 1" in f["message"]


def test_bad_format_picks_the_code_group_layout_for_an_access_key() -> None:
    f = one("bad-format", api_key=KEY[:-1])
    assert "expected 8-10-8-5" in f["message"]


def test_bad_format_uppercase_says_lowercase() -> None:
    f = one("bad-format", secret_key=SECRET.upper())
    assert "must be lowercase" in f["message"]
    assert f["position"] == 2  # "3E8B...": the E


def test_bad_format_missing_hyphens() -> None:
    f = one("bad-format", secret_key=SECRET.replace("-", ""))
    assert "hyphens are missing" in f["message"]


def test_bad_format_names_a_key_character_but_never_a_secret_one() -> None:
    key = one("bad-format", api_key=KEY_HEX[:-1] + "g")
    assert "position 32 is 'g'" in key["message"]
    assert key["position"] == 32
    secret = one("bad-format", secret_key=SECRET[:-1] + "g")
    assert "position 32 is not a lowercase hexadecimal digit" in secret["message"]
    assert "'g'" not in secret["message"]


def test_bad_format_position_counts_removed_characters() -> None:
    raw = "\u200b" + SECRET[:-1] + "g"
    f = one("bad-format", secret_key=raw)
    assert f["position"] == 33


def test_lookalike_in_key_is_named() -> None:
    f = one("lookalike-character", api_key=KEY_HEX.replace("a1", "\u04301", 1))
    assert "U+0430 CYRILLIC SMALL LETTER A at position 1 looks like 'a'" in f["message"]


def test_lookalike_in_secret_is_not_named() -> None:
    f = one("lookalike-character", secret_key=SECRET.replace("e", "\u0435", 1))
    assert "a Cyrillic character at position 2" in f["message"]
    assert "CYRILLIC" not in f["message"]
    assert "'e'" not in f["message"]


def test_key_is_not_named_when_it_is_the_secret() -> None:
    raw = KEY_HEX.replace("a1", "\u04301", 1)
    found = findings(api_key=raw, secret_key=raw)
    key = [f for f in found if f["code"] == "lookalike-character" and f["field"] == "api_key"]
    assert len(key) == 1
    assert "CYRILLIC" not in key[0]["message"]
    assert "same-as-key" in [f["code"] for f in found]


def test_wrapped_value_describes_the_wrapper() -> None:
    f = one("wrapped-value", api_key=f'Access Key: "{KEY}"')
    assert 'the label "Access Key" and quotes' in f["message"]


def test_duplicate_paste_message() -> None:
    f = one("duplicated-paste", api_key=KEY + KEY)
    assert "34 characters appear twice" in f["message"]


def test_futures_missing_mentions_scope() -> None:
    f = one("futures-missing", scope="both", permissions={"read": True, "trade": True})
    assert "Futures / Swap Trade" in f["message"]
    assert f["severity"] == "error"


def test_ip_restriction_off_explains_the_90_days() -> None:
    f = one("ip-restriction-off", ip_restriction=None)
    assert "90 days" in f["message"]
    assert f["severity"] == "warning"


def test_ip_invalid_says_which_entry() -> None:
    found = findings(ip_restriction=["8.8.8.8", "1.2.3", "9.9.9.9"])
    assert [(f["code"], f["position"]) for f in found] == [("ip-invalid", 2)]
    assert 'Entry 2 ("1.2.3")' in found[0]["message"]


def test_ip_host_bits_suggests_the_network() -> None:
    f = one("ip-invalid", ip_restriction=["202.106.96.7/24"])
    assert "202.106.96.0/24" in f["message"]


def test_ip_not_public_gives_the_reason() -> None:
    f = one("ip-not-public", ip_restriction=["192.168.0.5"])
    assert "private address" in f["message"]


def test_ip_too_many_gives_the_limit() -> None:
    f = one("ip-too-many", ip_restriction=[f"8.8.{i}.1" for i in range(22)])
    assert "22 IP entries" in f["message"] and "at most 20" in f["message"]


def test_ip_findings_are_capped() -> None:
    found = findings(ip_restriction=[f"bad{i}" for i in range(30)])
    invalid = [f for f in found if f["code"] == "ip-invalid"]
    assert len(invalid) == 10
    assert "20 more entries have the same problem" in invalid[-1]["message"]


def test_findings_are_ordered_by_field_then_position() -> None:
    found = findings(
        ip_restriction=["1.1.1.1", "x"],
        permissions={"read": True, "trade": True, "withdraw": True},
        secret_key=SECRET + " ",
        api_key="\u200b" + KEY,
    )
    assert [f["field"] for f in found] == [
        "api_key",
        "secret_key",
        "permissions",
        "ip_restriction",
    ]


def test_every_finding_has_fix_and_help_for_its_code() -> None:
    catalog = {c["code"]: c for c in keycheck.catalog("htx")["codes"]}
    found = findings(
        api_key=KEY + "\u200b",
        secret_key=SECRET[:-1],
        scope="futures",
        permissions={"withdraw": True, "transfer": True},
        ip_restriction=["10.0.0.1", "10.0.0.1", "300.0.0.1"],
    )
    assert len(found) >= 8
    for f in found:
        assert f["help"] == f"htx/errors/#{f['code']}"
        assert f["fix"] == catalog[f["code"]]["fix"]
        assert f["severity"] in ("error", "warning", "info")
        assert f["field"] in catalog[f["code"]]["fields"]


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"api_key": KEY}, f"{KEY[:4]}...{KEY[-4:]} (34 characters)"),
        ({"api_key": "abcdef12"}, "8 characters"),
        ({"api_key": KEY, "secret_key": KEY}, "34 characters"),
    ],
)
def test_summary_shows_key_head_and_tail_only_when_safe(fields: dict[str, str], shown: str) -> None:
    summary = keycheck.check({"exchange": "htx", **fields})["summary"]
    line = next(x for x in summary.splitlines() if x.startswith("API Key:"))
    assert shown in line
    if "secret_key" in fields or len(fields["api_key"]) < 12:
        assert "..." not in line


def test_summary_never_shows_the_secret_and_lists_codes() -> None:
    result = keycheck.check(
        {"exchange": "htx", "api_key": KEY, "secret_key": SECRET + " ", "ip_restriction": []}
    )
    summary = result["summary"]
    assert "Result: NOT OK (1 error, 1 warning, 0 notes)" in summary
    assert "error whitespace (secret_key)" in summary
    assert "warning ip-restriction-off (ip_restriction)" in summary
    for i in range(len(SECRET) - 3):
        assert SECRET[i : i + 4] not in summary


def test_an_ip_entry_holding_the_secret_is_not_quoted() -> None:
    found = findings(secret_key=SECRET, ip_restriction=[SECRET, "8.8.8.8", SECRET[:8]])
    text = " ".join(f["message"] for f in found)
    assert "Entry 1 is not an IPv4 or IPv6 address" in text
    assert "Entry 3 is not" in text
    for i in range(len(SECRET) - 3):
        assert SECRET[i : i + 4] not in text


def test_an_ip_entry_sharing_nothing_with_the_secret_is_quoted() -> None:
    found = findings(secret_key=SECRET, ip_restriction=["8.8.8.300"])
    assert 'Entry 1 ("8.8.8.300")' in found[0]["message"]
