"""The HTTP side of ``keycheck verify``: signed GETs to HTX over httpx, defensively.

Everything that can go wrong between the trader's machine and HTX is handled here, so
the flow above only sees either a parsed JSON answer or one :class:`VerifyError` with a
sentence fit for the terminal:

- explicit timeouts (``--timeout``) and a bounded retry with exponential backoff on
  network errors, dropped connections, HTTP 5xx and 429 (honouring ``Retry-After`` up
  to a cap); every attempt is signed afresh;
- proxies come from the environment (``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) via
  httpx's ``trust_env``; redirects are never followed with a signed URL;
- answers are read with a size limit, so a runaway or hostile body cannot fill memory;
- the ``Signature``, ``AccessKeyId`` and ``accessKey`` parameters are redacted from every
  URL that is logged, ours and httpx's/httpcore's own debug logging alike, and the
  secret is held by :class:`Credentials`, which never shows it.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from keycheck.verify import bounded, signature

log = logging.getLogger("keycheck.verify")

DEFAULT_TIMEOUT = 10.0  # seconds, for each of connect, write, read and pool
DEFAULT_ATTEMPTS = 3  # one try and two retries
DEFAULT_BACKOFF_BASE = 0.5  # seconds before the first retry, doubled for each next one
BACKOFF_CAP = 8.0  # no backoff pause is longer than this
RETRY_AFTER_CAP = 30.0  # a longer Retry-After ends the run instead of waiting
MAX_BODY_BYTES = 1_000_000  # HTX's answers to these calls are a few kB at most
USER_AGENT = "keycheck-verify"

_REDACTED_PARAMS = re.compile(r"(?i)\b(Signature|AccessKeyId|accessKey)=[^&\s\"'<>]*")
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
    """HTX could not be reached, or kept failing, within the retry budget."""


class BadAnswer(VerifyError):
    """HTX (or something in between) answered with something that is not HTX's JSON."""


def redact(text: str) -> str:
    """``text`` with the values of ``Signature``, ``AccessKeyId`` and ``accessKey`` hidden."""
    return _REDACTED_PARAMS.sub(r"\1=[redacted]", text)


class RedactingFilter(logging.Filter):
    """Rewrites log records whose rendered message carries a signed URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging system's business
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


def install_log_redaction() -> None:
    """Attach :class:`RedactingFilter` to httpx's and httpcore's loggers (idempotent).

    A logger's filters only see records logged on that very logger, so each of
    httpcore's sub-loggers gets its own.
    """
    names = set(_HTTP_LOGGERS)
    names.update(
        name
        for name in list(logging.Logger.manager.loggerDict)
        if name.startswith(("httpx.", "httpcore."))
    )
    names.add(log.name)
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


class Credentials:
    """An HTX access key and its secret. The secret is only ever handed to the signer."""

    __slots__ = ("_secret", "access_key")

    def __init__(self, access_key: str, secret: str) -> None:
        self.access_key = access_key
        self._secret = secret

    def __repr__(self) -> str:
        return "Credentials(access_key=<hidden>, secret=<hidden>)"

    def check_input(self) -> dict[str, str]:
        """Both values as ``keycheck.check`` input, for the offline format checks only."""
        return {"api_key": self.access_key, "secret_key": self._secret}

    def signed_query(
        self, *, host: str, path: str, timestamp: str, params: Mapping[str, str]
    ) -> str:
        """The query string of a GET to ``path`` on ``host``, signed with the secret."""
        return signature.signed_query(
            access_key=self.access_key,
            secret=self._secret,
            method="GET",
            host=host,
            path=path,
            timestamp=timestamp,
            params=params,
        )


@dataclass(frozen=True)
class Answer:
    """One parsed answer, with the local wall-clock span of the attempt that got it."""

    path: str
    http_status: int
    body: object
    started: float  # time.time() when the request was sent
    finished: float  # time.time() when the whole answer was read


@dataclass(frozen=True)
class BaseUrl:
    """A validated ``--base-url``: where requests go, and the host they are signed for."""

    origin: str  # scheme://host[:port]
    prefix: str  # path prefix, without a trailing slash ("" for HTX itself)
    host: str  # the Host header httpx sends, which is what HTX signs against

    @classmethod
    def parse(cls, text: str) -> BaseUrl:
        try:
            url = httpx.URL(text.strip())
        except (httpx.InvalidURL, TypeError) as exc:
            raise InvalidBaseUrl(f"--base-url is not a URL: {exc}") from None
        if url.scheme not in ("https", "http") or not url.host:
            raise InvalidBaseUrl("--base-url must look like https://api.huobi.pro")
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


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds asked for by a ``Retry-After`` header given in seconds, else ``None``."""
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    return None  # HTTP dates are rare on APIs; the normal backoff applies then


def _preview(body: bytes) -> str:
    """A short printable glimpse of a body that is not what was expected."""
    text = body[:80].decode("utf-8", "replace")
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if not text:
        return "an empty body"
    return f'"{redact(text)}{"…" if len(body) > 80 else ""}"'


def _describe(exc: httpx.HTTPError) -> str:
    """A transport error as a short phrase, without the URL (which is signed)."""
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was dropped"
    if isinstance(exc, httpx.ProxyError):
        return "the proxy refused the connection"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    return "a network error"


class HtxClient:
    """Public and signed GET requests to HTX's REST API, with retries and limits."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = BACKOFF_CAP,
        retry_after_cap: float = RETRY_AFTER_CAP,
        max_body_bytes: int = MAX_BODY_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if timeout <= 0:
            raise VerifyError("--timeout must be a positive number of seconds")
        self.base = BaseUrl.parse(base_url)
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.retry_after_cap = retry_after_cap
        self.max_body_bytes = max_body_bytes
        self._sleep = sleep
        self._clock = clock
        install_log_redaction()
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            trust_env=True,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            transport=transport,
        )

    def __enter__(self) -> HtxClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get_public(self, path: str, params: Mapping[str, str] | None = None) -> Answer:
        """An unsigned GET, e.g. ``/v1/common/timestamp``."""
        query = signature.canonical_query(params or {})
        return self._get(path, lambda: query)

    def get_signed(
        self,
        path: str,
        credentials: Credentials,
        params: Mapping[str, str] | None = None,
        *,
        clock_offset: float = 0.0,
    ) -> Answer:
        """A GET signed with Signature Version 2; ``clock_offset`` (s) corrects the stamp."""
        full_path = self.base.prefix + path

        def query() -> str:
            moment = datetime.fromtimestamp(self._clock() + clock_offset, UTC)
            return credentials.signed_query(
                host=self.base.host,
                path=full_path,
                timestamp=signature.format_timestamp(moment),
                params=params or {},
            )

        return self._get(path, query)

    def _get(self, path: str, make_query: Callable[[], str]) -> Answer:
        last = ""
        for attempt in range(1, self.attempts + 1):
            query = make_query()  # signed afresh for every attempt: a new Timestamp
            url = f"{self.base.origin}{self.base.prefix}{path}" + (f"?{query}" if query else "")
            log.debug("GET %s (attempt %d of %d)", redact(url), attempt, self.attempts)
            delay = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
            started = self._clock()
            try:
                status, headers, body = self._fetch(url, path)
            except _RETRIED_ERRORS as exc:
                last = _describe(exc)
            except httpx.HTTPError as exc:  # e.g. an unsupported protocol: retrying won't help
                raise Unreachable(f"{path}: {_describe(exc)}") from None
            else:
                if status == 429 or status >= 500:
                    wait = _retry_after(headers)
                    if wait is not None and wait > self.retry_after_cap:
                        raise Unreachable(
                            f"{path}: HTX answered HTTP {status} and asked to wait {wait:g} s "
                            "before trying again; run keycheck verify again later"
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

    def _fetch(self, url: str, path: str) -> tuple[int, httpx.Headers, bytes]:
        """Send one GET and read at most ``max_body_bytes`` of the answer."""
        return bounded.get(
            self._http, url, self.max_body_bytes, lambda size: self._too_large(path, size)
        )

    def _too_large(self, path: str, size: int) -> BadAnswer:
        return BadAnswer(
            f"{path}: the answer is larger than {self.max_body_bytes:,} bytes "
            f"(at least {size:,}); that is not HTX's API, so it was not read"
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
                f"{path}: the answer (HTTP {status}) is not JSON but {_preview(body)}; "
                "is --base-url HTX's API, or is a proxy or firewall answering instead?"
            ) from None
        if status != 200 and not isinstance(data, dict):
            raise BadAnswer(f"{path}: HTTP {status} with an unexpected body {_preview(body)}")
        return Answer(path, status, data, started, self._clock())
