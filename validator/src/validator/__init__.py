"""Check exchange API credentials before binding them, on the trader's own device.

Pure standard library and deterministic, so the same code runs in CPython (the
``keycheck`` command) and in Pyodide (the checker in the guide). Public API:

``check(data) -> dict``
    ``data`` is ``{"exchange": "htx", "api_key": str, "secret_key": str,
    "scope": "spot"|"futures"|"both", "permissions": {"read": bool, "trade": bool,
    "futures_trade": bool, "withdraw": bool, "transfer": bool},
    "ip_restriction": None | [str, ...]}``; every field but ``exchange`` is optional
    and checks run on what is given. Returns ``{"exchange", "ok", "findings":
    [{"code", "severity", "field", "message", "fix", "help", "position"?}], "summary"}``.
    ``ok`` is false iff a finding has severity ``error``. ``position`` is 1-based: the
    character in the pasted value, or the entry of the IP list.
``explain(text, exchange) -> dict``
    ``{"exchange", "matches": [{"section", "title", "fix", "ip"?}], "help"}`` for the
    error text an exchange returned.
``catalog(exchange) -> dict``
    Finding codes, error sections and exchange facts (see :func:`validator.catalog_view.catalog`).
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
from .catalog_view import catalog
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
