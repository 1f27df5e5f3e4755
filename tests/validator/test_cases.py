"""The case table, run in CPython: every code fires where it should and nowhere else."""

from __future__ import annotations

import json
from typing import Any

import keycheck
import pytest
from cases import ALL_CODES, CASES


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = keycheck.check(case["input"])
    codes = [f["code"] for f in result["findings"]]
    for code in case["present"]:
        assert code in codes, f"{case['name']}: expected {code}, got {codes}"
    for code in case["absent"]:
        assert code not in codes, f"{case['name']}: unexpected {code} in {codes}"
    if "ok" in case:
        assert result["ok"] is case["ok"]
    assert result["ok"] == all(f["severity"] != "error" for f in result["findings"])


def test_case_names_are_unique() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))


def test_cases_are_json_data() -> None:
    """The browser test sends these inputs through JSON: they must survive it unchanged."""
    assert json.loads(json.dumps(CASES)) == CASES


def test_every_code_has_a_positive_case() -> None:
    catalog_codes = {c["code"] for c in keycheck.catalog("htx")["codes"]}
    positive = {code for case in CASES for code in case["present"]}
    assert catalog_codes - positive == set(), "codes without a positive case"


def test_case_table_knows_every_code() -> None:
    assert set(ALL_CODES) == {c["code"] for c in keycheck.catalog("htx")["codes"]}


def test_every_code_has_a_negative_case() -> None:
    negative = {code for case in CASES for code in case["absent"]}
    assert set(ALL_CODES) - negative == set()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_check_json_gives_the_same_answer(case: dict[str, Any]) -> None:
    assert json.loads(keycheck.check_json(json.dumps(case["input"]))) == keycheck.check(
        case["input"]
    )
