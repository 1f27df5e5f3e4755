"""A stand-in for OKX's REST API v5: a real HTTP server on 127.0.0.1 for verify's tests.

It speaks the documented shapes of the two endpoints ``keycheck verify --exchange okx``
calls (docs-v5: Public Data > "Get system time", ``{"code": "0", "msg": "", "data":
[{"ts": "<ms>"}]}``; Trading Account > "Get account configuration", ``perm``, ``ip``,
``label``, ``uid``, ``mainUid`` …) and OKX's error bodies ``{"code": "501xx", "msg":
..., "data": []}`` with the HTTP status and the message of OKX's table (docs-v5, Error
Code > REST API > API Class). It checks every signed request the way OKX describes:
the four ``OK-ACCESS-*`` headers must be there, the key must exist, demo keys only with
``x-simulated-trading: 1`` and live keys only without it, the timestamp in OKX's
millisecond ISO format and near the server's clock, the Base64 HMAC-SHA256 of
``timestamp + method + requestPath`` (recomputed here, independently of the code under
test, from the request line as received) must verify with the secret it knows, the
passphrase must be the key's, and the caller's IP must be bound to the key when the key
has IPs. OKX does not document the order of these checks; the stand-in's order is the
one above.

Faults (a delay past the client's timeout, 5xx, 429 with ``Retry-After``, malformed
JSON, a 2 MB body, a dropped connection, a redirect) are queued per path. Requests are
recorded with their headers, so tests can assert what reached the "exchange". Nothing
here touches the internet.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from loopback import Fault, Loopback, LoopbackHandler

TIME_PATH = "/api/v5/public/time"
CONFIG_PATH = "/api/v5/account/config"

# OKX's messages, verbatim from docs-v5, Error Code > REST API > API Class.
ERRORS = {
    "50101": "APIKey does not match current environment.",
    "50102": "Timestamp request expired.",
    "50103": 'Request header "OK-ACCESS-KEY" cannot be empty.',
    "50104": 'Request header "OK-ACCESS-PASSPHRASE" cannot be empty.',
    "50105": 'Request header "OK-ACCESS-PASSPHRASE" incorrect.',
    "50106": 'Request header "OK-ACCESS-SIGN" cannot be empty.',
    "50107": 'Request header "OK-ACCESS-TIMESTAMP" cannot be empty.',
    "50110": "Your IP {ip} is not included in your API key's IP whitelist.",
    "50111": "Invalid OK-ACCESS-KEY.",
    "50112": "Invalid OK-ACCESS-TIMESTAMP.",
    "50113": "Invalid signature.",
}
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


@dataclass
class Key:
    """An API key the stand-in knows, with what ``/api/v5/account/config`` reports for it."""

    api_key: str
    secret: str
    passphrase: str
    perm: str = "read_only,trade"
    ip: str = "127.0.0.1"
    label: str = "trading-platform-bot"
    uid: str = "44705892343619584"
    main_uid: str = "44705892343619584"
    demo: bool = False  # a demo trading key: only accepted with x-simulated-trading: 1


def expected_signature(secret: str, timestamp: str, method: str, target: str) -> str:
    """What OKX computes: Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath))."""
    text = timestamp + method.upper() + target
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class _Handler(LoopbackHandler):
    owner: OkxStandIn
    server_version = "standin-okx"
    malformed_body = b'<html><body>502 Bad Gateway</body></html>{"code": "0", "da'
    huge_head = b'{"code": "0", "msg": "", "data": ["'
    huge_tail = b'"]}'

    def answer(self, path: str, query: str) -> None:
        target = path + (f"?{query}" if query else "")  # the requestPath OKX signs
        if path == TIME_PATH:
            ms = str(int(self.owner.now() * 1000))
            self._json({"code": "0", "msg": "", "data": [{"ts": ms}]})
        elif path == CONFIG_PATH:
            key = self._authenticate(target)
            if key is not None:
                self._json({"code": "0", "msg": "", "data": [self._config(key)]})
        else:
            self._json({"code": "404", "msg": "no such path on the stand-in", "data": []}, 404)

    def status_answer(self, fault: Fault) -> tuple[object, dict[str, str]]:
        # The codes of OKX's table (50011 rate limit, 50013 busy); the messages shortened.
        headers: dict[str, str] = {}
        if fault.status == 429:
            body = {"code": "50011", "msg": "Rate limit reached"}
        elif 300 <= fault.status < 400:
            headers["Location"] = "https://www.okx.com/"
            body = {"code": "0", "msg": "", "data": []}
        else:
            body = {"code": "50013", "msg": "Systems are busy"}
        return {**body, "data": []}, headers

    # -- OKX's checks ------------------------------------------------------------
    def _authenticate(self, target: str) -> Key | None:
        api_key = self.headers.get("OK-ACCESS-KEY", "")
        sign = self.headers.get("OK-ACCESS-SIGN", "")
        stamp = self.headers.get("OK-ACCESS-TIMESTAMP", "")
        passphrase = self.headers.get("OK-ACCESS-PASSPHRASE", "")
        for code, value in (("50103", api_key), ("50106", sign), ("50107", stamp)):
            if not value:
                return self._refuse(code)
        if not passphrase:
            return self._refuse("50104")
        key = self.owner.key(api_key)
        if key is None:
            return self._refuse("50111")
        if key.demo != (self.headers.get("x-simulated-trading") == "1"):
            return self._refuse("50101")
        if not _TIMESTAMP.fullmatch(stamp):
            return self._refuse("50112")
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        if abs(moment.timestamp() - self.owner.now()) > self.owner.time_window:
            return self._refuse("50102")
        wanted = expected_signature(key.secret, stamp, "GET", target)
        if not hmac.compare_digest(wanted, sign):
            return self._refuse("50113")
        if not hmac.compare_digest(key.passphrase.encode(), passphrase.encode()):
            return self._refuse("50105")
        caller = ipaddress.ip_address(self.client_address[0])
        bound = [ip.strip() for ip in key.ip.split(",") if ip.strip()]
        if bound and not any(caller in ipaddress.ip_network(ip, strict=False) for ip in bound):
            return self._refuse("50110", ip=str(caller))
        return key

    def _refuse(self, code: str, **values: str) -> None:
        self._json({"code": code, "msg": ERRORS[code].format(**values), "data": []}, 401)
        return None

    @staticmethod
    def _config(key: Key) -> dict[str, object]:
        """The documented response example's fields, with this key's values."""
        return {
            "acctLv": "2",
            "autoLoan": False,
            "ctIsoMode": "automatic",
            "greeksType": "PA",
            "ip": key.ip,
            "kycLv": "3",
            "label": key.label,
            "level": "Lv1",
            "levelTmp": "",
            "mainUid": key.main_uid,
            "mgnIsoMode": "automatic",
            "opAuth": "1",
            "perm": key.perm,
            "posMode": "long_short_mode",
            "roleType": "0",
            "spotRoleType": "0",
            "traderInsts": [],
            "type": "0" if key.uid == key.main_uid else "1",
            "uid": key.uid,
        }


@dataclass
class OkxStandIn(Loopback):
    """OKX's stand-in: the keys it knows; use as a context manager."""

    handler = _Handler

    keys: list[Key] = field(default_factory=list)
    time_window: float = 30.0  # how far a request's timestamp may be from the server

    def key(self, api_key: str) -> Key | None:
        return next((k for k in self.keys if k.api_key == api_key), None)
