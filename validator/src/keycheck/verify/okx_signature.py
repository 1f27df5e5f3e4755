"""OKX's REST request signature (API v5), in pure standard library.

OKX authenticates a private REST call by four headers (docs-v5, Overview > REST
Authentication, https://www.okx.com/docs-v5/en/#overview-rest-authentication):

- ``OK-ACCESS-KEY``: the API key;
- ``OK-ACCESS-SIGN``: the Base64 HMAC-SHA256, keyed with the SecretKey, of the pre-hash
  text ``timestamp + method + requestPath + body`` ("where + represents String
  concatenation"); the method in upper case, a GET's parameters "counted as
  requestpath, not body", the body omitted when there is none;
- ``OK-ACCESS-TIMESTAMP``: the same timestamp, "UTC ... millisecond ISO format, e.g.
  2020-12-08T09:08:57.715Z";
- ``OK-ACCESS-PASSPHRASE``: "The passphrase you specified when creating the API key",
  sent as it is (OKX stores a salted hash of it).

Demo-trading keys add ``x-simulated-trading: 1`` ("needs to be added to the header of
the Demo Trading request", docs-v5, Overview > Demo Trading Services).

This module and :mod:`keycheck.verify.okx_client`'s credentials are the only code that
touches the secret, and the secret only ever goes into :func:`hmac.new`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote

HEADER_KEY = "OK-ACCESS-KEY"
HEADER_SIGN = "OK-ACCESS-SIGN"
HEADER_TIMESTAMP = "OK-ACCESS-TIMESTAMP"
HEADER_PASSPHRASE = "OK-ACCESS-PASSPHRASE"
HEADER_DEMO = "x-simulated-trading"
#: The headers whose values are credentials or derived from them: never logged.
SECRET_HEADERS = (HEADER_KEY, HEADER_SIGN, HEADER_PASSPHRASE)


def header_safe(value: str) -> bool:
    """Whether ``value`` can travel as an HTTP header value exactly as it is.

    Headers carry printable ASCII; whitespace at either end is not part of a header's
    value (RFC 9110, 5.5), so a key or passphrase with a space copied along, a tab, a
    line break, an invisible or a non-ASCII character cannot reach OKX unchanged.
    """
    if not value or value != value.strip(" \t"):
        return False
    return all(" " <= ch <= "~" for ch in value)


def format_timestamp(moment: datetime) -> str:
    """``moment`` as OKX's timestamp: UTC, milliseconds, ``Z`` (``2020-12-08T09:08:57.715Z``)."""
    if moment.tzinfo is None:
        raise ValueError("the timestamp must be timezone-aware (UTC)")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def request_path(path: str, params: Mapping[str, str] | None = None) -> str:
    """The ``requestPath`` of a GET: the path and, when there are any, its parameters.

    OKX signs the query as it is sent, so the same text goes on the wire and into the
    pre-hash. Values are percent-encoded (RFC 3986, upper-case hex) in the given order.
    """
    if not params:
        return path
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items())
    return f"{path}?{query}"


def prehash(timestamp: str, method: str, path_and_query: str, body: str = "") -> str:
    """The exact text OKX signs: timestamp, upper-case method, requestPath, body."""
    return f"{timestamp}{method.upper()}{path_and_query}{body}"


def sign_text(secret: str, text: str) -> str:
    """Base64 of the HMAC-SHA256 of ``text`` keyed with ``secret``."""
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def auth_headers(
    *,
    api_key: str,
    secret: str,
    passphrase: str,
    timestamp: str,
    method: str,
    path_and_query: str,
    body: str = "",
    demo: bool = False,
) -> dict[str, str]:
    """The headers of one signed request (``x-simulated-trading: 1`` for demo keys)."""
    headers = {
        HEADER_KEY: api_key,
        HEADER_SIGN: sign_text(secret, prehash(timestamp, method, path_and_query, body)),
        HEADER_TIMESTAMP: timestamp,
        HEADER_PASSPHRASE: passphrase,
    }
    if demo:
        headers[HEADER_DEMO] = "1"
    return headers
