"""Run every check on one submission and assemble the report.

Data in, findings out: no I/O, no clock, no randomness, so the same input gives the
same report in CPython and in Pyodide. The output shape is the public contract of
``keycheck.check``.
"""

from __future__ import annotations

from typing import Any

from . import inputs, summary
from .finding import has_error, ordered
from .rules import credentials, ip, permissions


def check(data: object) -> dict[str, Any]:
    """Check one input object; see :func:`keycheck.check` for the shapes."""
    submission = inputs.parse(data)
    spec = submission.spec
    checked = credentials.check(
        spec, submission.api_key, submission.secret_key, submission.passphrase
    )
    found = checked.findings
    found += permissions.check(spec, submission.permissions, submission.scope)
    found += ip.check(spec, submission.ip_restriction, checked.redactor)
    found = ordered(found)
    return {
        "exchange": spec.id,
        "ok": not has_error(found),
        "headline": summary.headline(found),
        "findings": [f.to_dict() for f in found],
        "summary": summary.build(submission, found, checked.key_scan, checked.key_shown),
    }
