"""The request handling every stand-in of verify's tests shares: a real HTTP server on
127.0.0.1 that records requests and acts out queued faults.

An exchange's stand-in (:mod:`htx_standin`, :mod:`okx_standin`) subclasses
:class:`Loopback` for its state (keys, how far a timestamp may drift) and
:class:`LoopbackHandler` for its routes, its checks and the bodies of its faults; the
lifecycle, the fault queue, the record of what arrived and the writing of answers are
here, once. Used as it is, :class:`Loopback` answers every GET with
``{"path": <path>, "query": <query>}``, which is all the shared transport's tests need.

Faults (``kind``): ``sleep`` (wait ``seconds``, then answer normally, to a client that
may have given up), ``drop`` (close the connection without an answer), ``status`` (HTTP
``status`` with the exchange's body, ``Retry-After`` if given), ``malformed`` (an HTML
error page where JSON belongs), ``huge`` and ``huge-unsized`` (a 2 MB body, with and
without ``Content-Length``). Nothing here touches the internet.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar, Self
from urllib.parse import urlsplit

HUGE_SIZE = 2_000_000  # bytes of filler in a "huge" answer


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


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (a timeout test) is expected; stay quiet."""


class LoopbackHandler(BaseHTTPRequestHandler):
    """Records each GET, acts out a queued fault, else hands it to :meth:`answer`."""

    owner: Loopback
    server_version = "standin"
    content_type = "application/json"
    ensure_ascii = True  # how _json writes non-ASCII text
    malformed_body = b'<html><body>502 Bad Gateway</body></html>{"da'
    huge_head = b'{"data": "'  # a huge answer is huge_head + filler + huge_tail
    huge_tail = b'"}'

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
        self.answer(path, query)

    def answer(self, path: str, query: str) -> None:
        """The exchange's answer to a GET that no fault took; here, an echo."""
        self._json({"path": path, "query": query})

    def status_answer(self, fault: Fault) -> tuple[object, dict[str, str]]:
        """The body and extra headers of a ``status`` fault's answer."""
        return {"error": "busy"}, {}

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
            body, headers = self.status_answer(fault)
            if fault.retry_after:
                headers = {"Retry-After": fault.retry_after, **headers}
            self._json(body, fault.status, headers)
            return True
        if fault.kind == "malformed":
            self._raw(self.malformed_body, 200)
            return True
        if fault.kind in ("huge", "huge-unsized"):
            body = self.huge_head + b"x" * HUGE_SIZE + self.huge_tail
            self._raw(body, 200, sized=fault.kind == "huge")
            return True
        raise AssertionError(f"unknown fault {fault.kind}")

    # -- writing -----------------------------------------------------------------
    def _json(self, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=self.ensure_ascii).encode("utf-8")
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
            self.send_header("Content-Type", self.content_type)
            if sized:
                self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)


@dataclass
class Loopback:
    """The server and its state; use as a context manager."""

    handler: ClassVar[type[LoopbackHandler]] = LoopbackHandler

    clock_offset: float = 0.0  # seconds the stand-in's clock is ahead of the real one
    faults: list[Fault] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: _Server | None = None

    # -- lifecycle ---------------------------------------------------------------
    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        class Handler(self.handler):
            owner = self

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

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

    def hits(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path == path)
