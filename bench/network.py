"""A phone's or a home's network between Chromium and the site: a pacing loopback proxy.

Chromium's own network emulation (DevTools ``Network.emulateNetworkConditions``) is set
per page and does not reach the fetches of a dedicated worker, which is where the
checker downloads Pyodide. So the bytes are paced at the socket instead: this TCP proxy
sits on 127.0.0.1 in front of the site's server, and *every* connection the browser
opens to it - the page's, the worker's, prefetches - goes through the same two pipes:

- **bandwidth**: one downlink and one uplink shared by all the connections (a phone has
  one radio link), scheduled round robin in small quanta so concurrent downloads share
  it fairly, as TCP roughly does;
- **latency**: half the round trip added to every chunk in each direction, and one more
  round trip before a new connection's first bytes (the TCP handshake).

Not modelled: TLS handshakes, TCP slow start, loss. Those would make a cold connection
slower still, which favours fewer, earlier requests (what the checker does anyway).

The proxy also counts the bytes it moved (HTTP headers included, TCP/IP overhead not),
readable on a second "control" port: a connection there receives ``{"down": n, "up": n}``
as JSON and is closed. Nothing leaves 127.0.0.1.

Usage (the benchmark starts it itself)::

    python -m bench.network --profile 4G --upstream 127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

# Bytes per scheduling quantum: small enough that a 6 MB download does not hold the
# link for long, large enough that the timer is not the bottleneck at 40 Mbit/s.
QUANTUM = 8 * 1024
READ_SIZE = 64 * 1024


@dataclass(frozen=True)
class Profile:
    """A network: bandwidths in bits per second (None: unlimited) and a round trip."""

    name: str
    down_bps: float | None
    up_bps: float | None
    rtt_ms: float

    @property
    def paced(self) -> bool:
        return self.down_bps is not None or self.rtt_ms > 0

    def describe(self) -> str:
        if not self.paced:
            return "loopback, no pacing"
        down = f"{self.down_bps / 1e6:g}" if self.down_bps else "∞"
        up = f"{self.up_bps / 1e6:g}" if self.up_bps else "∞"
        return f"{down} Mbit/s down, {up} Mbit/s up, {self.rtt_ms:g} ms round trip"


# "4G" is Chromium DevTools' "Fast 4G" preset (9 Mbit/s down, 1.5 up, 60 ms) and
# issue 15's phone; "cable" a home connection (40 Mbit/s down, 20 ms).
PROFILES = {
    "localhost": Profile("localhost", None, None, 0),
    "cable": Profile("cable", 40e6, 10e6, 20),
    "4G": Profile("4G", 9e6, 1.5e6, 60),
}


class Link:
    """One direction of the shared pipe: fair round robin at ``bps``, then a delay."""

    def __init__(self, bps: float | None, delay_s: float) -> None:
        self.bps = bps
        self.delay_s = delay_s
        self.pending: collections.OrderedDict[int, collections.deque[bytes]] = (
            collections.OrderedDict()
        )
        self.outlets: dict[int, asyncio.Queue[tuple[float, bytes | None]]] = {}
        self.wake = asyncio.Event()
        self.moved = 0
        self.task = asyncio.get_running_loop().create_task(self._pace()) if bps else None

    def open(self, key: int) -> asyncio.Queue[tuple[float, bytes | None]]:
        outlet: asyncio.Queue[tuple[float, bytes | None]] = asyncio.Queue()
        self.outlets[key] = outlet
        return outlet

    def send(self, key: int, data: bytes, extra_delay_s: float = 0.0) -> None:
        """Queue ``data`` of connection ``key``; ``b""`` marks the end of its stream."""
        self.moved += len(data)
        if self.bps is None:
            self._deliver(key, data, extra_delay_s)
            return
        queue = self.pending.setdefault(key, collections.deque())
        if extra_delay_s:
            # Only a new connection's first bytes carry it: deliver them after it.
            self._deliver(key, b"", extra_delay_s, marker=True)
        queue.append(data)
        self.wake.set()

    def _deliver(self, key: int, data: bytes, extra: float = 0.0, marker: bool = False) -> None:
        outlet = self.outlets.get(key)
        if outlet is None:
            return
        at = asyncio.get_running_loop().time() + self.delay_s + extra
        if marker:
            outlet.put_nowait((at, b""))  # an empty chunk: only holds what follows
        else:
            outlet.put_nowait((at, data if data else None))

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        assert self.bps is not None
        clock = loop.time()
        while True:
            if not self.pending:
                self.wake.clear()
                await self.wake.wait()
                clock = max(clock, loop.time())
                continue
            key, queue = next(iter(self.pending.items()))
            self.pending.move_to_end(key)
            chunk = queue.popleft()
            if chunk and len(chunk) > QUANTUM:
                queue.appendleft(chunk[QUANTUM:])
                chunk = chunk[:QUANTUM]
            if not queue:
                del self.pending[key]
            # The link's own clock: a late timer is made up by the next quanta, so the
            # average rate stays the profile's even when the machine is busy.
            clock += len(chunk) * 8 / self.bps
            wait = clock - loop.time()
            if wait > 0.002:
                await asyncio.sleep(wait)
            self._deliver(key, chunk)


async def _drain(outlet: asyncio.Queue[tuple[float, bytes | None]], writer) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    try:
        while True:
            at, data = await outlet.get()
            wait = at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                break
            if data:
                writer.write(data)
                await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError):
            pass


async def _pump(reader, link: Link, key: int, first_delay_s: float = 0.0) -> None:  # type: ignore[no-untyped-def]
    first = True
    try:
        while data := await reader.read(READ_SIZE):
            link.send(key, data, first_delay_s if first else 0.0)
            first = False
    except (ConnectionError, OSError):
        pass
    link.send(key, b"")


class Proxy:
    def __init__(self, profile: Profile, upstream: tuple[str, int]) -> None:
        self.profile = profile
        self.upstream = upstream
        half = profile.rtt_ms / 2000
        self.down = Link(profile.down_bps, half)
        self.up = Link(profile.up_bps, half)
        self.count = 0

    async def handle(self, client_reader, client_writer) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        key = self.count
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        for writer in (client_writer, server_writer):
            # The delays are the profile's: no Nagle/delayed-ACK stalls of 40 ms on top.
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        to_server, to_client = self.up.open(key), self.down.open(key)
        handshake = self.profile.rtt_ms / 1000
        tasks = [
            asyncio.create_task(_pump(client_reader, self.up, key, handshake)),
            asyncio.create_task(_drain(to_server, server_writer)),
            asyncio.create_task(_pump(server_reader, self.down, key)),
            asyncio.create_task(_drain(to_client, client_writer)),
        ]
        await asyncio.gather(*tasks, return_exceptions=True)
        for writer in (server_writer, client_writer):
            writer.close()
        self.up.outlets.pop(key, None)
        self.down.outlets.pop(key, None)

    async def report(self, _reader, writer) -> None:  # type: ignore[no-untyped-def]
        writer.write(json.dumps({"down": self.down.moved, "up": self.up.moved}).encode())
        await writer.drain()
        writer.close()


async def run(profile: Profile, upstream: tuple[str, int], port: int = 0) -> None:
    proxy = Proxy(profile, upstream)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", port)
    control = await asyncio.start_server(proxy.report, "127.0.0.1", 0)
    ports = (server.sockets[0].getsockname()[1], control.sockets[0].getsockname()[1])
    print(f"proxy http://127.0.0.1:{ports[0]}/ control {ports[1]}", flush=True)
    async with server, control:
        await asyncio.gather(server.serve_forever(), control.serve_forever())


def moved(control_port: int) -> dict[str, int]:
    """Bytes the proxy has moved so far: ``{"down": n, "up": n}``."""
    with socket.create_connection(("127.0.0.1", control_port), timeout=10) as sock:
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
    return json.loads(data)


@dataclass(frozen=True)
class Running:
    url: str
    control_port: int

    def moved(self) -> dict[str, int]:
        return moved(self.control_port)


@contextmanager
def shaped(upstream_url: str, profile: Profile) -> Iterator[Running]:
    """Run the proxy for ``profile`` in front of ``upstream_url`` in its own process."""
    host_port = upstream_url.split("//", 1)[1].strip("/")
    process = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "bench.network",
            "--profile",
            profile.name,
            "--upstream",
            host_port,
        ],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        words = process.stdout.readline().split()
        if len(words) != 4 or words[0] != "proxy":
            raise RuntimeError(f"the pacing proxy did not start: {' '.join(words)!r}")
        yield Running(url=words[1], control_port=int(words[3]))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), required=True)
    parser.add_argument("--upstream", required=True, help="host:port of the site's server")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    host, _, port = args.upstream.rpartition(":")
    if host not in ("127.0.0.1", "localhost"):
        parser.error("the upstream must be on loopback")
    with suppress(KeyboardInterrupt):
        asyncio.run(run(PROFILES[args.profile], (host, int(port)), args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
