"""The exchange adapters of ``keycheck verify``: one per exchange that can be asked.

``keycheck verify`` knows no exchange: it reads the credentials an adapter names,
hands them to the adapter, and prints the :class:`~keycheck.verify.flow.Verification`
the adapter returns (``keycheck.verify.report`` renders any exchange's). An adapter
talks to its exchange (signing, endpoints, answers) and is registered in
:data:`ADAPTERS` by its exchange id, the id of ``keycheck.exchanges``. HTX is the
first implementation; another exchange adds its own class and one registry line.

Importing this module stays dependency-free: ``httpx`` is imported when an adapter
runs, so the CLI's parser works without the ``verify`` extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from ..errors import InputError
from . import DEFAULT_BASE_URL as _HTX_BASE_URL
from .okx_adapter import OkxAdapter

if TYPE_CHECKING:
    from .flow import Verification


class Adapter(Protocol):
    """What ``keycheck verify`` needs from an exchange.

    An adapter whose exchange has a demo trading environment also sets
    ``supports_demo = True`` (its ``verify`` then takes ``demo=True``) and ``demo_note``,
    how ``--demo`` reaches that environment, which ``keycheck verify --help`` shows.
    """

    #: The exchange id (``keycheck.exchanges``).
    exchange: str
    #: The exchange's documented REST address, used unless ``--base-url`` is given.
    default_base_url: str
    #: The credential fields it needs, in prompt order (``api_key``, ``secret_key``, …).
    fields: tuple[str, ...]

    def verify(
        self, credentials: Mapping[str, str], *, base_url: str, timeout: float
    ) -> Verification:
        """Ask the exchange; raises ``keycheck.verify.client.VerifyError`` on no verdict."""
        ...


class HtxAdapter:
    """HTX: signed GETs (HMAC-SHA256, AccessKeyId in the query), see ``flow.verify``."""

    exchange = "htx"
    default_base_url = _HTX_BASE_URL
    fields = ("api_key", "secret_key")

    def verify(
        self, credentials: Mapping[str, str], *, base_url: str, timeout: float
    ) -> Verification:
        from . import client, flow

        with client.HtxClient(
            base_url,
            timeout=timeout,
            attempts=client.DEFAULT_ATTEMPTS,
            backoff_base=client.DEFAULT_BACKOFF_BASE,
        ) as http:
            return flow.verify(
                http, client.Credentials(credentials["api_key"], credentials["secret_key"])
            )


ADAPTERS: dict[str, Adapter] = {
    adapter.exchange: adapter for adapter in (HtxAdapter(), OkxAdapter())
}


def get(exchange: str | None) -> Adapter:
    """The adapter of ``exchange``; when None, the first registered one (HTX).

    ``keycheck verify`` asked HTX before any other exchange had an adapter, and HTX's
    guide documents it without ``--exchange``: a run that names no exchange still asks
    HTX. Every other exchange is named, by ``--exchange`` or the input's ``exchange``.
    """
    if exchange is None:
        return next(iter(ADAPTERS.values()))
    adapter = ADAPTERS.get(exchange.strip().lower())
    if adapter is None:
        raise InputError(
            f"verify cannot ask {exchange!r}; it can ask: {', '.join(sorted(ADAPTERS))}"
        )
    return adapter
