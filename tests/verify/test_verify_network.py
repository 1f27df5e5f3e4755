"""What verify does when the network or the far end misbehaves, and what it never leaks.

Timeouts, 5xx, 429 with ``Retry-After``, malformed and oversized bodies, dropped
connections and redirects are acted out by the stand-in over real sockets; the retry
budget must hold, every failure must end in one clear line and exit code 2, and neither
the secret nor a signature may reach a log record.
"""

from __future__ import annotations

import io
import json
import logging
from urllib.parse import unquote

import pytest
from htx_standin import Key, StandIn
from keycheck.verify import cli, client
from verify_helpers import ACCESS_KEY, SECRET, run_verify


def _hits(htx: StandIn, path: str) -> int:
    return sum(1 for s in htx.seen if s.path == path)


def test_a_server_slower_than_the_timeout_is_retried_then_given_up(htx: StandIn) -> None:
    htx.add_fault("/v2/user/uid", "sleep", seconds=0.6, times=3)
    run = run_verify(htx.url, timeout=0.2)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("keycheck verify: error: /v2/user/uid: no answer in time")
    assert "3 attempts with a 0.2 s timeout" in run.stderr
    assert _hits(htx, "/v2/user/uid") == 3
    assert "Traceback" not in run.stderr


def test_one_slow_answer_is_survived_by_a_retry(htx: StandIn) -> None:
    htx.add_fault("/v2/user/uid", "sleep", seconds=0.6, times=1)
    run = run_verify(htx.url, timeout=0.2)
    assert run.code == 0, run.stderr
    assert _hits(htx, "/v2/user/uid") == 2


def test_5xx_then_success(htx: StandIn) -> None:
    htx.add_fault("/v2/user/api-key", "status", status=503, times=2)
    run = run_verify(htx.url)
    assert run.code == 0, run.stderr
    assert _hits(htx, "/v2/user/api-key") == 3
    assert run.report["api_key"]["permissions"] == ["readOnly", "trade"]


def test_5xx_retries_are_bounded(htx: StandIn) -> None:
    htx.add_fault("/v1/common/timestamp", "status", status=502, times=10)
    run = run_verify(htx.url)
    assert run.code == 2
    assert "/v1/common/timestamp: HTTP 502, 3 attempts" in run.stderr
    assert _hits(htx, "/v1/common/timestamp") == 3
    assert _hits(htx, "/v2/user/uid") == 0


def test_429_is_retried_and_retry_after_is_honoured(htx: StandIn) -> None:
    htx.add_fault("/v2/user/uid", "status", status=429, retry_after="2", times=1)
    pauses: list[float] = []
    creds = client.Credentials(ACCESS_KEY, SECRET)
    with client.HtxClient(htx.url, timeout=0.5, backoff_base=0.01, sleep=pauses.append) as http:
        answer = http.get_signed("/v2/user/uid", creds)
    assert answer.body == {"code": 200, "data": 52346789}
    assert pauses == [2.0]


def test_a_retry_after_beyond_the_cap_ends_the_run(htx: StandIn) -> None:
    htx.add_fault("/v2/user/uid", "status", status=429, retry_after="120", times=5)
    run = run_verify(htx.url)
    assert run.code == 2
    assert "asked to wait 120 s" in run.stderr
    assert _hits(htx, "/v2/user/uid") == 1


def test_backoff_doubles_and_is_capped(htx: StandIn) -> None:
    htx.add_fault("/v1/common/timestamp", "status", status=500, times=10)
    pauses: list[float] = []
    with (
        client.HtxClient(
            htx.url, attempts=5, backoff_base=1.0, backoff_cap=3.0, sleep=pauses.append
        ) as http,
        pytest.raises(client.Unreachable),
    ):
        http.get_public("/v1/common/timestamp")
    assert pauses == [1.0, 2.0, 3.0, 3.0]


def test_malformed_json_is_a_clear_error(htx: StandIn) -> None:
    htx.add_fault("/v1/common/timestamp", "malformed")
    run = run_verify(htx.url)
    assert run.code == 2
    assert "is not JSON but" in run.stderr
    assert "502 Bad Gateway" in run.stderr
    assert len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize("kind", ["huge", "huge-unsized"])
def test_a_2_mb_body_is_refused_unread(htx: StandIn, kind: str) -> None:
    htx.add_fault("/v2/user/api-key", kind)
    run = run_verify(htx.url)
    assert run.code == 2
    assert "larger than 1,000,000 bytes" in run.stderr
    assert _hits(htx, "/v2/user/api-key") == 1  # not retried


def test_a_dropped_connection_is_retried(htx: StandIn) -> None:
    htx.add_fault("/v2/user/uid", "drop", times=1)
    run = run_verify(htx.url)
    assert run.code == 0, run.stderr
    assert _hits(htx, "/v2/user/uid") == 2


def test_connections_dropped_every_time(htx: StandIn) -> None:
    htx.add_fault("/v2/user/uid", "drop", times=10)
    run = run_verify(htx.url)
    assert run.code == 2
    assert "/v2/user/uid: the connection was dropped, 3 attempts" in run.stderr


def test_nothing_listening_is_unreachable() -> None:
    with StandIn() as htx:
        url = htx.url
    run = run_verify(url)  # the server is gone: connection refused
    assert run.code == 2
    assert "could not connect" in run.stderr


def test_a_redirect_is_never_followed(htx: StandIn) -> None:
    htx.add_fault("/v2/user/uid", "status", status=302)
    run = run_verify(htx.url)
    assert run.code == 2
    assert "redirect" in run.stderr
    assert _hits(htx, "/v2/user/uid") == 1


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("http://api.huobi.pro", "must use https"),
        ("ftp://api.huobi.pro", "must look like https://api.huobi.pro"),
        ("https://api.huobi.pro/?x=1", "must not carry"),
        ("https://user:pw@api.huobi.pro", "must not carry"),
        ("not a url at all", "must look like"),
    ],
)
def test_base_url_is_validated_before_anything_is_sent(base_url: str, message: str) -> None:
    run = run_verify(base_url)
    assert run.code == 2
    assert message in run.stderr


def test_proxies_come_from_the_environment(htx: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    """With HTTP_PROXY set, requests go to the proxy (here the stand-in, which accepts
    absolute-form request lines) even though the base URL names a port nobody serves."""
    monkeypatch.setenv("HTTP_PROXY", htx.url)
    run = run_verify("http://127.0.0.1:9")
    assert run.code == 0, run.stderr
    assert htx.seen and all(s.proxied for s in htx.seen)
    assert {s.headers.get("Host") for s in htx.seen} == {"127.0.0.1:9"}


def test_no_log_record_carries_the_secret_or_a_signature(
    htx: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    htx.add_fault("/v2/user/uid", "status", status=503, times=1)
    with caplog.at_level(logging.DEBUG):
        for name in ("httpx", "httpcore", "keycheck.verify"):
            logging.getLogger(name).setLevel(logging.DEBUG)
        run = run_verify(htx.url)
    assert run.code == 0
    encoded = {
        part.split("=", 1)[1]
        for seen in htx.seen
        for part in seen.query.split("&")
        if part.startswith("Signature=")
    }
    assert len(encoded) >= 2  # uid (twice, same second: same signature) and api-key
    signatures = encoded | {unquote(value) for value in encoded}
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "HTTP Request: GET" in logged  # httpx did log the URLs ...
    assert "Signature=[redacted]" in logged  # ... redacted
    assert "AccessKeyId=[redacted]" in logged
    assert SECRET not in logged
    assert ACCESS_KEY not in logged
    for value in signatures:
        assert value not in logged
    assert {r.name for r in caplog.records} >= {"httpx", "httpcore.http11", "keycheck.verify"}


def test_the_credentials_object_never_shows_the_secret() -> None:
    creds = client.Credentials(ACCESS_KEY, SECRET)
    assert SECRET not in repr(creds)
    assert SECRET not in str(creds)
    assert ACCESS_KEY not in repr(creds)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_hidden_prompts_at_a_terminal(htx: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([ACCESS_KEY, SECRET])
    prompts: list[str] = []

    def fake_getpass(prompt: str, stream: object = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(cli.getpass, "getpass", fake_getpass)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--base-url", htx.url, "--json"], stdin=_Tty(), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert prompts == ["API Key (hidden): ", "Secret Key (hidden): "]
    assert SECRET not in out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("stdin_text", "message"),
    [
        ("not json", "the input is not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"api_key": "k"}', "'secret_key' is empty"),
        ('{"api_key": "", "secret_key": "s"}', "'api_key' is empty"),
        ('{"api_key": 5, "secret_key": "s"}', "'api_key' must be a string"),
        ('{"exchange": "binance", "api_key": "k", "secret_key": "s"}', "only talks to HTX"),
        ('{"api_key": "k", "secret_key": "s", "password": "p"}', "unknown field"),
        ("", "no input on stdin"),
    ],
)
def test_unusable_input_is_exit_2_without_echo(htx: StandIn, stdin_text: str, message: str) -> None:
    run = run_verify(htx.url, stdin_text=stdin_text, secret="s-e-c-r-e-t")
    assert run.code == 2
    assert message in run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert htx.seen == []  # nothing was sent


def test_a_check_input_is_accepted_as_is(htx: StandIn) -> None:
    """The JSON a trader feeds ``keycheck check`` works for verify too."""
    text = json.dumps(
        {
            "exchange": "htx",
            "api_key": ACCESS_KEY,
            "secret_key": SECRET,
            "scope": "spot",
            "permissions": {"read": True, "trade": True},
            "ip_restriction": ["203.0.113.7"],
        }
    )
    run = run_verify(htx.url, stdin_text=text)
    assert run.code == 0, run.stderr


def test_the_timeout_option_is_validated() -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--timeout", "0"], stdin=io.StringIO(""), stderr=io.StringIO())
    assert exit_info.value.code == 2


def test_htx_is_the_default_base_url() -> None:
    from keycheck.verify import adapters

    args = cli.build_parser().parse_args([])
    assert args.base_url is None and args.exchange is None
    assert adapters.get(args.exchange).default_base_url == "https://api.huobi.pro"
    assert args.timeout == 10.0
    assert args.json is False


def test_other_keys_of_the_stand_in_are_refused_as_htx_does() -> None:
    with StandIn(keys=[Key(ACCESS_KEY, SECRET)]) as htx:
        run = run_verify(htx.url, access_key="ffffffff-eeeeeeee-dddddddd-ccccc")
    assert run.code == 1
