"""Match an error an exchange returned to the section of the guide that fixes it.

Traders paste whatever they got: the bare message, the JSON body, a log line, the
English or the Chinese half. Matching is by phrases and numeric error codes listed in
the exchange's data module; the IP address the exchange saw is read from the text that
follows "Incorrect IP address", because that is the address to bind.
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any

from . import exchanges, findings
from .errors import InputError
from .exchanges.spec import ExchangeSpec, ExplainRule
from .jsondepth import too_deep

_CODE_FIELD = re.compile(r"(?i)(?:err[_-]?code|code)[\"'\s]*[:=]\s*[\"']?(\d{3,5})(?!\d)")
_IP_TOKEN = re.compile(r"[0-9a-f:.]{2,45}")
_IP_WINDOW = 96
_MAX_OCCURRENCES = 20
_CODE_KEYS = frozenset({"err_code", "err-code", "errcode", "code", "status"})
_MAX_JSON_VALUES = 10_000
_TITLES = {s.id: s.title for s in findings.SECTIONS}


def explain(text: object, exchange: object = "htx") -> dict[str, Any]:
    """Sections of the exchange's errors page that fix the error in ``text``.

    Returns ``{"exchange", "matches": [{"section", "title", "fix", "ip"?}], "help"}``
    where ``section`` is a site path with anchor (``htx/errors/#ip-restriction-error``),
    ``ip`` the address the exchange reported, and ``help`` the errors page itself.
    """
    spec = exchanges.get(exchange)
    if not isinstance(text, str):
        raise InputError("the error text must be a string")
    if not text.strip():
        raise InputError("no error text given: paste the message the exchange returned")
    haystack, codes = _read(text)
    matched = [r for r in spec.explain_rules if not r.fallback and _hit(r, haystack, codes)]
    if not matched:
        matched = [r for r in spec.explain_rules if r.fallback and _hit(r, haystack, codes)]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rule in matched:
        if rule.section in seen:
            continue
        seen.add(rule.section)
        out.append(_match(spec, rule, haystack))
    return {"exchange": spec.id, "matches": out, "help": spec.errors_page}


def _read(text: str) -> tuple[str, set[int]]:
    """The text to search (casefolded, JSON strings decoded) and the error codes seen."""
    parts = [text]
    codes = {int(m.group(1)) for m in _CODE_FIELD.finditer(text)}
    stripped = text.strip()
    if stripped[:1] in "{[" and not too_deep(stripped):
        try:
            body = json.loads(stripped)
        except (ValueError, RecursionError):
            body = None
        if body is not None:
            strings, found = _walk(body)
            parts += strings
            codes |= found
    return "\n".join(parts).casefold(), codes


def _walk(body: object) -> tuple[list[str], set[int]]:
    """String values and numeric error codes anywhere in a decoded JSON body."""
    strings: list[str] = []
    codes: set[int] = set()
    stack: list[tuple[str, object]] = [("", body)]
    visited = 0
    while stack and visited < _MAX_JSON_VALUES:
        key, value = stack.pop()
        visited += 1
        if isinstance(value, dict):
            stack.extend((str(k).casefold(), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((key, v) for v in value)
        elif isinstance(value, str):
            strings.append(value)
            if key in _CODE_KEYS and value.isdigit() and len(value) <= 6:
                codes.add(int(value))
        elif isinstance(value, int) and not isinstance(value, bool) and key in _CODE_KEYS:
            codes.add(value)
    return strings, codes


def _hit(rule: ExplainRule, haystack: str, codes: set[int]) -> bool:
    if any(p.casefold() in haystack for p in rule.phrases):
        return True
    if rule.all_phrases and all(p.casefold() in haystack for p in rule.all_phrases):
        return True
    return bool(codes.intersection(rule.codes))


def _match(spec: ExchangeSpec, rule: ExplainRule, haystack: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "section": f"{spec.errors_page}#{rule.section}",
        "title": _TITLES[rule.section],
        "fix": spec.explain_fixes[rule.section],
    }
    if rule.extract_ip:
        ip = _ip_after(haystack, rule.phrases)
        if ip is not None:
            entry["ip"] = ip
            entry["fix"] += f" {spec.name} saw the request come from {ip}."
    return entry


def _ip_after(haystack: str, phrases: tuple[str, ...]) -> str | None:
    """The first IP address within a short window after any of ``phrases``."""
    for phrase in phrases:
        needle = phrase.casefold()
        start = haystack.find(needle)
        for _ in range(_MAX_OCCURRENCES):
            if start == -1:
                break
            window = haystack[start + len(needle) : start + len(needle) + _IP_WINDOW]
            for token in _IP_TOKEN.findall(window):
                address = _address(token)
                if address is not None:
                    return address
            start = haystack.find(needle, start + 1)
    return None


def _address(token: str) -> str | None:
    for candidate in (token, token.lstrip(":"), token.strip(".:")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
