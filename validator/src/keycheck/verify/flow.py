"""What ``keycheck verify`` asks HTX, in which order, and what the answers mean.

1. ``GET /v1/common/timestamp`` (public): HTX's clock, to report how far this
   computer's clock is off. A signed request carries a timestamp, and HTX refuses one
   that is too far from its own time, so requests are stamped with the corrected time
   and a large offset is reported with the guide's "clock out of sync" section.
2. ``GET /v2/user/uid`` (signed): the first proof that HTX accepts the key, the
   signature, this computer's IP address and the timestamp. A refusal here is HTX's
   error text, turned into the guide section that fixes it by :func:`keycheck.explain`.
3. ``GET /v2/user/api-key?uid=…&accessKey=…`` (signed): what HTX itself records for
   the key: ``permission``, ``ipAddresses``, ``validDays`` and ``status``. Those facts
   go through :func:`keycheck.check` as if the trader had ticked them, so the report
   uses the same finding codes, plus ``key-expired``.
4. Sub-account keys may not call step 3. The key then proves itself with the
   read-only ``GET /v1/account/accounts`` and the report says what it cannot know.

Response shapes: huobiapi docs, spot v1 ("Get UID", "API key query", "Get all
Accounts of the Current User", "Get Current Timestamp"); v1 bodies are
``{"status": "ok"|"error", "data"|"err-code"+"err-msg"}``, v2 bodies
``{"code": 200|<n>, "data"|"message"}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import keycheck
from keycheck import exchanges
from keycheck.verify.client import Answer, BadAnswer, Credentials, HtxClient

EXCHANGE = "htx"
CLOCK_WARN_SECONDS = 30.0  # a larger offset is reported with the clock section
CLOCK_CORRECT_SECONDS = 1.0  # a larger offset is corrected in the requests' timestamps
#: HTX's ``permission`` values -> the permission names of ``keycheck.check``'s input
#: (``reported_as`` in HTX's data module).
PERMISSION_NAMES = {
    value: perm.name for value, perm in exchanges.get(EXCHANGE).reported_permissions.items()
}
# A message HTX's docs print for an expired key: explain() finds the guide's section.
_EXPIRED_TEXT = "API key has expired"
_CLOCK_TEXT = "Invalid submission time or incorrect time format"
_INVALID_KEY_SECTION = "invalid-api-key-or-secret"


@dataclass
class Clock:
    """HTX's clock against this computer's, in seconds (positive: HTX is ahead)."""

    offset: float
    round_trip: float
    server_time_ms: int


@dataclass
class KeyInfo:
    """What ``GET /v2/user/api-key`` records for the key."""

    permissions: list[str]
    ip_addresses: list[str]
    valid_days: int | None  # -1: permanently valid
    status: str
    note: str
    create_time: int | None  # ms since the epoch
    update_time: int | None


@dataclass
class Problem:
    """Something HTX refused or reported, with the guide sections that fix it."""

    kind: str  # "htx-error" | "clock"
    severity: str  # "error" | "warning"
    endpoint: str | None
    message: str  # HTX's own text for "htx-error"
    matches: list[dict[str, Any]]  # keycheck.explain() matches: section, title, fix, ip?


@dataclass
class Verification:
    """Everything a run learned; :mod:`keycheck.verify.report` prints it."""

    base_url: str
    key_hint: str
    clock: Clock | None = None
    uid: int | None = None
    key: KeyInfo | None = None
    sub_account: bool = False
    accounts: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exchange: str = EXCHANGE

    @property
    def ok(self) -> bool:
        """No error: neither a finding nor a refusal of severity ``error``."""
        return not any(f["severity"] == "error" for f in self.findings) and not any(
            p.severity == "error" for p in self.problems
        )


def key_hint(access_key: str) -> str:
    """The access key as support may see it: its first and last 4 characters at most."""
    n = min(4, len(access_key) // 3)
    return f"{access_key[:n]}…{access_key[-n:]}" if n else "…"


def verify(client: HtxClient, credentials: Credentials) -> Verification:
    """Run the whole conversation with HTX; :class:`VerifyError` if it cannot finish."""
    result = Verification(
        base_url=client.base.origin + client.base.prefix,
        key_hint=key_hint(credentials.access_key),
    )
    result.clock = read_clock(client)
    offset = result.clock.offset if abs(result.clock.offset) >= CLOCK_CORRECT_SECONDS else 0.0
    if abs(result.clock.offset) > CLOCK_WARN_SECONDS:
        result.problems.append(
            Problem(
                kind="clock",
                severity="warning",
                endpoint="/v1/common/timestamp",
                message=(
                    f"This computer's clock is {_duration(abs(result.clock.offset))} "
                    f"{'behind' if result.clock.offset > 0 else 'ahead of'} HTX's. HTX "
                    "refuses requests stamped too far from its own time, so this check "
                    "stamped them with HTX's time; software signing with this clock may "
                    "be refused."
                ),
                matches=_explain(_CLOCK_TEXT),
            )
        )

    uid_answer = client.get_signed("/v2/user/uid", credentials, clock_offset=offset)
    uid, error = _outcome(uid_answer)
    if error is not None:
        _refused(result, uid_answer.path, error, credentials)
        return result
    if isinstance(uid, str) and uid.isdigit():
        uid = int(uid)
    if not isinstance(uid, int) or isinstance(uid, bool):
        raise BadAnswer(f"{uid_answer.path}: HTX's answer carries no user id")
    result.uid = uid

    key_answer = client.get_signed(
        "/v2/user/api-key",
        credentials,
        {"uid": str(uid), "accessKey": credentials.access_key},
        clock_offset=offset,
    )
    data, error = _outcome(key_answer)
    if error is not None:
        # The same key, signature, IP and clock were just accepted for /v2/user/uid, so
        # a refusal here is about this endpoint: HTX keeps it from sub-account keys.
        result.notes.append(
            f"HTX refused {key_answer.path} ({_error_text(error)}): it does not tell "
            "sub-account keys their own settings."
        )
        _fall_back(result, client, credentials, offset)
        return result
    entry = _entry_for(data, credentials.access_key)
    if entry is None:
        result.notes.append(f"HTX returned no details for this key from {key_answer.path}.")
        _fall_back(result, client, credentials, offset)
        return result
    result.key = _key_info(entry)
    result.findings = key_findings(result.key, result.notes)
    return result


def read_clock(client: HtxClient) -> Clock:
    """HTX's time from ``/v1/common/timestamp`` and the offset of the local clock."""
    answer = client.get_public("/v1/common/timestamp")
    data, error = _outcome(answer)
    if error is not None or not isinstance(data, int) or isinstance(data, bool):
        raise BadAnswer(f"{answer.path}: HTX's answer carries no timestamp")
    midpoint = (answer.started + answer.finished) / 2
    return Clock(
        offset=data / 1000 - midpoint,
        round_trip=answer.finished - answer.started,
        server_time_ms=data,
    )


def key_findings(key: KeyInfo, notes: list[str]) -> list[dict[str, Any]]:
    """HTX's record of the key as finding codes: ``check``'s, plus ``key-expired``."""
    granted = set(key.permissions)
    unknown = sorted(granted - set(PERMISSION_NAMES))
    if unknown:
        notes.append(f"HTX lists permissions this version does not know: {', '.join(unknown)}.")
    request = {
        "exchange": EXCHANGE,
        "permissions": {name: perm in granted for perm, name in PERMISSION_NAMES.items()},
        "ip_restriction": key.ip_addresses or None,
    }
    checked = keycheck.check(request)
    out = [f for f in checked["findings"] if f["field"] in ("permissions", "ip_restriction")]
    if key.status.lower() == "expired" or key.valid_days == 0:
        out.insert(0, _expired_finding(key))
    elif key.status.lower() != "normal":
        notes.append(f'HTX reports the key\'s status as "{key.status}".')
    return out


def _expired_finding(key: KeyInfo) -> dict[str, Any]:
    matches = _explain(_EXPIRED_TEXT)
    section = next((m for m in matches if m["section"].endswith("#key-expired")), None)
    return {
        "code": "key-expired",
        "severity": "error",
        "field": "api_key",
        "message": (
            f'HTX reports this key as expired (status "{key.status}", validDays '
            f"{key.valid_days}): it no longer works anywhere."
        ),
        "fix": section["fix"] if section else "Create a new key on HTX.",
        "help": section["section"] if section else "htx/errors/#key-expired",
    }


def _fall_back(
    result: Verification, client: HtxClient, credentials: Credentials, offset: float
) -> None:
    """Prove a sub-account key works with the read-only account list."""
    result.sub_account = True
    answer = client.get_signed("/v1/account/accounts", credentials, clock_offset=offset)
    data, error = _outcome(answer)
    if error is not None:
        _refused(result, answer.path, error, credentials)
        return
    if not isinstance(data, list):
        raise BadAnswer(f"{answer.path}: HTX's answer carries no account list")
    result.accounts = [
        {k: item.get(k) for k in ("id", "type", "subtype", "state") if k in item}
        for item in data
        if isinstance(item, dict)
    ]
    result.notes.append(
        "The key works (HTX listed its accounts), but HTX shows a sub-account key neither "
        "its permissions nor its IP addresses: check them in API Management while logged "
        "in to the main account."
    )


def _refused(result: Verification, path: str, error: dict[str, Any], creds: Credentials) -> None:
    """Record HTX's refusal, and if it blames the key, what a local check sees in it."""
    matches = _explain(json.dumps(error, ensure_ascii=False))
    result.problems.append(
        Problem(
            kind="htx-error",
            severity="error",
            endpoint=path,
            message=_error_text(error),
            matches=matches,
        )
    )
    if any(m["section"].endswith(f"#{_INVALID_KEY_SECTION}") for m in matches):
        checked = keycheck.check({"exchange": EXCHANGE, **creds.check_input()})
        result.findings.extend(
            f for f in checked["findings"] if f["field"] in ("api_key", "secret_key")
        )


def _outcome(answer: Answer) -> tuple[object, dict[str, Any] | None]:
    """``(data, None)`` for a success body, ``(None, body)`` for an HTX error body."""
    body = answer.body
    if isinstance(body, dict):
        if body.get("status") == "ok" or body.get("code") in (200, "200"):
            return body.get("data"), None
        if body.get("status") == "error" or "code" in body or "err-code" in body:
            return None, body
    raise BadAnswer(
        f"{answer.path}: HTTP {answer.http_status} with a body that is not in HTX's format"
    )


def _error_text(error: dict[str, Any]) -> str:
    """HTX's code and message from a v1 or v2 error body, as one line."""
    code = error.get("err-code", error.get("code"))
    message = error.get("err-msg", error.get("message"))
    parts = [str(p) for p in (code, message) if p not in (None, "")]
    return " ".join(": ".join(parts).split()) or "an error without a message"


def _explain(text: str) -> list[dict[str, Any]]:
    """The guide sections :func:`keycheck.explain` matches, or none."""
    return list(keycheck.explain(text, exchange=EXCHANGE).get("matches", []))


def _entry_for(data: object, access_key: str) -> dict[str, Any] | None:
    if not isinstance(data, list):
        return None
    for item in data:
        if isinstance(item, dict) and item.get("accessKey") == access_key:
            return item
    return None


def _key_info(entry: dict[str, Any]) -> KeyInfo:
    def text(name: str) -> str:
        value = entry.get(name)
        return value if isinstance(value, str) else ""

    def number(name: str) -> int | None:
        value = entry.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return KeyInfo(
        permissions=[p.strip() for p in text("permission").split(",") if p.strip()],
        ip_addresses=[ip.strip() for ip in text("ipAddresses").split(",") if ip.strip()],
        valid_days=number("validDays"),
        status=text("status") or "unknown",
        note=text("note"),
        create_time=number("createTime"),
        update_time=number("updateTime"),
    )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
