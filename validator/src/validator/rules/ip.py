"""Checks on the IP addresses bound to the key: the ``ip-restriction-error`` family.

Parses each entry with the standard library's ``ipaddress`` (pure Python, no lookups),
and judges it against the exchange's rules: how many addresses a key takes, whether
IPv6 networks are allowed, and the special-purpose ranges of :mod:`validator.netranges`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from .. import netranges
from ..exchanges.spec import ExchangeSpec
from ..netranges import Network
from ..redact import Redactor
from ..report import Finding, make

_FIELD = "ip_restriction"
MAX_ENTRIES = 200  # entries examined one by one; the rest are only counted
MAX_PER_CODE = 10  # findings per code; the last one says how many more there are
_MAX_NETWORKS = 20  # networks an address is compared against for "already covered"


@dataclass(frozen=True)
class IpList:
    """The bound addresses as given: the first :data:`MAX_ENTRIES` and the total count."""

    entries: tuple[str, ...]
    total: int


def check(
    spec: ExchangeSpec, ips: IpList | None, redactor: Redactor | None = None
) -> list[Finding]:
    """Findings for the IP restriction; nothing when it was not given at all.

    Entries are quoted back only when ``redactor`` finds nothing of the secret in them.
    """
    shown = _Shown(redactor or Redactor(None))
    if ips is None:
        return []
    if ips.total == 0:
        return [
            make(
                spec,
                "ip-restriction-off",
                _FIELD,
                "No IP address is bound to the key: whoever obtains it can use it from "
                f"anywhere, and {spec.name} deactivates a key with trade permission and no "
                f"bound IP address after {spec.inactive_days_without_ip} days without use.",
            )
        ]
    out: list[Finding] = []
    if ips.total > spec.ip_limit:
        out.append(
            make(
                spec,
                "ip-too-many",
                _FIELD,
                f"{ips.total} IP entries: {spec.name} binds at most {spec.ip_limit} to one key.",
            )
        )
    invalid: list[Finding] = []
    private: list[Finding] = []
    duplicates: list[Finding] = []
    seen: dict[Network, int] = {}
    networks: list[tuple[Network, int]] = []
    for n, entry in enumerate(ips.entries, start=1):
        parsed = _parse(spec, entry)
        if isinstance(parsed, str):
            invalid.append(
                make(spec, "ip-invalid", _FIELD, f"Entry {n}{shown.raw(entry)} {parsed}.", n)
            )
            continue
        if parsed in seen:
            duplicates.append(
                make(
                    spec,
                    "ip-duplicate",
                    _FIELD,
                    f"Entry {n}{shown.net(parsed)} repeats entry {seen[parsed]}.",
                    n,
                )
            )
            continue
        cover = next(
            (m for net, m in networks if net.version == parsed.version and _inside(parsed, net)),
            None,
        )
        if cover is not None:
            duplicates.append(
                make(
                    spec,
                    "ip-duplicate",
                    _FIELD,
                    f"Entry {n}{shown.net(parsed)} is already covered by entry {cover}.",
                    n,
                )
            )
        seen[parsed] = n
        if parsed.num_addresses > 1 and len(networks) < _MAX_NETWORKS:
            networks.append((parsed, n))
        reason = netranges.not_public(parsed)
        if reason is not None:
            private.append(
                make(
                    spec,
                    "ip-not-public",
                    _FIELD,
                    f"Entry {n}{shown.net(parsed)} is {reason}: it cannot be the "
                    "platform's server.",
                    n,
                )
            )
    for group in (invalid, private, duplicates):
        out += _capped(group)
    return out


def _parse(spec: ExchangeSpec, entry: str) -> Network | str:
    """The entry as a network (a host is a /32 or /128), or why it is not valid."""
    try:
        if "/" in entry:
            network = ipaddress.ip_network(entry, strict=True)
            if network.version == 6 and not spec.ipv6_networks_allowed:
                if network.num_addresses == 1:
                    return network
                return (
                    f"is an IPv6 network: {spec.name} takes IPv6 host addresses and IPv4 "
                    "networks only"
                )
            return network
        return ipaddress.ip_network(ipaddress.ip_address(entry))
    except ValueError:
        return _why_invalid(entry)


def _why_invalid(entry: str) -> str:
    if "://" in entry:
        return "is a URL: enter the IP address only"
    if "/" in entry:
        try:
            loose = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            return "is not a valid address/prefix pair such as 202.106.96.0/24"
        return f"has host bits set: the network is {loose.with_prefixlen}"
    if entry.count(":") == 1 and "." in entry:
        host, port = entry.split(":")
        if port.isdigit() and _is_address(host):
            return "includes a port: enter the address without ':' and the port"
    if any(ch.isalpha() for ch in entry) and "." in entry and ":" not in entry:
        return "is a host name: enter its IP address instead"
    return "is not an IPv4 or IPv6 address"


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _inside(inner: Network, outer: Network) -> bool:
    return inner != outer and inner.subnet_of(outer)  # type: ignore[arg-type]


class _Shown:
    """How an entry is quoted in a message: in parentheses, or not at all."""

    def __init__(self, redactor: Redactor) -> None:
        self._redactor = redactor

    def net(self, network: Network) -> str:
        text = (
            str(network.network_address) if network.num_addresses == 1 else network.with_prefixlen
        )
        return f" ({text})" if self._redactor.safe(text) else ""

    def raw(self, entry: str) -> str:
        """The entry as typed, when it is short printable ASCII and safe to show."""
        printable = 0 < len(entry) <= 60 and entry.isascii() and entry.isprintable()
        return f' ("{entry}")' if printable and self._redactor.safe(entry) else ""


def _capped(group: list[Finding]) -> list[Finding]:
    if len(group) <= MAX_PER_CODE:
        return group
    kept = group[:MAX_PER_CODE]
    last = kept[-1]
    extra = len(group) - MAX_PER_CODE
    kept[-1] = make_more(last, extra)
    return kept


def make_more(finding: Finding, extra: int) -> Finding:
    """``finding`` with a note that ``extra`` more entries share the problem."""
    from dataclasses import replace

    return replace(
        finding, message=f"{finding.message} ({extra} more entries have the same problem.)"
    )
