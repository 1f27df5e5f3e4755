"""The validator's case table: one source of truth for every runtime that runs it.

Each case is plain JSON data: ``input`` is what the widget or ``keycheck check`` sends,
``present`` the finding codes that must be reported, ``absent`` codes that must not be,
and ``ok`` (when given) the expected verdict. ``test_cases.py`` runs the table in
CPython; the browser test runs the very same table through the Pyodide worker and
requires identical findings. Every code in the catalog needs at least one positive case
(``test_every_code_has_a_positive_case``).

The keys and secrets below are made up in HTX's shapes; none is a real credential.
"""

from __future__ import annotations

from typing import Any

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"  # code group second: 34 characters
KEY_HEX = "a1b2c3d4-e5f6a7b8-c9d0e1f2-a3b4c"  # plain 8-8-8-5 hex access key
KEY_CODE_FIRST = "k2m9p4q7r1-3e8b1c7f-0a9d4e62-b5f7c"
KEY_CODE_THIRD = "3e8b1c7f-0a9d4e62-k2m9p4q7r1-b5f7c"
KEY_CODE_LAST = "3e8b1c7f-0a9d4e62-b5f7c3a1-k2m9p4q7r1"  # 37 characters
SECRET = "3e8b1c7f-0a9d4e62-b5f7c3a1-8d2e4"

GOOD_PERMS = {"read": True, "trade": True, "futures_trade": False, "withdraw": False}
FUTURES_PERMS = {**GOOD_PERMS, "futures_trade": True}
PUBLIC_IPS = ["8.8.8.8", "202.106.96.0/24", "2001:4860:4860::8888"]

CREDENTIAL_CODES = [
    "empty",
    "whitespace",
    "invisible-character",
    "lookalike-character",
    "wrapped-value",
    "bad-format",
    "example-value",
    "duplicated-paste",
    "same-as-key",
    "two-values-in-one-field",
    "swapped-fields",
    "self-generated-key",
]
PERMISSION_CODES = [
    "withdraw-enabled",
    "transfer-enabled",
    "read-missing",
    "trade-missing",
    "futures-missing",
    "futures-unneeded",
]
IP_CODES = [
    "ip-restriction-off",
    "ip-invalid",
    "ip-not-public",
    "ip-duplicate",
    "ip-too-many",
    "ip-too-broad",
]
ALL_CODES = CREDENTIAL_CODES + PERMISSION_CODES + IP_CODES


def _input(**fields: Any) -> dict[str, Any]:
    return {"exchange": "htx", **fields}


def _case(
    name: str,
    data: dict[str, Any],
    present: list[str] | None = None,
    absent: list[str] | None = None,
    ok: bool | None = None,
) -> dict[str, Any]:
    case: dict[str, Any] = {
        "name": name,
        "input": data,
        "present": present or [],
        "absent": absent or [],
    }
    if ok is not None:
        case["ok"] = ok
    return case


CASES: list[dict[str, Any]] = [
    # -- everything right -----------------------------------------------------------
    _case(
        "complete-spot-setup",
        _input(
            api_key=KEY,
            secret_key=SECRET,
            scope="spot",
            permissions=GOOD_PERMS,
            ip_restriction=PUBLIC_IPS,
        ),
        absent=ALL_CODES,
        ok=True,
    ),
    _case(
        "complete-futures-setup",
        _input(
            api_key=KEY_HEX,
            secret_key=SECRET,
            scope="futures",
            permissions=FUTURES_PERMS,
            ip_restriction=["8.8.8.8"],
        ),
        absent=ALL_CODES,
        ok=True,
    ),
    _case(
        "complete-both-setup-ips-as-one-string",
        _input(
            api_key=KEY_CODE_LAST,
            secret_key=SECRET,
            scope="both",
            permissions={**FUTURES_PERMS, "transfer": False},
            ip_restriction="8.8.8.8, 1.1.1.1\n9.9.9.9",
        ),
        absent=ALL_CODES,
        ok=True,
    ),
    _case("only-exchange-given", _input(), absent=ALL_CODES, ok=True),
    _case("key-code-group-first", _input(api_key=KEY_CODE_FIRST), absent=ALL_CODES, ok=True),
    _case("key-code-group-third", _input(api_key=KEY_CODE_THIRD), absent=ALL_CODES, ok=True),
    _case("key-code-group-last", _input(api_key=KEY_CODE_LAST), absent=ALL_CODES, ok=True),
    _case("secret-alone", _input(secret_key=SECRET), absent=ALL_CODES, ok=True),
    # -- empty ------------------------------------------------------------------------
    _case("key-empty-string", _input(api_key=""), ["empty"], ["bad-format"], ok=False),
    _case(
        "secret-only-spaces-and-zwsp",
        _input(secret_key="  \u200b "),
        ["empty"],
        ["whitespace", "invisible-character"],
        ok=False,
    ),
    _case("secret-only-quotes", _input(secret_key='""'), ["empty"], ok=False),
    _case("key-null-is-not-checked", _input(api_key=None), absent=ALL_CODES, ok=True),
    # -- whitespace -------------------------------------------------------------------
    _case(
        "secret-trailing-newline",
        _input(secret_key=SECRET + "\n"),
        ["whitespace"],
        ["bad-format"],
        ok=False,
    ),
    _case("key-leading-space", _input(api_key=" " + KEY), ["whitespace"], ["bad-format"], ok=False),
    _case(
        "key-space-inside",
        _input(api_key=KEY[:9] + " " + KEY[9:]),
        ["whitespace"],
        ["bad-format"],
        ok=False,
    ),
    _case(
        "secret-no-break-space",
        _input(secret_key=SECRET + "\u00a0"),
        ["whitespace"],
        ["invisible-character"],
        ok=False,
    ),
    _case(
        "secret-crlf-line-break-inside",
        _input(secret_key=SECRET[:18] + "\r\n" + SECRET[18:]),
        ["whitespace"],
        ["bad-format"],
    ),
    _case(
        "key-ideographic-space",
        _input(api_key=KEY + "\u3000"),
        ["whitespace"],
        ["lookalike-character"],
    ),
    _case("key-tab", _input(api_key="\t" + KEY), ["whitespace"]),
    # -- invisible characters ----------------------------------------------------------
    _case(
        "key-trailing-zero-width-space",
        _input(api_key=KEY + "\u200b"),
        ["invisible-character"],
        ["whitespace", "bad-format"],
        ok=False,
    ),
    _case("secret-leading-bom", _input(secret_key="\ufeff" + SECRET), ["invisible-character"]),
    _case(
        "secret-soft-hyphen-inside",
        _input(secret_key=SECRET[:5] + "\u00ad" + SECRET[5:]),
        ["invisible-character"],
        ["bad-format"],
    ),
    _case(
        "key-right-to-left-mark",
        _input(api_key="\u200f" + KEY),
        ["invisible-character"],
        ["bad-format"],
    ),
    _case(
        "key-zero-width-joiner",
        _input(api_key=KEY[:3] + "\u200d" + KEY[3:]),
        ["invisible-character"],
    ),
    _case("secret-control-character", _input(secret_key=SECRET + "\x1b"), ["invisible-character"]),
    _case("key-tag-character", _input(api_key=KEY + "\U000e0041"), ["invisible-character"]),
    # -- look-alikes -------------------------------------------------------------------
    _case(
        "key-cyrillic-a",
        _input(api_key=KEY.replace("a", "\u0430", 1)),
        ["lookalike-character"],
        ["bad-format"],
        ok=False,
    ),
    _case(
        "secret-fullwidth-digit",
        _input(secret_key="\uff13" + SECRET[1:]),
        ["lookalike-character"],
        ["bad-format"],
    ),
    _case(
        "secret-en-dashes",
        _input(secret_key=SECRET.replace("-", "\u2013")),
        ["lookalike-character"],
        ["bad-format"],
    ),
    _case(
        "key-greek-omicron-for-zero-is-also-bad-format",
        _input(api_key=KEY_HEX.replace("0", "\u03bf")),
        ["lookalike-character", "bad-format"],
    ),
    _case(
        "key-mathematical-bold-digit",
        _input(api_key="\U0001d7d5" + KEY[1:]),
        ["lookalike-character"],
        ["bad-format"],
    ),
    # -- wrapped values ----------------------------------------------------------------
    _case(
        "key-in-double-quotes",
        _input(api_key=f'"{KEY}"'),
        ["wrapped-value"],
        ["bad-format", "whitespace"],
        ok=False,
    ),
    _case(
        "key-with-label",
        _input(api_key=f"API Key: {KEY}"),
        ["wrapped-value"],
        ["bad-format", "whitespace"],
    ),
    _case(
        "secret-assignment-in-quotes",
        _input(secret_key=f'secret_key="{SECRET}",'),
        ["wrapped-value"],
        ["bad-format"],
    ),
    _case("secret-in-backticks", _input(secret_key=f"`{SECRET}`"), ["wrapped-value"]),
    _case(
        "secret-label-on-line-above",
        _input(secret_key=f"Secret Key\n{SECRET}"),
        ["wrapped-value"],
        ["bad-format", "whitespace"],
    ),
    _case("key-in-angle-brackets", _input(api_key=f"<{KEY}>"), ["wrapped-value"], ["bad-format"]),
    _case(
        "key-in-typographic-quotes",
        _input(api_key=f"\u201c{KEY}\u201d"),
        ["wrapped-value"],
        ["bad-format", "lookalike-character"],
    ),
    # -- labels and wrappers as traders paste them (.env, sentences, CJK) -------------
    _case(
        "key-env-line",
        _input(api_key=f"HTX_API_KEY={KEY}"),
        ["wrapped-value"],
        ["bad-format", "example-value"],
    ),
    _case(
        "secret-export-line-in-quotes",
        _input(secret_key=f'export HUOBI_SECRET_KEY="{SECRET}"'),
        ["wrapped-value"],
        ["bad-format"],
    ),
    _case(
        "key-in-a-sentence-with-your",
        _input(api_key=f"Your API Key: {KEY}"),
        ["wrapped-value"],
        ["bad-format", "example-value"],
    ),
    _case(
        "secret-chinese-label-full-width-colon",
        _input(secret_key=f"\u79c1\u94a5\uff1a{SECRET}"),
        ["wrapped-value"],
        ["bad-format", "lookalike-character"],
    ),
    _case(
        "key-in-lenticular-brackets",
        _input(api_key=f"\u3010{KEY}\u3011"),
        ["wrapped-value"],
        ["bad-format"],
    ),
    _case(
        "key-japanese-prolonged-sound-marks-for-hyphens",
        _input(api_key=KEY.replace("-", "\u30fc")),
        ["lookalike-character"],
        ["bad-format"],
    ),
    _case(
        "secret-halfwidth-prolonged-sound-mark",
        _input(secret_key=SECRET.replace("-", "\uff70", 1)),
        ["lookalike-character"],
        ["bad-format"],
    ),
    # -- bad format --------------------------------------------------------------------
    _case(
        "secret-last-character-missing",
        _input(secret_key=SECRET[:-1]),
        ["bad-format"],
        ["whitespace"],
        ok=False,
    ),
    _case("key-uppercase", _input(api_key=KEY.upper()), ["bad-format"]),
    _case("secret-hyphens-missing", _input(secret_key=SECRET.replace("-", "")), ["bad-format"]),
    _case("secret-non-hex-letter", _input(secret_key=SECRET[:-1] + "g"), ["bad-format"]),
    _case("key-three-groups", _input(api_key=KEY.rsplit("-", 1)[0]), ["bad-format"]),
    _case("key-one-character-too-many", _input(api_key=KEY + "7"), ["bad-format"]),
    _case("secret-far-too-long", _input(secret_key=SECRET * 200), ["bad-format"]),
    _case(
        "secret-is-a-code-group-key",
        _input(api_key=KEY_HEX, secret_key=KEY),
        ["swapped-fields"],
        ["same-as-key", "bad-format"],
        ok=False,
    ),
    _case("key-chinese-characters", _input(api_key="\u5bc6\u94a5" * 8), ["bad-format"]),
    _case(
        "key-pem-public-key",
        _input(api_key="-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----"),
        ["bad-format"],
    ),
    # -- example, placeholder and masked values ----------------------------------------
    _case(
        "key-htx-docs-placeholder",
        _input(api_key="e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx"),
        ["example-value"],
        ["bad-format"],
        ok=False,
    ),
    _case(
        "secret-htx-docs-example",
        _input(secret_key="c405c550-6fa0583b-fb4bc38e-d317e"),
        ["example-value"],
        ["bad-format"],
    ),
    _case(
        "key-htx-docs-example",
        _input(api_key="2b55df29-vf25treb80-1535713d-8aea2"),
        ["example-value"],
    ),
    _case("secret-all-x", _input(secret_key="xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxx"), ["example-value"]),
    _case("key-your-api-key", _input(api_key="<your API key>"), ["example-value"]),
    _case("secret-masked", _input(secret_key="3e8b****8d2e4"), ["example-value"], ["bad-format"]),
    # -- pasted twice ------------------------------------------------------------------
    _case(
        "key-pasted-twice",
        _input(api_key=KEY + KEY),
        ["duplicated-paste"],
        ["bad-format"],
        ok=False,
    ),
    _case(
        "secret-pasted-twice-with-newline",
        _input(secret_key=SECRET + "\n" + SECRET),
        ["duplicated-paste", "whitespace"],
        ["bad-format"],
    ),
    _case(
        "key-pasted-twice-with-comma",
        _input(api_key=KEY + ", " + KEY),
        ["duplicated-paste"],
        ["bad-format"],
    ),
    # -- secret is the key -------------------------------------------------------------
    _case(
        "secret-same-as-key",
        _input(api_key=KEY, secret_key=KEY),
        ["same-as-key"],
        ["bad-format"],
        ok=False,
    ),
    _case(
        "secret-same-as-hex-key-with-space",
        _input(api_key=KEY_HEX, secret_key=KEY_HEX + " "),
        ["same-as-key", "whitespace"],
    ),
    _case("different-key-and-secret", _input(api_key=KEY, secret_key=SECRET), [], ["same-as-key"]),
    # -- two values in one field -----------------------------------------------------
    _case(
        "key-field-holds-spreadsheet-row",
        _input(api_key=f"{KEY}\t{SECRET}"),
        ["two-values-in-one-field"],
        ["whitespace", "bad-format", "duplicated-paste"],
        ok=False,
    ),
    _case(
        "secret-field-holds-key-and-secret-on-two-lines",
        _input(api_key=KEY, secret_key=f"{KEY}\n{SECRET}"),
        ["two-values-in-one-field"],
        ["whitespace", "bad-format", "same-as-key"],
        ok=False,
    ),
    _case(
        "key-field-holds-the-whole-created-dialog",
        _input(api_key=f"Access Key\n{KEY}\nSecret Key\n{SECRET}\n"),
        ["two-values-in-one-field"],
        ["wrapped-value", "bad-format"],
        ok=False,
    ),
    # -- swapped fields ----------------------------------------------------------------
    _case(
        "code-group-key-in-secret-field-alone",
        _input(secret_key=KEY),
        ["swapped-fields"],
        ["bad-format"],
        ok=False,
    ),
    _case(
        "hex-key-and-secret-swapped-cannot-be-told",
        _input(api_key=SECRET, secret_key=KEY_HEX),
        [],
        ["swapped-fields", "bad-format"],
        ok=True,
    ),
    # -- self-generated key pasted as secret -------------------------------------------
    _case(
        "secret-pem-private-key",
        _input(
            api_key=KEY,
            secret_key=(
                "-----BEGIN PRIVATE KEY-----\n"
                "MC4CAQAwBQYDK2VwBCIEIJ7dQe0aGm2Xh5zqkY3dYtC1n0GJmZ8cS3l2b0sX9w1u\n"
                "-----END PRIVATE KEY-----\n"
            ),
        ),
        ["self-generated-key"],
        ["whitespace", "bad-format", "wrapped-value"],
        ok=False,
    ),
    _case(
        "secret-ed25519-base64-body",
        _input(secret_key="MC4CAQAwBQYDK2VwBCIEIJ7dQe0aGm2Xh5zqkY3dYtC1n0GJmZ8cS3l2b0sX9w1u"),
        ["self-generated-key"],
        ["bad-format"],
    ),
    # -- permissions -------------------------------------------------------------------
    _case(
        "withdraw-ticked",
        _input(permissions={**GOOD_PERMS, "withdraw": True}),
        ["withdraw-enabled"],
        ok=False,
    ),
    _case(
        "transfer-ticked",
        _input(permissions={**GOOD_PERMS, "transfer": True}),
        ["transfer-enabled"],
        ["withdraw-enabled"],
        ok=True,
    ),
    _case(
        "read-unticked",
        _input(permissions={**GOOD_PERMS, "read": False}),
        ["read-missing"],
        ["trade-missing"],
        ok=False,
    ),
    _case(
        "trade-unticked",
        _input(permissions={**GOOD_PERMS, "trade": False}),
        ["trade-missing"],
        ["read-missing"],
        ok=False,
    ),
    _case("nothing-ticked", _input(permissions={}), ["read-missing", "trade-missing"]),
    _case(
        "futures-scope-without-futures",
        _input(scope="futures", permissions=GOOD_PERMS),
        ["futures-missing"],
        ["futures-unneeded"],
        ok=False,
    ),
    _case(
        "both-scope-without-futures",
        _input(scope="both", permissions=GOOD_PERMS),
        ["futures-missing"],
        ok=False,
    ),
    _case(
        "spot-scope-with-futures",
        _input(scope="spot", permissions=FUTURES_PERMS),
        ["futures-unneeded"],
        ["futures-missing"],
        ok=True,
    ),
    _case(
        "futures-ticked-without-scope",
        _input(permissions=FUTURES_PERMS),
        [],
        ["futures-missing", "futures-unneeded"],
        ok=True,
    ),
    _case(
        "scope-without-permissions",
        _input(scope="futures"),
        [],
        PERMISSION_CODES,
        ok=True,
    ),
    # -- IP restriction ----------------------------------------------------------------
    _case(
        "ip-restriction-null",
        _input(ip_restriction=None),
        ["ip-restriction-off"],
        ["ip-invalid"],
        ok=True,
    ),
    _case("ip-restriction-empty-list", _input(ip_restriction=[]), ["ip-restriction-off"]),
    _case("ip-restriction-blank-string", _input(ip_restriction=" \n "), ["ip-restriction-off"]),
    _case("ip-out-of-range", _input(ip_restriction=["300.1.1.1"]), ["ip-invalid"], ok=False),
    _case("ip-with-port", _input(ip_restriction=["8.8.8.8:443"]), ["ip-invalid"]),
    _case("ip-network-host-bits", _input(ip_restriction=["202.106.96.7/24"]), ["ip-invalid"]),
    _case("ip-ipv6-network", _input(ip_restriction=["2001:4860::/32"]), ["ip-invalid"]),
    _case("ip-host-name", _input(ip_restriction=["api.example.com"]), ["ip-invalid"]),
    _case("ip-url", _input(ip_restriction=["https://8.8.8.8/"]), ["ip-invalid"]),
    _case(
        "ip-private",
        _input(ip_restriction=["192.168.1.10"]),
        ["ip-not-public"],
        ["ip-invalid"],
        ok=True,
    ),
    _case("ip-loopback", _input(ip_restriction=["127.0.0.1"]), ["ip-not-public"]),
    _case("ip-private-network", _input(ip_restriction=["10.0.0.0/8"]), ["ip-not-public"]),
    _case("ip-link-local-ipv6", _input(ip_restriction=["fe80::1"]), ["ip-not-public"]),
    _case("ip-carrier-grade-nat", _input(ip_restriction=["100.64.1.1"]), ["ip-not-public"]),
    _case(
        "ip-public-ipv4-ipv6-network",
        _input(ip_restriction=PUBLIC_IPS),
        [],
        IP_CODES,
        ok=True,
    ),
    _case(
        "ip-listed-twice",
        _input(ip_restriction=["8.8.8.8", "8.8.8.8/32"]),
        ["ip-duplicate"],
        ok=True,
    ),
    _case(
        "ip-covered-by-network",
        _input(ip_restriction=["202.106.96.0/24", "202.106.96.9"]),
        ["ip-duplicate"],
    ),
    _case(
        "ip-twenty-one",
        _input(ip_restriction=[f"8.8.{i}.1" for i in range(21)]),
        ["ip-too-many"],
        ["ip-duplicate"],
        ok=False,
    ),
    _case(
        "ip-exactly-twenty",
        _input(ip_restriction=[f"8.8.{i}.1" for i in range(20)]),
        [],
        IP_CODES,
        ok=True,
    ),
    _case(
        "ip-chinese-and-japanese-separators",
        _input(ip_restriction="8.8.8.8\uff0c1.1.1.1\u30019.9.9.9\uff1b8.8.4.4\u30001.0.0.1"),
        [],
        IP_CODES,
        ok=True,
    ),
    _case(
        "ip-full-width-digits",
        _input(ip_restriction=["\uff18.\uff18.\uff18.\uff18"]),
        ["ip-invalid"],
        ok=False,
    ),
    _case("ip-zone-id", _input(ip_restriction=["fe80::1%eth0"]), ["ip-invalid"], ok=False),
    _case("ip-leading-zeros", _input(ip_restriction=["010.8.8.8"]), ["ip-invalid"], ok=False),
    _case(
        "ip-host-before-its-network",
        _input(ip_restriction=["202.106.96.9", "202.106.96.0/24"]),
        ["ip-duplicate"],
        ["ip-too-broad"],
        ok=True,
    ),
    _case(
        "ip-ipv4-mapped-repeat",
        _input(ip_restriction=["8.8.8.8", "::ffff:8.8.8.8"]),
        ["ip-duplicate", "ip-not-public"],
    ),
    _case(
        "ip-everything-ipv4",
        _input(ip_restriction=["0.0.0.0/0"]),
        ["ip-too-broad"],
        ["ip-not-public", "ip-invalid"],
        ok=True,
    ),
    _case("ip-everything-ipv6", _input(ip_restriction=["::/0"]), ["ip-too-broad", "ip-invalid"]),
    _case("ip-slash-16", _input(ip_restriction=["8.8.0.0/16"]), ["ip-too-broad"], ok=True),
]
