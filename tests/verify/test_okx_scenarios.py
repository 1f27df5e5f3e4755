"""``keycheck verify --exchange okx`` end to end, where OKX's answer meets OKX's rules.

What OKX's account configuration reports for the key (``perm``, ``ip``, ``label``,
``uid``/``mainUid``) must come out as ``keycheck check``'s finding codes for OKX, and
the fallback table of OKX codes must agree with ``keycheck explain``. These tests need
keycheck's OKX data module (``keycheck.exchanges.okx``) and are skipped until it is in
the tree.
"""

from __future__ import annotations

import json

import keycheck
import pytest
from keycheck.verify import okx_flow
from okx_helpers import API_KEY, needs_okx_rules, run_okx, serve
from okx_standin import ERRORS

pytestmark = needs_okx_rules

# The stand-in can only accept this computer's loopback address, which check() rightly
# calls not public; a /8 of it is also wider than a platform needs.
LOOPBACK_FINDINGS = ("ip-not-public", "ip-too-broad")


def _codes(report: dict) -> list[str]:
    return [f["code"] for f in report["findings"] if f["code"] not in LOOPBACK_FINDINGS]


def test_a_healthy_key_reports_what_okx_records() -> None:
    with serve() as okx:
        run = run_okx(okx.url)
    assert run.code == 0, run.stdout + run.stderr
    report = run.report
    assert report["ok"] is True
    assert report["exchange"] == "okx"
    assert report["uid"] == 44705892343619584
    assert report["api_key"]["permissions"] == ["read_only", "trade"]
    assert report["api_key"]["ip_addresses"] == ["127.0.0.1"]
    assert report["api_key"]["note"] == "trading-platform-bot"
    assert report["api_key"]["status"] == okx_flow.ACCEPTED
    assert report["sub_account"] is False
    assert _codes(report) == []
    assert report["key"] == API_KEY[:4] + "…" + API_KEY[-4:]
    assert abs(report["clock"]["offset_seconds"]) < 1


@pytest.mark.parametrize(
    ("perm", "codes", "exit_code"),
    [
        ("read_only", ["trade-missing"], 1),
        ("read_only,trade", [], 0),
        ("trade,read_only", [], 0),
        ("read_only,withdraw,trade", ["withdraw-enabled"], 1),  # OKX's response example
    ],
)
def test_okxs_permissions_become_checks_finding_codes(
    perm: str, codes: list[str], exit_code: int
) -> None:
    with serve(perm=perm, ip="127.0.0.0/8") as okx:
        run = run_okx(okx.url)
    assert run.code == exit_code, run.stdout + run.stderr
    assert _codes(run.report) == codes
    assert run.report["api_key"]["permissions"] == perm.split(",")
    for finding in run.report["findings"]:
        assert finding["help"].startswith("okx/errors/#")


def test_no_bound_ip_is_ip_restriction_off() -> None:
    with serve(ip="") as okx:
        run = run_okx(okx.url)
    assert run.report["api_key"]["ip_addresses"] == []
    assert _codes(run.report) == ["ip-restriction-off"]
    assert run.report["findings"][0]["help"] == "okx/errors/#ip-restriction-off"


def test_a_sub_account_key_is_reported_as_such() -> None:
    with serve(uid="44705892343619585") as okx:
        run = run_okx(okx.url)
    assert run.code == 0, run.stderr
    assert run.report["sub_account"] is True
    assert any("sub-account" in note for note in run.report["notes"])


def test_the_text_report_names_okx() -> None:
    with serve(ip="") as okx:
        run = run_okx(okx.url, json_output=False)
    assert run.stdout.startswith("OKX's answer for key 7c1b…a5b6")
    assert "Permissions   Read, Trade" in run.stdout
    assert "IP addresses  none bound" in run.stdout
    assert "ip-restriction-off" in run.stdout
    assert "HTX" not in run.stdout


@pytest.mark.parametrize("code", sorted(okx_flow.FALLBACK_SECTIONS))
def test_the_fallback_table_agrees_with_explain(code: str) -> None:
    message = ERRORS.get(code, "").format(ip="203.0.113.7")
    body = {"code": code, "msg": message, "data": []}
    matches = keycheck.explain(json.dumps(body), exchange="okx")["matches"]
    section, _title = okx_flow.FALLBACK_SECTIONS[code]
    assert [m["section"] for m in matches][:1] == [f"okx/errors/#{section}"]


def test_explain_finds_the_ip_okx_saw() -> None:
    body = {"code": "50110", "msg": ERRORS["50110"].format(ip="198.51.100.23"), "data": []}
    [match] = okx_flow.explain_error(body)
    assert match["section"] == "okx/errors/#ip-restriction-error"
    assert match.get("ip") == "198.51.100.23"


@pytest.mark.parametrize(
    ("run_options", "field"),
    [
        ({"passphrase": " Trading-Desk-42!"}, "passphrase"),  # a space copied along
        ({"secret": "5F3A9C1E7B2D4F6A8C0E1B3D5F7A9C1E "}, "secret_key"),
    ],
)
def test_values_that_fail_add_what_check_sees_in_them(run_options: dict, field: str) -> None:
    """A secret with a space is refused by OKX (50113); a passphrase with one is never
    sent. Either way the report carries check's finding on the value."""
    with serve() as okx:
        run = run_okx(okx.url, **run_options)
    assert run.code == 1
    assert [f["field"] for f in run.report["findings"]] == [field]
