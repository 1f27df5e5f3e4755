"""``keycheck verify --exchange okx`` against the OKX stand-in: signing, refusals, faults, logs.

Everything here runs without keycheck's OKX rules: the client's signed requests as the
stand-in verifies them, OKX's refusals mapped to the errors page's sections by code, the
retry budget under timeouts, 5xx, 429, malformed and oversized bodies, and the promise
that no log line carries the key, the secret, the passphrase or a signature.
"""

from __future__ import annotations

import io
import json
import logging

import pytest
from keycheck.verify import cli, okx_client
from keycheck.verify.okx_client import OkxClient, OkxCredentials
from okx_helpers import API_KEY, OTHER_SECRET, PASSPHRASE, SECRET, run_okx, serve
from okx_standin import CONFIG_PATH, TIME_PATH, Key, OkxStandIn

CREDS = OkxCredentials(API_KEY, SECRET, PASSPHRASE)


def _client(okx: OkxStandIn, **options: object) -> OkxClient:
    return OkxClient(okx.url, timeout=0.5, backoff_base=0.01, **options)  # type: ignore[arg-type]


# -- the signed request, as OKX's checks see it -------------------------------------


def test_a_signed_request_passes_the_stand_ins_checks() -> None:
    with serve() as okx, _client(okx) as http:
        answer = http.get_signed(CONFIG_PATH, CREDS)
    assert answer.http_status == 200
    assert answer.body["code"] == "0"
    assert answer.body["data"][0]["perm"] == "read_only,trade"
    seen = okx.seen[-1].headers
    assert seen["OK-ACCESS-KEY"] == API_KEY
    assert seen["OK-ACCESS-PASSPHRASE"] == PASSPHRASE
    assert "x-simulated-trading" not in seen


@pytest.mark.parametrize(
    ("credentials", "code"),
    [
        (OkxCredentials(API_KEY, SECRET, "wrong passphrase"), "50105"),
        (OkxCredentials(API_KEY, OTHER_SECRET, PASSPHRASE), "50113"),
        (OkxCredentials("0c1b2e94-3f5a-4d8e-9b0c-a1d2e3f4a5b6", SECRET, PASSPHRASE), "50111"),
    ],
)
def test_wrong_values_are_refused_with_okxs_codes(credentials: OkxCredentials, code: str) -> None:
    with serve() as okx, _client(okx) as http:
        answer = http.get_signed(CONFIG_PATH, credentials)
    assert (answer.http_status, answer.body["code"]) == (401, code)


def test_a_demo_key_needs_the_demo_header_and_a_live_key_refuses_it() -> None:
    with serve(demo=True) as okx:
        with _client(okx) as live:
            assert live.get_signed(CONFIG_PATH, CREDS).body["code"] == "50101"
        with _client(okx, demo=True) as demo:
            assert demo.get_signed(CONFIG_PATH, CREDS).body["code"] == "0"
        assert okx.seen[-1].headers.get("x-simulated-trading") == "1"


def test_an_unbound_ip_is_refused_with_the_address_okx_saw() -> None:
    with serve(ip="203.0.113.7") as okx, _client(okx) as http:
        body = http.get_signed(CONFIG_PATH, CREDS).body
    assert body == {
        "code": "50110",
        "msg": "Your IP 127.0.0.1 is not included in your API key's IP whitelist.",
        "data": [],
    }


def test_a_clock_offset_is_corrected_in_the_timestamp() -> None:
    with serve() as okx:
        okx.clock_offset = 120.0  # OKX's clock two minutes ahead of this computer's
        with _client(okx) as http:
            assert http.get_signed(CONFIG_PATH, CREDS).body["code"] == "50102"
            assert http.get_signed(CONFIG_PATH, CREDS, clock_offset=120.0).body["code"] == "0"


# -- OKX's refusals through the whole command --------------------------------------


def _sections(report: dict) -> list[str]:
    return [m["section"] for p in report["problems"] for m in p["matches"]]


@pytest.mark.parametrize(
    ("key_fields", "run_options", "code", "section"),
    [
        ({}, {"passphrase": "not the passphrase"}, "50105", "wrong-passphrase"),
        ({}, {"secret": OTHER_SECRET}, "50113", "invalid-api-key-or-secret"),
        (
            {},
            {"api_key": "0c1b2e94-3f5a-4d8e-9b0c-a1d2e3f4a5b6"},
            "50111",
            "invalid-api-key-or-secret",
        ),
        ({"ip": "203.0.113.7"}, {}, "50110", "ip-restriction-error"),
        ({"demo": True}, {}, "50101", "demo-live-mismatch"),
    ],
)
def test_refusals_point_to_the_section_that_fixes_them(
    key_fields: dict, run_options: dict, code: str, section: str
) -> None:
    with serve(**key_fields) as okx:
        run = run_okx(okx.url, **run_options)
    assert run.code == 1, run.stderr
    report = run.report
    assert report["exchange"] == "okx"
    assert report["ok"] is False
    [problem] = report["problems"]
    assert problem["kind"] == "okx-error"
    assert problem["endpoint"] == CONFIG_PATH
    assert problem["message"].startswith(f"{code}: ")
    assert _sections(report) == [f"okx/errors/#{section}"]
    assert report["api_key"] is None


def test_the_ip_refusal_names_the_address_okx_saw_in_the_text_report() -> None:
    with serve(ip="203.0.113.7") as okx:
        run = run_okx(okx.url, json_output=False)
    assert run.code == 1
    assert run.stdout.startswith("OKX's answer for key 7c1b…a5b6")
    assert "Key    refused by OKX (see below)" in run.stdout
    assert "What OKX refused or reported" in run.stdout
    assert "ERROR /api/v5/account/config: 50110: Your IP 127.0.0.1 is not included" in run.stdout
    assert "okx/errors/#ip-restriction-error" in run.stdout
    assert "The IP address OKX saw: 127.0.0.1" in run.stdout
    assert API_KEY not in run.stdout  # the key shows as its first and last 4 characters


def test_a_clock_far_off_is_reported_and_corrected() -> None:
    with serve() as okx:
        okx.clock_offset = 300.0
        run = run_okx(okx.url)
    # The signed request was accepted (its timestamp corrected), then the clock reported;
    # without OKX's rules this keycheck stops there with exit 2, with them it reports.
    assert [s.path for s in okx.seen] == [TIME_PATH, CONFIG_PATH]
    assert okx.seen[-1].headers["OK-ACCESS-SIGN"]
    if run.code != 2:
        clock = [p for p in run.report["problems"] if p["kind"] == "clock"]
        assert _sections({"problems": clock}) == ["okx/errors/#clock-out-of-sync"]
        assert run.report["clock"]["offset_seconds"] == pytest.approx(300, abs=5)


@pytest.mark.parametrize(
    ("run_options", "section"),
    [
        ({"passphrase": PASSPHRASE + " "}, "wrong-passphrase"),
        ({"passphrase": "Pässwort-42"}, "wrong-passphrase"),
        ({"passphrase": "Trading\u200bDesk"}, "wrong-passphrase"),  # zero-width space
        ({"api_key": API_KEY + "\n"}, "invalid-api-key-or-secret"),
    ],
)
def test_values_no_header_can_carry_are_reported_and_never_sent(
    run_options: dict, section: str
) -> None:
    with serve() as okx:
        run = run_okx(okx.url, **run_options)
    assert run.code == 1, run.stderr
    [problem] = run.report["problems"]
    assert problem["kind"] == "input"
    assert "nothing was sent to OKX" in problem["message"]
    assert _sections(run.report) == [f"okx/errors/#{section}"]
    assert okx.seen == []


# -- faults ----------------------------------------------------------------------


def test_a_server_slower_than_the_timeout_is_retried_then_given_up() -> None:
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, "sleep", seconds=0.6, times=3)
        run = run_okx(okx.url, timeout=0.2)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(
        "keycheck verify: error: /api/v5/account/config: no answer in time"
    )
    assert "3 attempts with a 0.2 s timeout" in run.stderr
    assert okx.hits(CONFIG_PATH) == 3


def test_one_slow_answer_is_survived_by_a_retry() -> None:
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, "sleep", seconds=0.6, times=1)
        with OkxClient(okx.url, timeout=0.2, backoff_base=0.01) as http:
            answer = http.get_signed(CONFIG_PATH, CREDS)
    assert answer.body["code"] == "0"  # the retry was signed afresh and accepted
    assert okx.hits(CONFIG_PATH) == 2


def test_5xx_then_success() -> None:
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, "status", status=503, times=2)
        with _client(okx) as http:
            assert http.get_signed(CONFIG_PATH, CREDS).body["code"] == "0"
    assert okx.hits(CONFIG_PATH) == 3


def test_5xx_retries_are_bounded() -> None:
    with serve() as okx:
        okx.add_fault(TIME_PATH, "status", status=502, times=10)
        run = run_okx(okx.url)
    assert run.code == 2
    assert "/api/v5/public/time: HTTP 502, 3 attempts" in run.stderr
    assert okx.hits(TIME_PATH) == 3
    assert okx.hits(CONFIG_PATH) == 0


def test_429_is_retried_and_retry_after_is_honoured() -> None:
    pauses: list[float] = []
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, "status", status=429, retry_after="2", times=1)
        with OkxClient(okx.url, timeout=0.5, backoff_base=0.01, sleep=pauses.append) as http:
            assert http.get_signed(CONFIG_PATH, CREDS).body["code"] == "0"
    assert pauses == [2.0]


def test_a_retry_after_beyond_the_cap_ends_the_run() -> None:
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, "status", status=429, retry_after="120", times=5)
        run = run_okx(okx.url)
    assert run.code == 2
    assert "OKX answered HTTP 429 and asked to wait 120 s" in run.stderr
    assert okx.hits(CONFIG_PATH) == 1


def test_malformed_json_is_a_clear_error() -> None:
    with serve() as okx:
        okx.add_fault(TIME_PATH, "malformed")
        run = run_okx(okx.url)
    assert run.code == 2
    assert "is not JSON but" in run.stderr and "502 Bad Gateway" in run.stderr
    assert "is --base-url OKX's API" in run.stderr
    assert len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize("kind", ["huge", "huge-unsized"])
def test_a_2_mb_body_is_refused_unread(kind: str) -> None:
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, kind)
        run = run_okx(okx.url)
    assert run.code == 2
    assert "larger than 1,000,000 bytes" in run.stderr and "not OKX's API" in run.stderr
    assert okx.hits(CONFIG_PATH) == 1


def test_a_dropped_connection_is_retried() -> None:
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, "drop", times=1)
        with _client(okx) as http:
            assert http.get_signed(CONFIG_PATH, CREDS).body["code"] == "0"
    assert okx.hits(CONFIG_PATH) == 2


def test_a_redirect_is_never_followed() -> None:
    with serve() as okx:
        okx.add_fault(CONFIG_PATH, "status", status=302)
        run = run_okx(okx.url)
    assert run.code == 2
    assert "redirect" in run.stderr
    assert okx.hits(CONFIG_PATH) == 1


def test_an_answer_not_in_okxs_format_is_a_clear_error() -> None:
    with serve() as okx:
        okx.add_fault(TIME_PATH, "status", status=404)  # a JSON body, but no OKX time
        run = run_okx(okx.url)
    assert run.code == 2
    assert "/api/v5/public/time: OKX's answer carries no timestamp" in run.stderr


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("http://www.okx.com", "must use https"),
        ("ftp://www.okx.com", "must look like https://www.okx.com"),
        ("https://www.okx.com/?x=1", "must not carry"),
    ],
)
def test_base_url_is_validated_before_anything_is_sent(base_url: str, message: str) -> None:
    run = run_okx(base_url)
    assert run.code == 2
    assert message in run.stderr


# -- what never reaches a log -----------------------------------------------------


def test_no_log_record_carries_a_credential_or_a_signature(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with serve() as okx, caplog.at_level(logging.DEBUG):
        for name in ("httpx", "httpcore", "keycheck.verify"):
            logging.getLogger(name).setLevel(logging.DEBUG)
        okx.add_fault(CONFIG_PATH, "status", status=503, times=1)
        with _client(okx) as http:
            http.get_signed(CONFIG_PATH, CREDS)
            # A careless log line of our own, with the headers as httpx would hold them:
            logging.getLogger("httpx").debug("headers %s", okx.seen[-1].headers)
            logging.getLogger("keycheck.verify").debug("passphrase was %s", PASSPHRASE)
    signatures = {s.headers["OK-ACCESS-SIGN"] for s in okx.seen if s.path == CONFIG_PATH}
    assert len(signatures) >= 1
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "HTTP Request: GET" in logged  # httpx did log ...
    assert "'OK-ACCESS-SIGN': [redacted]" in logged  # ... and the header dump is redacted
    for value in (API_KEY, SECRET, PASSPHRASE, *signatures):
        assert value not in logged
    assert {r.name for r in caplog.records} >= {"httpx", "httpcore.http11", "keycheck.verify"}


def test_the_credential_values_are_forgotten_by_the_filter_when_the_client_closes() -> None:
    with serve() as okx:
        with _client(okx) as http:
            http.get_signed(CONFIG_PATH, CREDS)
            assert PASSPHRASE in okx_client._FILTER.values
        assert PASSPHRASE not in okx_client._FILTER.values
        assert SECRET not in okx_client._FILTER.values


@pytest.mark.parametrize(
    "line",
    [
        "{'OK-ACCESS-SIGN': 'abc+/=', 'Accept': 'x'}",
        "[(b'OK-ACCESS-PASSPHRASE', b'my secret phrase'), (b'Accept', b'x')]",
        "OK-ACCESS-KEY: 7c1b2e94-3f5a-4d8e-9b0c-a1d2e3f4a5b6",
        'ok-access-sign="abc+/="',
    ],
)
def test_header_values_are_redacted_in_every_form(line: str) -> None:
    cleaned = okx_client.redact(line)
    assert "[redacted]" in cleaned
    for value in ("abc+/=", "my secret phrase", "7c1b2e94"):
        assert value not in cleaned


def test_the_credentials_object_never_shows_its_values() -> None:
    for text in (repr(CREDS), str(CREDS)):
        for value in (API_KEY, SECRET, PASSPHRASE):
            assert value not in text


# -- reading the credentials ------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_hidden_prompts_ask_for_the_adapters_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([API_KEY, SECRET, PASSPHRASE])
    prompts: list[str] = []

    def fake_getpass(prompt: str, stream: object = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(cli.getpass, "getpass", fake_getpass)
    out, err = io.StringIO(), io.StringIO()
    with serve(ip="203.0.113.7") as okx:  # refused by IP: exit 1 with or without OKX's rules
        argv = ["--exchange", "okx", "--base-url", okx.url, "--json"]
        code = cli.main(argv, stdin=_Tty(), stdout=out, stderr=err)
    assert code == 1, err.getvalue()
    assert [p.lower() for p in prompts] == [
        "api key (hidden): ",
        "secret key (hidden): ",
        "passphrase (hidden): ",
    ]
    assert okx.seen[-1].headers["OK-ACCESS-PASSPHRASE"] == PASSPHRASE  # typed, then used
    for value in (SECRET, PASSPHRASE):
        assert value not in out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"exchange": "okx", "api_key": API_KEY, "secret_key": SECRET}, "'passphrase' is empty"),
        (
            {"exchange": "okx", "api_key": API_KEY, "secret_key": SECRET, "passphrase": "  "},
            "'passphrase' is empty: give the Passphrase you chose when you created the key",
        ),
        (
            {"exchange": "okx", "api_key": API_KEY, "secret_key": SECRET, "passphrase": 5},
            "'passphrase' must be a string",
        ),
        (
            {"exchange": "htx", "api_key": API_KEY, "secret_key": SECRET, "passphrase": "p"},
            'must be "okx": this run only talks to OKX',
        ),
    ],
)
def test_unusable_okx_input_is_exit_2_and_nothing_is_sent(payload: dict, message: str) -> None:
    with serve() as okx:
        run = run_okx(okx.url, stdin_text=json.dumps(payload))
    assert run.code == 2
    assert message in run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert okx.seen == []


def test_htx_accepts_no_passphrase_field() -> None:
    with serve() as okx:
        payload = {"api_key": API_KEY, "secret_key": SECRET, "passphrase": PASSPHRASE}
        run = run_okx(okx.url, stdin_text=json.dumps(payload), exchange_option=False)
    assert run.code == 2
    assert "unknown field in the input" in run.stderr
    assert okx.seen == []


def test_the_inputs_exchange_chooses_the_adapter_without_the_option() -> None:
    with serve(ip="203.0.113.7") as okx:
        run = run_okx(okx.url, exchange_option=False)
    assert run.code == 1, run.stderr
    assert run.report["exchange"] == "okx"
    assert [s.path for s in okx.seen] == [TIME_PATH, CONFIG_PATH]


def test_demo_is_refused_for_an_exchange_without_demo_trading() -> None:
    with serve() as okx:
        payload = {"exchange": "htx", "api_key": API_KEY, "secret_key": SECRET}
        run = run_okx(okx.url, "--demo", stdin_text=json.dumps(payload), exchange_option=False)
    assert run.code == 2
    assert "--demo: HTX has no demo trading environment" in run.stderr
    assert okx.seen == []


def test_demo_sends_the_simulated_trading_header_on_every_request() -> None:
    with OkxStandIn(keys=[Key(API_KEY, SECRET, PASSPHRASE, demo=True, ip="203.0.113.7")]) as okx:
        run = run_okx(okx.url, "--demo")
    assert run.code == 1  # accepted as a demo key, then refused for the IP
    assert _sections(run.report) == ["okx/errors/#ip-restriction-error"]
    assert [s.headers.get("x-simulated-trading") for s in okx.seen] == ["1", "1"]
    assert any("demo trading environment" in note for note in run.report["notes"])
