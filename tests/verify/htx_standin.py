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
import contextlib
import hashlib
import hmac
import ipaddress
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

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


@dataclass
class Fault:
    """Something to do instead of (or before) answering a request to ``path``."""

    path: str  # "*" for any path
    kind: str  # "sleep" | "status" | "malformed" | "huge" | "huge-unsized" | "drop"
    times: int = 1
    seconds: float = 0.0
    status: int = 503
    retry_after: str | None = None


@dataclass
class Seen:
    """One request as it reached the stand-in."""

    path: str
    query: str
    headers: dict[str, str]
    client_ip: str
    proxied: bool  # the request line carried an absolute URL (it came via a proxy)


@dataclass
class StandIn:
    """The server and its state; use as a context manager."""

    keys: list[Key] = field(default_factory=list)
    clock_offset: float = 0.0  # seconds the stand-in's clock is ahead of the real one
    time_window: float = 60.0  # how far a request's Timestamp may be from the server
    faults: list[Fault] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------
    def __enter__(self) -> StandIn:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        standin = self

        class Handler(_Handler):
            owner = standin

        server = _Server(("127.0.0.1", 0), Handler)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the stand-in is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- test helpers ------------------------------------------------------------
    def add_fault(self, path: str, kind: str, **options: object) -> None:
        with self._lock:
            self.faults.append(Fault(path, kind, **options))  # type: ignore[arg-type]

    def now(self) -> float:
        return time.time() + self.clock_offset

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

    def key(self, access_key: str) -> Key | None:
        return next((k for k in self.keys if k.access_key == access_key), None)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (a timeout test) is expected; stay quiet."""


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


class _Handler(BaseHTTPRequestHandler):
    owner: StandIn
    server_version = "standin-htx"

    def log_message(self, format: str, *args: object) -> None:
        """No access log on the test output."""

    def do_GET(self) -> None:
        proxied = self.path.startswith("http://")
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        self.owner.record(
            Seen(path, query, dict(self.headers.items()), self.client_address[0], proxied)
        )
        fault = self.owner.take_fault(path)
        if fault is not None and self._fault(fault):
            return
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
            body = {"status": "error", "err-code": "gateway-internal-error", "err-msg": "busy"}
            self._json(body, fault.status, headers)
            return True
        if fault.kind == "malformed":
            self._raw(b'<html><body>502 Bad Gateway</body></html>{"status": "ok", "da', 200)
            return True
        if fault.kind in ("huge", "huge-unsized"):
            body = b'{"status": "ok", "data": "' + b"x" * 2_000_000 + b'"}'
            self._raw(body, 200, sized=fault.kind == "huge")
            return True
        raise AssertionError(f"unknown fault {fault.kind}")

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

    # -- writing -----------------------------------------------------------------
    def _json(self, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._raw(data, status, headers=headers)

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
            self.send_header("Content-Type", "application/json;charset=utf-8")
            if sized:
                self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)
