"""The passphrase: accepted only where the exchange has one, checked, and never shown.

OKX's keys have a third credential the trader chooses (docs-v5: "We cannot recover the
Passphrase if you have lost it"). The checker reports what a copy adds to it (nothing
but whitespace, whitespace, invisible and look-alike characters) and shows nothing of
it: not a character, not a position, not even its length.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import keycheck
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keycheck import cli, terminal

KEY = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c"
SECRET = "A1B2C3D4E5F60718293A4B5C6D7E8F90"


def check(passphrase: Any, **more: Any) -> dict[str, Any]:
    return keycheck.check({"exchange": "okx", "passphrase": passphrase, **more})


def passphrase_findings(passphrase: str) -> list[dict[str, Any]]:
    return [f for f in check(passphrase)["findings"] if f["field"] == "passphrase"]


def everything(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False) + terminal.check_text(
        result, "https://g.example/"
    )


# (id, passphrase, [(code, severity)] expected for the passphrase field, words in the message)
TABLE = [
    ("clean", "Tr4ding!desk", [], ""),
    ("empty", "", [("empty", "error")], "is empty"),
    ("only-spaces", "   \n", [("empty", "error")], "nothing but whitespace"),
    ("trailing-newline", "Tr4ding!desk\n", [("whitespace", "error")], "at the end"),
    ("leading-space", " Tr4ding!desk", [("whitespace", "error")], "at the start"),
    ("inner-space", "Tr4ding desk", [("whitespace", "error")], "inside"),
    ("zero-width", "Tr4ding\u200b!desk", [("invisible-character", "error")], "inside"),
    ("bom-at-start", "\ufeffTr4ding!desk", [("invisible-character", "error")], "at the start"),
    ("cyrillic-a", "Tr4ding!d\u0435sk", [("lookalike-character", "warning")], "Cyrillic"),
    (
        "space-and-zwsp",
        " Tr4ding!desk\u200b",
        [("whitespace", "error"), ("invisible-character", "error")],
        "",
    ),
    ("quotes-are-fine", '"Tr4ding!desk"', [], ""),  # a chosen passphrase may hold anything
]


@pytest.mark.parametrize(
    ("passphrase", "expected", "words"), [t[1:] for t in TABLE], ids=[t[0] for t in TABLE]
)
def test_passphrase_findings(passphrase: str, expected: list[tuple[str, str]], words: str) -> None:
    found = passphrase_findings(passphrase)
    assert [(f["code"], f["severity"]) for f in found] == expected
    for finding in found:
        assert "position" not in finding  # a position would tell the length
        assert finding["help"] == f"okx/errors/#{finding['code']}"
        assert finding["message"].startswith("The Passphrase ")
    if words:
        assert words in found[0]["message"]


@pytest.mark.parametrize(
    ("passphrase", "line"),
    [
        (None, "Passphrase: not given"),
        ("", "Passphrase: empty"),
        ("Tr4ding!desk", "Passphrase: given (never shown)"),
    ],
)
def test_summary_line(passphrase: str | None, line: str) -> None:
    data: dict[str, Any] = {"exchange": "okx", "api_key": KEY}
    if passphrase is not None:
        data["passphrase"] = passphrase
    assert line in keycheck.check(data)["summary"].splitlines()


def test_htx_rejects_a_passphrase_naming_the_field_not_the_value() -> None:
    with pytest.raises(keycheck.InputError) as raised:
        keycheck.check({"exchange": "htx", "api_key": KEY, "passphrase": "Tr4ding!desk"})
    message = str(raised.value)
    assert "'passphrase'" in message and "HTX" in message and "okx" in message
    assert "Tr4d" not in message


def test_htx_accepts_a_null_passphrase_and_shows_no_line() -> None:
    """``null`` means "not given" for every field; HTX's summary is unchanged."""
    result = keycheck.check({"exchange": "htx", "passphrase": None})
    assert "Passphrase" not in result["summary"]


@pytest.mark.parametrize("value", [12345, ["a"], {"a": 1}, True])
def test_passphrase_must_be_a_string(value: object) -> None:
    with pytest.raises(keycheck.InputError, match="'passphrase' must be a string or null"):
        check(value)


def test_unknown_field_named_like_the_passphrase_is_not_quoted() -> None:
    """A field name that holds passphrase material is not echoed in the error."""
    with pytest.raises(keycheck.InputError) as raised:
        keycheck.check({"exchange": "okx", "passphrase": "Zqxjwv", "Zqxjwv": 1})
    assert "Zqxj" not in str(raised.value)
    assert "(a name not shown)" in str(raised.value)


def test_catalog_lists_the_fields_with_labels() -> None:
    okx_fields = keycheck.catalog("okx")["fields"]
    assert [(f["name"], f["label"]) for f in okx_fields] == [
        ("api_key", "API key"),
        ("secret_key", "Secret key"),
        ("passphrase", "Passphrase"),
    ]
    assert "cannot show it again" in okx_fields[2]["hint"]
    htx_fields = keycheck.catalog("htx")["fields"]
    assert [f["name"] for f in htx_fields] == ["api_key", "secret_key"]
    whitespace = next(c for c in keycheck.catalog("okx")["codes"] if c["code"] == "whitespace")
    assert "passphrase" in whitespace["fields"]
    whitespace = next(c for c in keycheck.catalog("htx")["codes"] if c["code"] == "whitespace")
    assert "passphrase" not in whitespace["fields"]


def test_passphrase_in_the_ip_list_is_not_quoted() -> None:
    """The redactor protects the passphrase wherever it is pasted."""
    passphrase = "Zqxj!wvk#Q"
    result = check(passphrase, ip_restriction=[passphrase, "8.8.8.8"])
    assert "ip-invalid" in [f["code"] for f in result["findings"]]
    output = everything(result)
    for i in range(len(passphrase) - 3):
        assert passphrase[i : i + 4] not in output


def test_passphrase_in_the_key_field_stops_the_preview() -> None:
    """A key field that shares four characters with the passphrase is not previewed."""
    key = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c"
    summary = check(key[-10:], api_key=key)["summary"]
    assert "..." not in next(line for line in summary.splitlines() if line.startswith("API key"))
    assert key[-4:] not in summary


# -- never echoed, not even its length ------------------------------------------------

MARKERS = "qzjxQZJX#~^%"
PASSPHRASE_ALPHABET = MARKERS + "\u0430\u0435\u200b \n\u00a0\uff59"


@st.composite
def passphrases(draw: st.DrawFn) -> str:
    return draw(
        st.text(alphabet=PASSPHRASE_ALPHABET, min_size=4, max_size=40).filter(
            lambda s: sum(ch in MARKERS for ch in s) >= 4
        )
    )


@settings(max_examples=200, deadline=None)
@given(passphrases(), st.sampled_from(["alone", "in-key", "in-secret", "in-ip", "everywhere"]))
def test_passphrase_never_echoed(passphrase: str, where: str) -> None:
    data: dict[str, Any] = {"exchange": "okx", "passphrase": passphrase}
    if where in ("in-key", "everywhere"):
        data["api_key"] = passphrase
    if where in ("in-secret", "everywhere"):
        data["secret_key"] = passphrase
    if where in ("in-ip", "everywhere"):
        data["ip_restriction"] = [passphrase, "8.8.8.8"]
    output = everything(keycheck.check(data))
    visible = "".join(ch for ch in passphrase if ch not in "\u200b \n\u00a0")
    for text in (passphrase, visible, visible.lower(), visible.upper()):
        for i in range(len(text) - 3):
            window = text[i : i + 4]
            if set(window) & set(MARKERS):
                assert window not in output, f"passphrase piece {window!r} echoed"


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet="abcdefghkmnpqrstuvwxyz23456789!#", min_size=1, max_size=30),
    st.text(alphabet="abcdefghkmnpqrstuvwxyz23456789!#", min_size=1, max_size=30),
    st.sampled_from(["", " ", "\n", "\u200b", "\u0430"]),
)
def test_output_does_not_depend_on_the_passphrase_length(
    first: str, second: str, extra: str
) -> None:
    """Two passphrases of any lengths with the same stray character give the same output."""
    outputs = []
    for passphrase in (first, second):
        result = check(passphrase + extra, api_key=KEY, secret_key=SECRET)
        outputs.append(everything(result))
    assert outputs[0] == outputs[1]


def test_the_length_assertion_can_fail() -> None:
    """Guard the guard: the secret's length is in its output, so two secrets differ."""
    one = everything(keycheck.check({"exchange": "okx", "secret_key": "AB"}))
    two = everything(keycheck.check({"exchange": "okx", "secret_key": "ABC"}))
    assert one != two


class _FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_check_asks_for_the_passphrase_hidden(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([KEY, SECRET, "Zqxj!wvk#Q\n"])
    prompts: list[str] = []

    def fake_getpass(prompt: str, stream: Any = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(cli.getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", _FakeTTY("\n\n\n"))
    code = cli.main(["check", "--exchange", "okx"])
    out, err = capsys.readouterr()
    assert prompts == ["API key (hidden): ", "Secret key (hidden): ", "Passphrase (hidden): "]
    assert code == 1
    assert "whitespace [passphrase]" in out
    assert "Zqxj" not in out + err
