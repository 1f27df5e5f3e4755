"""Match an error an exchange returned to the section of the guide that fixes it.

Traders paste whatever they got: the bare message, the JSON body, a Python repr with
``u'…'`` and ``\\uXXXX`` escapes, a PHP ``print_r`` or Elixir map dump, a library's log
line or exception around the body, a WebSocket reply, an HTTP status line and headers,
the English or the Chinese half. Whatever the shape, the text is read the same way:
escapes are decoded (one linear pass, twice at most for doubly escaped text), any JSON
object in it is decoded, and error codes are read from ``code`` / ``err-code`` /
``err_code`` fields written as JSON, repr, ``print_r`` (``[err_code] => 1010``) or Elixir
(``"code" => 2002``).

Matching uses the phrases and numeric codes of the exchange's data module. Words are
more specific than numbers (HTX reuses codes across its APIs: 4002 is an account-mode
error on USDT-M futures and a failed login on the old WebSocket), so a phrase match
wins over a code-only match, and the guide's sections win over errors that are not
about the key at the same level. A message that only an error-not-about-the-key rule
explains is answered as such, never as a key problem. The IP address the exchange saw
is read from the text that follows "Incorrect IP address", because that is the address
to bind.
"""

from __future__ import annotations

import ipaddress
import json
import re
import unicodedata
from functools import lru_cache
from typing import Any

from . import exchanges, finding_codes
from .errors import InputError
from .exchanges.spec import ExchangeSpec, ExplainRule
from .jsondepth import too_deep

# A code field in any of the notations above: "err_code":1010, 'err-code': 2003,
# [err_code] => 1010, "code" => 2002, code: '1003', errcode=12005.
_CODE_FIELD = re.compile(
    r"(?i)(?<![a-z0-9_.-])(?:err[_-]?code|code)[\"'\s\]]*(?:=>|[:=])\s*[\"']?(\d{3,5})(?!\d)"
)
# A run of escapes of one kind, from a JSON string, a Python repr or a log: \uXXXX
# (surrogate pairs included), \UXXXXXXXX, \xNN bytes, or one-character escapes. Runs,
# not single escapes, so that a megabyte of escapes costs a few calls, not a million.
# The pattern starts with its backslash so that the scan skips plain text quickly.
_ESCAPE = re.compile(
    r"\\(?:"
    r"(u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4})*)"
    r"|U([0-9a-fA-F]{8})"
    r"|(x[0-9a-fA-F]{2}(?:\\x[0-9a-fA-F]{2})*)"
    r"|([\\/\"'nrt](?:\\[\\/\"'nrt])*)"
    r")"
)
_SIMPLE_ESCAPES = str.maketrans({"n": "\n", "r": "\r", "t": "\t"})
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")  # typographic forms of "'" in HTX's texts
_IP_TOKEN = re.compile(r"[0-9a-f:.]{2,45}")
_IP_WINDOW = 96
_MAX_OCCURRENCES = 20
_CODE_KEYS = frozenset({"err_code", "err-code", "errcode", "code", "status"})
_MAX_JSON_VALUES = 10_000
_TITLES = {s.id: s.title for s in finding_codes.SECTIONS}

# The three answers explain can give, in the result's "verdict" field.
KNOWN_ERROR = "known-error"  # one or more sections of the errors page fix it
NOT_A_KEY_PROBLEM = "not-a-key-problem"  # a known error that no key change can fix
UNKNOWN = "unknown"  # nothing known in the text


def explain(text: object, exchange: object) -> dict[str, Any]:
    """Sections of the exchange's errors page that fix the error in ``text``.

    Returns ``{"exchange", "verdict", "matches": [{"section", "title", "fix", "ip"?}],
    "not_key_problems": [{"category", "title", "explanation", "help"}], "help"}``; see
    the package docstring for the meaning of each field.
    """
    spec = exchanges.get(exchange)
    if not isinstance(text, str):
        raise InputError("the error text must be a string")
    if not text.strip():
        raise InputError("no error text given: paste the message the exchange returned")
    haystack, codes = _read(text)
    sections, others = _select(spec, haystack, codes)
    matches: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rule in sections:
        if rule.section not in seen:
            seen.add(rule.section)
            matches.append(_match(spec, rule, haystack))
    not_key = _not_key(spec, others)
    verdict = KNOWN_ERROR if matches else NOT_A_KEY_PROBLEM if not_key else UNKNOWN
    return {
        "exchange": spec.id,
        "verdict": verdict,
        "matches": matches,
        "not_key_problems": not_key,
        "help": spec.errors_page,
    }


# -- reading -------------------------------------------------------------------------


def _read(text: str) -> tuple[str, set[int]]:
    """The text to search (normalised, escapes and JSON decoded) and the codes seen."""
    parts = [text]
    decoded = unescape(text)
    if decoded != text:
        parts.append(decoded)
    codes: set[int] = set()
    for part in parts:
        codes |= {int(m.group(1)) for m in _CODE_FIELD.finditer(part)}
    for body in _json_bodies(decoded):
        strings, found = _walk(body)
        parts += strings
        codes |= found
    return normalise("\n".join(parts)), codes


def unescape(text: str) -> str:
    """``text`` with JSON / Python escapes decoded; twice for doubly escaped text.

    One regular-expression pass each, so the cost is linear in the length. Invalid
    code points (lone surrogates) become U+FFFD; a ``\\x`` run that is not UTF-8 is
    read as Latin-1, as Python 2 printed it.
    """
    if "\\" not in text:
        return text
    once = _ESCAPE.sub(_decode_escape, text)
    if "\\" not in once or once == text:
        return once
    return _ESCAPE.sub(_decode_escape, once)


def _decode_escape(match: re.Match[str]) -> str:
    bmp_run, astral, byte_run, simple_run = match.groups()
    if bmp_run is not None:
        # UTF-16 code units; pairs combine, a lone surrogate becomes U+FFFD.
        units = ("\\" + bmp_run).encode("ascii").decode("unicode_escape")
        return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if astral is not None:
        point = int(astral, 16)
        if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
            return "\ufffd"
        return chr(point)
    if byte_run is not None:
        data = bytes.fromhex(("\\" + byte_run).replace("\\x", ""))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    return simple_run[::2].translate(_SIMPLE_ESCAPES)


def normalise(text: str) -> str:
    """Compatibility forms folded (NFKC), apostrophes unified, casefolded, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text)
    for apostrophe in _APOSTROPHES:
        folded = folded.replace(apostrophe, "'")
    return " ".join(folded.casefold().split())


def _json_bodies(text: str) -> list[object]:
    """The JSON value ``text`` is, or the object a log line or exception wraps."""
    stripped = text.strip()
    candidates = [stripped] if stripped[:1] in "{[" else []
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        wrapped = text[start : end + 1]
        if wrapped != stripped:
            candidates.append(wrapped)
    bodies = []
    for candidate in candidates:
        if too_deep(candidate):
            continue
        try:
            bodies.append(json.loads(candidate))
        except (ValueError, RecursionError):
            continue
    return bodies


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


# -- matching ------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _needle(phrase: str) -> str:
    return normalise(phrase)


def _by_phrase(rule: ExplainRule, haystack: str) -> bool:
    return any(_needle(p) in haystack for p in rule.phrases)


def _by_code(rule: ExplainRule, haystack: str, codes: set[int]) -> bool:
    if rule.all_phrases and all(_needle(p) in haystack for p in rule.all_phrases):
        return True
    return bool(codes.intersection(rule.codes))


def _select(
    spec: ExchangeSpec, haystack: str, codes: set[int]
) -> tuple[list[ExplainRule], list[ExplainRule]]:
    """(section rules, not-key rules) that answer the text, at the first level that hits.

    Levels, in order: sections by phrase; not-key errors by phrase; sections by code
    (or by all of ``all_phrases``); the generic fallback sections; not-key errors by code.
    """
    specific = [r for r in spec.explain_rules if not r.fallback]
    fallback = [r for r in spec.explain_rules if r.fallback]
    levels: list[tuple[list[ExplainRule], bool]] = [
        ([r for r in specific if _by_phrase(r, haystack)], True),
        ([r for r in spec.not_key_rules if _by_phrase(r, haystack)], False),
        ([r for r in specific if _by_code(r, haystack, codes)], True),
        ([r for r in fallback if _by_phrase(r, haystack) or _by_code(r, haystack, codes)], True),
        ([r for r in spec.not_key_rules if _by_code(r, haystack, codes)], False),
    ]
    for rules, are_sections in levels:
        if rules:
            return (rules, []) if are_sections else ([], rules)
    return [], []


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


def _not_key(spec: ExchangeSpec, rules: list[ExplainRule]) -> list[dict[str, Any]]:
    categories = {c.id: c for c in spec.not_key_categories}
    out: list[dict[str, Any]] = []
    for category_id in dict.fromkeys(r.section for r in rules):
        category = categories[category_id]
        out.append(
            {
                "category": category.id,
                "title": category.title,
                "explanation": category.explanation,
                "help": spec.errors_page,
            }
        )
    return out


def _ip_after(haystack: str, phrases: tuple[str, ...]) -> str | None:
    """The first IP address within a short window after any of ``phrases``."""
    for phrase in phrases:
        needle = _needle(phrase)
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
