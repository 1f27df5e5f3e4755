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
import contextlib
import hashlib
import hmac
import ipaddress
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from htx_standin import Fault, Seen, _Server

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


@dataclass
class OkxStandIn:
    """The server and its state; use as a context manager."""

    keys: list[Key] = field(default_factory=list)
    clock_offset: float = 0.0  # seconds the stand-in's clock is ahead of the real one
    time_window: float = 30.0  # how far a request's timestamp may be from the server
    faults: list[Fault] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: _Server | None = None

    def __enter__(self) -> OkxStandIn:
        standin = self

        class Handler(_Handler):
            owner = standin

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the stand-in is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add_fault(self, path: str, kind: str, **options: object) -> None:
        with self._lock:
            self.faults.append(Fault(path, kind, **options))  # type: ignore[arg-type]

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.path in ("*", path):
                    fault.times -= 1
                    return fault
        return None

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def now(self) -> float:
        return time.time() + self.clock_offset

    def key(self, api_key: str) -> Key | None:
        return next((k for k in self.keys if k.api_key == api_key), None)

    def hits(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path == path)


def expected_signature(secret: str, timestamp: str, method: str, target: str) -> str:
    """What OKX computes: Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath))."""
    text = timestamp + method.upper() + target
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class _Handler(BaseHTTPRequestHandler):
    owner: OkxStandIn
    server_version = "standin-okx"

    def log_message(self, format: str, *args: object) -> None:
        """No access log on the test output."""

    def do_GET(self) -> None:
        proxied = self.path.startswith("http://")
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        target = path + (f"?{query}" if query else "")  # the requestPath OKX signs
        self.owner.record(
            Seen(path, query, dict(self.headers.items()), self.client_address[0], proxied)
        )
        fault = self.owner.take_fault(path)
        if fault is not None and self._fault(fault):
            return
        if path == TIME_PATH:
            ms = str(int(self.owner.now() * 1000))
            self._json({"code": "0", "msg": "", "data": [{"ts": ms}]})
        elif path == CONFIG_PATH:
            key = self._authenticate(target)
            if key is not None:
                self._json({"code": "0", "msg": "", "data": [self._config(key)]})
        else:
            self._json({"code": "404", "msg": "no such path on the stand-in", "data": []}, 404)

    # -- faults ------------------------------------------------------------------
    def _fault(self, fault: Fault) -> bool:
        """Act out ``fault``; True when the request is done with."""
        if fault.kind == "sleep":
            time.sleep(fault.seconds)
            return False  # then answer normally, to a client that has given up
        if fault.kind == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            # The codes of OKX's table (50011 rate limit, 50013 busy); the messages shortened.
            if fault.status == 429:
                body = {"code": "50011", "msg": "Rate limit reached"}
            elif 300 <= fault.status < 400:
                headers["Location"] = "https://www.okx.com/"
                body = {"code": "0", "msg": "", "data": []}
            else:
                body = {"code": "50013", "msg": "Systems are busy"}
            self._json({**body, "data": []}, fault.status, headers)
            return True
        if fault.kind == "malformed":
            self._raw(b'<html><body>502 Bad Gateway</body></html>{"code": "0", "da', 200)
            return True
        if fault.kind in ("huge", "huge-unsized"):
            body = b'{"code": "0", "msg": "", "data": ["' + b"x" * 2_000_000 + b'"]}'
            self._raw(body, 200, sized=fault.kind == "huge")
            return True
        raise AssertionError(f"unknown fault {fault.kind}")

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

    # -- writing -----------------------------------------------------------------
    def _json(self, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self._raw(json.dumps(body).encode("utf-8"), status, headers=headers)

    def _raw(
        self,
        data: bytes,
        status: int,
        *,
        sized: bool = True,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if sized:
                self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)
