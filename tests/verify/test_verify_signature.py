"""HTX Signature Version 2 against every published vector found in HTX's own SDKs and docs.

Each vector names the repository and file it comes from. Where a vector was published
as a signed URL, the pre-sign text is rebuilt from its parts (method, host, path,
parameters) exactly as that SDK does; where it was published as pre-sign text, the text
is used as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from keycheck.verify import signature


@dataclass(frozen=True)
class Vector:
    source: str
    secret: str
    host: str
    path: str
    params: dict[str, str]
    expected: str


def _auth(access: str, timestamp: str) -> dict[str, str]:
    return {
        "AccessKeyId": access,
        "SignatureMethod": "HmacSHA256",
        "SignatureVersion": "2",
        "Timestamp": timestamp,
    }


VECTORS = [
    # HuobiRDCenter/huobi_Golang internal/requestbuilder/privateurlbuilder_test.go
    # (TestPrivateUrlBuilder_Build_NoRequestParameter_Success); the same value in
    # HuobiRDCenter/huobi_CSharp Huobi.SDK.Core.Test/RequestBuilder/PrivateUrlBuilderTest.cs
    # (Build_NoRequestParameter_Success, earlier revisions). Quoted in the issue.
    Vector(
        "huobi_Golang privateurlbuilder_test.go: no request parameter",
        "secret",
        "api.huobi.pro",
        "/v1/account/accounts",
        _auth("access", "2019-11-21T10:00:00"),
        "rWnLcMt3XBAsmXoNHtTQVpvMbH/cE1PXFwQAGeYwt3s=",
    ),
    # HuobiRDCenter/huobi_Golang internal/requestbuilder/privateurlbuilder_test.go
    # (TestPrivateUrlBuilder_Build_HasRequestParameter_Success) and
    # HuobiRDCenter/huobi_CSharp .../PrivateUrlBuilderTest.cs (Build_RequestParameter_Success):
    # endpoint parameters sort after the upper-case authentication parameters.
    Vector(
        "huobi_Golang privateurlbuilder_test.go: with request parameters",
        "secret",
        "api.huobi.pro",
        "/v1/account/history",
        {**_auth("access", "2019-11-21T10:00:00"), "account-id": "123", "currency": "btc"},
        "SGZYJ9Ub/hFerEBbSWsCxl8Djk+LRBgEZOB4fLc4T9Q=",
    ),
    # HuobiRDCenter/huobi_CSharp Huobi.SDK.Core.Test/RequestBuilder/PrivateUrlBuilderTest.cs
    # (Build_NoRequestParameter_Success, later revision) and
    # hbdmapi/huobi_sdk_CSharp Huobi.SDK.Core.Test/RequestBuilder/PrivateUrlBuilderTest.cs.
    Vector(
        "huobi_CSharp PrivateUrlBuilderTest.cs: hyphenated key and secret",
        "12345-67890-12345-67890",
        "api.huobi.pro",
        "/v1/account/accounts",
        _auth("abcdefg-hijklmn-opqrst-uvwxyz", "2020-04-01T12:34:56"),
        "3IUZcEak4IIRrh7/idFrP2Jj77MaWGXR/oQbe9gL4+I=",
    ),
    # HuobiRDCenter/huobi_Golang internal/requestbuilder/websocketv1requestbuilder_test.go
    # and HuobiRDCenter/huobi_CSharp .../WebSocketRequestBuilderTest.cs (Build_Time_Success):
    # the v1 WebSocket authentication signs the same way, for path /ws/v1.
    Vector(
        "huobi_Golang websocketv1requestbuilder_test.go",
        "secret",
        "api.huobi.pro",
        "/ws/v1",
        _auth("access", "2019-11-21T10:00:00"),
        "nWj8xkaQ8mWPyvdtRVPFkrX2B8v3mSomAfhXiOGoS3M=",
    ),
    # HuobiRDCenter/huobi_Golang internal/requestbuilder/websocketv2requestbuilder_test.go
    # and HuobiRDCenter/huobi_CSharp .../WebSocketRequestBuilderV2Test.cs (Build_Time_Success):
    # Signature Version 2.1 is the same algorithm with lower-camel-case parameter names.
    Vector(
        "huobi_Golang websocketv2requestbuilder_test.go (version 2.1)",
        "secret",
        "api.huobi.pro",
        "/ws/v2",
        {
            "accessKey": "access",
            "signatureMethod": "HmacSHA256",
            "signatureVersion": "2.1",
            "timestamp": "2019-11-21T10:00:00",
        },
        "1/d+cUIEh4tC0aXho86zu5QAxVzJaTe56mUiB275T0E=",
    ),
    # HuobiRDCenter/huobi_Python tests/test_api_signature.py (test_request):
    # create_signature("123", "456", "GET", "http://host/url", ...) with utc_now() = "123".
    Vector(
        "huobi_Python test_api_signature.py",
        "456",
        "host",
        "/url",
        _auth("123", "123"),
        "Hhiaq8xYQPiBZOyWV37MdQutLo4f0ZOHiJtG3p+nILc=",
    ),
    # HuobiRDCenter/huobi_Java src/test/java/com/huobi/client/impl/TestApiSignature.java:
    # createSignature("123", "456", "GET", "host", "url", ...) with gmtNow() = "123"; the
    # Java SDK passes the path through as given, here without a leading slash.
    Vector(
        "huobi_Java TestApiSignature.java",
        "456",
        "host",
        "url",
        _auth("123", "123"),
        "Hfdw0d/3ZOEB2eHJZiwVZ/1YLL62MFuKKmSW83vM3ps=",
    ),
    # HTX's API docs, "Signature Method" walkthrough (huobiapi docs, spot v1; and the
    # Chinese, Korean and Japanese versions): SecretKey b0xxxxxx-c6xxxxxx-94xxxxxx-dxxxx
    # gives 4F65x5A2bLyMWVQj3Aqp+B4w+ivaA7n5Oi2SuYtCJ9o=. The docs print api.huobi.pro as
    # the host of the pre-sign text, but the published value is the HMAC of the same text
    # with host be.huobi.com, the host of the original 2017 walkthrough (huobiapi
    # API_Docs wiki, REST_authentication); with api.huobi.pro it is the second value,
    # which third-party SDK tests assert. Both are checked.
    Vector(
        "huobiapi docs signature walkthrough (host be.huobi.com)",
        "b0xxxxxx-c6xxxxxx-94xxxxxx-dxxxx",
        "be.huobi.com",
        "/v1/order/orders",
        {
            **_auth("e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx", "2017-05-11T15:19:30"),
            "order-id": "1234567890",
        },
        "4F65x5A2bLyMWVQj3Aqp+B4w+ivaA7n5Oi2SuYtCJ9o=",
    ),
    Vector(
        "huobiapi docs signature walkthrough (host api.huobi.pro)",
        "b0xxxxxx-c6xxxxxx-94xxxxxx-dxxxx",
        "api.huobi.pro",
        "/v1/order/orders",
        {
            **_auth("e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx", "2017-05-11T15:19:30"),
            "order-id": "1234567890",
        },
        "Nmd8AU8uAe0mkFpxNbiava0aeZzBEtYjCdie1ZYZjoM=",
    ),
]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.source)
def test_published_vectors(vector: Vector) -> None:
    text = signature.presign_text("GET", vector.host, vector.path, vector.params)
    assert signature.sign_text(vector.secret, text) == vector.expected


def test_the_issues_presign_text_verbatim() -> None:
    """The pre-sign text quoted in the issue, byte for byte, and its signature."""
    text = (
        "GET\napi.huobi.pro\n/v1/account/accounts\nAccessKeyId=access&SignatureMethod="
        "HmacSHA256&SignatureVersion=2&Timestamp=2019-11-21T10%3A00%3A00"
    )
    params = _auth("access", "2019-11-21T10:00:00")
    assert signature.presign_text("GET", "api.huobi.pro", "/v1/account/accounts", params) == text
    assert signature.sign_text("secret", text) == "rWnLcMt3XBAsmXoNHtTQVpvMbH/cE1PXFwQAGeYwt3s="


def test_presign_text_of_huobi_golang_signer_test() -> None:
    """huobi_Golang internal/requestbuilder/signer_test.go and huobi_CSharp SignerTest.cs
    sign a bare pre-sign text (no authentication parameters)."""
    text = "GET\napi.huobi.pro\n/v1/account/history\naccount-id=1&currency=btcusdt"
    assert signature.sign_text("secret", text) == "HUP3n78npIuTzVKyjEOrPictRKEUTRoYs7Ld5y38hmA="


def test_signed_query_is_the_golang_sdk_url() -> None:
    """The full query string matches the URL huobi_Golang's test expects."""
    query = signature.signed_query(
        access_key="access",
        secret="secret",
        method="GET",
        host="api.huobi.pro",
        path="/v1/account/accounts",
        timestamp="2019-11-21T10:00:00",
    )
    assert query == (
        "AccessKeyId=access&SignatureMethod=HmacSHA256&SignatureVersion=2"
        "&Timestamp=2019-11-21T10%3A00%3A00&Signature=rWnLcMt3XBAsmXoNHtTQVpvMbH%2FcE1PXFwQAGeYwt3s%3D"
    )


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("2017-05-11T15:19:30", "2017-05-11T15%3A19%3A30"),  # ":" -> %3A (HTX's docs)
        ("a b", "a%20b"),  # space -> %20, never "+" (HTX's docs)
        ("a+b/c=", "a%2Bb%2Fc%3D"),  # Base64 characters in a value
        ("-_.~", "-_.~"),  # RFC 3986 unreserved characters stay bare
        ("é", "%C3%A9"),  # UTF-8, upper-case hex
    ],
)
def test_encoding_is_rfc3986_with_upper_case_hex(raw: str, encoded: str) -> None:
    assert signature.encode(raw) == encoded


def test_parameters_sort_in_ascii_order_of_their_names() -> None:
    params = {"order-id": "1", "Timestamp": "t", "AccessKeyId": "a", "accessKey": "k"}
    assert signature.canonical_query(params) == "AccessKeyId=a&Timestamp=t&accessKey=k&order-id=1"


def test_method_is_upper_cased_and_host_lower_cased() -> None:
    assert signature.presign_text("get", "API.Huobi.PRO", "/p", {}) == "GET\napi.huobi.pro\n/p\n"


def test_timestamp_is_utc_whole_seconds() -> None:
    moment = datetime(2019, 11, 21, 10, 0, 0, 999_999, tzinfo=UTC)
    assert signature.format_timestamp(moment) == "2019-11-21T10:00:00"
    with pytest.raises(ValueError, match="timezone-aware"):
        signature.format_timestamp(datetime(2019, 11, 21, 10, 0, 0))
