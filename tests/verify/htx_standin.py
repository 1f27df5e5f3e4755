"""A stand-in for HTX's REST API: a real HTTP server on 127.0.0.1 for verify's tests.

It speaks the documented request and response shapes of the four endpoints
``keycheck verify`` calls (huobiapi docs, spot v1: "Get Current Timestamp", "Get UID",
"API key query", "Get all Accounts of the Current User") and HTX's error bodies, and it
checks every signed request the way HTX does: the key must exist, the timestamp must be
near the server's clock, the Signature Version 2 HMAC must verify with the secret it
knows (recomputed here independently of the code under test), the caller's IP must be
bound to the key when the key has IPs, and the key must not be expired. Refusals use
HTX's v1 body ``{"status":"error","err-code":"api-signature-not-valid","err-msg":...}``
with the messages HTX's docs list.

HTX does not document the exact body it returns when a sub-account key calls
``/v2/user/api-key``; the stand-in answers with a v2 error (``{"code": 1002,
"message": "unauthorized"}``), and verify treats any refusal there as that case.

Faults (a delay past the client's timeout, 5xx, 429 with ``Retry-After``, malformed
JSON, a 2 MB body, a dropped connection) are queued per path. Requests are recorded,
so tests can assert what reached the "exchange". Nothing here touches the internet.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

from loopback import Fault, Loopback, LoopbackHandler, Seen

__all__ = ["Fault", "Key", "Seen", "StandIn", "expected_signature"]

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
SIGNED_PATHS = ("/v2/user/uid", "/v2/user/api-key", "/v1/account/accounts")

MSG_BAD_KEY = "Signature not valid: Incorrect Access key [Access key错误]"
MSG_BAD_SIGNATURE = "Signature not valid: Verification failure [校验失败]"
MSG_BAD_TIME = (
    "Signature not valid: Invalid submission time or incorrect time format "
    "[无效的提交时间，或时间格式错误]"  # noqa: RUF001 - verbatim
)
MSG_BAD_IP = "Signature not valid: Incorrect IP address [IP地址错误]:{ip}"
MSG_EXPIRED = "Signature not valid: API key has expired [API Key已经过期]"


@dataclass
class Key:
    """An API key the stand-in knows, with what ``/v2/user/api-key`` reports for it."""

    access_key: str
    secret: str
    uid: int = 52346789
    permission: str = "readOnly,trade"
    ip_addresses: str = "127.0.0.1"
    valid_days: int = -1
    status: str = "normal"
    note: str = "trading-platform-bot"
    sub_account: bool = False
    refuse_as_expired: bool = False  # the gateway refuses every signed call as expired


def encode(text: str) -> str:
    """RFC 3986 percent-encoding with upper-case hex, written out independently."""
    return "".join(
        ch if ch in _UNRESERVED else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in text
    )


def expected_signature(secret: str, host: str, path: str, pairs: list[tuple[str, str]]) -> str:
    """What HTX computes for a request: Base64(HMAC-SHA256(secret, pre-sign text))."""
    query = "&".join(
        f"{n}={v}" for n, v in sorted((encode(n), encode(v)) for n, v in pairs if n != "Signature")
    )
    text = f"GET\n{host.lower()}\n{path}\n{query}"
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class _Handler(LoopbackHandler):
    owner: StandIn
    server_version = "standin-htx"
    content_type = "application/json;charset=utf-8"
    ensure_ascii = False
    malformed_body = b'<html><body>502 Bad Gateway</body></html>{"status": "ok", "da'
    huge_head = b'{"status": "ok", "data": "'

    def answer(self, path: str, query: str) -> None:
        if path == "/v1/common/timestamp":
            self._json({"status": "ok", "data": int(self.owner.now() * 1000)})
        elif path in SIGNED_PATHS:
            key = self._authenticate(path, query)
            if key is not None:
                self._route(path, query, key)
        else:
            self._json(
                {"status": "error", "err-code": "invalid-parameter", "err-msg": "not found"}, 404
            )

    def status_answer(self, fault: Fault) -> tuple[object, dict[str, str]]:
        return {"status": "error", "err-code": "gateway-internal-error", "err-msg": "busy"}, {}

    # -- HTX's checks ------------------------------------------------------------
    def _authenticate(self, path: str, query: str) -> Key | None:
        pairs = [
            (unquote(n), unquote(v))
            for n, _, v in (item.partition("=") for item in query.split("&") if item)
        ]
        params = dict(pairs)
        key = self.owner.key(params.get("AccessKeyId", ""))
        if key is None:
            return self._refuse(MSG_BAD_KEY)
        if params.get("SignatureMethod") != "HmacSHA256" or params.get("SignatureVersion") != "2":
            return self._refuse(MSG_BAD_SIGNATURE)
        try:
            stamp = datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return self._refuse(MSG_BAD_TIME)
        if abs(stamp.replace(tzinfo=UTC).timestamp() - self.owner.now()) > self.owner.time_window:
            return self._refuse(MSG_BAD_TIME)
        host = self.headers.get("Host", "")
        wanted = expected_signature(key.secret, host, path, pairs)
        if not hmac.compare_digest(wanted, params.get("Signature", "")):
            return self._refuse(MSG_BAD_SIGNATURE)
        caller = ipaddress.ip_address(self.client_address[0])
        bound = [ip.strip() for ip in key.ip_addresses.split(",") if ip.strip()]
        if bound and not any(caller in ipaddress.ip_network(ip, strict=False) for ip in bound):
            return self._refuse(MSG_BAD_IP.format(ip=caller))
        if key.refuse_as_expired:
            return self._refuse(MSG_EXPIRED)
        return key

    def _refuse(self, message: str) -> None:
        self._json(
            {
                "status": "error",
                "err-code": "api-signature-not-valid",
                "err-msg": message,
                "data": None,
            }
        )
        return None

    def _route(self, path: str, query: str, key: Key) -> None:
        params = {
            unquote(n): unquote(v) for n, _, v in (i.partition("=") for i in query.split("&"))
        }
        if path == "/v2/user/uid":
            self._json({"code": 200, "data": key.uid})
        elif path == "/v2/user/api-key":
            if key.sub_account:
                self._json({"code": 1002, "message": "unauthorized", "data": None})
            elif params.get("uid") != str(key.uid):
                self._json({"code": 2002, "message": "invalid field value in `uid`"})
            else:
                entries = [] if params.get("accessKey") != key.access_key else [self._entry(key)]
                self._json({"code": 200, "message": "success", "data": entries, "ok": True})
        else:
            accounts = [{"id": 10000001, "type": "spot", "subtype": "", "state": "working"}]
            self._json({"status": "ok", "data": accounts})

    @staticmethod
    def _entry(key: Key) -> dict[str, object]:
        return {
            "accessKey": key.access_key,
            "status": key.status,
            "note": key.note,
            "permission": key.permission,
            "ipAddresses": key.ip_addresses,
            "validDays": key.valid_days,
            "createTime": 1615192704000,
            "updateTime": 1623030338000,
        }


@dataclass
class StandIn(Loopback):
    """HTX's stand-in: the keys it knows; use as a context manager."""

    handler = _Handler

    keys: list[Key] = field(default_factory=list)
    time_window: float = 60.0  # how far a request's Timestamp may be from the server

    def key(self, access_key: str) -> Key | None:
        return next((k for k in self.keys if k.access_key == access_key), None)
