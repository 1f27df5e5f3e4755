"""Checks on the ticked permissions against the guide's least-privilege policy.

The policy is the exchange's data (:class:`~keycheck.exchanges.spec.Permission`):
which boxes must be ticked, which must stay unticked, and which depend on whether the
trader trades spot, futures or both.
"""

from __future__ import annotations

from ..exchanges.spec import ExchangeSpec
from ..finding import Finding, make

_FIELD = "permissions"


def check(spec: ExchangeSpec, ticked: dict[str, bool] | None, scope: str | None) -> list[Finding]:
    """Findings for the permission boxes; nothing when no permissions were given."""
    if ticked is None:
        return []
    out: list[Finding] = []
    for perm in spec.permissions:
        on = ticked.get(perm.name, False)
        applies = perm.scopes is None or (scope is not None and scope in perm.scopes)
        if perm.enabled_code and on:
            out.append(
                make(
                    spec,
                    perm.enabled_code,
                    _FIELD,
                    f"{perm.label} is ticked: the platform does not need it, and a leaked "
                    "key with it can do more harm.",
                )
            )
        if perm.missing_code and not on and applies:
            needed = (
                f" for the scope '{scope}'" if perm.scopes is not None and scope is not None else ""
            )
            out.append(
                make(
                    spec,
                    perm.missing_code,
                    _FIELD,
                    f"{perm.label} is not ticked: the platform needs it{needed}.",
                )
            )
        if (
            perm.unneeded_code
            and on
            and perm.scopes is not None
            and scope is not None
            and scope not in perm.scopes
        ):
            out.append(
                make(
                    spec,
                    perm.unneeded_code,
                    _FIELD,
                    f"{perm.label} is ticked, but the scope is {scope}: the key does not need it.",
                )
            )
    return out
