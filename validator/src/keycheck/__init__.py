"""Check exchange API credentials before binding them, on the trader's own device.

Pure standard library and deterministic, so the same code runs in CPython (the
``keycheck`` command) and in Pyodide (the checker in the guide). Public API:

``check(data) -> dict``
    ``data`` is ``{"exchange": "htx", "api_key": str, "secret_key": str,
    "scope": "spot"|"futures"|"both", "permissions": {"read": bool, "trade": bool,
    "futures_trade": bool, "withdraw": bool, "transfer": bool},
    "ip_restriction": None | [str, ...]}``; every field but ``exchange`` is optional
    and checks run on what is given. Returns ``{"exchange", "ok", "headline",
    "findings": [{"code", "severity", "field", "message", "fix", "help", "position"?}],
    "summary"}``; ``headline`` is the line shown over the findings ("1 error, 2
    warnings", or that nothing was found).
    ``ok`` is false iff a finding has severity ``error``. ``position`` is 1-based: the
    character in the pasted value, or the entry of the IP list.
    For an exchange whose keys have a passphrase (OKX), ``"passphrase": str`` is
    accepted too (an :class:`InputError` for any other exchange); its findings have no
    ``position`` and nothing outputs it, not even its length. The permission names are
    the exchange's own (OKX: read, trade, withdraw).
``explain(text, exchange) -> dict``
    ``{"exchange", "verdict", "matches": [{"section", "title", "fix", "ip"?}],
    "not_key_problems": [{"category", "title", "explanation", "help"}], "help"}`` for
    the error text an exchange returned, in any shape it was pasted (JSON, a Python
    repr, a PHP ``print_r`` or Elixir dump, a log line, a WebSocket reply, an HTTP
    response). ``matches`` are the sections of the errors page that fix it (``section``
    is a site path with anchor, ``ip`` the address the exchange saw). ``verdict`` is
    ``"known-error"`` when there is a match, ``"not-a-key-problem"`` when the message
    is a known error that no key, permission or IP change fixes (a balance, order,
    symbol, rate-limit or request error: ``not_key_problems`` says which, ``help`` is
    the errors index) and ``"unknown"`` otherwise. ``matches`` and ``not_key_problems``
    are never both non-empty; ``keycheck explain`` exits 0 only for ``"known-error"``.
    Without an exchange, :func:`keycheck.recognise.explain_any` tells which exchange
    the text comes from (``keycheck explain`` without ``--exchange``).
``catalog(exchange) -> dict``
    Finding codes, error sections and exchange facts (see :func:`keycheck.catalog.catalog`).
``check_json(text) -> str`` / ``explain_json(text, exchange) -> str``
    The same as JSON text, for the browser worker; they never raise, answering
    ``{"error": "..."}`` instead.

Invalid input raises :class:`InputError`, whose message never contains input values.
No message, fix, summary or exception ever contains a character of the secret.
"""

from __future__ import annotations

from typing import Any

from . import engine
from ._version import __version__
from .catalog import catalog
from .errors import InputError
from .explainer import explain
from .jsonapi import check_json, explain_json

__all__ = [
    "InputError",
    "__version__",
    "catalog",
    "check",
    "check_json",
    "explain",
    "explain_json",
]


def check(data: dict[str, Any]) -> dict[str, Any]:
    """Check pasted credentials, ticked permissions and bound IPs; see the module doc."""
    return engine.check(data)
