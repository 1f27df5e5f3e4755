"""JSON-in, JSON-out wrappers for the browser worker: they never raise.

Under Pyodide the worker hands Python one string and wants one string back; an
exception crossing into JavaScript would surface as an opaque error (and its message
could carry input). Every failure becomes ``{"error": "<one line>"}`` instead, written
from a template that never contains the input.
"""

from __future__ import annotations

import json
from typing import Any

from . import engine, explainer
from .errors import InputError
from .jsondepth import too_deep


def decode(text: object) -> object:
    """The JSON value in ``text``; :class:`InputError` with position only on failure."""
    if not isinstance(text, str):
        raise InputError("the input must be a JSON text")
    if too_deep(text):
        raise InputError("the input is not valid JSON (too deeply nested or too large)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the input is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except (ValueError, RecursionError):
        raise InputError("the input is not valid JSON (too deeply nested or too large)") from None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def check_json(text: str) -> str:
    """:func:`keycheck.check` on a JSON text, answered as JSON text; never raises."""
    return _guard(lambda: engine.check(decode(text)))


def explain_json(text: str, exchange: str) -> str:
    """:func:`keycheck.explain` answered as JSON text; never raises."""
    return _guard(lambda: explainer.explain(text, exchange))


def _guard(run: Any) -> str:
    try:
        return dumps(run())
    except InputError as exc:
        return dumps({"error": str(exc)})
    except Exception as exc:  # a bug: report its type only, never its message
        return dumps({"error": f"internal error ({type(exc).__name__}); please report it"})
