"""Fixtures for the checker's browser tests: recorders, a booted checker, a foreign origin.

A booted Pyodide takes seconds, so tests that only need *a* ready checker share one page
per module (``ready_checker``); tests about loading, storage or navigation get their own.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from checker_support import CHECK_PATH, Recorder, wait_ready
from playwright.sync_api import Browser, Page


@pytest.fixture(scope="session")
def checker_url(base_url: str) -> str:
    return base_url + CHECK_PATH


@pytest.fixture
def recorder(page: Page) -> Recorder:
    return Recorder(page).attach()


@pytest.fixture(scope="module")
def ready_checker(browser: Browser, checker_url: str) -> Iterator[Recorder]:
    """One checker page, booted once for the whole module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    recorder = Recorder(page).attach()
    page.goto(checker_url)
    wait_ready(page)
    yield recorder
    context.close()


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"reached"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class OtherOrigin:
    url: str
    hits: list[str]


@pytest.fixture(scope="session")
def other_origin() -> Iterator[OtherOrigin]:
    """A server on another port of loopback: another origin, which counts every hit.

    It even allows CORS, so only the page's policy can keep a request from reaching it.
    """
    hits: list[str] = []
    handler = type("Handler", (_CountingHandler,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield OtherOrigin(f"http://127.0.0.1:{server.server_address[1]}/", hits)
    finally:
        server.shutdown()
        server.server_close()
