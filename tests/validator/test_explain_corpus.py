"""explain on the corpus: real HTX error texts, each with the public page it came from.

tests/validator/explain_corpus.json holds what traders and library authors actually
posted (ccxt, hummingbot, HTX's own SDKs and docs, ...), verbatim with its source. Each
must lead to its section of the errors page, or be answered as not a key problem.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import keycheck
import pytest
from keycheck import exchanges, explainer, finding_codes
from keycheck.catalog import section_ids

CORPUS = json.loads((Path(__file__).parent / "explain_corpus.json").read_text("utf-8"))
ENTRIES: list[dict[str, Any]] = CORPUS["entries"]
SPEC = exchanges.get("htx")


def _id(entry: dict[str, Any]) -> str:
    return f"{entry['expected']}:{entry.get('category', '')}:{entry['source'].rsplit('/', 2)[-2:]}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[_id(e) for e in ENTRIES])
def test_corpus_entry_gets_its_answer(entry: dict[str, Any]) -> None:
    result = keycheck.explain(entry["text"], "htx")
    sections = [m["section"] for m in result["matches"]]
    if entry["expected"] == explainer.NOT_A_KEY_PROBLEM:
        assert result["verdict"] == explainer.NOT_A_KEY_PROBLEM, sections
        assert sections == []
        assert [p["category"] for p in result["not_key_problems"]] == [entry["category"]]
        assert result["not_key_problems"][0]["help"] == "htx/errors/"
    else:
        assert result["verdict"] == explainer.KNOWN_ERROR
        assert f"htx/errors/#{entry['expected']}" in sections
        assert result["not_key_problems"] == []
    if "ip" in entry:
        assert [m["ip"] for m in result["matches"] if "ip" in m] == [entry["ip"]]


def test_every_entry_names_a_public_source() -> None:
    for entry in ENTRIES:
        assert entry["source"].startswith("https://"), entry
        assert entry["text"].strip(), entry


def test_corpus_covers_every_section_category_and_shape() -> None:
    expected = {e["expected"] for e in ENTRIES}
    # HTX's own sections: another exchange's (OKX's wrong-passphrase) are not on htx/errors/.
    assert section_ids(SPEC) <= expected
    assert expected - {explainer.NOT_A_KEY_PROBLEM} <= set(finding_codes.SECTION_IDS)
    assert {e["category"] for e in ENTRIES if "category" in e} == {
        c.id for c in SPEC.not_key_categories
    }
    shapes = {e["shape"] for e in ENTRIES}
    assert {"json", "python-repr", "php-print-r", "log-line", "library-exception"} <= shapes
    assert "websocket" in shapes
    assert len(ENTRIES) >= 40
