"""One retrying, bounded GET layer under every exchange client of ``keycheck verify``.

Like httpx's transports (one interface, several implementations), each exchange client
(:mod:`keycheck.verify.client` for HTX, :mod:`keycheck.verify.okx_client` for OKX) keeps
only what is its exchange's own: how a request is signed (query parameters or headers),
its endpoints, and how its answers are read. Everything between the trader's machine
and the exchange is done here, once, so the clients see either a parsed JSON
:class:`Answer` or one :class:`VerifyError` with a sentence fit for the terminal:

- explicit timeouts (``--timeout``) and a bounded retry with exponential backoff on
  network errors, dropped connections, HTTP 5xx and 429 (honouring ``Retry-After`` up
  to a cap); every attempt is prepared (signed) afresh by the client;
- proxies come from the environment (``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) via
  httpx's ``trust_env``; redirects are never followed with a signed request;
- answers are read with a size limit (:mod:`keycheck.verify.bounded`), so a runaway or
  hostile body cannot fill memory; one that is not JSON is reported with a short,
  redacted glimpse of what came instead.

What must never reach a log or a message differs per exchange, so each client hands
its own ``redact`` function in; the transport applies it to every URL it logs and every
body it quotes.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Self, TypedDict, Unpack

import httpx

from keycheck.verify import bounded

log = logging.getLogger("keycheck.verify")

DEFAULT_TIMEOUT = 10.0  # seconds, for each of connect, write, read and pool
DEFAULT_ATTEMPTS = 3  # one try and two retries
DEFAULT_BACKOFF_BASE = 0.5  # seconds before the first retry, doubled for each next one
BACKOFF_CAP = 8.0  # no backoff pause is longer than this
RETRY_AFTER_CAP = 30.0  # a longer Retry-After ends the run instead of waiting
MAX_BODY_BYTES = 1_000_000  # the exchanges' answers to these calls are a few kB at most
USER_AGENT = "keycheck-verify"

_HTTP_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)

# Transport failures worth another try: timeouts, refused or reset connections, a
# connection dropped before the answer, a proxy that failed to connect.
_RETRIED_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


class VerifyError(Exception):
    """A run that cannot reach a verdict; the message is one line fit for the terminal."""


class InvalidBaseUrl(VerifyError):
    """``--base-url`` is not an address signed requests may be sent to."""


class Unreachable(VerifyError):
    """The exchange could not be reached, or kept failing, within the retry budget."""


class BadAnswer(VerifyError):
    """The exchange (or something in between) answered with something that is not JSON."""


@dataclass(frozen=True)
class Answer:
    """One parsed answer, with the local wall-clock span of the attempt that got it."""

    path: str
    http_status: int
    body: object
    started: float  # time.time() when the request was sent
    finished: float  # time.time() when the whole answer was read


@dataclass(frozen=True)
class Request:
    """One attempt's GET, as its client prepared (signed) it."""

    url: str
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True)
class BaseUrl:
    """A validated ``--base-url``: where requests go, and the host they are signed for."""

    origin: str  # scheme://host[:port]
    prefix: str  # path prefix, without a trailing slash ("" for the exchange itself)
    host: str  # the Host header httpx sends, which is what HTX signs against

    @classmethod
    def parse(cls, text: str, example: str = "https://api.huobi.pro") -> BaseUrl:
        """``text`` checked; ``example`` is the address a wrong one is told to look like."""
        try:
            url = httpx.URL(text.strip())
        except (httpx.InvalidURL, TypeError) as exc:
            raise InvalidBaseUrl(f"--base-url is not a URL: {exc}") from None
        if url.scheme not in ("https", "http") or not url.host:
            raise InvalidBaseUrl(f"--base-url must look like {example}")
        if url.userinfo or url.query or url.fragment:
            raise InvalidBaseUrl("--base-url must not carry a user, a query or a fragment")
        if url.scheme == "http" and not _is_loopback(url.host):
            raise InvalidBaseUrl(
                "--base-url must use https: plain http is only allowed to this computer "
                "(localhost, 127.0.0.1, ::1)"
            )
        netloc = url.netloc.decode("ascii").lower()
        return cls(
            origin=f"{url.scheme}://{netloc}",
            prefix=url.path.rstrip("/"),
            host=netloc,
        )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def http_logger_names() -> set[str]:
    """The loggers a redacting filter must sit on: httpx's, httpcore's and verify's own.

    A logger's filters only see records logged on that very logger, so each of
    httpcore's sub-loggers is named.
    """
    names = set(_HTTP_LOGGERS)
    names.update(
        name
        for name in list(logging.Logger.manager.loggerDict)
        if name.startswith(("httpx.", "httpcore."))
    )
    names.add(log.name)
    return names


class RedactingFilter(logging.Filter):
    """Rewrites the log records whose rendered message ``redact`` changes."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        super().__init__()
        self._redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging system's business
            return True
        cleaned = self._redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


def install_filter(log_filter: logging.Filter) -> None:
    """Attach ``log_filter`` to each of :func:`http_logger_names`, once (idempotent)."""
    for name in http_logger_names():
        logger = logging.getLogger(name)
        if log_filter not in logger.filters:
            logger.addFilter(log_filter)


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds asked for by a ``Retry-After`` header given in seconds, else ``None``."""
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    return None  # HTTP dates are rare on APIs; the normal backoff applies then


def describe(exc: httpx.HTTPError) -> str:
    """A transport error as a short phrase, without the URL (which may be signed)."""
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was dropped"
    if isinstance(exc, httpx.ProxyError):
        return "the proxy refused the connection"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    return "a network error"


def preview(body: bytes, redact: Callable[[str], str]) -> str:
    """A short printable, redacted glimpse of a body that is not what was expected."""
    text = body[:80].decode("utf-8", "replace")
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if not text:
        return "an empty body"
    return f'"{redact(text)}{"…" if len(body) > 80 else ""}"'


def _unchanged(text: str) -> str:
    return text


class Options(TypedDict, total=False):
    """What a caller may tune, the same for every exchange client (defaults above)."""

    timeout: float  # seconds, for each of connect, write, read and pool
    attempts: int  # tries in all, at least one
    backoff_base: float  # seconds before the first retry, doubled for each next one
    backoff_cap: float  # no backoff pause is longer
    retry_after_cap: float  # a longer Retry-After ends the run instead of waiting
    max_body_bytes: int  # an answer is never read past this
    sleep: Callable[[float], None]  # how to pause between attempts
    clock: Callable[[], float]  # wall-clock seconds, also what signs the timestamps
    transport: httpx.BaseTransport | None  # httpx's own transport (None: the network)


class Transport:
    """GETs to one exchange's REST API with retries, timeouts and a size limit.

    ``exchange`` is the name messages give the exchange ("HTX", "OKX");
    ``example_url`` the address a wrong ``--base-url`` is told to look like;
    ``headers`` go with every request; ``redact`` cleans every URL logged and every
    body quoted in a message; ``options`` (:class:`Options`) tune the retries.
    """

    def __init__(
        self,
        base_url: str,
        *,
        exchange: str,
        example_url: str,
        headers: Mapping[str, str] | None = None,
        redact: Callable[[str], str] = _unchanged,
        **options: Unpack[Options],
    ) -> None:
        timeout = options.get("timeout", DEFAULT_TIMEOUT)
        if timeout <= 0:
            raise VerifyError("--timeout must be a positive number of seconds")
        self.base = BaseUrl.parse(base_url, example_url)
        self.exchange = exchange
        self.timeout = timeout
        self.attempts = max(1, options.get("attempts", DEFAULT_ATTEMPTS))
        self.backoff_base = options.get("backoff_base", DEFAULT_BACKOFF_BASE)
        self.backoff_cap = options.get("backoff_cap", BACKOFF_CAP)
        self.retry_after_cap = options.get("retry_after_cap", RETRY_AFTER_CAP)
        self.max_body_bytes = options.get("max_body_bytes", MAX_BODY_BYTES)
        self._sleep = options.get("sleep", time.sleep)
        self.clock = options.get("clock", time.time)
        self._redact = redact
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            trust_env=True,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
            transport=options.get("transport"),
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, prepare: Callable[[], Request]) -> Answer:
        """GET what ``prepare`` builds (called again for every attempt), parsed as JSON.

        ``path`` names the request in messages. Raises :class:`Unreachable` when every
        attempt failed or the exchange asked to wait too long, :class:`BadAnswer` when
        the answer is a redirect, too large, or not JSON.
        """
        last = ""
        for attempt in range(1, self.attempts + 1):
            request = prepare()  # signed afresh for every attempt: a new timestamp
            log.debug(
                "GET %s (attempt %d of %d)", self._redact(request.url), attempt, self.attempts
            )
            delay = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
            started = self.clock()
            try:
                status, headers, body = self._fetch(request, path)
            except _RETRIED_ERRORS as exc:
                last = describe(exc)
            except httpx.HTTPError as exc:  # e.g. an unsupported protocol: retrying won't help
                raise Unreachable(f"{path}: {describe(exc)}") from None
            else:
                if status == 429 or status >= 500:
                    wait = retry_after(headers)
                    if wait is not None and wait > self.retry_after_cap:
                        raise Unreachable(
                            f"{path}: {self.exchange} answered HTTP {status} and asked to wait "
                            f"{wait:g} s before trying again; run keycheck verify again later"
                        )
                    last = f"HTTP {status}" + (" (too many requests)" if status == 429 else "")
                    delay = max(delay, wait or 0.0)
                else:
                    return self._parse(path, status, body, started)
            log.debug("%s: %s", path, last)
            if attempt < self.attempts:
                self._sleep(delay)
        raise Unreachable(
            f"{path}: {last}, {self.attempts} attempt{'s' if self.attempts > 1 else ''} "
            f"with a {self.timeout:g} s timeout"
        )

    def _fetch(self, request: Request, path: str) -> tuple[int, httpx.Headers, bytes]:
        """Send one GET and read at most ``max_body_bytes`` of the answer."""
        return bounded.get(
            self._http,
            request.url,
            self.max_body_bytes,
            lambda size: self._too_large(path, size),
            request.headers,
        )

    def _too_large(self, path: str, size: int) -> BadAnswer:
        return BadAnswer(
            f"{path}: the answer is larger than {self.max_body_bytes:,} bytes "
            f"(at least {size:,}); that is not {self.exchange}'s API, so it was not read"
        )

    def _parse(self, path: str, status: int, body: bytes, started: float) -> Answer:
        if 300 <= status < 400:
            raise BadAnswer(
                f"{path}: HTTP {status} redirect; a signed request is never followed "
                "elsewhere (check --base-url and any proxy)"
            )
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise BadAnswer(
                f"{path}: the answer (HTTP {status}) is not JSON but "
                f"{preview(body, self._redact)}; is --base-url {self.exchange}'s API, "
                "or is a proxy or firewall answering instead?"
            ) from None
        if status != 200 and not isinstance(data, dict):
            raise BadAnswer(
                f"{path}: HTTP {status} with an unexpected body {preview(body, self._redact)}"
            )
        return Answer(path, status, data, started, self.clock())


class ExchangeClient:
    """What every exchange client shares: its transport, where it sends, and closing.

    A subclass adds its exchange's signing and endpoints on top of ``self._transport``.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self.base = transport.base
        self._clock = transport.clock

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()
