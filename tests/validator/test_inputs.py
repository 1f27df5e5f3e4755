"""Unusable input: a clear one-line InputError that names fields, never values."""

from __future__ import annotations

import json
from typing import Any

import keycheck
import pytest
from cases import KEY, SECRET

SECRETISH = "qzjxQZJX-9f8e7d6c-ZQXJ"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a JSON object"),
        ("htx", "must be a JSON object"),
        ({}, "'exchange' is required"),
        ({"exchange": "binance"}, "unknown exchange"),
        ({"exchange": 5}, "'exchange' must be a string"),
        ({"exchange": "htx", "api_key": 12}, "'api_key' must be a string or null"),
        ({"exchange": "htx", "secret_key": ["x"]}, "'secret_key' must be a string or null"),
        ({"exchange": "htx", "scope": "margin"}, "'scope' must be one of: spot, futures, both"),
        ({"exchange": "htx", "scope": 1}, "'scope' must be one of"),
        ({"exchange": "htx", "permissions": []}, "'permissions' must be an object"),
        ({"exchange": "htx", "permissions": {"read": 1}}, "'permissions.read' must be true"),
        ({"exchange": "htx", "permissions": {"admin": True}}, "unknown permission 'admin'"),
        ({"exchange": "htx", "ip_restriction": 5}, "'ip_restriction' must be a list"),
        ({"exchange": "htx", "ip_restriction": ["1.1.1.1", 2]}, "'ip_restriction' must be"),
        ({"exchange": "htx", "apikey": KEY}, "unknown field 'apikey'"),
    ],
)
def test_input_errors(data: Any, message: str) -> None:
    with pytest.raises(keycheck.InputError, match=message) as info:
        keycheck.check(data)
    assert "\n" not in str(info.value)
    answer = json.loads(keycheck.check_json(json.dumps(data)))
    assert list(answer) == ["error"]
    assert message.split("'")[0] in answer["error"] or message in answer["error"]


@pytest.mark.parametrize(
    "data",
    [
        {"exchange": "htx", "secret_key": SECRET, "scope": SECRETISH},
        {"exchange": "htx", SECRETISH: SECRET},
        {"exchange": "htx", "permissions": {SECRETISH: True}},
        {"exchange": SECRETISH},
        {"exchange": "htx", "secret_key": SECRET, "permissions": {"read": SECRETISH}},
    ],
)
def test_input_errors_never_quote_values(data: dict[str, Any]) -> None:
    with pytest.raises(keycheck.InputError) as info:
        keycheck.check(data)
    text = str(info.value)
    for value in (SECRETISH, SECRET):
        for i in range(len(value) - 3):
            assert value[i : i + 4] not in text, text


def test_scope_is_case_and_space_insensitive() -> None:
    assert keycheck.check({"exchange": " HTX ", "scope": " Futures "})["ok"]


def test_blank_scope_means_not_given() -> None:
    result = keycheck.check(
        {"exchange": "htx", "scope": "", "permissions": {"read": True, "trade": True}}
    )
    assert result["ok"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[1, 2",
        "null",
        "42",
        '"text"',
        "[" * 100_000,
        '{"exchange": "htx", "api_key": "\\ud800"}',
        "1" * 5000,
        "\udcff",
        '{"exchange":"htx","ip_restriction":"' + "1," * 100_000 + '"}',
    ],
    ids=lambda text: f"{text[:12]!r}...{len(text)}",
)
def test_check_json_never_raises(text: str) -> None:
    answer = json.loads(keycheck.check_json(text))
    assert isinstance(answer, dict)
    assert "error" in answer or "findings" in answer


def test_check_json_reports_the_json_error_position() -> None:
    answer = json.loads(keycheck.check_json('{"exchange": "htx",\n  "api_key": }'))
    assert answer["error"].startswith("the input is not valid JSON")
    assert "line 2" in answer["error"]


def test_check_json_output_is_ascii_json() -> None:
    out = keycheck.check_json(json.dumps({"exchange": "htx", "api_key": "\u5bc6" * 40}))
    assert out.isascii()


@pytest.mark.parametrize(("text", "exchange"), [("", "htx"), ("x", "nope"), (None, "htx")])
def test_explain_json_never_raises(text: Any, exchange: str) -> None:
    answer = json.loads(keycheck.explain_json(text, exchange))
    assert list(answer) == ["error"]


def test_explain_json_answers() -> None:
    answer = json.loads(keycheck.explain_json("API key has expired", "htx"))
    assert answer["matches"][0]["section"] == "htx/errors/#key-expired"


def test_internal_errors_report_type_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from keycheck import engine

    def boom(data: object) -> dict[str, Any]:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(engine, "check", boom)
    answer = json.loads(keycheck.check_json('{"exchange": "htx"}'))
    assert answer == {"error": "internal error (RuntimeError); please report it"}


def test_ip_restriction_string_forms() -> None:
    from keycheck.inputs import split_ips

    assert split_ips(["1.1.1.1, 2.2.2.2;3.3.3.3\n4.4.4.4  5.5.5.5"]).entries == (
        "1.1.1.1",
        "2.2.2.2",
        "3.3.3.3",
        "4.4.4.4",
        "5.5.5.5",
    )
    huge = split_ips(["8.8.8.8," * 1000])
    assert huge.total == 1000 and len(huge.entries) == 200
    assert split_ips(["", " , "]).total == 0


def test_unknown_names_that_look_like_the_secret_are_not_quoted() -> None:
    with pytest.raises(keycheck.InputError) as info:
        keycheck.check({"exchange": "htx", "secret_key": "JJJJqqqqZZZZ", "qqqqZZ": 1})
    assert "qqqq" not in str(info.value)
    with pytest.raises(keycheck.InputError) as info:
        keycheck.check(
            {"exchange": "htx", "secret_key": "JJJJqqqqZZZZ", "permissions": {"JJJJ": True}}
        )
    assert "JJJJ" not in str(info.value)
