"""Checks on the IP addresses bound to the key: the ``ip-restriction-error`` family.

Each entry is read by :mod:`keycheck.ipentry` (which names what is wrong with an entry
that is not an address) and the list is judged against the exchange's rules: how many
entries a key takes, whether IPv6 networks are allowed, the special-purpose ranges of
:mod:`keycheck.netranges`, entries that repeat or cover one another, and networks too
broad to restrict anything.

Too broad is a policy of this checker, not a rule of any exchange, so its limits live
here (:data:`BROAD_PREFIX`). A network is too broad when it is wider than the smallest
block that networks announce on their own on the internet: /24 for IPv4, /48 for IPv6
(the longest prefixes that operators accept in global BGP routing). A platform's servers
need single addresses or a block of their own, which fits in one such block; a wider
entry spans blocks that belong to other networks or to other customers of the same
hosting provider, any of whom could then use the key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import ipentry, netranges
from ..exchanges.spec import ExchangeSpec
from ..finding import Finding, make
from ..ipentry import Reason
from ..netranges import Network
from ..redact import Redactor

_FIELD = "ip_restriction"
MAX_ENTRIES = 200  # entries examined one by one; the rest are only counted
MAX_PER_CODE = 10  # findings per code; the last one says how many more there are

# The shortest prefix per IP version that is not "too broad" (see the module docstring).
BROAD_PREFIX = {4: 24, 6: 48}


@dataclass(frozen=True)
class IpList:
    """The bound addresses as given: the first :data:`MAX_ENTRIES` and the total count."""

    entries: tuple[str, ...]
    total: int


@dataclass(frozen=True)
class _Valid:
    """An entry that is an address or network, with its place in the list."""

    position: int
    network: Network
    span: tuple[int, int, int]  # (IP version, first address, last address), IPv4-mapped unmapped


def check(
    spec: ExchangeSpec, ips: IpList | None, redactor: Redactor | None = None
) -> list[Finding]:
    """Findings for the IP restriction; nothing when it was not given at all.

    Entries and anything derived from them are quoted back only when ``redactor``
    finds nothing of the secret in them.
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
                f"{_count(ips.total, 'IP entry', 'IP entries')}: {spec.name} binds at most "
                f"{spec.ip_limit} to one key.",
            )
        )
    invalid: list[Finding] = []
    private: list[Finding] = []
    broad: list[Finding] = []
    valid: list[_Valid] = []
    for n, entry in enumerate(ips.entries, start=1):
        parsed = ipentry.parse(entry)
        if isinstance(parsed, Reason):
            message = f"Entry {n}{shown.raw(entry)} {shown.reason(parsed, spec.name)}."
            invalid.append(make(spec, "ip-invalid", _FIELD, message, n))
            continue
        label = shown.net(parsed)
        if parsed.version == 6 and parsed.num_addresses > 1 and not spec.ipv6_networks_allowed:
            message = (
                f"Entry {n}{label} is an IPv6 network: {spec.name} takes IPv6 host addresses "
                "and IPv4 networks only."
            )
            invalid.append(make(spec, "ip-invalid", _FIELD, message, n))
        else:
            valid.append(_Valid(n, parsed, _span(parsed)))
            reason = _not_public(parsed, shown)
            if reason is not None:
                message = f"Entry {n}{label} {reason}."
                private.append(make(spec, "ip-not-public", _FIELD, message, n))
        too_broad = _too_broad(parsed)
        if too_broad is not None:
            broad.append(make(spec, "ip-too-broad", _FIELD, f"Entry {n}{label} {too_broad}.", n))
    duplicates = [
        make(spec, "ip-duplicate", _FIELD, message, n) for n, message in _duplicates(valid, shown)
    ]
    for group in (invalid, private, duplicates, broad):
        out += _capped(group)
    return out


def _span(network: Network) -> tuple[int, int, int]:
    """The addresses an entry lets in; ``::ffff:1.2.3.4`` lets in what 1.2.3.4 does."""
    first, last = network.network_address, network.broadcast_address
    mapped_first = getattr(first, "ipv4_mapped", None)
    mapped_last = getattr(last, "ipv4_mapped", None)
    if mapped_first is not None and mapped_last is not None:
        return (4, int(mapped_first), int(mapped_last))
    return (network.version, int(first), int(last))


def _not_public(network: Network, shown: _Shown) -> str | None:
    """Why ``network`` is no public server address, as "is ...: <consequence>", or None."""
    mapped = getattr(network.network_address, "ipv4_mapped", None)
    if mapped is not None and network.num_addresses == 1:
        # RFC 4291 section 2.5.5.2: the form stands for an IPv4 address inside one
        # computer's software; packets on the internet never carry it.
        if shown.safe(str(mapped)):
            return (
                f"is the IPv4 address {mapped} written as an IPv4-mapped IPv6 address, a form "
                f"that never travels on the internet: enter {mapped}"
            )
        return (
            "is an IPv4 address written as an IPv4-mapped IPv6 address, a form that never "
            "travels on the internet: enter the IPv4 address"
        )
    reason = netranges.not_public(network)
    if reason is None:
        return None
    return f"is {reason}: it cannot be the platform's server"


def _too_broad(network: Network) -> str | None:
    """Why ``network`` lets too much of the internet in, or ``None``."""
    limit = BROAD_PREFIX[network.version]
    if network.prefixlen >= limit:
        return None
    family = f"IPv{network.version}"
    if network.prefixlen == 0:
        return f"lets in every {family} address: it is the same as no IP restriction at all"
    if network.version == 4:
        size = (
            f"{network.num_addresses:,} addresses, 1/{2**network.prefixlen:,} of all IPv4 addresses"
        )
    else:
        size = f"2^{128 - network.prefixlen} addresses"
    return (
        f"is a /{network.prefixlen} network: it lets in {size}; a platform's servers fit in "
        f"a /{limit} or less, and anyone with an address in this network could use the key"
    )


def _duplicates(valid: list[_Valid], shown: _Shown) -> list[tuple[int, str]]:
    """Entries that another entry repeats or covers, whatever their order.

    Sorted by first address and widest first (:func:`_cover_first`), every entry is
    covered by the widest entry before it that reaches as far (networks are nested or
    apart, never overlapping), so one pass finds them all: O(n log n) for n entries.
    """
    found: list[tuple[int, str]] = []
    ordered = sorted(valid, key=_cover_first)
    cover: _Valid | None = None
    for item in ordered:
        version, _, last = item.span
        if cover is None or cover.span[0] != version or cover.span[2] < last:
            cover = item
            continue
        found.append((item.position, _duplicate_message(item, cover, shown)))
    return sorted(found)


def _cover_first(item: _Valid) -> tuple[int, int, int, bool, int]:
    """Sort key: by start, the widest first; of equals, the plain form, then the first."""
    version, first, last = item.span
    return (version, first, -last, item.network.version != version, item.position)


def _duplicate_message(item: _Valid, cover: _Valid, shown: _Shown) -> str:
    entry = f"Entry {item.position}{shown.net(item.network)}"
    other = f"entry {cover.position}{shown.net(cover.network)}"
    if item.span == cover.span:
        if item.network == cover.network:
            return f"{entry} repeats {other}."
        return f"{entry} is the same address as {other}."
    inside = "network" if item.network.num_addresses > 1 else "address"
    return f"{entry} is already covered by {other}: the {inside} lies inside it."


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
        return f' ("{entry}")' if self._quotable(entry, 60) else ""

    def reason(self, reason: Reason, exchange: str) -> str:
        """The reason with the pieces of the entry it quotes, when all may be shown."""
        may_show = all(self._quotable(p, 100) for p in reason.parts.values())
        return reason.render(may_show, exchange)

    def _quotable(self, text: str, longest: int) -> bool:
        """Output is ASCII (escapes aside), and nothing of the secret is ever quoted."""
        printable = 0 < len(text) <= longest and text.isascii() and text.isprintable()
        return printable and self._redactor.safe(text)

    def safe(self, text: str) -> bool:
        return self._redactor.safe(text)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _capped(group: list[Finding]) -> list[Finding]:
    if len(group) <= MAX_PER_CODE:
        return group
    kept = group[:MAX_PER_CODE]
    kept[-1] = make_more(kept[-1], len(group) - MAX_PER_CODE)
    return kept


def make_more(finding: Finding, extra: int) -> Finding:
    """``finding`` with a note that ``extra`` more entries share the problem."""
    more = _count(extra, "more entry has", "more entries have")
    return replace(finding, message=f"{finding.message} ({more} the same problem.)")
