"""What ``keycheck verify --exchange okx`` asks OKX, and what the answers mean.

1. ``GET /api/v5/public/time`` (public): OKX's clock, ``{"code": "0", "data": [{"ts":
   "<ms>"}]}`` (docs-v5, Public Data > "Get system time"), to report how far this
   computer's clock is off. OKX refuses a request whose ``OK-ACCESS-TIMESTAMP`` is too
   far from its time (50102 "Timestamp request expired."), so requests are stamped with
   the corrected time and a large offset is reported with the clock section.
2. ``GET /api/v5/account/config`` (signed): "Retrieve current account configuration"
   (docs-v5, Trading Account > "Get account configuration",
   https://www.okx.com/docs-v5/en/#trading-account-rest-api-get-account-configuration).
   Its answer describes the key that signed the request: ``perm`` ("The permission of
   the current requesting API key or Access token": ``read_only``, ``trade``,
   ``withdraw``, comma-separated, e.g. ``"read_only,withdraw,trade"``), ``ip`` ("IP
   addresses that linked with current API key, separate with commas if more than one
   ... an empty string "" if there is no IP bonded"), ``label`` ("API key note of
   current request API key"), ``uid`` and ``mainUid`` ("The current request account is
   sub-account if uid != mainUid"). Those facts go through :func:`keycheck.check` as if
   the trader had ticked them, so the report uses the same finding codes.
   A refusal is OKX's error body ``{"code": "501xx", "msg": ..., "data": []}`` (docs-v5,
   Error Code > REST API > API Class), turned into the guide section that fixes it by
   :func:`keycheck.explain` with ``exchange="okx"``.

OKX answers every call with ``{"code": "0", "msg": "", "data": [...]}`` on success; the
code is a string.
"""

from __future__ import annotations

import json
import re
from typing import Any

import keycheck
from keycheck import exchanges
from keycheck.errors import InputError
from keycheck.verify.client import Answer, BadAnswer, VerifyError
from keycheck.verify.flow import Clock, KeyInfo, Problem, Verification, key_hint
from keycheck.verify.okx_client import OkxClient, OkxCredentials

EXCHANGE = "okx"
NAME = "OKX"
ERRORS_PAGE = "okx/errors/"
TIME_PATH = "/api/v5/public/time"
CONFIG_PATH = "/api/v5/account/config"
CLOCK_WARN_SECONDS = 30.0  # "The request will expire 30 seconds after the timestamp" (WS login)
CLOCK_CORRECT_SECONDS = 1.0  # a larger offset is corrected in the requests' timestamps
#: What a request that OKX accepted shows as the key's status: OKX reports none.
ACCEPTED = "accepted"
# OKX's own body for an expired timestamp (docs-v5, Error Code > API Class, 50102).
_CLOCK_BODY = {"code": "50102", "msg": "Timestamp request expired."}
# Sections after which the pasted values themselves are worth a local format check.
_CREDENTIAL_SECTIONS = ("invalid-api-key-or-secret", "wrong-passphrase")

# OKX's authentication codes (docs-v5, Error Code > REST API > API Class) -> the section
# of okx/errors/ that fixes them, with a short title. keycheck.explain() answers first;
# this table answers only when explain has no OKX rules or no match, and a test checks
# that the two agree wherever explain knows the code.
FALLBACK_SECTIONS: dict[str, tuple[str, str]] = {
    "50101": ("demo-live-mismatch", "Demo key used for live trading, or the reverse"),
    "50102": ("clock-out-of-sync", "Clock out of sync"),
    "50103": ("invalid-api-key-or-secret", "Invalid API key or secret"),
    "50104": ("wrong-passphrase", "Wrong passphrase"),
    "50105": ("wrong-passphrase", "Wrong passphrase"),
    "50106": ("invalid-api-key-or-secret", "Invalid API key or secret"),
    "50107": ("clock-out-of-sync", "Clock out of sync"),
    "50110": ("ip-restriction-error", "IP restriction error"),
    "50111": ("invalid-api-key-or-secret", "Invalid API key or secret"),
    "50112": ("clock-out-of-sync", "Clock out of sync"),
    "50113": ("invalid-api-key-or-secret", "Invalid API key or secret"),
    "50114": ("invalid-api-key-or-secret", "Invalid API key or secret"),
    "50119": ("key-expired", "API key expired"),
    "50120": ("permission-denied", "Permission denied"),
}
# 50110: "Your IP {param0} is not included in your API key's IP whitelist."
_IP_IN_MESSAGE = re.compile(r"(?i)\byour ip\s+([0-9A-Fa-f:.]+)")


def verify(client: OkxClient, credentials: OkxCredentials) -> Verification:
    """Run the conversation with OKX; :class:`VerifyError` if it cannot finish."""
    result = Verification(
        base_url=client.base.origin + client.base.prefix,
        key_hint=key_hint(credentials.api_key),
        exchange=EXCHANGE,
    )
    unsendable = credentials.unsendable_fields()
    if unsendable:
        _unsendable(result, unsendable, credentials)
        return result
    if client.demo:
        result.notes.append(
            "Asked OKX's demo trading environment (x-simulated-trading: 1): only a demo "
            "trading key passes; a live key is refused there, and the reverse."
        )
    result.clock = read_clock(client)
    offset = result.clock.offset if abs(result.clock.offset) >= CLOCK_CORRECT_SECONDS else 0.0
    if abs(result.clock.offset) > CLOCK_WARN_SECONDS:
        ahead = result.clock.offset > 0
        result.problems.append(
            Problem(
                kind="clock",
                severity="warning",
                endpoint=TIME_PATH,
                message=(
                    f"This computer's clock is {_duration(abs(result.clock.offset))} "
                    f"{'behind' if ahead else 'ahead of'} OKX's. OKX refuses requests "
                    "stamped too far from its own time, so this check stamped them with "
                    "OKX's time; software signing with this clock may be refused."
                ),
                matches=explain_error(_CLOCK_BODY),
            )
        )

    answer = client.get_signed(CONFIG_PATH, credentials, clock_offset=offset)
    data, error = outcome(answer)
    if error is not None:
        _refused(result, answer.path, error, credentials)
        return result
    entry = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else None
    if entry is None:
        raise BadAnswer(f"{answer.path}: OKX's answer carries no account configuration")
    uid = _text(entry, "uid")
    result.uid = int(uid) if uid.isdigit() else None
    main_uid = _text(entry, "mainUid")
    if uid and main_uid and uid != main_uid:
        result.sub_account = True
        result.notes.append(
            "The key belongs to a sub-account (OKX's uid differs from mainUid): the "
            "permissions and IP addresses above are that sub-account key's."
        )
    result.key = key_info(entry)
    result.findings = key_findings(result.key, result.notes)
    return result


def read_clock(client: OkxClient) -> Clock:
    """OKX's time from ``/api/v5/public/time`` and the offset of the local clock."""
    answer = client.get_public(TIME_PATH)
    data, error = outcome(answer)
    stamp = None
    if error is None and isinstance(data, list) and data and isinstance(data[0], dict):
        stamp = data[0].get("ts")
    if not isinstance(stamp, str) or not stamp.isdigit():
        raise BadAnswer(f"{answer.path}: OKX's answer carries no timestamp")
    server_ms = int(stamp)
    midpoint = (answer.started + answer.finished) / 2
    return Clock(
        offset=server_ms / 1000 - midpoint,
        round_trip=answer.finished - answer.started,
        server_time_ms=server_ms,
    )


def key_info(entry: dict[str, Any]) -> KeyInfo:
    """The account configuration's facts about the key, as verify's report holds them."""
    return KeyInfo(
        permissions=_split(_text(entry, "perm")),
        ip_addresses=_split(_text(entry, "ip")),
        valid_days=None,  # OKX reports no expiry
        status=ACCEPTED,
        note=_text(entry, "label"),
        create_time=None,
        update_time=None,
    )


def key_findings(key: KeyInfo, notes: list[str]) -> list[dict[str, Any]]:
    """OKX's record of the key as ``keycheck check``'s finding codes."""
    try:
        spec = exchanges.get(EXCHANGE)
    except InputError:
        raise VerifyError(
            "this keycheck has no OKX rules (keycheck.exchanges.okx), so it cannot judge "
            "what OKX reported; install a version that includes OKX"
        ) from None
    # OKX's ``perm`` values -> the permission names of ``keycheck.check``'s input
    # (``reported_as`` in OKX's data module).
    reported = spec.reported_permissions
    granted = set(key.permissions)
    unknown = sorted(granted - set(reported))
    if unknown:
        notes.append(f"OKX lists permissions this version does not know: {', '.join(unknown)}.")
    request = {
        "exchange": EXCHANGE,
        "permissions": {perm.name: value in granted for value, perm in reported.items()},
        "ip_restriction": key.ip_addresses or None,
    }
    checked = keycheck.check(request)
    return [f for f in checked["findings"] if f["field"] in ("permissions", "ip_restriction")]


def outcome(answer: Answer) -> tuple[object, dict[str, Any] | None]:
    """``(data, None)`` for OKX's success body, ``(None, body)`` for its error body."""
    body = answer.body
    if isinstance(body, dict) and isinstance(body.get("code"), str | int):
        if str(body["code"]) == "0":
            return body.get("data"), None
        return None, body
    raise BadAnswer(
        f"{answer.path}: HTTP {answer.http_status} with a body that is not in OKX's format"
    )


def explain_error(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The guide sections for OKX's error ``body``: :func:`keycheck.explain`'s, else by code."""
    text = json.dumps(body, ensure_ascii=False)
    try:
        matches = list(keycheck.explain(text, exchange=EXCHANGE).get("matches", []))
    except InputError:  # this keycheck has no OKX data module
        matches = []
    return matches or fallback_matches(body)


def fallback_matches(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The section OKX's error code points to, from :data:`FALLBACK_SECTIONS`."""
    code = str(body.get("code", ""))
    known = FALLBACK_SECTIONS.get(code)
    if known is None:
        return []
    section, title = known
    match: dict[str, Any] = {
        "section": f"{ERRORS_PAGE}#{section}",
        "title": title,
        "fix": f"See the section of the guide for OKX's code {code}.",
    }
    found = _IP_IN_MESSAGE.search(str(body.get("msg", "")))
    if section == "ip-restriction-error" and found:
        match["ip"] = found.group(1).rstrip(".")
    return [match]


def _refused(result: Verification, path: str, error: dict[str, Any], creds: OkxCredentials) -> None:
    """Record OKX's refusal, and if it blames the values, what a local check sees in them."""
    matches = explain_error(error)
    result.problems.append(
        Problem(
            kind=f"{EXCHANGE}-error",
            severity="error",
            endpoint=path,
            message=error_text(error),
            matches=matches,
        )
    )
    if any(m["section"].endswith(_CREDENTIAL_SECTIONS) for m in matches):
        result.findings.extend(_credential_findings(creds))


# The section for a value that cannot be sent: the key's, or the passphrase's.
_UNSENDABLE_SECTIONS = {
    "api_key": ("invalid-api-key-or-secret", "Invalid API key or secret", "API key"),
    "passphrase": ("wrong-passphrase", "Wrong passphrase", "Passphrase"),
}


def _unsendable(result: Verification, fields: list[str], creds: OkxCredentials) -> None:
    """Report values that OKX's headers cannot carry, without sending anything."""
    for name in fields:
        section, title, label = _UNSENDABLE_SECTIONS[name]
        result.problems.append(
            Problem(
                kind="input",
                severity="error",
                endpoint=None,
                message=(
                    f"The {label} has a space or tab at its start or end, or a character "
                    "other than printable ASCII (an invisible or accented character, a "
                    "line break): OKX receives it in a request header, which cannot "
                    "carry it as it is, so nothing was sent to OKX."
                ),
                matches=[
                    {
                        "section": f"{ERRORS_PAGE}#{section}",
                        "title": title,
                        "fix": f"Copy the {label} again, without anything around it.",
                    }
                ],
            )
        )
    result.findings.extend(_credential_findings(creds))


def _credential_findings(creds: OkxCredentials) -> list[dict[str, Any]]:
    """``keycheck check``'s findings on the pasted values (the passphrase when it can)."""
    values = creds.check_input()
    for request in (values, {k: v for k, v in values.items() if k != "passphrase"}):
        try:
            checked = keycheck.check({"exchange": EXCHANGE, **request})
        except InputError:  # no OKX rules, or no passphrase field, in this keycheck
            continue
        fields = ("api_key", "secret_key", "passphrase")
        return [f for f in checked["findings"] if f["field"] in fields]
    return []


def error_text(error: dict[str, Any]) -> str:
    """OKX's error as one line: ``50111: Invalid OK-ACCESS-KEY``."""
    code = str(error.get("code", "")).strip()
    message = str(error.get("msg", "")).strip()
    return ": ".join(part for part in (code, message) if part) or "OKX refused the request"


def _text(entry: dict[str, Any], name: str) -> str:
    value = entry.get(name)
    return value.strip() if isinstance(value, str) else ""


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
