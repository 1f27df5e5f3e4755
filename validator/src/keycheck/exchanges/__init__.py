"""The registry of supported exchanges: exchange id -> its data module's spec.

To support another exchange, write ``validator/exchanges/<id>.py`` defining ``SPEC``
(an :class:`~keycheck.exchanges.spec.ExchangeSpec`) and add it to ``_MODULES``. Nothing
else changes: the rules, ``explain``, the catalog and the CLI all look exchanges up here.
"""

from __future__ import annotations

from ..errors import InputError
from . import htx, okx
from .spec import ExchangeSpec

__all__ = ["EXCHANGES", "ExchangeSpec", "get", "ids", "sole"]

_MODULES = (htx, okx)

EXCHANGES: dict[str, ExchangeSpec] = {module.SPEC.id: module.SPEC for module in _MODULES}


def get(exchange: object) -> ExchangeSpec:
    """The spec of ``exchange``; :class:`InputError` when it is not a supported id."""
    if not isinstance(exchange, str):
        raise InputError("'exchange' must be a string such as " + _choices())
    spec = EXCHANGES.get(exchange.strip().lower())
    if spec is None:
        raise InputError("unknown exchange; supported: " + _choices())
    return spec


def ids() -> list[str]:
    """Supported exchange ids, sorted."""
    return sorted(EXCHANGES)


def with_passphrase() -> list[str]:
    """Ids of the exchanges whose keys have a passphrase, sorted."""
    return [i for i in ids() if EXCHANGES[i].passphrase is not None]


def _choices() -> str:
    return ", ".join(repr(i) for i in ids())


def sole() -> str:
    """The id of the only supported exchange, for entry points that may omit it.

    :class:`InputError` once there are several: then the caller must name one.
    """
    if len(EXCHANGES) == 1:
        return next(iter(EXCHANGES))
    raise InputError("name the exchange; supported: " + _choices())
