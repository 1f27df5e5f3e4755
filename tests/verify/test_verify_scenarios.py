"""``keycheck verify`` end to end against the HTX stand-in: what HTX says, and what we make of it.

Each test configures the stand-in (the key's permissions, IPs, expiry, status; the
server's clock; a sub-account key; a wrong key) and runs the real command in-process
over real sockets, then reads the JSON report and the exit code.
"""

from __future__ import annotations

import json

import pytest
from htx_standin import Key, StandIn
from verify_helpers import ACCESS_KEY, SECRET, SUB_ACCESS_KEY, SUB_SECRET, run_verify


def _codes(report: dict) -> list[str]:
    return [f["code"] for f in report["findings"]]


def _sections(report: dict) -> list[str]:
    return [m["section"] for p in report["problems"] for m in p["matches"]]


def _serve(**key_fields: object) -> StandIn:
    return StandIn(keys=[Key(ACCESS_KEY, SECRET, **key_fields)])  # type: ignore[arg-type]


def test_a_healthy_key_reports_what_htx_records(htx: StandIn) -> None:
    run = run_verify(htx.url)
    assert run.code == 0, run.stderr
    report = run.report
    assert report["ok"] is True
    assert report["uid"] == 52346789
    assert report["api_key"]["permissions"] == ["readOnly", "trade"]
    assert report["api_key"]["ip_addresses"] == ["127.0.0.1"]
    assert report["api_key"]["valid_days"] == -1
    assert report["api_key"]["status"] == "normal"
    assert report["api_key"]["create_time"] == "2021-03-08T08:38:24Z"
    # The stand-in can only accept this computer's loopback address, which check()
    # rightly calls not public: the one finding, a warning.
    assert _codes(report) == ["ip-not-public"]
    assert report["key"] == "7b1d…3d4e5"[:4] + "…" + ACCESS_KEY[-4:]
    assert report["sub_account"] is False
    assert abs(report["clock"]["offset_seconds"]) < 1


@pytest.mark.parametrize(
    ("permission", "codes", "exit_code"),
    [
        ("readOnly", ["trade-missing"], 1),
        ("readOnly,trade", [], 0),
        ("trade,readOnly", [], 0),  # HTX's own example lists them in this order
        ("readOnly,trade,withdraw", ["withdraw-enabled"], 1),
        ("trade", ["read-missing"], 1),
    ],
)
def test_permissions_become_checks_finding_codes(
    permission: str, codes: list[str], exit_code: int
) -> None:
    with _serve(permission=permission, ip_addresses="127.0.0.0/8") as htx:
        run = run_verify(htx.url)
    assert run.code == exit_code, run.stdout + run.stderr
    # The stand-in binds loopback's 127.0.0.0/8: not public, and wider than a platform needs.
    stand_in = ("ip-not-public", "ip-too-broad")
    assert [c for c in _codes(run.report) if c not in stand_in] == codes
    assert run.report["api_key"]["permissions"] == permission.split(",")


def test_no_bound_ip_is_ip_restriction_off() -> None:
    with _serve(ip_addresses="", valid_days=87) as htx:
        run = run_verify(htx.url)
    assert run.code == 0
    assert _codes(run.report) == ["ip-restriction-off"]
    assert run.report["api_key"]["ip_addresses"] == []
    assert run.report["api_key"]["valid_days"] == 87
    finding = run.report["findings"][0]
    assert finding["severity"] == "warning"
    assert finding["help"] == "htx/errors/#ip-restriction-off"


def test_several_bound_ips_are_listed() -> None:
    with _serve(ip_addresses="203.0.113.7,127.0.0.1,198.51.100.0/24") as htx:
        run = run_verify(htx.url)
    assert run.report["api_key"]["ip_addresses"] == [
        "203.0.113.7",
        "127.0.0.1",
        "198.51.100.0/24",
    ]


def test_an_expired_status_is_key_expired() -> None:
    with _serve(status="expired", valid_days=0, ip_addresses="") as htx:
        run = run_verify(htx.url)
    assert run.code == 1
    assert _codes(run.report)[0] == "key-expired"
    finding = run.report["findings"][0]
    assert finding["severity"] == "error"
    assert finding["help"] == "htx/errors/#key-expired"


def test_htx_refusing_an_expired_key_points_to_key_expired() -> None:
    with _serve(refuse_as_expired=True) as htx:
        run = run_verify(htx.url)
    assert run.code == 1
    assert _sections(run.report) == ["htx/errors/#key-expired"]
    assert "API key has expired" in run.report["problems"][0]["message"]


def test_an_unknown_status_is_reported_as_is() -> None:
    with _serve(status="frozen") as htx:
        run = run_verify(htx.url)
    assert run.report["api_key"]["status"] == "frozen"
    assert any('"frozen"' in note for note in run.report["notes"])


def test_a_sub_account_key_falls_back_to_the_account_list() -> None:
    key = Key(SUB_ACCESS_KEY, SUB_SECRET, uid=61000001, sub_account=True)
    with StandIn(keys=[key]) as htx:
        run = run_verify(htx.url, access_key=SUB_ACCESS_KEY, secret=SUB_SECRET)
        paths = [s.path for s in htx.seen]
    assert run.code == 0, run.stdout
    report = run.report
    assert report["sub_account"] is True
    assert report["api_key"] is None
    assert report["accounts"] == [
        {"id": 10000001, "type": "spot", "subtype": "", "state": "working"}
    ]
    assert report["findings"] == []
    assert any("sub-account" in note for note in report["notes"])
    assert paths == [
        "/v1/common/timestamp",
        "/v2/user/uid",
        "/v2/user/api-key",
        "/v1/account/accounts",
    ]


def test_a_wrong_access_key_is_invalid_api_key_or_secret(htx: StandIn) -> None:
    run = run_verify(htx.url, access_key="0a0a0a0a-1b1b1b1b-2c2c2c2c-3d3d3")
    assert run.code == 1
    problem = run.report["problems"][0]
    assert problem["endpoint"] == "/v2/user/uid"
    assert "Incorrect Access key" in problem["message"]
    assert _sections(run.report) == ["htx/errors/#invalid-api-key-or-secret"]
    assert run.report["api_key"] is None


def test_a_wrong_secret_is_invalid_api_key_or_secret(htx: StandIn) -> None:
    run = run_verify(htx.url, secret="1f1f1f1f-2e2e2e2e-3d3d3d3d-4c4c4")
    assert run.code == 1
    assert "Verification failure" in run.report["problems"][0]["message"]
    assert _sections(run.report) == ["htx/errors/#invalid-api-key-or-secret"]


def test_a_refused_key_also_gets_the_local_format_checks(htx: StandIn) -> None:
    """A secret with a trailing space signs differently: HTX refuses, check() says why."""
    run = run_verify(htx.url, secret=SECRET + " ")
    assert run.code == 1
    assert _sections(run.report) == ["htx/errors/#invalid-api-key-or-secret"]
    assert "whitespace" in _codes(run.report)


def test_an_ip_not_whitelisted_names_the_callers_ip() -> None:
    with _serve(ip_addresses="203.0.113.7") as htx:
        run = run_verify(htx.url)
    assert run.code == 1
    (problem,) = run.report["problems"]
    assert "Incorrect IP address" in problem["message"]
    (match,) = problem["matches"]
    assert match["section"] == "htx/errors/#ip-restriction-error"
    assert match["ip"] == "127.0.0.1"


def test_a_clock_far_off_is_reported_and_corrected_for() -> None:
    """HTX's clock 10 minutes ahead: the offset and the clock section are reported, and
    the requests still get through because they are stamped with HTX's time."""
    htx = StandIn(keys=[Key(ACCESS_KEY, SECRET, ip_addresses="")], clock_offset=600)
    with htx:
        run = run_verify(htx.url)
    assert run.code == 0, run.stdout
    report = run.report
    assert 599 < report["clock"]["offset_seconds"] < 601
    (problem,) = report["problems"]
    assert problem["kind"] == "clock"
    assert problem["severity"] == "warning"
    assert [m["section"] for m in problem["matches"]] == ["htx/errors/#clock-out-of-sync"]
    assert "10 min behind" in problem["message"]
    assert report["api_key"]["permissions"] == ["readOnly", "trade"]


def test_a_clock_behind_htx_the_other_way() -> None:
    htx = StandIn(keys=[Key(ACCESS_KEY, SECRET, ip_addresses="")], clock_offset=-3600)
    with htx:
        run = run_verify(htx.url)
    assert -3601 < run.report["clock"]["offset_seconds"] < -3599
    assert "ahead of" in run.report["problems"][0]["message"]


def test_htx_refusing_the_timestamp_points_to_clock_out_of_sync(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the correction is not applied (a small offset), HTX's own time error is
    mapped to the clock section."""
    from keycheck.verify import flow

    monkeypatch.setattr(flow, "CLOCK_CORRECT_SECONDS", 10_000.0)
    htx = StandIn(keys=[Key(ACCESS_KEY, SECRET)], clock_offset=600)
    with htx:
        run = run_verify(htx.url)
    assert run.code == 1
    assert "htx/errors/#clock-out-of-sync" in _sections(run.report)
    assert "Invalid submission time" in run.report["problems"][-1]["message"]


def test_text_output_for_a_trader(htx: StandIn) -> None:
    run = run_verify(htx.url, json_output=False)
    assert run.code == 0
    text = run.stdout
    assert "Permissions   Read, Trade" in text
    assert "IP addresses  127.0.0.1" in text
    assert "Expires       never" in text
    assert "WARNING ip-not-public" in text
    assert "Guide: htx/errors/#ip-not-public" in text
    assert text.rstrip().endswith("Result: no errors (1 warning).")


def test_text_output_for_a_refusal() -> None:
    with _serve(ip_addresses="203.0.113.7") as htx:
        run = run_verify(htx.url, json_output=False)
    assert run.code == 1
    assert "The IP address HTX saw: 127.0.0.1" in run.stdout
    assert "htx/errors/#ip-restriction-error" in run.stdout


def test_the_summary_is_pasteable_and_masks_the_key(htx: StandIn) -> None:
    summary = run_verify(htx.url).report["summary"]
    assert ACCESS_KEY not in summary
    assert ACCESS_KEY[:4] in summary
    assert "warnings: ip-not-public" in summary


def test_the_secret_never_reaches_the_exchange(htx: StandIn) -> None:
    run_verify(htx.url)
    assert htx.seen
    for seen in htx.seen:
        assert SECRET not in seen.query
        assert SECRET not in json.dumps(seen.headers)
    signed = [s for s in htx.seen if s.path != "/v1/common/timestamp"]
    assert all("Signature=" in s.query and "AccessKeyId=" in s.query for s in signed)
