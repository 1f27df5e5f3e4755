"""``keycheck verify``: ask the exchange itself (HTX, OKX) what an API key can do.

The rest of :mod:`validator` judges what a trader pasted and ticked, offline and
without I/O (it also runs in the browser, under Pyodide). This subpackage is the one
place that talks to the exchange: from the trader's own machine it sends signed,
read-only requests to HTX or OKX (one adapter each, :mod:`keycheck.verify.adapters`) and
turns the answers into the same finding codes as ``keycheck check``. The secret only
signs requests locally; it is never transmitted (OKX's passphrase is: OKX's API wants it
in a header).

It is the only part of the distribution that needs ``httpx`` (the ``verify`` extra),
and nothing outside it imports it: only the ``verify`` subcommand loads this package.
Importing this ``__init__`` itself stays cheap and dependency-free; ``httpx`` is first
imported by :mod:`keycheck.verify.transport`, the request layer both exchange clients
(:mod:`keycheck.verify.client`, :mod:`keycheck.verify.okx_client`) send through.
"""

from __future__ import annotations

__all__ = ["DEFAULT_BASE_URL"]

#: HTX's documented REST host (https://huobiapi.github.io/docs/spot/v1/en/#access-urls).
DEFAULT_BASE_URL = "https://api.huobi.pro"
