"""The HTTP side of ``keycheck verify``: signed GETs to HTX over httpx, defensively.

What is HTX's own lives here: Signature Version 2 in the query string, signed for the
host the request goes to, and what must never be logged (the ``Signature``,
``AccessKeyId`` and ``accessKey`` parameters are redacted from every URL that is
logged, ours and httpx's/httpcore's own debug logging alike; the secret is held by
:class:`Credentials`, which never shows it). Timeouts, the bounded retry with
exponential backoff on network errors, dropped connections, HTTP 5xx and 429
(honouring ``Retry-After`` up to a cap), proxies from the environment, no redirects
and size-limited answers are the shared layer's, :mod:`keycheck.verify.transport`, so
the flow above only sees either a parsed JSON answer or one :class:`VerifyError` with a
sentence fit for the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Unpack

from keycheck.verify import signature
from keycheck.verify.transport import (
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
    ExchangeClient,
    InvalidBaseUrl,
    Options,
    RedactingFilter,
    Request,
    Transport,
    Unreachable,
    VerifyError,
    install_filter,
)

__all__ = [
    "BACKOFF_CAP",
    "DEFAULT_ATTEMPTS",
    "DEFAULT_BACKOFF_BASE",
    "DEFAULT_TIMEOUT",
    "MAX_BODY_BYTES",
    "RETRY_AFTER_CAP",
    "USER_AGENT",
    "Answer",
    "BadAnswer",
    "BaseUrl",
    "Credentials",
    "HtxClient",
    "InvalidBaseUrl",
    "RedactingFilter",
    "Unreachable",
    "VerifyError",
    "install_log_redaction",
    "redact",
]

_HTX_EXAMPLE = "https://api.huobi.pro"
_REDACTED_PARAMS = re.compile(r"(?i)\b(Signature|AccessKeyId|accessKey)=[^&\s\"'<>]*")


def redact(text: str) -> str:
    """``text`` with the values of ``Signature``, ``AccessKeyId`` and ``accessKey`` hidden."""
    return _REDACTED_PARAMS.sub(r"\1=[redacted]", text)


_FILTER = RedactingFilter(redact)


def install_log_redaction() -> None:
    """Attach the signed-URL filter to httpx's, httpcore's and verify's loggers (idempotent)."""
    install_filter(_FILTER)


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


class HtxClient(ExchangeClient):
    """Public and signed GET requests to HTX's REST API, over the shared transport."""

    def __init__(
        self,
        base_url: str,
        **options: Unpack[Options],
    ) -> None:
        super().__init__(
            Transport(base_url, exchange="HTX", example_url=_HTX_EXAMPLE, redact=redact, **options)
        )
        install_log_redaction()

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
        address = f"{self.base.origin}{self.base.prefix}{path}"

        def prepare() -> Request:
            query = make_query()  # signed afresh for every attempt: a new Timestamp
            return Request(address + (f"?{query}" if query else ""))

        return self._transport.get(path, prepare)
