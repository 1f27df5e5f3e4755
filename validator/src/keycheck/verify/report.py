"""``keycheck verify``'s output: a report for people, JSON for tools, and the exit code.

The text is written for a trader or a support engineer reading a terminal: what the
exchange (HTX, OKX: named as its data module names it) says about the key first, then
the findings with their fixes and guide links, then any refusal with the guide section
that fixes it. JSON carries the same facts for tools.
Neither ever contains the secret: the run never hands it to this module.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from typing import Any

from keycheck import exchanges
from keycheck.errors import InputError
from keycheck.verify.flow import Problem, Verification

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2

WIDTH = 88  # text lines are wrapped to fit a terminal


def _wrap(text: str, indent: str = "    ", hang: str = "  ") -> list[str]:
    """``text`` wrapped to :data:`WIDTH`, continuation lines indented by ``hang`` more."""
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_on_hyphens=False,
    )
    return lines or [indent]


def exit_code(result: Verification) -> int:
    """0 when nothing of severity ``error`` was found, else 1 (2 is for runs that fail)."""
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def to_json(result: Verification) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    key = result.key
    clock = result.clock
    return {
        "exchange": result.exchange,
        "ok": result.ok,
        "base_url": result.base_url,
        "key": result.key_hint,
        "uid": result.uid,
        "clock": None
        if clock is None
        else {
            "offset_seconds": round(clock.offset, 3),
            "round_trip_seconds": round(clock.round_trip, 3),
            "server_time": _iso(clock.server_time_ms),
        },
        "api_key": None
        if key is None
        else {
            "status": key.status,
            "permissions": key.permissions,
            "ip_addresses": key.ip_addresses,
            "valid_days": key.valid_days,
            "note": key.note,
            "create_time": _iso(key.create_time),
            "update_time": _iso(key.update_time),
        },
        "sub_account": result.sub_account,
        "accounts": result.accounts,
        "findings": result.findings,
        "problems": [_problem_json(p) for p in result.problems],
        "notes": result.notes,
        "summary": summary(result),
    }


def summary(result: Verification) -> str:
    """A few plain lines a trader can paste to support (key shown as first/last 4)."""
    lines = [f"keycheck verify ({result.exchange}) key {result.key_hint} at {result.base_url}"]
    if result.key is not None:
        lines.append(
            f"{_name(result)}: status {result.key.status}; permissions "
            f"{','.join(result.key.permissions) or 'none'}; "
            f"{len(result.key.ip_addresses)} IP address(es)"
            + ("" if result.key.valid_days is None else f"; validDays {result.key.valid_days}")
        )
    elif result.sub_account and not result.problems:
        lines.append(f"{_name(result)}: key works (sub-account key: settings not visible)")
    if result.clock is not None:
        lines.append(f"clock offset {result.clock.offset:+.1f} s")
    for severity in ("error", "warning", "info"):
        codes = [f["code"] for f in result.findings if f["severity"] == severity]
        if codes:
            lines.append(f"{severity}s: {', '.join(codes)}")
    for problem in result.problems:
        sections = ", ".join(m["section"] for m in problem.matches) or "no known section"
        lines.append(f"{problem.kind} ({problem.severity}): {sections}")
    lines.append("result: ok" if result.ok else "result: problems found")
    return "\n".join(lines)


def to_text(result: Verification) -> str:
    """The report for a terminal."""
    name = _name(result)
    out: list[str] = [f"{name}'s answer for key {result.key_hint} ({result.base_url})", ""]
    rows: list[tuple[str, str]] = []
    key = result.key
    if key is not None:
        rows.append(("Status", key.status))
        labels = _permission_labels(result.exchange, key.permissions)
        rows.append(("Permissions", ", ".join(labels) or "none"))
        rows.append(("IP addresses", ", ".join(key.ip_addresses) or "none bound"))
        rows.append(("Expires", _expiry(key.valid_days, name)))
        if key.note:
            rows.append(("Note", key.note))
    elif result.sub_account and result.accounts:
        kinds = ", ".join(sorted({str(a.get("type")) for a in result.accounts}))
        rows.append(("Key", f"works (sub-account key; accounts: {kinds})"))
    elif any(p.kind == f"{result.exchange}-error" for p in result.problems):
        rows.append(("Key", f"refused by {name} (see below)"))
    if result.uid is not None:
        rows.append(("UID", str(result.uid)))
    if result.clock is not None:
        rows.append(("Clock", _clock_text(result.clock.offset, name)))
    width = max((len(label) for label, _ in rows), default=0)
    out.extend(f"  {label.ljust(width)}  {value}" for label, value in rows)

    if result.findings:
        out += ["", "Findings"]
        for f in result.findings:
            out.append(f"  {f['severity'].upper()} {f['code']} ({f['field']})")
            out.extend(_wrap(f["message"]))
            out.extend(_wrap(f"Fix: {f['fix']}"))
            out.append(f"    Guide: {f['help']}")
    if result.problems:
        out += ["", f"What {name} refused or reported"]
        for p in result.problems:
            out.extend(_problem_text(p, result.exchange, name))
    if result.notes:
        out += ["", "Notes"]
        for note in result.notes:
            out.extend(_wrap(f"- {note}", "  "))
    out += ["", _verdict(result)]
    return "\n".join(out) + "\n"


def _problem_text(problem: Problem, exchange: str, name: str) -> list[str]:
    refused = problem.kind == f"{exchange}-error"
    where = f" {problem.endpoint}" if problem.endpoint and refused else ""
    lines = _wrap(f"{problem.severity.upper()}{where}: {problem.message}", "  ", "    ")
    if not problem.matches:
        lines.append(f"    No section of the guide knows this message: see {exchange}/errors/")
    for m in problem.matches:
        lines.append(f"    {m['title']}: {m['section']}")
        if m.get("ip"):
            lines.append(f"    The IP address {name} saw: {m['ip']}")
        lines.extend(_wrap(f"Fix: {m['fix']}"))
    return lines


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "kind": problem.kind,
        "severity": problem.severity,
        "endpoint": problem.endpoint,
        "message": problem.message,
        "matches": problem.matches,
    }


def _verdict(result: Verification) -> str:
    errors = sum(f["severity"] == "error" for f in result.findings) + sum(
        p.severity == "error" for p in result.problems
    )
    warnings = sum(f["severity"] == "warning" for f in result.findings) + sum(
        p.severity == "warning" for p in result.problems
    )
    if result.ok:
        tail = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        return f"Result: no errors{tail}."
    return (
        f"Result: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}."
    )


def _expiry(valid_days: int | None, name: str) -> str:
    if valid_days is None:
        return f"not reported by {name}"
    if valid_days < 0:
        return f"never ({name}: validDays -1)"
    if valid_days == 0:
        return f"expired ({name}: validDays 0)"
    return f"in {valid_days} day{'s' if valid_days != 1 else ''} ({name}: validDays {valid_days})"


def _clock_text(offset: float, name: str) -> str:
    if abs(offset) < 1:
        return f"in step with {name} (offset {offset:+.1f} s)"
    direction = "behind" if offset > 0 else "ahead of"
    return f"this computer is {abs(offset):.1f} s {direction} {name}"


def _name(result: Verification) -> str:
    """The exchange's name as its data module spells it (``HTX``, ``OKX``)."""
    try:
        return exchanges.get(result.exchange).name
    except InputError:  # an exchange whose data module this keycheck lacks
        return result.exchange.upper()


def _permission_labels(exchange: str, reported: list[str]) -> list[str]:
    """The permissions the exchange's API reported, as its form labels them.

    The exchange's data module pairs each value its API reports with the form's label
    (``Permission.reported_as``); a value it does not know is shown as reported.
    """
    try:
        known = exchanges.get(exchange).reported_permissions
    except InputError:  # an exchange whose data module this keycheck lacks
        known = {}
    return [known[value].label if value in known else value for value in reported]


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    try:
        return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None
