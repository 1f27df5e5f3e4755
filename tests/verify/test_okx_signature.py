"""OKX's request signature, checked against OKX's published signing inputs.

OKX's documentation (docs-v5, Overview > REST Authentication > Signature,
https://www.okx.com/docs-v5/en/#overview-rest-authentication) publishes the recipe and
its inputs, but no finished signature:

- the pre-hash ``timestamp + method + requestPath + body``, e.g.
  ``CryptoJS.HmacSHA256(timestamp + 'GET' + '/api/v5/account/balance?ccy=BTC', SecretKey)``;
- the timestamp ``2020-12-08T09:08:57.715Z``;
- the body ``{"instId":"BTC-USDT","lever":"5","mgnMode":"isolated"}`` (the request of
  "Set leverage", ``POST /api/v5/account/set-leverage``, in the same docs);
- the SecretKey ``22582BD0CFF14C41EDBF1AB98506286D``.

The expected signatures below are what OKX's official Python SDK, python-okx 0.4.4
(https://github.com/okxapi/python-okx, ``okx/utils.py``:
``sign(pre_hash(timestamp, method, request_path, body), secretKey)``), returns for
those inputs, and what ``openssl dgst -sha256 -hmac <SecretKey> -binary | base64``
returns for the same pre-hash texts: computed once with both and written here. The
published WebSocket login example (``"sign": "7L+zFQ+CEgGu5rzCj4+BdV2/uUHGqddA9pI6ztsRRPs="``)
cannot serve: its secret is not published.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from keycheck.verify import okx_signature

DOC_SECRET = "22582BD0CFF14C41EDBF1AB98506286D"  # docs-v5, REST Authentication > Signature
DOC_TIMESTAMP = "2020-12-08T09:08:57.715Z"  # same section
DOC_BODY = '{"instId":"BTC-USDT","lever":"5","mgnMode":"isolated"}'  # same section

# (method, requestPath, body, signature by python-okx 0.4.4 and by openssl)
VECTORS = [
    # docs-v5 sign example: GET /api/v5/account/balance?ccy=BTC
    ("GET", "/api/v5/account/balance?ccy=BTC", "", "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY="),
    # docs-v5 requestPath example, without a query
    ("GET", "/api/v5/account/balance", "", "AkD5YszBhggtIyjDlmTy/9PpNVntel+1Lff8wh0qpQw="),
    # docs-v5 body example, with its endpoint (Set leverage)
    (
        "POST",
        "/api/v5/account/set-leverage",
        DOC_BODY,
        "eCnnCgWLjlQ9XnpUkrcny3qNq3WW/81KNrDr/XR6Xv8=",
    ),
    # the endpoint verify signs, with the same published timestamp and SecretKey
    ("GET", "/api/v5/account/config", "", "Kr/8IrbDYujS4cg2KkmB+tO2HMUXxyayG6ZwNb4H/yA="),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), VECTORS)
def test_published_inputs_give_the_official_sdks_signature(
    method: str, path: str, body: str, expected: str
) -> None:
    text = okx_signature.prehash(DOC_TIMESTAMP, method, path, body)
    assert okx_signature.sign_text(DOC_SECRET, text) == expected


def test_the_prehash_is_the_documented_concatenation() -> None:
    assert (
        okx_signature.prehash(DOC_TIMESTAMP, "get", "/api/v5/account/balance?ccy=BTC")
        == "2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC"
    )
    assert (
        okx_signature.prehash(DOC_TIMESTAMP, "POST", "/api/v5/account/set-leverage", DOC_BODY)
        == '2020-12-08T09:08:57.715ZPOST/api/v5/account/set-leverage{"instId":"BTC-USDT",'
        '"lever":"5","mgnMode":"isolated"}'
    )


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2020, 12, 8, 9, 8, 57, 715000, UTC), DOC_TIMESTAMP),
        (datetime(2020, 12, 8, 9, 8, 57, 715999, UTC), DOC_TIMESTAMP),  # truncated, not rounded
        (datetime(2020, 12, 8, 9, 8, 57, 0, UTC), "2020-12-08T09:08:57.000Z"),
        # 17:08:57.715 at UTC+8 is the same instant
        (datetime(2020, 12, 8, 17, 8, 57, 715000, timezone(timedelta(hours=8))), DOC_TIMESTAMP),
    ],
)
def test_timestamps_are_utc_with_milliseconds(moment: datetime, text: str) -> None:
    assert okx_signature.format_timestamp(moment) == text


def test_a_naive_timestamp_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        okx_signature.format_timestamp(datetime(2020, 12, 8, 9, 8, 57))


def test_get_parameters_are_part_of_the_request_path() -> None:
    """docs-v5: "GET request parameters are counted as requestpath, not body"."""
    assert okx_signature.request_path("/api/v5/account/balance") == "/api/v5/account/balance"
    assert (
        okx_signature.request_path("/api/v5/account/balance", {"ccy": "BTC"})
        == "/api/v5/account/balance?ccy=BTC"
    )
    assert okx_signature.request_path("/p", {"a b": "x/y&z"}) == "/p?a%20b=x%2Fy%26z"


def test_the_headers_of_a_signed_request() -> None:
    headers = okx_signature.auth_headers(
        api_key="7c1b2e94-3f5a-4d8e-9b0c-a1d2e3f4a5b6",
        secret=DOC_SECRET,
        passphrase="pass phrase",
        timestamp=DOC_TIMESTAMP,
        method="GET",
        path_and_query="/api/v5/account/balance?ccy=BTC",
    )
    assert headers == {
        "OK-ACCESS-KEY": "7c1b2e94-3f5a-4d8e-9b0c-a1d2e3f4a5b6",
        "OK-ACCESS-SIGN": VECTORS[0][3],
        "OK-ACCESS-TIMESTAMP": DOC_TIMESTAMP,
        "OK-ACCESS-PASSPHRASE": "pass phrase",
    }


def test_demo_keys_add_the_simulated_trading_header() -> None:
    """docs-v5, Demo Trading Services: "x-simulated-trading: 1 needs to be added"."""
    common = {
        "api_key": "k",
        "secret": DOC_SECRET,
        "passphrase": "p",
        "timestamp": DOC_TIMESTAMP,
        "method": "GET",
        "path_and_query": "/api/v5/account/config",
    }
    assert okx_signature.auth_headers(**common, demo=True)["x-simulated-trading"] == "1"
    assert "x-simulated-trading" not in okx_signature.auth_headers(**common)


@pytest.mark.parametrize(
    "change",
    ["secret", "timestamp", "method", "path", "body"],
)
def test_every_input_changes_the_signature(change: str) -> None:
    parts = {"secret": DOC_SECRET, "timestamp": DOC_TIMESTAMP, "method": "GET"}
    parts |= {"path": "/api/v5/account/config", "body": ""}
    base = okx_signature.sign_text(
        parts["secret"],
        okx_signature.prehash(parts["timestamp"], parts["method"], parts["path"], parts["body"]),
    )
    altered = dict(parts)
    altered[change] = {
        "secret": DOC_SECRET.lower(),
        "timestamp": "2020-12-08T09:08:57.716Z",
        "method": "POST",
        "path": "/api/v5/account/config?x=1",
        "body": "{}",
    }[change]
    other = okx_signature.sign_text(
        altered["secret"],
        okx_signature.prehash(
            altered["timestamp"], altered["method"], altered["path"], altered["body"]
        ),
    )
    assert other != base


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("Trading-Desk-42!", True),
        ("with inner space", True),
        (" leading", False),
        ("trailing\t", False),
        ("line\nbreak", False),
        ("Pässwort", False),
        ("zero\u200bwidth", False),
        ("", False),
    ],
)
def test_which_values_a_header_can_carry(value: str, safe: bool) -> None:
    assert okx_signature.header_safe(value) is safe
