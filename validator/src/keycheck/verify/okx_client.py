"""The HTTP side of ``keycheck verify --exchange okx``: signed GETs to OKX over httpx.

The same defences as HTX's client (:mod:`keycheck.verify.client`), whose errors, answer
type and address checks it shares: explicit timeouts; a bounded retry with exponential
backoff on network errors, dropped connections, HTTP 5xx and 429 (honouring
``Retry-After`` up to a cap), every attempt signed afresh with a new timestamp; proxies
from the environment; no redirects; a size limit on answers.

OKX signs with headers rather than query parameters (:mod:`.okx_signature`), so what
must never reach a log is in the headers: the values of ``OK-ACCESS-KEY``,
``OK-ACCESS-SIGN`` and ``OK-ACCESS-PASSPHRASE`` are redacted from every log record of
httpx, httpcore and ``keycheck.verify``, whatever form a header takes in the message
(``'OK-ACCESS-SIGN': '…'``, ``(b'OK-ACCESS-SIGN', b'…')``, ``OK-ACCESS-SIGN: …``), and
the key, secret and passphrase themselves are redacted wherever they appear while a
client is open. The secret and the passphrase are held by :class:`OkxCredentials`,
which never shows them.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import httpx

from keycheck.verify import bounded, okx_signature
from keycheck.verify.client import (
    _HTTP_LOGGERS,
    _RETRIED_ERRORS,
    BACKOFF_CAP,
    DEFAULT_ATTEMPTS,
    DEFAULT_BACKOFF_BASE,
    DEFAULT_TIMEOUT,
    MAX_BODY_BYTES,
    RETRY_AFTER_CAP,
    USER_AGENT,
    Answer,
    BadAnswer,
    BaseUrl,
    InvalidBaseUrl,
    Unreachable,
    VerifyError,
    _describe,
    _retry_after,
    install_log_redaction,
)

__all__ = [
    "DEFAULT_ATTEMPTS",
    "DEFAULT_BACKOFF_BASE",
    "DEFAULT_BASE_URL",
    "BadAnswer",
    "OkxClient",
    "OkxCredentials",
    "Unreachable",
    "VerifyError",
    "redact",
]

log = logging.getLogger("keycheck.verify")

#: OKX's REST address, for live and demo trading alike ("Production Trading URL" and
#: "Demo Trading URL", REST: https://www.okx.com; docs-v5, Overview).
DEFAULT_BASE_URL = "https://www.okx.com"
_HTX_EXAMPLE = "https://api.huobi.pro"

# A secret header's name, the punctuation a log message puts between name and value (a
# dict repr, a tuple of bytes, a header line), and the value up to its closing quote or
# the end of the token.
_HEADER_VALUE = re.compile(
    r"(?i)(ok-access-(?:key|sign|passphrase))"
    r"(['\"]?\s*[:,=]\s*b?)(?:'[^']*'|\"[^\"]*\"|[^\s,;)\]}]+)"
)


def redact(text: str) -> str:
    """``text`` with the values of the ``OK-ACCESS-KEY/SIGN/PASSPHRASE`` headers hidden."""
    return _HEADER_VALUE.sub(r"\1\2[redacted]", text)


class OkxRedactingFilter(logging.Filter):
    """Rewrites log records that carry a secret header or a credential of an open client."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []  # the credentials of open clients, longest first

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging system's business
            return True
        cleaned = redact(message)
        for value in self.values:
            cleaned = cleaned.replace(value, "[redacted]")
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


_FILTER = OkxRedactingFilter()


def install_okx_log_redaction() -> None:
    """Attach the OKX filter to httpx's, httpcore's and verify's loggers (idempotent)."""
    install_log_redaction()  # HTX's query redaction too: a --base-url may carry either
    names = set(_HTTP_LOGGERS)
    names.update(
        name
        for name in list(logging.Logger.manager.loggerDict)
        if name.startswith(("httpx.", "httpcore."))
    )
    names.add(log.name)
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


class OkxCredentials:
    """An OKX API key, its SecretKey and Passphrase. Neither of the last two is ever shown."""

    __slots__ = ("_passphrase", "_secret", "api_key")

    def __init__(self, api_key: str, secret: str, passphrase: str) -> None:
        self.api_key = api_key
        self._secret = secret
        self._passphrase = passphrase

    def __repr__(self) -> str:
        return "OkxCredentials(api_key=<hidden>, secret=<hidden>, passphrase=<hidden>)"

    def check_input(self) -> dict[str, str]:
        """The values as ``keycheck.check`` input, for the offline format checks only."""
        return {
            "api_key": self.api_key,
            "secret_key": self._secret,
            "passphrase": self._passphrase,
        }

    def unsendable_fields(self) -> list[str]:
        """The header-borne fields that no HTTP header can carry as they are."""
        values = (("api_key", self.api_key), ("passphrase", self._passphrase))
        return [name for name, value in values if not okx_signature.header_safe(value)]

    def redacted_values(self) -> list[str]:
        """The values a log must never show (4 characters or more: shorter ones are noise)."""
        values = {self.api_key, self._secret, self._passphrase}
        return sorted((v for v in values if len(v.strip()) >= 4), key=len, reverse=True)

    def headers(
        self, *, timestamp: str, method: str, path_and_query: str, demo: bool
    ) -> dict[str, str]:
        """The ``OK-ACCESS-*`` headers of one request, signed with the secret."""
        return okx_signature.auth_headers(
            api_key=self.api_key,
            secret=self._secret,
            passphrase=self._passphrase,
            timestamp=timestamp,
            method=method,
            path_and_query=path_and_query,
            demo=demo,
        )


class OkxClient:
    """Public and signed GET requests to OKX's REST API v5, with retries and limits."""

    def __init__(
        self,
        base_url: str,
        *,
        demo: bool = False,
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
        try:
            self.base = BaseUrl.parse(base_url)
        except InvalidBaseUrl as exc:  # its example address is HTX's
            raise InvalidBaseUrl(str(exc).replace(_HTX_EXAMPLE, DEFAULT_BASE_URL)) from None
        self.demo = demo
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.retry_after_cap = retry_after_cap
        self.max_body_bytes = max_body_bytes
        self._sleep = sleep
        self._clock = clock
        self._redacted: list[str] = []
        install_okx_log_redaction()
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if demo:
            headers[okx_signature.HEADER_DEMO] = "1"
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            trust_env=True,
            follow_redirects=False,
            headers=headers,
            transport=transport,
        )

    def __enter__(self) -> OkxClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()
        for value in self._redacted:
            if value in _FILTER.values:
                _FILTER.values.remove(value)
        self._redacted = []

    def get_public(self, path: str, params: Mapping[str, str] | None = None) -> Answer:
        """An unsigned GET, e.g. ``/api/v5/public/time``."""
        return self._get(path, params, lambda _path: {})

    def get_signed(
        self,
        path: str,
        credentials: OkxCredentials,
        params: Mapping[str, str] | None = None,
        *,
        clock_offset: float = 0.0,
    ) -> Answer:
        """A GET signed with ``OK-ACCESS-*`` headers; ``clock_offset`` (s) corrects the stamp."""
        self._hide(credentials)

        def headers(path_and_query: str) -> dict[str, str]:
            moment = datetime.fromtimestamp(self._clock() + clock_offset, UTC)
            return credentials.headers(
                timestamp=okx_signature.format_timestamp(moment),
                method="GET",
                path_and_query=path_and_query,
                demo=self.demo,
            )

        return self._get(path, params, headers)

    def _hide(self, credentials: OkxCredentials) -> None:
        for value in credentials.redacted_values():
            if value not in _FILTER.values:
                _FILTER.values.append(value)
                self._redacted.append(value)
        _FILTER.values.sort(key=len, reverse=True)

    def _get(
        self,
        path: str,
        params: Mapping[str, str] | None,
        make_headers: Callable[[str], dict[str, str]],
    ) -> Answer:
        # OKX signs the path as the server receives it: with --base-url's prefix, if any.
        path_and_query = okx_signature.request_path(self.base.prefix + path, params)
        url = f"{self.base.origin}{path_and_query}"
        last = ""
        for attempt in range(1, self.attempts + 1):
            headers = make_headers(path_and_query)  # signed afresh: a new timestamp
            log.debug("GET %s (attempt %d of %d)", url, attempt, self.attempts)
            delay = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
            started = self._clock()
            try:
                status, answer_headers, body = self._fetch(url, path, headers)
            except _RETRIED_ERRORS as exc:
                last = _describe(exc)
            except httpx.HTTPError as exc:  # e.g. an unsupported protocol: retrying won't help
                raise Unreachable(f"{path}: {_describe(exc)}") from None
            else:
                if status == 429 or status >= 500:
                    wait = _retry_after(answer_headers)
                    if wait is not None and wait > self.retry_after_cap:
                        raise Unreachable(
                            f"{path}: OKX answered HTTP {status} and asked to wait {wait:g} s "
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

    def _fetch(
        self, url: str, path: str, headers: dict[str, str]
    ) -> tuple[int, httpx.Headers, bytes]:
        """Send one GET and read at most ``max_body_bytes`` of the answer."""
        return bounded.get(
            self._http,
            url,
            self.max_body_bytes,
            lambda size: self._too_large(path, size),
            headers,
        )

    def _too_large(self, path: str, size: int) -> BadAnswer:
        return BadAnswer(
            f"{path}: the answer is larger than {self.max_body_bytes:,} bytes "
            f"(at least {size:,}); that is not OKX's API, so it was not read"
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
                "is --base-url OKX's API, or is a proxy or firewall answering instead?"
            ) from None
        if status != 200 and not isinstance(data, dict):
            raise BadAnswer(f"{path}: HTTP {status} with an unexpected body {_preview(body)}")
        return Answer(path, status, data, started, self._clock())


def _preview(body: bytes) -> str:
    """A short printable glimpse of a body that is not what was expected."""
    text = body[:80].decode("utf-8", "replace")
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if not text:
        return "an empty body"
    cleaned = redact(text)
    for value in _FILTER.values:
        cleaned = cleaned.replace(value, "[redacted]")
    return f'"{cleaned}{"…" if len(body) > 80 else ""}"'
