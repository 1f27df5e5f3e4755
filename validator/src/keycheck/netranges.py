"""Address ranges that cannot be a trading platform's server, with the reason why.

Python's ``ipaddress`` flags (``is_global``, ``is_private``) changed between 3.11 and
3.13, and the browser runs a different Python than the command line; findings must be
identical in both. So the ranges are written out here, from the IANA IPv4 and IPv6
Special-Purpose Address Registries (RFC 6890 and its updates), with a reason a trader
can understand.
"""

from __future__ import annotations

import ipaddress
from typing import TypeAlias

Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

_RANGES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "a 'this network' address"),
    ("10.0.0.0/8", "a private address (RFC 1918)"),
    ("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private address (RFC 1918)"),
    ("192.0.0.0/24", "an address reserved for IETF protocols"),
    ("192.0.2.0/24", "a documentation address (TEST-NET-1)"),
    ("192.168.0.0/16", "a private address (RFC 1918)"),
    ("198.18.0.0/15", "a benchmarking address (RFC 2544)"),
    ("198.51.100.0/24", "a documentation address (TEST-NET-2)"),
    ("203.0.113.0/24", "a documentation address (TEST-NET-3)"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),
    ("::/128", "the unspecified address"),
    ("::1/128", "the loopback address"),
    ("::ffff:0:0/96", "an IPv4-mapped address"),
    ("64:ff9b:1::/48", "a local NAT64 address"),
    ("100::/64", "a discard-only address"),
    ("2001:2::/48", "a benchmarking address"),
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("fc00::/7", "a unique local (private) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a deprecated site-local address"),
    ("ff00::/8", "a multicast address"),
)

SPECIAL: tuple[tuple[Network, str], ...] = tuple(
    (ipaddress.ip_network(cidr), reason) for cidr, reason in _RANGES
)


def not_public(network: Network) -> str | None:
    """Why ``network`` cannot be a public server address, or ``None`` if it can.

    Only a network that lies inside a special range is judged here: a wider one (such
    as 0.0.0.0/0, which holds every range) is mostly public, and too broad for another
    reason that the IP rule reports.
    """
    for special, reason in SPECIAL:
        if (
            special.version == network.version
            and network.prefixlen >= special.prefixlen
            and special.overlaps(network)
        ):
            return reason
    return None
