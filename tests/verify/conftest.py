"""Fixtures for ``keycheck verify``: the HTX stand-in, and a clean environment.

Every test talks to the stand-in on 127.0.0.1 through real sockets; proxy variables of
the environment are cleared so nothing is routed elsewhere (the proxy test sets its
own), and backoff is kept short so the whole folder runs in seconds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from htx_standin import Key, StandIn
from keycheck.verify import client
from verify_helpers import ACCESS_KEY, SECRET

PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
)


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(client, "DEFAULT_BACKOFF_BASE", 0.01)


@pytest.fixture
def htx() -> Iterator[StandIn]:
    """The stand-in with one main-account key, bound to 127.0.0.1."""
    with StandIn(keys=[Key(ACCESS_KEY, SECRET)]) as server:
        yield server
