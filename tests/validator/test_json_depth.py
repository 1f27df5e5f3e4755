"""Deeply nested JSON is refused before parsing: under Pyodide it would kill the runtime."""

from __future__ import annotations

import json

import keycheck
import pytest
from keycheck.jsondepth import MAX_DEPTH, too_deep


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
def test_check_json_refuses_deep_nesting_with_a_clear_message(depth: int) -> None:
    answer = json.loads(keycheck.check_json("[" * depth + "]" * depth))
    assert answer == {"error": "the input is not valid JSON (too deeply nested or too large)"}


def test_explain_treats_a_deeply_nested_paste_as_plain_text() -> None:
    text = '{"a":' * 5_000 + '"Incorrect Access key [Access key错误]"' + "}" * 5_000
    answer = json.loads(keycheck.explain_json(text, "htx"))
    assert [m["section"] for m in answer["matches"]] == ["htx/errors/#invalid-api-key-or-secret"]


def test_brackets_inside_strings_do_not_count() -> None:
    assert not too_deep(json.dumps({"api_key": "[" * 10_000}))
    assert too_deep("[" * (MAX_DEPTH + 1))
    assert not too_deep("[" * MAX_DEPTH + "]" * MAX_DEPTH)


def test_real_inputs_still_parse() -> None:
    answer = keycheck.check({"exchange": "htx", "permissions": {"read": True}})
    assert answer["exchange"] == "htx"
