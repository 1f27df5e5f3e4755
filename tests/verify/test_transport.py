"""The shared request layer of ``keycheck verify`` (verify/transport.py), on its own.

Both exchange clients send every request through :class:`Transport`; these tests pin
down what it promises whatever the exchange: which failures it retries (timeouts,
dropped and refused connections, HTTP 5xx and 429) and which it must not (other HTTP
statuses, redirects, answers that are too large or not JSON, errors of the request
itself), how long it pauses between attempts, that every attempt is prepared afresh,
that answers are read with a size limit, and that what it logs or quotes goes through
the client's ``redact``. Every test talks to a real server on 127.0.0.1
(:mod:`loopback`); pauses are recorded instead of slept, so nothing depends on timing
but the timeout tests, whose server waits far longer than the client.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator

import pytest
from keycheck.verify.transport import (
    Answer,
    BadAnswer,
    InvalidBaseUrl,
    Request,
    Transport,
    Unreachable,
    VerifyError,
)
from loopback import HUGE_SIZE, Fault, Loopback, LoopbackHandler
from test_verify_isolation import BLOCK_HTTPX, _python

PATH = "/api/thing"


class _RedirectingHandler(LoopbackHandler):
    """The echo stand-in, whose 3xx answers point at another path of the same server."""

    def status_answer(self, fault: Fault) -> tuple[object, dict[str, str]]:
        if 300 <= fault.status < 400:
            return {"error": "moved"}, {"Location": "/elsewhere"}
        return super().status_answer(fault)


class _RedirectingLoopback(Loopback):
    handler = _RedirectingHandler


@pytest.fixture
def server() -> Iterator[Loopback]:
    with _RedirectingLoopback() as loopback:
        yield loopback


def _transport(server: Loopback, pauses: list[float], **options: object) -> Transport:
    settings: dict[str, object] = {"timeout": 2.0, "backoff_base": 0.5, "sleep": pauses.append}
    settings.update(options)
    return Transport(
        server.url,
        exchange="Example",
        example_url="https://api.example.test",
        **settings,  # type: ignore[arg-type]
    )


def _plain(server: Loopback) -> Callable[[], Request]:
    return lambda: Request(f"{server.url}{PATH}")


def _get(server: Loopback, pauses: list[float], **options: object) -> Answer:
    with _transport(server, pauses, **options) as http:
        return http.get(PATH, _plain(server))


# -- what is retried -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (500, "HTTP 500"),
        (502, "HTTP 502"),
        (503, "HTTP 503"),
        (429, "HTTP 429 (too many requests)"),
    ],
)
def test_5xx_and_429_are_retried_with_backoff_then_given_up(
    server: Loopback, status: int, said: str
) -> None:
    server.add_fault(PATH, "status", status=status, times=3)
    pauses: list[float] = []
    with pytest.raises(Unreachable) as caught:
        _get(server, pauses)
    assert str(caught.value) == f"{PATH}: {said}, 3 attempts with a 2 s timeout"
    assert server.hits(PATH) == 3
    assert pauses == [0.5, 1.0]  # doubled each time, none after the last attempt


def test_a_5xx_then_an_answer_gives_the_answer(server: Loopback) -> None:
    server.add_fault(PATH, "status", status=503, times=1)
    pauses: list[float] = []
    answer = _get(server, pauses)
    assert (answer.path, answer.http_status, answer.body) == (
        PATH,
        200,
        {"path": PATH, "query": ""},
    )
    assert server.hits(PATH) == 2
    assert pauses == [0.5]


def test_backoff_never_pauses_longer_than_its_cap(server: Loopback) -> None:
    server.add_fault(PATH, "status", status=503, times=6)
    pauses: list[float] = []
    with pytest.raises(Unreachable, match="6 attempts"):
        _get(server, pauses, attempts=6, backoff_base=1.0, backoff_cap=4.0)
    assert pauses == [1.0, 2.0, 4.0, 4.0, 4.0]


def test_retry_after_within_the_cap_is_waited_for(server: Loopback) -> None:
    server.add_fault(PATH, "status", status=429, retry_after="7", times=1)
    pauses: list[float] = []
    assert _get(server, pauses).http_status == 200
    assert pauses == [7.0]  # longer than the backoff's 0.5 s: the server's wish wins


def test_retry_after_beyond_the_cap_ends_the_run_at_once(server: Loopback) -> None:
    server.add_fault(PATH, "status", status=503, retry_after="60", times=3)
    pauses: list[float] = []
    with pytest.raises(Unreachable) as caught:
        _get(server, pauses)
    assert str(caught.value) == (
        f"{PATH}: Example answered HTTP 503 and asked to wait 60 s before trying again; "
        "run keycheck verify again later"
    )
    assert server.hits(PATH) == 1
    assert pauses == []


def test_dropped_connections_are_retried(server: Loopback) -> None:
    server.add_fault(PATH, "drop", times=2)
    pauses: list[float] = []
    assert _get(server, pauses).body == {"path": PATH, "query": ""}
    assert server.hits(PATH) == 3


def test_a_connection_dropped_every_time_is_named(server: Loopback) -> None:
    server.add_fault(PATH, "drop", times=2)
    pauses: list[float] = []
    with pytest.raises(Unreachable) as caught:
        _get(server, pauses, attempts=2)
    assert str(caught.value) == f"{PATH}: the connection was dropped, 2 attempts with a 2 s timeout"


def test_a_refused_connection_is_retried_then_named() -> None:
    with Loopback() as gone:
        url = gone.url  # a port of this machine that nothing listens on once it stops
    pauses: list[float] = []
    with (
        Transport(url, exchange="Example", example_url="x", sleep=pauses.append) as http,
        pytest.raises(Unreachable) as caught,
    ):
        http.get(PATH, lambda: Request(url + PATH))
    assert str(caught.value) == f"{PATH}: could not connect, 3 attempts with a 10 s timeout"
    assert len(pauses) == 2


# -- timeouts --------------------------------------------------------------------------


def test_a_server_slower_than_the_timeout_is_retried_then_given_up(server: Loopback) -> None:
    server.add_fault(PATH, "sleep", seconds=3.0, times=2)
    pauses: list[float] = []
    with pytest.raises(Unreachable) as caught:
        _get(server, pauses, timeout=0.2, attempts=2)
    assert str(caught.value) == f"{PATH}: no answer in time, 2 attempts with a 0.2 s timeout"
    assert server.hits(PATH) == 2


def test_one_slow_answer_then_a_prompt_one_gives_the_answer(server: Loopback) -> None:
    server.add_fault(PATH, "sleep", seconds=3.0, times=1)
    pauses: list[float] = []
    assert _get(server, pauses, timeout=0.2).http_status == 200
    assert server.hits(PATH) == 2


@pytest.mark.parametrize("timeout", [0.0, -1.0])
def test_a_timeout_that_is_not_positive_is_refused(server: Loopback, timeout: float) -> None:
    with pytest.raises(VerifyError) as caught:
        _transport(server, [], timeout=timeout)
    assert str(caught.value) == "--timeout must be a positive number of seconds"


# -- what is not retried ---------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_other_http_errors_are_answers_not_retries(server: Loopback, status: int) -> None:
    """A 4xx is the exchange speaking (a refusal the client reads), not a failure."""
    server.add_fault(PATH, "status", status=status, times=3)
    pauses: list[float] = []
    answer = _get(server, pauses)
    assert (answer.http_status, answer.body) == (status, {"error": "busy"})
    assert server.hits(PATH) == 1
    assert pauses == []


def test_a_redirect_is_neither_followed_nor_retried(server: Loopback) -> None:
    server.add_fault(PATH, "status", status=302, times=3)
    pauses: list[float] = []
    with pytest.raises(BadAnswer) as caught:
        _get(server, pauses)
    assert str(caught.value) == (
        f"{PATH}: HTTP 302 redirect; a signed request is never followed elsewhere "
        "(check --base-url and any proxy)"
    )
    assert [seen.path for seen in server.seen] == [PATH]  # nothing asked for /elsewhere


def test_an_answer_that_is_not_json_is_quoted_and_not_retried(server: Loopback) -> None:
    server.add_fault(PATH, "malformed", times=3)
    pauses: list[float] = []
    with pytest.raises(BadAnswer) as caught:
        _get(server, pauses)
    assert str(caught.value) == (
        f"{PATH}: the answer (HTTP 200) is not JSON but "
        '"<html><body>502 Bad Gateway</body></html>{"da"; '
        "is --base-url Example's API, or is a proxy or firewall answering instead?"
    )
    assert server.hits(PATH) == 1


def test_an_error_of_the_request_itself_is_not_retried(server: Loopback) -> None:
    """A header no HTTP message may carry fails before anything is sent: retrying
    the same request cannot help."""
    prepared: list[int] = []

    def prepare() -> Request:
        prepared.append(1)
        return Request(f"{server.url}{PATH}", {"X-Broken": "a\nb"})

    with _transport(server, []) as http, pytest.raises(Unreachable) as caught:
        http.get(PATH, prepare)
    assert str(caught.value) == f"{PATH}: a network error"
    assert len(prepared) == 1
    assert server.seen == []


# -- bounded reads ---------------------------------------------------------------------


def test_an_oversized_answer_with_its_length_is_refused_unread(server: Loopback) -> None:
    server.add_fault(PATH, "huge", times=3)
    with pytest.raises(BadAnswer) as caught:
        _get(server, [], max_body_bytes=1000)
    size = len(LoopbackHandler.huge_head) + HUGE_SIZE + len(LoopbackHandler.huge_tail)
    assert str(caught.value) == (
        f"{PATH}: the answer is larger than 1,000 bytes (at least {size:,}); "
        "that is not Example's API, so it was not read"
    )
    assert server.hits(PATH) == 1


def test_an_oversized_answer_without_a_length_stops_being_read(server: Loopback) -> None:
    server.add_fault(PATH, "huge-unsized", times=3)
    with pytest.raises(BadAnswer) as caught:
        _get(server, [], max_body_bytes=1000)
    message = str(caught.value)
    assert message.startswith(f"{PATH}: the answer is larger than 1,000 bytes (at least ")
    read = int(message.split("(at least ")[1].split(")")[0].replace(",", ""))
    assert 1000 < read < HUGE_SIZE  # it stopped at the first chunk past the limit
    assert server.hits(PATH) == 1


def test_an_answer_at_the_limit_is_read(server: Loopback) -> None:
    body = json.dumps({"path": PATH, "query": ""}).encode()
    answer = _get(server, [], max_body_bytes=len(body))
    assert answer.body == {"path": PATH, "query": ""}


# -- what the client hands in ----------------------------------------------------------


def test_every_attempt_is_prepared_afresh(server: Loopback) -> None:
    """A signed request carries a timestamp: each retry must be signed again."""
    server.add_fault(PATH, "status", status=503, times=2)
    count = iter(range(1, 10))

    def prepare() -> Request:
        return Request(f"{server.url}{PATH}?n=1", {"X-Attempt": str(next(count))})

    with _transport(server, []) as http:
        assert http.get(PATH, prepare).http_status == 200
    assert [seen.headers["X-Attempt"] for seen in server.seen] == ["1", "2", "3"]
    assert all(seen.query == "n=1" for seen in server.seen)


def test_the_clients_headers_go_with_every_request(server: Loopback) -> None:
    with Transport(
        server.url,
        exchange="Example",
        example_url="x",
        headers={"X-Simulated": "1"},
    ) as http:
        http.get(PATH, _plain(server))
    headers = server.seen[0].headers
    assert headers["X-Simulated"] == "1"
    assert headers["User-Agent"] == "keycheck-verify"
    assert headers["Accept"] == "application/json"


def test_the_answer_carries_the_clock_span_of_its_attempt(server: Loopback) -> None:
    ticks = iter([100.0, 101.5])
    answer = _get(server, [], clock=lambda: next(ticks))
    assert (answer.started, answer.finished) == (100.0, 101.5)


def test_logged_urls_and_quoted_bodies_go_through_redact(
    server: Loopback, caplog: pytest.LogCaptureFixture
) -> None:
    server.add_fault(PATH, "malformed")

    def redact(text: str) -> str:
        return text.replace("token-4711", "[redacted]").replace("Gateway", "[redacted]")

    caplog.set_level(logging.DEBUG, logger="keycheck.verify")
    with (
        Transport(server.url, exchange="Example", example_url="x", redact=redact) as http,
        pytest.raises(BadAnswer) as caught,
    ):
        http.get(PATH, lambda: Request(f"{server.url}{PATH}?token=token-4711"))
    assert "502 Bad [redacted]" in str(caught.value)
    logged = [r.getMessage() for r in caplog.records if r.name == "keycheck.verify"]
    assert logged == [f"GET {server.url}{PATH}?token=[redacted] (attempt 1 of 3)"]


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("ftp://api.example.test", "--base-url must look like https://api.example.test"),
        (
            "http://api.example.test",
            "--base-url must use https: plain http is only allowed to this computer "
            "(localhost, 127.0.0.1, ::1)",
        ),
        (
            "https://api.example.test/?x=1",
            "--base-url must not carry a user, a query or a fragment",
        ),
    ],
)
def test_a_base_url_requests_may_not_go_to_is_refused(base_url: str, message: str) -> None:
    with pytest.raises(InvalidBaseUrl) as caught:
        Transport(base_url, exchange="Example", example_url="https://api.example.test")
    assert str(caught.value) == message


def test_the_validator_does_not_load_the_transport_without_verify() -> None:
    """httpx does not exist under Pyodide: only a verify run may import the transport."""
    code = BLOCK_HTTPX + (
        "import keycheck.verify.cli\n"
        "from keycheck.verify import adapters\n"
        "[adapters.get(exchange) for exchange in adapters.ADAPTERS]\n"
        "assert 'keycheck.verify.transport' not in sys.modules\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
