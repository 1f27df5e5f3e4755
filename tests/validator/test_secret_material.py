"""Secret material pasted into any field is never shown, not even four characters of it.

Protects the support summary's preview of the API Key (issue: "not one character of a
secret in the support summary"): traders paste the secret into the API Key field with
its label, a spreadsheet row with key and secret, the whole "key created" dialog, or a
private key. For generated inputs of that kind, nothing the validator outputs (the
JSON result, its summary, the terminal text, ``keycheck check`` in every mode with its
stdout and stderr) contains a run of four characters of the secret material.

A run that also appears when the same input is built around a different secret is the
validator's own wording (a position number, a layout) and is not counted.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import keycheck
import pytest
from cases import CASES, KEY, SECRET
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keycheck import cli, terminal

HEX = "0123456789abcdef"
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _hex(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=HEX, min_size=n, max_size=n)


@st.composite
def htx_secrets(draw: st.DrawFn) -> str:
    return "-".join(draw(_hex(n)) for n in (8, 8, 8, 5))


@st.composite
def ed25519_private_keys(draw: st.DrawFn) -> str:
    """The base64 DER of an Ed25519 private key: a fixed prefix and 32 random bytes."""
    return "MC4CAQAwBQYDK2VwBCIEI" + draw(st.text(alphabet=BASE64, min_size=43, max_size=43))


@st.composite
def long_secrets(draw: st.DrawFn) -> str:
    """Secret-like values longer than any HTX key: 64 hex digits, base64 blobs."""
    return draw(st.one_of(_hex(64), st.text(alphabet=BASE64, min_size=40, max_size=88)))


KINDS = (htx_secrets(), ed25519_private_keys(), long_secrets())
SECRET_MATERIAL = st.one_of(*KINDS)

# How secret material reaches the API Key field: "{s}" is the secret material.
KEY_FIELD_PASTES = [
    "Secret Key: {s}",
    "secret key：{s}",  # noqa: RUF001 - a full-width colon, as Chinese IMEs type it
    "HUOBI_SECRET_KEY={s}",
    'export HTX_SECRET_KEY="{s}"',
    "私钥：{s}",  # noqa: RUF001
    "Here is your secret key: {s}",
    KEY + "\t{s}",
    KEY + " {s}",
    KEY + "\n{s}",
    KEY + ",{s}",
    "{s}\t" + KEY,
    "Access Key\n" + KEY + "\nSecret Key\n{s}\n",
    "-----BEGIN PRIVATE KEY-----\n{s}\n-----END PRIVATE KEY-----\n",
    "{s}{s}",
]


@st.composite
def material_inputs(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """(secret material, another of the same kind, a paste template, where else it goes)."""
    kind = draw(st.sampled_from(KINDS))
    secret, other = draw(kind), draw(kind)
    template = draw(st.sampled_from(KEY_FIELD_PASTES))
    where = draw(st.sampled_from(["key-only", "secret-empty", "secret-too", "ip-too"]))
    return secret, other, template, where


def build(secret: str, template: str, where: str) -> dict[str, Any]:
    data: dict[str, Any] = {"exchange": "htx", "api_key": template.replace("{s}", secret)}
    if where == "secret-empty":
        data["secret_key"] = ""
    elif where == "secret-too":
        data["secret_key"] = secret
    elif where == "ip-too":
        data["ip_restriction"] = [secret, "8.8.8.8"]
    return data


def outputs(data: dict[str, Any]) -> str:
    """Everything the validator says about ``data``, through every surface."""
    result = keycheck.check(data)
    parts = [json.dumps(result, ensure_ascii=False), result["summary"]]
    parts.append(terminal.check_text(result, "https://guides.example/"))
    for mode in ([], ["--json"], ["--summary"]):
        parts.append(run_cli(["check", *mode], json.dumps(data)))
    return "\n".join(parts)


def run_cli(argv: list[str], stdin: str) -> str:
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        cli.main(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return out.getvalue() + "\n" + err.getvalue()


def windows(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}


def leaked(secret: str, output: str, control: str) -> list[str]:
    """Runs of four characters of ``secret`` (any case) in ``output`` but not ``control``.

    The validator's own words count as control too: a base64 secret holding "XPEC" is
    not leaked by the word "expected".
    """
    found = []
    own_words = control + "\n" + VOCABULARY
    for window in windows(secret) | windows(secret.lower()) | windows(secret.upper()):
        if window in output and window not in own_words:
            found.append(window)
    return found


# Everything the validator says on its own: its catalog and the findings of the case table.
VOCABULARY = "\n".join(
    [json.dumps(keycheck.catalog("htx"))]
    + [json.dumps(keycheck.check(case["input"])) for case in CASES]
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(material_inputs())
def test_secret_material_in_the_key_field_is_never_shown(case: tuple[str, str, str, str]) -> None:
    secret, other, template, where = case
    output = outputs(build(secret, template, where))
    control = outputs(build(other, template, where))
    assert leaked(secret, output, control) == []


@pytest.mark.parametrize(
    "api_key",
    [
        f"Secret Key: {SECRET}",
        f"{KEY}\t{SECRET}",
        "MC4CAQAwBQYDK2VwBCIEIJ7dQe0aGm2Xh5zqkY3dYtC1n0GJmZ8cS3l2b0sX9w1u",
        f"HTX_SECRET_KEY={SECRET}",
        f"Access Key\n{KEY}\nSecret Key\n{SECRET}",
    ],
    ids=["labelled-secret", "spreadsheet-row", "ed25519-base64", "env-line", "created-dialog"],
)
def test_summary_shows_no_preview_of_the_issue_examples(api_key: str) -> None:
    """The three pastes of the report, and two more: the summary gives a length only."""
    summary = keycheck.check({"exchange": "htx", "api_key": api_key, "secret_key": ""})["summary"]
    line = next(x for x in summary.splitlines() if x.startswith("API Key:"))
    assert "..." not in line
    assert line.endswith("characters")


def test_a_plausible_key_alone_keeps_its_preview() -> None:
    """The rule is not "never preview": one clean key still helps support find it."""
    summary = keycheck.check({"exchange": "htx", "api_key": f" {KEY}\n"})["summary"]
    assert f"API Key: {KEY[:4]}...{KEY[-4:]} (34 characters)" in summary
