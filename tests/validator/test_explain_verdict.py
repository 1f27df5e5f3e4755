"""explain's verdict: a section that fixes it, not a key problem, or unknown; everywhere.

The result JSON only grows (``verdict`` and ``not_key_problems`` are new), the CLI exits
0 only when a section of the errors page fixes the message, and the browser worker's
JSON wrapper answers the same.
"""

from __future__ import annotations

import json
import subprocess
import sys

import keycheck
import pytest
from keycheck import exchanges, explainer, finding_codes

SPEC = exchanges.get("htx")
BALANCE = '{"status":"error","err_code":1047,"err_msg":"Insufficient margin available."}'
LOCKED = '{"status":"error","err_code":12009,"err_msg":"The user is locked or doesn\'t exist."}'


def run_keycheck(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "keycheck", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_result_keeps_every_old_field_and_adds_the_verdict() -> None:
    result = keycheck.explain(LOCKED, "htx")
    assert set(result) == {"exchange", "verdict", "matches", "not_key_problems", "help"}
    assert result["verdict"] == "known-error"
    (match,) = result["matches"]
    assert set(match) == {"section", "title", "fix"}
    assert match["section"] == "htx/errors/#account-locked"


def test_not_a_key_problem_has_no_section_and_points_at_the_index() -> None:
    result = keycheck.explain(BALANCE, "htx")
    assert result["verdict"] == "not-a-key-problem"
    assert result["matches"] == []
    (problem,) = result["not_key_problems"]
    assert problem == {
        "category": "insufficient-balance",
        "title": "Insufficient balance or margin",
        "explanation": problem["explanation"],
        "help": "htx/errors/",
    }
    assert "key" in problem["explanation"]


def test_unknown_text_is_unknown() -> None:
    result = keycheck.explain("hello", "htx")
    assert result["verdict"] == "unknown"
    assert result["matches"] == [] == result["not_key_problems"]


def test_cli_exits_1_and_says_not_a_key_problem() -> None:
    proc = run_keycheck("explain", stdin=BALANCE)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("Not a key problem")
    assert "Insufficient balance or margin" in proc.stdout
    assert proc.stdout.rstrip().endswith("htx/errors/")
    proc = run_keycheck("explain", "--json", "--site-url", "https://example.org/", stdin=BALANCE)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["verdict"] == "not-a-key-problem"
    proc = run_keycheck("explain", "--site-url", "https://example.org/", stdin=BALANCE)
    assert "https://example.org/htx/errors/" in proc.stdout


def test_cli_exits_0_for_a_new_section() -> None:
    proc = run_keycheck("explain", stdin=LOCKED)
    assert proc.returncode == 0, proc.stderr
    assert "section: htx/errors/#account-locked" in proc.stdout
    assert "Account locked or not found" in proc.stdout


def test_browser_wrapper_answers_the_same() -> None:
    assert json.loads(keycheck.explain_json(BALANCE, "htx")) == keycheck.explain(BALANCE, "htx")


def test_every_not_key_message_leads_to_its_own_category() -> None:
    assert set(SPEC.not_key_messages) == {c.id for c in SPEC.not_key_categories}
    for category, messages in SPEC.not_key_messages.items():
        assert messages, category
        for message in messages:
            result = keycheck.explain(message, "htx")
            assert result["verdict"] == explainer.NOT_A_KEY_PROBLEM, message
            assert [p["category"] for p in result["not_key_problems"]] == [category], message


def test_not_key_rules_name_declared_categories_and_never_a_section() -> None:
    categories = {c.id for c in SPEC.not_key_categories}
    assert {r.section for r in SPEC.not_key_rules} == categories
    assert not categories & set(finding_codes.SECTION_IDS)


@pytest.mark.parametrize(
    "section", ["account-mode-unsupported", "platform-signing-error", "account-locked"]
)
def test_new_sections_say_that_a_new_key_will_not_help(section: str) -> None:
    assert "new key will not help" in SPEC.explain_fixes[section].replace("Creating a ", "")


def test_new_section_messages_are_hit_by_words_not_only_by_their_code() -> None:
    """Every message of the new sections still finds its section with the code removed."""
    for section in ("account-mode-unsupported", "platform-signing-error", "account-locked"):
        for message in SPEC.explain_messages[section]:
            words = message.split(" ", 1)[1] if message[:1].isdigit() else message
            assert f"htx/errors/#{section}" in [
                m["section"] for m in keycheck.explain(words, "htx")["matches"]
            ], message


def test_catalog_and_codes_list_the_not_key_categories() -> None:
    catalog = keycheck.catalog("htx")
    listed = {c["id"]: c for c in catalog["not_key_categories"]}
    assert set(listed) == {c.id for c in SPEC.not_key_categories}
    assert all(c["messages"] and c["title"] and c["explanation"] for c in listed.values())
    proc = run_keycheck("codes", "--exchange", "htx", stdin="")
    assert proc.returncode == 0
    rows = {" ".join(line.split()) for line in proc.stdout.splitlines()}
    for category in listed.values():
        assert f"{category['id']} {category['title']}" in rows
