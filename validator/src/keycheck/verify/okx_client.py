"""The HTTP side of ``keycheck verify --exchange okx``: signed GETs to OKX over httpx.

Only what is OKX's own lives here: the ``OK-ACCESS-*`` headers (:mod:`.okx_signature`),
the demo-trading header, and what must never reach a log. Timeouts, the bounded retry
with exponential backoff on network errors, dropped connections, HTTP 5xx and 429
(honouring ``Retry-After`` up to a cap), proxies from the environment, no redirects, a
size limit on answers, and the errors and answer type are the shared layer's
(:mod:`keycheck.verify.transport`, as for HTX); every attempt is signed afresh with a
new timestamp.

OKX signs with headers rather than query parameters, so what must never reach a log is
in the headers: the values of ``OK-ACCESS-KEY``, ``OK-ACCESS-SIGN`` and
``OK-ACCESS-PASSPHRASE`` are redacted from every log record of httpx, httpcore and
``keycheck.verify``, whatever form a header takes in the message (``'OK-ACCESS-SIGN':
'…'``, ``(b'OK-ACCESS-SIGN', b'…')``, ``OK-ACCESS-SIGN: …``), and the key, secret and
passphrase themselves are redacted wherever they appear while a client is open. The
secret and the passphrase are held by :class:`OkxCredentials`, which never shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Unpack

from keycheck.verify import okx_signature
from keycheck.verify.client import install_log_redaction
from keycheck.verify.transport import (
    DEFAULT_ATTEMPTS,
    DEFAULT_BACKOFF_BASE,
    Answer,
    BadAnswer,
    ExchangeClient,
    Options,
    RedactingFilter,
    Request,
    Transport,
    Unreachable,
    VerifyError,
    install_filter,
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

#: OKX's REST address, for live and demo trading alike ("Production Trading URL" and
#: "Demo Trading URL", REST: https://www.okx.com; docs-v5, Overview).
DEFAULT_BASE_URL = "https://www.okx.com"

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


class OkxRedactingFilter(RedactingFilter):
    """Rewrites log records that carry a secret header or a credential of an open client."""

    def __init__(self) -> None:
        super().__init__(self.clean)
        self.values: list[str] = []  # the credentials of open clients, longest first

    def clean(self, text: str) -> str:
        """``text`` without secret header values nor the credentials of open clients."""
        cleaned = redact(text)
        for value in self.values:
            cleaned = cleaned.replace(value, "[redacted]")
        return cleaned


_FILTER = OkxRedactingFilter()


def install_okx_log_redaction() -> None:
    """Attach the OKX filter to httpx's, httpcore's and verify's loggers (idempotent)."""
    install_log_redaction()  # HTX's query redaction too: a --base-url may carry either
    install_filter(_FILTER)


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


class OkxClient(ExchangeClient):
    """Public and signed GET requests to OKX's REST API v5, over the shared transport."""

    def __init__(
        self,
        base_url: str,
        *,
        demo: bool = False,
        **options: Unpack[Options],
    ) -> None:
        super().__init__(
            Transport(
                base_url,
                exchange="OKX",
                example_url=DEFAULT_BASE_URL,
                headers={okx_signature.HEADER_DEMO: "1"} if demo else None,
                redact=_FILTER.clean,
                **options,
            )
        )
        self.demo = demo
        self._redacted: list[str] = []
        install_okx_log_redaction()

    def close(self) -> None:
        super().close()
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

        def prepare() -> Request:
            return Request(url, make_headers(path_and_query))  # signed afresh: a new timestamp

        return self._transport.get(path, prepare)
