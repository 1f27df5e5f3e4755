"""OKX's checks: key shapes, examples, placement, permissions and IP facts from OKX's docs.

The keys below are made up in OKX's shapes (an API key laid out as a lowercase UUID, a
Secret key of 32 uppercase hex digits); none is a real credential. The examples printed
in OKX's documentation are recognised as examples.
"""

from __future__ import annotations

from typing import Any

import keycheck
import pytest

KEY = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c"
SECRET = "A1B2C3D4E5F60718293A4B5C6D7E8F90"
PASSPHRASE = "Tr4ding!desk"
GOOD_PERMS = {"read": True, "trade": True, "withdraw": False}
DOC_KEY = "985d5b66-57ce-40fb-b714-afc0b9787083"  # docs-v5, WebSocket login example
DOC_SECRET = "22582BD0CFF14C41EDBF1AB98506286D"  # docs-v5, SecretKey example


def okx(**fields: Any) -> dict[str, Any]:
    return {"exchange": "okx", **fields}


def codes(data: dict[str, Any]) -> dict[str, set[str]]:
    """Finding codes per field."""
    out: dict[str, set[str]] = {}
    for f in keycheck.check(data)["findings"]:
        out.setdefault(f["field"], set()).add(f["code"])
    return out


# (id, input, {field: codes that must be reported}, codes that must not be reported anywhere)
TABLE: list[tuple[str, dict[str, Any], dict[str, set[str]], set[str]]] = [
    (
        "all-good",
        okx(
            api_key=KEY,
            secret_key=SECRET,
            passphrase=PASSPHRASE,
            permissions=GOOD_PERMS,
            ip_restriction=["8.8.8.8"],
        ),
        {},
        {"bad-format", "ip-restriction-off", "read-missing", "trade-missing"},
    ),
    ("key-uppercase", okx(api_key=KEY.upper()), {"api_key": {"bad-format"}}, set()),
    ("secret-lowercase", okx(secret_key=SECRET.lower()), {"secret_key": {"bad-format"}}, set()),
    ("key-cut", okx(api_key=KEY[:-1]), {"api_key": {"bad-format"}}, set()),
    ("secret-cut", okx(secret_key=SECRET[:-2]), {"secret_key": {"bad-format"}}, set()),
    ("doc-key", okx(api_key=DOC_KEY), {"api_key": {"example-value"}}, {"bad-format"}),
    ("doc-secret", okx(secret_key=DOC_SECRET), {"secret_key": {"example-value"}}, set()),
    (
        "doc-masked-key",
        okx(api_key="37c541a1-****-****-****-10fe7a038418"),
        {"api_key": {"example-value"}},
        set(),
    ),
    (
        "swapped",
        okx(api_key=SECRET, secret_key=KEY),
        {"secret_key": {"swapped-fields"}},
        {"bad-format"},
    ),
    (
        "spreadsheet-row",
        okx(api_key=f"{KEY}\t{SECRET}"),
        {"api_key": {"two-values-in-one-field"}},
        set(),
    ),
    (
        "labelled-secret",
        okx(secret_key=f"OKX_SECRET_KEY={SECRET}"),
        {"secret_key": {"wrapped-value"}},
        {"bad-format"},
    ),
    (
        "header-label",
        okx(api_key=f"OK-ACCESS-KEY: {KEY}"),
        {"api_key": {"wrapped-value"}},
        {"bad-format"},
    ),
    ("secret-is-key", okx(api_key=KEY, secret_key=KEY), {"secret_key": {"same-as-key"}}, set()),
    (
        "withdraw-ticked",
        okx(permissions={"read": True, "trade": True, "withdraw": True}),
        {"permissions": {"withdraw-enabled"}},
        set(),
    ),
    (
        "read-and-trade-missing",
        okx(permissions={"read": False, "trade": False, "withdraw": False}),
        {"permissions": {"read-missing", "trade-missing"}},
        set(),
    ),
    (
        "futures-scope-needs-no-extra-box",
        okx(scope="futures", permissions=GOOD_PERMS),
        {},
        {"futures-missing", "futures-unneeded"},
    ),
    ("no-ip", okx(ip_restriction=None), {"ip_restriction": {"ip-restriction-off"}}, set()),
    (
        "twenty-ips",
        okx(ip_restriction=[f"8.8.{i}.1" for i in range(20)]),
        {},
        {"ip-too-many"},
    ),
    (
        "twenty-one-ips",
        okx(ip_restriction=[f"8.8.{i}.1" for i in range(21)]),
        {"ip_restriction": {"ip-too-many"}},
        set(),
    ),
    (
        "ipv6-network",
        okx(ip_restriction=["2001:4860:4860::/64"]),
        {},
        {"ip-invalid"},
    ),
    (
        "ips-separated-by-spaces",
        okx(ip_restriction="8.8.8.8 8.8.4.4"),
        {},
        {"ip-invalid"},
    ),
]


@pytest.mark.parametrize(
    ("data", "present", "absent"), [t[1:] for t in TABLE], ids=[t[0] for t in TABLE]
)
def test_okx_case(data: dict[str, Any], present: dict[str, set[str]], absent: set[str]) -> None:
    found = codes(data)
    for field, expected in present.items():
        assert expected <= found.get(field, set()), (field, found)
    everything = set().union(*found.values()) if found else set()
    assert not absent & everything, found
    if not present:
        assert keycheck.check(data)["ok"], found


def test_findings_link_to_okx_errors_page() -> None:
    result = keycheck.check(okx(api_key=KEY.upper(), permissions={"withdraw": True}))
    assert result["findings"]
    for finding in result["findings"]:
        assert finding["help"] == f"okx/errors/#{finding['code']}"
        assert "HTX" not in finding["message"] + finding["fix"]


def test_no_ip_message_gives_okx_fourteen_days() -> None:
    result = keycheck.check(okx(ip_restriction=None))
    message = result["findings"][0]["message"]
    assert "14 days" in message and "OKX" in message


def test_bad_format_names_okx_layouts() -> None:
    result = keycheck.check(okx(api_key=KEY[:-1], secret_key=SECRET.lower()))
    messages = {f["field"]: f["message"] for f in result["findings"]}
    assert "8-4-4-4-12" in messages["api_key"]
    assert "uppercase hexadecimal" in messages["secret_key"]


def test_okx_permissions_reject_htx_only_boxes() -> None:
    with pytest.raises(keycheck.InputError, match="expected read, trade, withdraw"):
        keycheck.check(okx(permissions={"futures_trade": True}))


def test_summary_uses_okx_labels_and_hides_the_secret() -> None:
    summary = keycheck.check(okx(api_key=KEY, secret_key=SECRET, passphrase=PASSPHRASE))["summary"]
    assert "OKX API key check" in summary
    assert f"API key: {KEY[:4]}...{KEY[-4:]} (36 characters)" in summary
    assert "Secret key: given, 32 characters (never shown)" in summary
    assert "Passphrase: given (never shown)" in summary
    assert SECRET[:4] not in summary and PASSPHRASE[:4] not in summary
