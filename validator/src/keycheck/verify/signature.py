"""HTX's request signature, Signature Version 2 (HmacSHA256), in pure standard library.

HTX authenticates a REST call by four query parameters (``AccessKeyId``,
``SignatureMethod=HmacSHA256``, ``SignatureVersion=2``, ``Timestamp`` in UTC
``YYYY-MM-DDThh:mm:ss``) plus ``Signature``: the Base64 HMAC-SHA256, keyed with the
Secret Key, of the text ::

    METHOD \\n host \\n path \\n query

where ``query`` is every parameter except ``Signature``, each name and value
percent-encoded per RFC 3986 (UTF-8, upper-case hex, only ``A-Z a-z 0-9 - _ . ~`` left
bare), sorted by name in ASCII order and joined with ``&``.
Source: https://huobiapi.github.io/docs/spot/v1/en/#signing-api-requests

This module is the only code that ever touches the secret, and it only feeds it to
:func:`hmac.new`: nothing here logs, stores or formats it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote

SIGNATURE_METHOD = "HmacSHA256"
SIGNATURE_VERSION = "2"
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S"


def encode(text: str) -> str:
    """Percent-encode ``text`` the way HTX's signer does (RFC 3986, upper-case hex)."""
    # quote() leaves only letters, digits and "_.-~" bare, and writes upper-case hex.
    return quote(text, safe="", encoding="utf-8", errors="strict")


def canonical_query(params: Mapping[str, str]) -> str:
    """The parameters encoded, sorted by (encoded) name in ASCII order, joined by ``&``."""
    pairs = sorted((encode(name), encode(value)) for name, value in params.items())
    return "&".join(f"{name}={value}" for name, value in pairs)


def presign_text(method: str, host: str, path: str, params: Mapping[str, str]) -> str:
    """The exact text HTX signs: method, lower-case host, path and canonical query."""
    return f"{method.upper()}\n{host.lower()}\n{path}\n{canonical_query(params)}"


def sign_text(secret: str, text: str) -> str:
    """Base64 of the HMAC-SHA256 of ``text`` keyed with ``secret``."""
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def format_timestamp(moment: datetime) -> str:
    """``moment`` as HTX's ``Timestamp``: UTC, whole seconds, ``YYYY-MM-DDThh:mm:ss``."""
    if moment.tzinfo is None:
        raise ValueError("the timestamp must be timezone-aware (UTC)")
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def auth_params(access_key: str, timestamp: str) -> dict[str, str]:
    """The four authentication parameters every signed request carries."""
    return {
        "AccessKeyId": access_key,
        "SignatureMethod": SIGNATURE_METHOD,
        "SignatureVersion": SIGNATURE_VERSION,
        "Timestamp": timestamp,
    }


def signed_query(
    *,
    access_key: str,
    secret: str,
    method: str,
    host: str,
    path: str,
    timestamp: str,
    params: Mapping[str, str] | None = None,
) -> str:
    """The complete query string of a signed request, ``Signature`` last.

    ``params`` are the endpoint's own parameters (for a GET they are signed too).
    """
    all_params = {**(params or {}), **auth_params(access_key, timestamp)}
    signature = sign_text(secret, presign_text(method, host, path, all_params))
    return f"{canonical_query(all_params)}&Signature={encode(signature)}"
