"""OKX's adapter for ``keycheck verify``: what the command needs to ask OKX.

Kept apart from :mod:`keycheck.verify.okx_flow` so that registering it in
:data:`keycheck.verify.adapters.ADAPTERS` stays free of ``httpx``: the client and the
flow are imported when a run asks OKX.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .okx_signature import HEADER_DEMO

if TYPE_CHECKING:
    from .flow import Verification

#: OKX's REST address for live and demo trading (docs-v5, Overview: "REST:
#: https://www.okx.com" under both "Production Trading URL" and "Demo Trading URL").
OKX_BASE_URL = "https://www.okx.com"


class OkxAdapter:
    """OKX: GETs signed with the ``OK-ACCESS-*`` headers and the passphrase."""

    exchange = "okx"
    name = "OKX"
    default_base_url = OKX_BASE_URL
    fields = ("api_key", "secret_key", "passphrase")
    #: ``--demo`` asks OKX's demo trading environment (``x-simulated-trading: 1``).
    supports_demo = True
    #: How ``--demo`` reaches it, for ``keycheck verify --help``.
    demo_note = f"{HEADER_DEMO}: 1"

    def verify(
        self,
        credentials: Mapping[str, str],
        *,
        base_url: str,
        timeout: float,
        demo: bool = False,
    ) -> Verification:
        from . import client, okx_client, okx_flow

        with okx_client.OkxClient(
            base_url,
            demo=demo,
            timeout=timeout,
            attempts=client.DEFAULT_ATTEMPTS,
            backoff_base=client.DEFAULT_BACKOFF_BASE,
        ) as http:
            return okx_flow.verify(
                http,
                okx_client.OkxCredentials(
                    credentials["api_key"], credentials["secret_key"], credentials["passphrase"]
                ),
            )
