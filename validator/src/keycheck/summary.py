"""The plain-text report a trader pastes into a support ticket.

It tells support what was checked and found without disclosing the credentials: the
API Key field at most as its first and last four characters, and only when
:func:`keycheck.preview.key_may_be_shown` allows it (the field holds one plausible
key and nothing in it points at secret material); the secret only as "given" and its
length; the passphrase, for exchanges that have one, only as "given", without even its
length.
"""

from __future__ import annotations

from collections import Counter

from . import wording
from ._version import __version__ as _version
from .finding import Finding
from .finding_codes import ERROR, INFO, WARNING
from .inputs import Submission
from .textscan import Scan


def build(
    submission: Submission, items: list[Finding], key_scan: Scan | None, key_shown: bool
) -> str:
    """The report; ``key_shown`` allows the API Key's head and tail (see preview.py)."""
    spec = submission.spec
    counts = Counter(f.severity for f in items)
    verdict = "OK" if counts[ERROR] == 0 else "NOT OK"
    lines = [
        f"keycheck {_version} - {spec.name} API key check",
        f"Result: {verdict} ({_n(counts[ERROR], 'error')}, {_n(counts[WARNING], 'warning')}, "
        f"{_n(counts[INFO], 'note')})",
        f"{spec.api_key.label}: {_key(submission, key_scan, key_shown)}",
        f"{spec.secret_key.label}: {_secret(submission)}",
    ]
    if spec.passphrase is not None:
        lines.append(f"{spec.passphrase.label}: {_passphrase(submission)}")
    if submission.scope is not None:
        lines.append(f"Scope: {submission.scope}")
    if submission.permissions is not None:
        ticked = [p.label for p in spec.permissions if submission.permissions.get(p.name)]
        lines.append("Permissions ticked: " + (", ".join(ticked) if ticked else "none"))
    if submission.ip_restriction is not None:
        total = submission.ip_restriction.total
        lines.append(f"IP addresses bound: {total}" if total else "IP restriction: off")
    if items:
        per_code = Counter((f.severity, f.code, f.field) for f in items)
        lines.append("Findings:")
        for (severity, code, field), n in per_code.items():
            times = f" x{n}" if n > 1 else ""
            lines.append(f"  {severity} {code}{times} ({field})")
    else:
        lines.append("Findings: none")
    lines.append("Checked on the trader's device; nothing was sent anywhere.")
    return "\n".join(lines)


def headline(items: list[Finding]) -> str:
    """One line over the results: ``2 errors, 1 warning`` or that nothing was found.

    The widget shows it as it is, so the counts and their wording live here only.
    """
    if not items:
        return "No problems found in what you entered."
    counts = Counter(f.severity for f in items)
    parts = [
        _n(counts[severity], noun)
        for severity, noun in ((ERROR, "error"), (WARNING, "warning"), (INFO, "note"))
        if counts[severity]
    ]
    return ", ".join(parts)


def _n(count: int, noun: str) -> str:
    return wording.count(count, noun)


def _key(submission: Submission, key_scan: Scan | None, shown: bool) -> str:
    if submission.api_key is None or key_scan is None:
        return "not given"
    if key_scan.is_blank:
        return "empty"
    length = wording.count(key_scan.clean_length, "character")
    clean = key_scan.clean
    if shown and clean is not None:
        return f"{clean[:4]}...{clean[-4:]} ({length})"
    return length


def _passphrase(submission: Submission) -> str:
    """Whether the passphrase was given: never a character of it, nor its length."""
    if submission.passphrase is None:
        return "not given"
    if submission.passphrase == "":
        return "empty"
    return "given (never shown)"


def _secret(submission: Submission) -> str:
    secret = submission.secret_key
    if secret is None:
        return "not given"
    if secret == "":
        return "empty"
    return f"given, {wording.count(len(secret), 'character')} (never shown)"
