"""Read one entry of an IP list as a trader typed it: a network, or exactly why not.

Traders type IP lists through input methods, spreadsheets and chat apps, so an entry
that is not an address is usually an address with something wrong around it: a port,
a zone id, leading zeros, full-width digits, quotes, a label, a URL. This module names
that something and, where the intended address is clear, gives it back in the form the
exchange accepts. It knows nothing about any exchange and nothing about the secret:
a :class:`Reason` carries the pieces of the entry it quotes separately from its
wording, so the rule can drop them when the redactor says they may not be shown.

Valid entries are judged by the standard library's ``ipaddress`` alone; the hand-written
checks below only explain entries it refuses (and the zone ids it accepts but an
exchange cannot use).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import charinfo
from .netranges import Network

# Characters typed for an ASCII one in IP addresses that neither NFKC nor the look-alike
# table folds: Chinese and Japanese input methods type the ideographic full stop for
# the dot in their full-width mode (U+FF61 is its half-width form).
IP_LOOKALIKES = {"\u3002": ".", "\uff61": "."}

# Quotes and brackets a list copied from code, JSON or a chat message brings along.
_WRAPPERS = (
    "\"'`()[]{}<>"
    "\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a"  # typographic quotes
    "\u300c\u300d\u300e\u300f\u3010\u3011\u300a\u300b\u3008\u3009"  # CJK brackets
)
# A label: up to four words (a letter, then letters or digits, as in "IPv4"), a colon
# (ASCII or full-width), and not "://" or "::" as in URLs and IPv6 addresses.
LABEL_PATTERN = (
    r"(?:[^\W\d_][^\W_]{0,29}[ \t\u3000]{1,3}){0,3}[^\W\d_][^\W_]{0,29}"
    r"[ \t\u3000]?[:\uff1a](?![/:\uff1a])"
)
_LABEL = re.compile(f"({LABEL_PATTERN})")
_HEX = frozenset("0123456789abcdefABCDEF :\t\u3000\uff1a")  # a "label" of these may be IPv6
_HOST_NAME = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?")
_DOTTED = re.compile(r"[0-9.]+")
_DIGITS = re.compile(r"[0-9]+")
_HEXISH = re.compile(r"[0-9A-Fa-f:.]+")
_MAX_RANGE_NETWORKS = 4  # a range is suggested as at most this many networks
MAX_DIAGNOSED = 200  # longer entries are no address: they are not examined further


@dataclass(frozen=True)
class Reason:
    """Why an entry is not an address the exchange takes.

    ``text`` is a predicate ("includes a port (:8080): enter 1.2.3.4 without it") with
    ``{name}`` fields filled from ``parts``, which hold text derived from the entry;
    ``plain`` says the same without quoting anything, for when a part may not be shown.
    Both may name ``{exchange}``, which the rule fills in.
    """

    text: str
    plain: str
    parts: Mapping[str, str] = field(default_factory=dict)

    def render(self, may_show: bool, exchange: str = "the exchange") -> str:
        """The reason with its parts filled in, or the plain wording."""
        if may_show:
            return self.text.format(**self.parts, exchange=exchange)
        return self.plain.format(exchange=exchange)


def parse(entry: str) -> Network | Reason:
    """``entry`` as a network (a host is a /32 or /128), or the reason it is not one."""
    if len(entry) > MAX_DIAGNOSED:
        return _not_an_address(entry)
    if entry.isascii():
        return _parse_ascii(entry)
    for diagnose in (_wrapped, _label):  # these read any script
        reason = diagnose(entry)
        if reason is not None:
            return reason
    cleaned, invisible, lookalike = _fold(entry)
    if cleaned == entry:  # non-ASCII characters that stand for nothing in an address
        return _not_an_address(entry)
    if lookalike:
        what = "look-alike characters (such as {names}, from an input method's full-width mode)"
        plain_what = "look-alike characters (such as full-width digits or dots)"
        names = charinfo.name(lookalike[0])
    else:
        what = "an invisible character ({names})"
        plain_what = "an invisible character"
        names = charinfo.name(invisible[0])
    inner = _parse_ascii(cleaned)
    if isinstance(inner, Reason):
        return Reason(
            f"is typed with {what}, and once written in ASCII it {inner.text}",
            f"is typed with {plain_what}, and once written in ASCII it {inner.plain}",
            {**inner.parts, "names": names},
        )
    return Reason(
        f"is typed with {what}: in plain ASCII (half-width) characters it is {{ascii}}; "
        "type it that way",
        f"is typed with {plain_what}: type it again in plain ASCII (half-width) characters",
        {"names": names, "ascii": _canonical(inner)},
    )


def _fold(entry: str) -> tuple[str, list[str], list[str]]:
    """The entry in ASCII where characters fold to ASCII, without invisible ones."""
    out: list[str] = []
    invisible: list[str] = []
    lookalike: list[str] = []
    for ch in entry:
        if ch.isascii():
            out.append(ch)
        elif charinfo.is_invisible(ch):
            invisible.append(ch)
        else:
            folded = IP_LOOKALIKES.get(ch) or charinfo.fold(ch)
            if folded is None:
                out.append(ch)
            else:
                out.append(folded)
                lookalike.append(ch)
    return "".join(out), invisible, lookalike


def _canonical(network: Network) -> str:
    return str(network.network_address) if network.num_addresses == 1 else network.with_prefixlen


def _as_network(text: str) -> Network | None:
    """``text`` as an address or network under ``ipaddress``'s strict rules, or None."""
    if not text or "%" in text:
        return None
    try:
        if "/" in text:
            return ipaddress.ip_network(text, strict=True)
        return ipaddress.ip_network(ipaddress.ip_address(text))
    except ValueError:
        return None


def _parse_ascii(entry: str) -> Network | Reason:
    network = _as_network(entry)
    if network is not None:
        return network
    for diagnose in _DIAGNOSES:
        reason = diagnose(entry)
        if reason is not None:
            return reason
    return _not_an_address(entry)


def _not_an_address(entry: str) -> Reason:
    text = "is not an IPv4 or IPv6 address"
    return Reason(text, text)


def _only(what: str, inner: str, plain: str) -> Reason:
    return Reason(f"{what}: enter {{address}} only", plain, {"address": inner})


def _wrapped(entry: str) -> Reason | None:
    if entry.startswith("[") and "]:" in entry:
        return None  # [2001:db8::1]:443 is an address with a port
    inner = entry.strip(_WRAPPERS)
    if inner == entry or not inner:
        return None
    parsed = parse(inner)
    if isinstance(parsed, Reason):
        return Reason(
            f"has quotes or brackets around it, and without them it {parsed.text}",
            f"has quotes or brackets around it, and without them it {parsed.plain}",
            parsed.parts,
        )
    return _only(
        "has quotes or brackets around it",
        inner,
        "has quotes or brackets around it: enter the address only",
    )


def _label(entry: str) -> Reason | None:
    match = _LABEL.match(entry)
    if match is None or set(match.group(1)) <= _HEX:
        return None  # "fe:" may start an IPv6 address; a label has a non-hex letter
    rest = entry[match.end() :].strip()
    if not rest:
        text = "is a label copied along with the addresses, not an address: remove it"
        return Reason(text, text)
    parsed = parse(rest)
    if isinstance(parsed, Reason):
        return Reason(
            f"starts with a label, and after it the entry {parsed.text}",
            f"starts with a label, and after it the entry {parsed.plain}",
            parsed.parts,
        )
    label = entry[: match.end()]
    if not label.isascii():  # output stays ASCII: a label in another script is not quoted
        return _only("starts with a label", _canonical(parsed), "starts with a label")
    return Reason(
        'starts with the label "{label}": enter {address} only',
        "starts with a label: enter the address only",
        {"label": label, "address": _canonical(parsed)},
    )


def _url(entry: str) -> Reason | None:
    if "://" not in entry:
        return None
    host = entry.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
    if host.startswith("[") and "]" in host:
        host = host[1 : host.index("]")]
    elif host.count(":") == 1:
        host = host.split(":")[0]
    if _as_network(host) is not None:
        return _only("is a URL", host, "is a URL: enter the IP address only")
    text = "is a URL: enter the IP address of the server, not a web address"
    return Reason(text, text)


def _zone(entry: str) -> Reason | None:
    if "%" not in entry:
        return None
    address, zone = entry.split("%", 1)
    if "/" in zone:
        zone, prefix = zone.split("/", 1)
        address = f"{address}/{prefix}"
    if _as_network(address) is None:
        return None
    return Reason(
        "includes a zone id ({zone}), which names a network interface of one computer: "
        "enter {address} without it",
        "includes a zone id (the part from '%'), which names a network interface of one "
        "computer: enter the address without it",
        {"zone": "%" + zone, "address": address},
    )


def _port(entry: str) -> Reason | None:
    if entry.startswith("["):  # [2001:db8::1]:443
        end = entry.find("]")
        if end < 0:
            return None
        address, tail = entry[1:end], entry[end + 1 :]
        if tail and not (tail.startswith(":") and tail[1:].isdigit()):
            return None
    elif entry.count(":") == 1:  # 1.2.3.4:8080
        address, port = entry.split(":")
        if not port.isdigit():
            return None
        tail = ":" + port
    else:
        return None
    if _as_network(address) is None or not tail:
        return None
    return Reason(
        "includes a port ({port}): enter {address} without it",
        "includes a port: enter the address without ':' and the port",
        {"port": tail, "address": address},
    )


def _range(entry: str) -> Reason | None:
    if entry.count("-") != 1:
        return None
    first_text, last_text = (part.strip() for part in entry.split("-"))
    first = _as_network(first_text)
    if first is None or first.num_addresses != 1:
        return None
    if _DIGITS.fullmatch(last_text) and first.version == 4:  # 1.2.3.4-10
        last_text = first_text.rsplit(".", 1)[0] + "." + last_text
    last = _as_network(last_text)
    plain = "is a range: {exchange} takes single addresses and networks such as 202.106.96.0/24"
    if last is None or last.version != first.version or last.num_addresses != 1:
        return None
    low, high = first.network_address, last.network_address
    if high < low:
        return Reason(plain, plain)
    networks = list(ipaddress.summarize_address_range(low, high))  # type: ignore[arg-type]
    if len(networks) == 1:
        return Reason(
            "is a range: write it as the network {network}",
            "is a range: write it as a network in CIDR notation",
            {"network": networks[0].with_prefixlen},
        )
    if len(networks) > _MAX_RANGE_NETWORKS:
        return Reason(plain, plain)
    return Reason(
        "is a range, which no single network covers exactly: list its addresses, or the "
        "networks {networks}",
        plain,
        {"networks": ", ".join(n.with_prefixlen for n in networks)},
    )


def _wildcard(entry: str) -> Reason | None:
    parts = entry.split(".")
    if "*" not in entry or len(parts) != 4:
        return None
    fixed = 0
    while fixed < 4 and parts[fixed] != "*":
        fixed += 1
    if any(p != "*" for p in parts[fixed:]) or fixed == 0:
        return None
    base = ".".join(parts[:fixed] + ["0"] * (4 - fixed))
    network = _as_network(f"{base}/{8 * fixed}")
    if network is None:
        return None
    return Reason(
        "uses a wildcard (*): write it as the network {network}",
        "uses a wildcard (*): write it as a network in CIDR notation",
        {"network": network.with_prefixlen},
    )


def _prefix(entry: str) -> Reason | None:
    if entry.count("/") != 1:
        return None
    address_text, prefix_text = entry.split("/")
    address = _as_network(address_text)
    if address is None:
        inner = _parse_ascii(address_text)
        if isinstance(inner, Reason):
            return Reason(
                f"has an address part that {inner.text}",
                f"has an address part that {inner.plain}",
                inner.parts,
            )
        return None
    bits = 32 if address.version == 4 else 128
    if not _DIGITS.fullmatch(prefix_text):
        return Reason(
            f"has a prefix that is not a number from 0 to {bits} after '/'",
            f"has a prefix that is not a number from 0 to {bits} after '/'",
        )
    if int(prefix_text) > bits:
        return Reason(
            f"has the prefix /{{prefix}}: an IPv{address.version} prefix is at most /{bits}",
            f"has a prefix above /{bits}, the most an IPv{address.version} prefix can be",
            {"prefix": prefix_text},
        )
    loose = ipaddress.ip_network(entry, strict=False)
    return Reason(
        "has host bits set: the network is {network}",
        "has host bits set: end the address part with zeros where the prefix ends",
        {"network": loose.with_prefixlen},
    )


def _dotted(entry: str) -> Reason | None:
    """Explain an IPv4-looking entry: digits and dots only."""
    if not _DOTTED.fullmatch(entry):
        return None
    if "." not in entry:
        text = "is a single number: write an IPv4 address as four numbers joined by dots"
        return Reason(text, text)
    if entry.endswith(".") and _as_network(entry.rstrip(".")) is not None:
        return _only("ends with a dot", entry.rstrip("."), "ends with a dot: remove it")
    numbers = entry.split(".")
    if any(n == "" for n in numbers):
        text = "has two dots in a row or a dot at an end: an IPv4 address is four numbers"
        return Reason(text, text + " joined by dots")
    if len(numbers) != 4:
        count = f"{len(numbers)} numbers" if len(numbers) != 1 else "1 number"
        text = f"has {count}: an IPv4 address has 4, such as 203.0.113.7"
        return Reason(text, text)
    too_big = next((n for n in numbers if len(n.lstrip("0")) > 3 or int(n) > 255), None)
    if too_big is not None:
        return Reason(
            "has the number {number}: each of the four numbers of an IPv4 address is 0 to 255",
            "has a number above 255: each of the four numbers of an IPv4 address is 0 to 255",
            {"number": too_big},
        )
    padded = next((n for n in numbers if len(n) > 1 and n.startswith("0")), None)
    if padded is not None:
        decimal = ".".join(str(int(n)) for n in numbers)
        return Reason(
            "has a leading zero ({number}), which some software reads as an octal number "
            "(010 is 8): write it as {address} if the numbers are decimal",
            "has a leading zero, which some software reads as an octal number (010 is 8): "
            "write the numbers without leading zeros",
            {"number": padded, "address": decimal},
        )
    return None


def _host_name(entry: str) -> Reason | None:
    if not _HOST_NAME.fullmatch(entry):
        return None
    text = (
        "is a host name: {exchange} binds IP addresses, not names; enter the addresses "
        "the platform publishes for its servers"
    )
    return Reason(text, text)


def _ipv6(entry: str) -> Reason | None:
    """Explain an IPv6-looking entry: hex digits, colons and maybe a dotted tail."""
    if ":" not in entry or not _HEXISH.fullmatch(entry):
        return None
    groups = entry.split(":")
    if entry.count("::") > 1:
        text = "has '::' more than once: an IPv6 address may shorten only one run of zeros"
    elif ":::" in entry:
        text = "has three colons in a row: an IPv6 address has at most '::'"
    elif any(len(g) > 4 and "." not in g for g in groups):
        text = "has a group of more than 4 hexadecimal digits: IPv6 groups have 1 to 4"
    elif len(groups) > 8 or ("::" not in entry and len(groups) != 8 and "." not in entry):
        text = "does not have 8 groups: an IPv6 address has 8 groups, or fewer with '::'"
    else:
        text = "is not a valid IPv6 address"
    return Reason(text, text)


def _non_hex_ipv6(entry: str) -> Reason | None:
    if entry.count(":") < 2 or "." in entry.split(":")[0]:
        return None
    text = "has characters that are not hexadecimal digits (0-9, a-f): it is not an IPv6 address"
    return Reason(text, text)


# Most specific first: a URL may hold a port, a port follows an address, and so on.
_DIAGNOSES = (
    _wrapped,
    _label,
    _url,
    _zone,
    _port,
    _range,
    _wildcard,
    _prefix,
    _dotted,
    _host_name,
    _ipv6,
    _non_hex_ipv6,
)
