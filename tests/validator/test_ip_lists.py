"""IP lists as traders type them: split, read, judged, and described precisely.

The lists below are the shapes real pastes take: a spreadsheet column with CRLF line
ends, a chat message with a label, a list typed through a Chinese or Japanese input
method (full-width digits, ideographic full stops and commas), addresses copied from a
server's configuration with ports and zone ids. Each row says what the checker must
answer, down to the words a trader reads.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import keycheck
import pytest
from keycheck import ipentry
from keycheck.exchanges.htx import SPEC
from keycheck.inputs import split_ips
from keycheck.redact import Redactor
from keycheck.rules import ip

# -- splitting ---------------------------------------------------------------------

SPLITS: list[tuple[str, str, list[str]]] = [
    (
        "excel column with CRLF",
        "8.8.8.8\r\n8.8.4.4\r\n1.1.1.1\r\n",
        ["8.8.8.8", "8.8.4.4", "1.1.1.1"],
    ),
    ("chat message with a label", "IPs: 1.2.3.4, 5.6.7.8", ["IPs:", "1.2.3.4", "5.6.7.8"]),
    ("label of two words", "IP addresses : 1.2.3.4", ["IP addresses :", "1.2.3.4"]),
    ("chinese comma", "1.2.3.4\uff0c5.6.7.8", ["1.2.3.4", "5.6.7.8"]),
    ("enumeration comma", "1.2.3.4\u30015.6.7.8", ["1.2.3.4", "5.6.7.8"]),
    ("ideographic space", "1.2.3.4\u30005.6.7.8", ["1.2.3.4", "5.6.7.8"]),
    (
        "semicolons ascii and full-width",
        "1.2.3.4;5.6.7.8\uff1b9.9.9.9",
        ["1.2.3.4", "5.6.7.8", "9.9.9.9"],
    ),
    (
        "no-break and thin spaces",
        "1.2.3.4\u00a05.6.7.8\u20099.9.9.9",
        ["1.2.3.4", "5.6.7.8", "9.9.9.9"],
    ),
    ("tabs of a spreadsheet row", "1.2.3.4\t5.6.7.8\t", ["1.2.3.4", "5.6.7.8"]),
    ("separators in a run", " ,\uff0c ;\n1.2.3.4 ,, \u3001 5.6.7.8 ;", ["1.2.3.4", "5.6.7.8"]),
    (
        "ipv6 stays whole",
        "fe80::1, 2001:db8::8:800:200c:417a",
        ["fe80::1", "2001:db8::8:800:200c:417a"],
    ),
    (
        "chinese label glued to the address",
        "\u670d\u52a1\u5668IP\uff1a8.8.8.8",
        ["\u670d\u52a1\u5668IP\uff1a8.8.8.8"],
    ),
]


@pytest.mark.parametrize(("text", "entries"), [s[1:] for s in SPLITS], ids=[s[0] for s in SPLITS])
def test_split(text: str, entries: list[str]) -> None:
    ips = split_ips([text])
    assert list(ips.entries) == entries
    assert ips.total == len(entries)


def test_split_keeps_the_first_entries_and_counts_the_rest_in_one_pass() -> None:
    text = "8.8.8.8\uff0c" * 50_000 + "1.1.1.1\u3001" * 50_000
    ips = split_ips([text, "9.9.9.9;9.9.9.8"])
    assert len(ips.entries) == ip.MAX_ENTRIES
    assert ips.total == 100_002
    assert set(ips.entries) == {"8.8.8.8"}


def test_split_counts_items_after_the_limit_is_reached() -> None:
    ips = split_ips(["1.1.1.1 " * ip.MAX_ENTRIES, "2.2.2.2\uff0c3.3.3.3"])
    assert ips.total == ip.MAX_ENTRIES + 2


# -- one finding per list: code, entry number and the words of the message ------------

ROWS: list[tuple[str, Any, list[tuple[str, int | None, str]]]] = [
    (
        "full-width digits and dots",
        "\uff12\uff10\uff12\uff0e\uff11\uff10\uff16\uff0e\uff19\uff16\uff0e\uff17",
        [
            (
                "ip-invalid",
                1,
                "Entry 1 is typed with look-alike characters (such as U+FF12 FULLWIDTH DIGIT "
                "TWO, from an input method's full-width mode): in plain ASCII (half-width) "
                "characters it is 202.106.96.7; type it that way.",
            )
        ],
    ),
    (
        "ideographic full stops",
        ["8\u30028\u30028\u30028"],
        [("ip-invalid", 1, "U+3002 IDEOGRAPHIC FULL STOP")],
    ),
    (
        "full-width address with a port",
        ["\uff11.\uff12.\uff13.\uff14:\uff18\uff10"],
        [("ip-invalid", 1, "once written in ASCII it includes a port (:80): enter 1.2.3.4")],
    ),
    (
        "zero-width space after the address",
        ["8.8.8.8\u200b"],
        [("ip-invalid", 1, "an invisible character (U+200B ZERO WIDTH SPACE)")],
    ),
    (
        "port",
        ["1.2.3.4:8080"],
        [("ip-invalid", 1, 'Entry 1 ("1.2.3.4:8080") includes a port (:8080): enter 1.2.3.4')],
    ),
    (
        "ipv6 with brackets and port",
        ["[2001:4860::8888]:443"],
        [("ip-invalid", 1, "includes a port (:443): enter 2001:4860::8888 without it")],
    ),
    (
        "zone id",
        ["fe80::1%eth0"],
        [("ip-invalid", 1, "includes a zone id (%eth0)"), ("ip-invalid", 1, "enter fe80::1")],
    ),
    (
        "leading zeros",
        ["010.1.1.1"],
        [("ip-invalid", 1, "leading zero (010), which some software reads as an octal")],
    ),
    ("octet out of range", ["256.1.1.1"], [("ip-invalid", 1, "has the number 256")]),
    ("three numbers", ["1.2.3"], [("ip-invalid", 1, "has 3 numbers: an IPv4 address has 4")]),
    (
        "host name",
        ["api.example.com"],
        [("ip-invalid", 1, "is a host name: HTX binds IP addresses, not names")],
    ),
    ("url with an address", ["https://8.8.8.8/"], [("ip-invalid", 1, "is a URL: enter 8.8.8.8")]),
    ("url with a name", ["https://api.example.com/v1"], [("ip-invalid", 1, "is a URL")]),
    (
        "ipv6 network",
        ["2001:4860:4860::/48"],
        [("ip-invalid", 1, "is an IPv6 network: HTX takes IPv6 host addresses")],
    ),
    ("prefix above 32", ["8.8.8.0/33"], [("ip-invalid", 1, "has the prefix /33")]),
    ("host bits", ["8.8.8.7/24"], [("ip-invalid", 1, "the network is 8.8.8.0/24")]),
    ("range", ["8.8.8.0-8.8.8.255"], [("ip-invalid", 1, "write it as the network 8.8.8.0/24")]),
    ("wildcard", ["8.8.8.*"], [("ip-invalid", 1, "write it as the network 8.8.8.0/24")]),
    (
        "chat message label",
        "IPs: 8.8.8.8, 8.8.4.4",
        [("ip-invalid", 1, 'Entry 1 ("IPs:") is a label copied along with the addresses')],
    ),
    (
        "label glued to the address",
        ["IP:8.8.8.8"],
        [("ip-invalid", 1, 'starts with the label "IP:": enter 8.8.8.8 only')],
    ),
    (
        "chinese label is not quoted back",
        "\u670d\u52a1\u5668IP\uff1a8.8.8.8",
        [("ip-invalid", 1, "Entry 1 starts with a label: enter 8.8.8.8 only.")],
    ),
    (
        "json list pasted",
        '["8.8.8.8", "8.8.4.4"]',
        [
            ("ip-invalid", 1, "has quotes or brackets around it: enter 8.8.8.8 only"),
            ("ip-invalid", 2, "has quotes or brackets around it: enter 8.8.4.4 only"),
        ],
    ),
    (
        "host followed by the network that covers it",
        ["202.106.96.9", "202.106.96.0/24"],
        [
            (
                "ip-duplicate",
                1,
                "Entry 1 (202.106.96.9) is already covered by entry 2 (202.106.96.0/24)",
            )
        ],
    ),
    (
        "network inside another network, wider one last",
        ["8.8.8.0/24", "8.8.8.128/25"],
        [("ip-duplicate", 2, "Entry 2 (8.8.8.128/25) is already covered by entry 1")],
    ),
    (
        "same address twice in two forms",
        ["8.8.8.8/32", "8.8.8.8"],
        [("ip-duplicate", 2, "Entry 2 (8.8.8.8) repeats entry 1 (8.8.8.8)")],
    ),
    (
        "ipv4-mapped form of an address of the list",
        ["::ffff:8.8.8.8", "8.8.8.8"],
        [
            ("ip-not-public", 1, "is the IPv4 address 8.8.8.8 written as an IPv4-mapped"),
            ("ip-duplicate", 1, "Entry 1 (::ffff:8.8.8.8) is the same address as entry 2"),
        ],
    ),
    (
        "every ipv4 address",
        ["0.0.0.0/0"],
        [("ip-too-broad", 1, "lets in every IPv4 address: it is the same as no IP restriction")],
    ),
    (
        "every ipv6 address",
        ["::/0"],
        [
            ("ip-invalid", 1, "is an IPv6 network"),
            ("ip-too-broad", 1, "lets in every IPv6 address"),
        ],
    ),
    (
        "a /16",
        ["8.8.0.0/16"],
        [("ip-too-broad", 1, "is a /16 network: it lets in 65,536 addresses, 1/65,536 of all")],
    ),
    (
        "private network",
        ["10.0.0.0/8"],
        [("ip-not-public", 1, "a private address"), ("ip-too-broad", 1, "a /8 network")],
    ),
]


@pytest.mark.parametrize(("ips", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_findings(ips: Any, expected: list[tuple[str, int | None, str]]) -> None:
    found = keycheck.check({"exchange": "htx", "ip_restriction": ips})["findings"]
    got = {(f["code"], f.get("position")) for f in found}
    assert got == {(code, position) for code, position, _ in expected}, found
    for code, position, words in expected:
        message = next(
            f["message"] for f in found if (f["code"], f.get("position")) == (code, position)
        )
        assert words in message


CLEAN: list[tuple[str, Any]] = [
    ("excel column", "8.8.8.8\r\n8.8.4.4\r\n"),
    ("chinese punctuation", "8.8.8.8\uff0c8.8.4.4\u30011.1.1.1\uff1b1.0.0.1"),
    ("a /24 is not too broad", ["202.106.96.0/24"]),
    ("two neighbouring networks", ["8.8.8.0/25", "8.8.8.128/25"]),
    ("ipv4 and ipv6 of the same host", ["8.8.8.8", "2001:4860:4860::8888"]),
    ("netmask form", ["202.106.96.0/255.255.255.0"]),
]


@pytest.mark.parametrize("ips", [c[1] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_lists_with_nothing_to_say(ips: Any) -> None:
    result = keycheck.check({"exchange": "htx", "ip_restriction": ips})
    assert result["findings"] == [] and result["ok"] is True


# -- the limits of ip-too-broad: policy of the rule, applied to every exchange's data ---


@pytest.mark.parametrize(
    ("entry", "broad"),
    [
        ("8.8.8.0/24", False),
        ("8.8.8.0/23", True),
        ("2001:4860:4860::/48", False),
        ("2001:4860::/47", True),
        ("2001:4860:4860::8888", False),
    ],
)
def test_too_broad_limits(entry: str, broad: bool) -> None:
    allows_ipv6_networks = replace(SPEC, ipv6_networks_allowed=True)
    found = ip.check(allows_ipv6_networks, ip.IpList((entry,), 1))
    assert [f.code for f in found] == (["ip-too-broad"] if broad else [])


# -- grammar and bounds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "words"), [(11, "(1 more entry has"), (12, "(2 more entries have")]
)
def test_the_capped_finding_counts_with_the_right_grammar(count: int, words: str) -> None:
    found = keycheck.check({"exchange": "htx", "ip_restriction": [f"x{i}" for i in range(count)]})
    invalid = [f for f in found["findings"] if f["code"] == "ip-invalid"]
    assert len(invalid) == ip.MAX_PER_CODE
    assert words in invalid[-1]["message"]


def test_duplicates_are_found_among_all_examined_entries_in_any_order() -> None:
    hosts = [f"8.8.{i}.{j}" for i in range(4) for j in range(40)]
    found = keycheck.check({"exchange": "htx", "ip_restriction": [*hosts, "8.8.0.0/22"]})
    duplicates = [f for f in found["findings"] if f["code"] == "ip-duplicate"]
    assert len(duplicates) == ip.MAX_PER_CODE
    assert all("covered by entry 161 (8.8.0.0/22)" in f["message"] for f in duplicates)
    assert "(150 more entries have the same problem.)" in duplicates[-1]["message"]


def test_a_long_entry_is_not_examined_further() -> None:
    reason = ipentry.parse("1." * 10_000)
    assert isinstance(reason, ipentry.Reason)
    assert reason.render(True) == "is not an IPv4 or IPv6 address"


# -- nothing of the secret, even in what is derived from an entry -----------------------


@pytest.mark.parametrize(
    ("entry", "secret", "plain"),
    [
        (
            "1.2.3.4:8080",
            "a8080bcd-12345678-9abcdef0-12ab3",
            "includes a port: enter the address without ':' and the port",
        ),
        ("fe80::1%8080", "a8080bcd-12345678-9abcdef0-12ab3", "includes a zone id (the part"),
        (
            "\uff11\uff12.\uff13\uff14.\uff15\uff16.\uff17\uff18",
            "pasted 34.56 here",  # a secret is any text; the ASCII form shares "34.5"
            "type it again in plain ASCII",
        ),
        ("IP:12.34.56.78", "pasted 34.56 here", "starts with a label: enter the address only"),
    ],
)
def test_parts_sharing_four_characters_with_the_secret_are_not_quoted(
    entry: str, secret: str, plain: str
) -> None:
    found = keycheck.check({"exchange": "htx", "secret_key": secret, "ip_restriction": [entry]})
    messages = " ".join(f["message"] for f in found["findings"] if f["field"] == "ip_restriction")
    assert plain in messages
    for i in range(len(secret) - 3):
        assert secret[i : i + 4] not in messages


def test_a_reason_renders_plain_when_any_part_is_unsafe() -> None:
    reason = ipentry.parse("1.2.3.4:8080")
    assert isinstance(reason, ipentry.Reason)
    assert Redactor("x8080x").safe(reason.parts["port"]) is False
    assert reason.render(False) == reason.plain
    assert "{" not in reason.render(True) and "{" not in reason.plain
