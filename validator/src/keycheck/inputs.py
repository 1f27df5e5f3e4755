"""Turn the input object into typed values, or refuse it with a one-line InputError.

The input is forgiving where a trader's tools differ (an IP list may be one string with
commas or newlines; text fields may be ``null``) and strict where a mistake would make
the check meaningless (unknown fields, non-boolean permissions, unknown scope). Error
messages name fields, never values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import exchanges
from .errors import InputError
from .exchanges.spec import ExchangeSpec
from .ipentry import LABEL_PATTERN
from .redact import Redactor
from .rules.ip import MAX_ENTRIES, IpList

FIELDS = (
    "exchange",
    "api_key",
    "secret_key",
    "passphrase",
    "scope",
    "permissions",
    "ip_restriction",
)
_IDENTIFIER = re.compile(r"[A-Za-z_]{1,32}")

# What separates the entries of an IP list as traders type it: every whitespace
# character (str.isspace: line breaks of any platform, tabs of a spreadsheet column,
# the no-break and ideographic spaces), ASCII commas and semicolons, and the comma,
# enumeration comma and semicolon of Chinese and Japanese input methods (U+FF0C,
# U+3001, U+FF1B).
_IP_SEPARATOR_CHARS = ",;\uff0c\u3001\uff1b"
# One entry: a label of a few words ending in a colon ("IP addresses:", "IP地址" and U+FF1A),
# kept whole so that it is reported once, or a run of anything but separators.
_IP_TOKEN = re.compile(
    f"(?:{LABEL_PATTERN})(?=[\\s{_IP_SEPARATOR_CHARS}]|$)|[^\\s{_IP_SEPARATOR_CHARS}]+"
)


@dataclass(frozen=True)
class Submission:
    """What the trader pasted and ticked; ``None`` means "not given, not checked"."""

    spec: ExchangeSpec
    api_key: str | None
    secret_key: str | None
    scope: str | None
    permissions: dict[str, bool] | None
    ip_restriction: IpList | None
    passphrase: str | None = None  # only for exchanges that have one; never shown


def parse(data: object) -> Submission:
    """Validate ``data`` (the decoded JSON object) into a :class:`Submission`."""
    if not isinstance(data, Mapping):
        raise InputError('the input must be a JSON object such as {"exchange": "htx", ...}')
    secret = data.get("secret_key")
    passphrase = data.get("passphrase")
    redactor = Redactor(secret if isinstance(secret, str) else None).protecting(
        passphrase if isinstance(passphrase, str) else None
    )
    for name in data:
        if name not in FIELDS:
            raise InputError(f"unknown field {_name(name, redactor)}; expected {', '.join(FIELDS)}")
    if "exchange" not in data:
        raise InputError("the field 'exchange' is required, e.g. \"htx\"")
    spec = exchanges.get(data["exchange"])
    return Submission(
        spec=spec,
        api_key=_text(data, "api_key"),
        secret_key=_text(data, "secret_key"),
        scope=_scope(spec, data.get("scope")),
        permissions=_permissions(spec, data.get("permissions"), redactor),
        ip_restriction=_ips(data),
        passphrase=_passphrase(spec, data),
    )


def _name(name: object, redactor: Redactor) -> str:
    """``name`` quoted when it is a plain word that shares nothing with the secret."""
    if isinstance(name, str) and _IDENTIFIER.fullmatch(name) and redactor.safe(name):
        return repr(name)
    return "(a name not shown)"


def _text(data: Mapping[str, Any], field: str) -> str | None:
    value = data.get(field)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"'{field}' must be a string or null")


def _passphrase(spec: ExchangeSpec, data: Mapping[str, Any]) -> str | None:
    """The passphrase, accepted only for an exchange that declares one."""
    if data.get("passphrase") is None:
        return None  # absent or null: not given, not checked
    if spec.passphrase is None:
        raise InputError(
            f"'passphrase' is not used by {spec.name}: only exchanges whose keys have a "
            f"passphrase take it ({', '.join(exchanges.with_passphrase()) or 'none'})"
        )
    return _text(data, "passphrase")


def _scope(spec: ExchangeSpec, value: object) -> str | None:
    if value is None:
        return None
    choices = ", ".join(spec.scopes)
    if not isinstance(value, str):
        raise InputError(f"'scope' must be one of: {choices}")
    scope = value.strip().lower()
    if scope == "":
        return None
    if scope not in spec.scopes:
        raise InputError(f"unknown scope; 'scope' must be one of: {choices}")
    return scope


def _permissions(spec: ExchangeSpec, value: object, redactor: Redactor) -> dict[str, bool] | None:
    if value is None:
        return None
    names = [p.name for p in spec.permissions]
    if not isinstance(value, Mapping):
        raise InputError(
            "'permissions' must be an object of true/false values for: " + ", ".join(names)
        )
    out: dict[str, bool] = {}
    for name, ticked in value.items():
        if name not in names:
            raise InputError(
                f"unknown permission {_name(name, redactor)}; expected {', '.join(names)}"
            )
        if not isinstance(ticked, bool):
            raise InputError(f"'permissions.{name}' must be true or false")
        out[name] = ticked
    return out


def _ips(data: Mapping[str, Any]) -> IpList | None:
    if "ip_restriction" not in data:
        return None
    value = data["ip_restriction"]
    if value is None:
        return IpList((), 0)
    if isinstance(value, str):
        return split_ips([value])
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str) for v in value):
            raise InputError("'ip_restriction' must be a list of strings, a string, or null")
        return split_ips(list(value))
    raise InputError("'ip_restriction' must be a list of strings, a string, or null")


def split_ips(items: list[str]) -> IpList:
    """Entries as typed, split on separators; blanks dropped.

    The first :data:`MAX_ENTRIES` entries are kept; the rest are only counted, with
    fast string methods, so a megabyte of addresses costs one pass.
    """
    entries: list[str] = []
    total = 0
    for item in items:
        if len(entries) >= MAX_ENTRIES:
            total += _count_tokens(item)
            continue
        for match in _IP_TOKEN.finditer(item):
            total += 1
            entries.append(match.group())
            if len(entries) == MAX_ENTRIES:
                total += _count_tokens(item[match.end() :])
                break
    return IpList(tuple(entries), total)


def _count_tokens(text: str) -> int:
    """How many entries ``text`` holds (a label of several words counts as several)."""
    for separator in _IP_SEPARATOR_CHARS:
        text = text.replace(separator, " ")
    return len(text.split())
