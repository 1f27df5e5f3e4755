"""Explain for OKX, and explain without an exchange: OKX's published errors reach their sections.

The corpus (okx_explain_corpus.json) holds OKX's authentication errors verbatim from
the error code tables of its API v5 documentation, in the REST and WebSocket body shapes
the documentation describes, and texts traders posted in public issues, each with its
source. Every one must reach its section of okx/errors/ with ``--exchange okx`` and be
recognised as OKX without it; HTX's own messages must stay HTX's.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import keycheck
import pytest
from keycheck import cli, exchanges, finding_codes, recognise
from keycheck.catalog import section_ids

CORPUS = json.loads((Path(__file__).with_name("okx_explain_corpus.json")).read_text("utf-8"))
ENTRIES = CORPUS["entries"]


def _ids(entry: dict[str, Any]) -> str:
    return entry["text"][:60]


def test_corpus_entries_have_sources_and_known_sections() -> None:
    okx = exchanges.get("okx")
    assert len(ENTRIES) >= 20
    for entry in ENTRIES:
        assert entry["source"].startswith("https://")
        assert entry["expected"] in section_ids(okx)
    # Every section of okx/errors/ that explain answers has at least one real text.
    assert {e["expected"] for e in ENTRIES} == set(okx.explain_fixes)


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_okx_error_reaches_its_section(entry: dict[str, Any]) -> None:
    result = keycheck.explain(entry["text"], "okx")
    sections = [m["section"] for m in result["matches"]]
    assert f"okx/errors/#{entry['expected']}" in sections
    assert sections[0] == f"okx/errors/#{entry['expected']}"
    if "ip" in entry:
        assert result["matches"][0]["ip"] == entry["ip"]
        assert entry["ip"] in result["matches"][0]["fix"]


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids)
def test_okx_error_is_recognised_without_an_exchange(entry: dict[str, Any]) -> None:
    result = recognise.explain_any(entry["text"])
    assert result["exchange"] == "okx"
    assert result["recognised"] is True
    assert f"okx/errors/#{entry['expected']}" in [m["section"] for m in result["matches"]]


@pytest.mark.parametrize(
    ("section", "message"),
    [(s, m) for s, ms in exchanges.get("htx").explain_messages.items() for m in ms],
)
def test_htx_messages_stay_htx(section: str, message: str) -> None:
    """Adding OKX does not steal HTX's messages: each is still recognised as HTX's."""
    result = recognise.explain_any(message)
    assert result["exchange"] == "htx"
    assert f"htx/errors/#{section}" in [m["section"] for m in result["matches"]]


@pytest.mark.parametrize(
    ("section", "message"),
    [(s, m) for s, ms in exchanges.get("okx").explain_messages.items() for m in ms],
)
def test_every_quoted_okx_message_is_explained(section: str, message: str) -> None:
    """What the errors page quotes (explain_messages) is what explain answers."""
    result = keycheck.explain(message.replace("{param0}", "198.51.100.4"), "okx")
    assert f"okx/errors/#{section}" in [m["section"] for m in result["matches"]]


def test_ip_of_the_issue_body() -> None:
    body = (
        '{"code":"50110","msg":"Your IP 198.51.100.23 is not included in your API key\'s '
        'IP whitelist."}'
    )
    result = keycheck.explain(body, "okx")
    assert result["matches"][0]["section"] == "okx/errors/#ip-restriction-error"
    assert result["matches"][0]["ip"] == "198.51.100.23"


def test_okx_only_sections_are_declared_and_not_on_htx() -> None:
    okx, htx = exchanges.get("okx"), exchanges.get("htx")
    only_okx = {"wrong-passphrase", "demo-live-mismatch"}
    assert only_okx <= set(finding_codes.SECTION_IDS)
    assert only_okx <= section_ids(okx)
    assert not only_okx & section_ids(htx)
    assert {"invalid-api-key-or-secret", "permission-denied", "ip-restriction-error"} <= (
        section_ids(okx)
    )
    assert "clock-out-of-sync" in section_ids(okx)


@pytest.mark.parametrize(
    ("text", "exchange", "candidates"),
    [
        ('{"msg":"Invalid sign","code":"50113"}', "okx", ["okx"]),
        ("OK-ACCESS-SIGN header rejected", "okx", ["okx"]),
        (
            '{"status":"error","err-code":"api-signature-not-valid","err-msg":"Signature not '
            'valid: Incorrect Access key [Access key错误]","data":null}',
            "htx",
            ["htx"],
        ),
        # Words of both: the exchange whose own markers are in the text wins.
        ('huobipro {"code":1003,"message":"invalid signature"}', "htx", None),
        ("invalid timestamp", None, ["htx", "okx"]),  # both publish it: no guess
        ("hello, my bot stopped", None, []),
    ],
    ids=["okx-code", "okx-header", "htx-body", "htx-marker", "both", "neither"],
)
def test_recognition_table(text: str, exchange: str | None, candidates: list[str] | None) -> None:
    result = recognise.explain_any(text)
    assert result["exchange"] == exchange
    if candidates is not None:
        assert result["candidates"] == candidates
    if exchange is None:
        assert result["help"] is None
        sections = {m["section"].split("/")[0] for m in result["matches"]}
        assert sections == set(candidates or [])
    else:
        assert result["help"] == f"{exchange}/errors/"


def test_forcing_an_exchange_skips_recognition() -> None:
    result = recognise.explain_any("invalid timestamp", "okx")
    assert result["exchange"] == "okx"
    assert result["recognised"] is False
    assert [m["section"] for m in result["matches"]] == ["okx/errors/#clock-out-of-sync"]


def test_recognition_refuses_bad_text() -> None:
    with pytest.raises(keycheck.InputError, match="no error text"):
        recognise.explain_any("   ")
    with pytest.raises(keycheck.InputError, match="must be a string"):
        recognise.explain_any(None)


def _run(argv: list[str], stdin: str) -> tuple[int, str, str]:
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def test_cli_explain_recognises_okx() -> None:
    body = '{"code":"50105","msg":"Request header \\"OK-ACCESS-PASSPHRASE\\" incorrect.","data":[]}'
    code, out, err = _run(["explain"], body)
    assert code == 0
    assert "recognised as OKX" in err
    assert "okx/errors/#wrong-passphrase" in out


def test_cli_explain_with_exchange_forced() -> None:
    code, out, _ = _run(["explain", "--exchange", "okx", "--json"], "Timestamp request expired")
    assert code == 0
    result = json.loads(out)
    assert result["exchange"] == "okx"
    assert result["matches"][0]["section"] == "okx/errors/#clock-out-of-sync"


def test_cli_explain_ambiguous_and_unknown() -> None:
    code, out, _ = _run(["explain"], "invalid timestamp")
    assert code == 0
    assert "HTX or OKX" in out and "--exchange" in out
    assert "htx/errors/#clock-out-of-sync" in out and "okx/errors/#clock-out-of-sync" in out
    code, out, _ = _run(["explain", "--site-url", "https://g.example"], "nothing known")
    assert code == 1
    assert "https://g.example/htx/errors/" in out and "https://g.example/okx/errors/" in out


HTX_CORPUS = json.loads((Path(__file__).with_name("explain_corpus.json")).read_text("utf-8"))


@pytest.mark.parametrize("entry", HTX_CORPUS["entries"], ids=_ids)
def test_real_htx_texts_are_recognised_as_htx(entry: dict[str, Any]) -> None:
    """The 77 real HTX pastes of the HTX corpus, without --exchange: HTX, never OKX."""
    result = recognise.explain_any(entry["text"])
    assert result["exchange"] == "htx"
    assert result["verdict"] == keycheck.explain(entry["text"], "htx")["verdict"]
