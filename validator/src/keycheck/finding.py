"""Findings as values: construction from a declared code, deterministic order, output.

Rules build :class:`Finding` objects through :func:`make`, which takes severity and the
help link from the catalog, so a rule cannot emit an undeclared code or a link that the
errors page does not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import finding_codes
from .exchanges.spec import ExchangeSpec


@dataclass(frozen=True)
class Finding:
    """One problem found in the input.

    ``position`` is 1-based: the character position in the value as pasted for
    ``api_key``/``secret_key`` (counted in Unicode code points), the entry number for
    ``ip_restriction``; ``None`` when the finding is about the value as a whole.
    """

    code: str
    severity: str
    field: str
    message: str
    fix: str
    help: str
    position: int | None = None

    def sort_key(self) -> tuple[int, int, int]:
        return (
            finding_codes.FIELDS.index(self.field),
            self.position if self.position is not None else 0,
            finding_codes.CODE_ORDER[self.code],
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "fix": self.fix,
            "help": self.help,
        }
        if self.position is not None:
            out["position"] = self.position
        return out


def make(
    spec: ExchangeSpec,
    code: str,
    field: str,
    message: str,
    position: int | None = None,
    severity: str | None = None,
) -> Finding:
    """A finding for a declared ``code``, with the exchange's fix and help link."""
    declared = finding_codes.info(code)
    return Finding(
        code=code,
        severity=severity or declared.severity,
        field=field,
        message=message,
        fix=spec.fixes[code],
        help=help_path(spec, code),
        position=position,
    )


def help_path(spec: ExchangeSpec, anchor: str) -> str:
    """Site path of a section of the exchange's errors page: ``<errors_page>#<anchor>``."""
    return f"{spec.errors_page}#{anchor}"


def ordered(items: list[Finding]) -> list[Finding]:
    """Findings by field (api_key first), then position, then catalog order."""
    return sorted(items, key=Finding.sort_key)


def has_error(items: list[Finding]) -> bool:
    return any(f.severity == finding_codes.ERROR for f in items)
