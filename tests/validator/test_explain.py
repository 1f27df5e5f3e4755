"""explain: HTX's real error texts, in every form a trader pastes them, find their section."""

from __future__ import annotations

import json

import keycheck
import pytest

KEY_SECTION = "htx/errors/#invalid-api-key-or-secret"
IP_SECTION = "htx/errors/#ip-restriction-error"


def sections(text: str) -> list[str]:
    return [m["section"] for m in keycheck.explain(text, "htx")["matches"]]


def spot_body(message: str) -> str:
    return json.dumps(
        {
            "status": "error",
            "err-code": "api-signature-not-valid",
            "err-msg": f"Signature not valid: {message}",
            "data": None,
        },
        ensure_ascii=False,
    )


def futures_body(code: int, message: str) -> str:
    return json.dumps(
        {"status": "error", "err_code": code, "err_msg": message, "ts": 1645096660718}
    )


@pytest.mark.parametrize(
    ("text", "section"),
    [
        # The messages issue 3 lists, in plain and JSON form, English and Chinese parts.
        ("Incorrect Access key [Access key错误]", KEY_SECTION),
        ("Access key错误", KEY_SECTION),
        (spot_body("Incorrect Access key [Access key错误]"), KEY_SECTION),
        ("Verification failure [校验失败]", KEY_SECTION),
        ("校验失败", KEY_SECTION),
        (spot_body("Verification failure [校验失败]"), KEY_SECTION),
        ("403: Verification failure [校验失败]", KEY_SECTION),
        ("Incorrect IP address [IP地址错误]:203.0.113.7", IP_SECTION),
        ("IP地址错误", IP_SECTION),
        (futures_body(12005, "Incorrect IP address."), IP_SECTION),
        (
            spot_body(
                "Invalid submission time or incorrect time format "
                "[无效的提交时间\uff0c或时间格式错误]"
            ),
            "htx/errors/#clock-out-of-sync",
        ),
        ("无效的提交时间\uff0c或时间格式错误", "htx/errors/#clock-out-of-sync"),
        (futures_body(12001, "Invalid submission time."), "htx/errors/#clock-out-of-sync"),
        (
            '{"err-code":"invalid-parameter","err-msg":"invalid timestamp"}',
            "htx/errors/#clock-out-of-sync",
        ),
        ("API key has expired [API Key已经过期]", "htx/errors/#key-expired"),
        (spot_body("API key has expired [API Key已经过期]"), "htx/errors/#key-expired"),
        (futures_body(12004, "Private key is expired."), "htx/errors/#key-expired"),
        ("12004 Private key is expired.", "htx/errors/#key-expired"),
        (
            futures_body(
                1220,
                "You don\u2019t have access permission as you have not opened contracts trading.",
            ),
            "htx/errors/#contracts-not-opened",
        ),
        ('{"code":1220,"msg":"..."}', "htx/errors/#contracts-not-opened"),
        ("您尚未开通合约交易\uff0c无访问权限", "htx/errors/#contracts-not-opened"),
        ('{"status":"error","err-code":"login-required","err-msg":"..."}', KEY_SECTION),
        ("login-required", KEY_SECTION),
        (futures_body(12008, "Verification failed."), KEY_SECTION),
        (futures_body(12007, "Incorrect public key."), KEY_SECTION),
        (
            futures_body(1113, "The sub-account does not have transaction permissions."),
            "htx/errors/#permission-denied",
        ),
        # A body whose message was cut off still points somewhere useful.
        ('{"status":"error","err-code":"api-signature-not-valid"', KEY_SECTION),
        # Python dict reprs from log lines.
        ("{'status': 'error', 'err_code': 12005, 'err_msg': 'x'}", IP_SECTION),
    ],
)
def test_htx_messages_find_their_section(text: str, section: str) -> None:
    assert section in sections(text)


def test_json_with_unicode_escapes_is_decoded() -> None:
    body = '{"err-msg":"Signature not valid: \\u6821\\u9a8c\\u5931\\u8d25"}'  # 校验失败
    assert KEY_SECTION in sections(body)


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("Signature not valid: Incorrect IP address [IP地址错误]:203.0.113.7", "203.0.113.7"),
        (spot_body("Incorrect IP address [IP地址错误]:8.8.4.4"), "8.8.4.4"),
        ("incorrect ip address [ip地址错误]: 2001:db8::1", "2001:db8::1"),
        ("IP地址错误:45.32.1.9", "45.32.1.9"),
    ],
)
def test_ip_that_htx_saw_is_extracted(text: str, ip: str) -> None:
    match = next(m for m in keycheck.explain(text, "htx")["matches"] if m["section"] == IP_SECTION)
    assert match["ip"] == ip
    assert ip in match["fix"]


def test_no_ip_when_htx_names_none() -> None:
    match = keycheck.explain(futures_body(12005, "Incorrect IP address."), "htx")["matches"][0]
    assert "ip" not in match


def test_specific_match_wins_over_the_generic_signature_fallback() -> None:
    assert sections(spot_body("Incorrect IP address [IP地址错误]:8.8.4.4")) == [IP_SECTION]


def test_match_has_title_and_fix() -> None:
    result = keycheck.explain("API key has expired", "htx")
    assert result["exchange"] == "htx"
    assert result["help"] == "htx/errors/"
    (match,) = result["matches"]
    assert match["title"] == "API key expired"
    assert "90 days" in match["fix"]


@pytest.mark.parametrize("text", ["hello", "Order not found", '{"status":"ok","data":[]}'])
def test_unknown_text_has_no_match(text: str) -> None:
    assert keycheck.explain(text, "htx")["matches"] == []


def test_a_success_code_is_not_an_error_code() -> None:
    assert keycheck.explain('{"code":200,"data":{}}', "htx")["matches"] == []


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_text_is_an_input_error(text: str) -> None:
    with pytest.raises(keycheck.InputError, match="no error text"):
        keycheck.explain(text, "htx")


def test_unknown_exchange_is_an_input_error() -> None:
    with pytest.raises(keycheck.InputError, match="unknown exchange"):
        keycheck.explain("x", "nope")


def test_every_catalog_message_is_explained_by_its_own_section() -> None:
    """The verbatim messages the errors page quotes all lead back to that section."""
    catalog = keycheck.catalog("htx")
    assert catalog["explain_messages"]
    for entry in catalog["explain_messages"]:
        for message in entry["messages"]:
            text = message.replace("<the IP address HTX saw>", "8.8.8.8")
            assert f"htx/errors/#{entry['section']}" in sections(text), message


def test_every_section_has_a_message_and_a_fix() -> None:
    catalog = keycheck.catalog("htx")
    for entry in catalog["explain_messages"]:
        assert entry["messages"], entry["section"]
    for section in catalog["sections"]:
        keycheck.explain("x", "htx")  # smoke
        assert section["id"] in {e["section"] for e in catalog["explain_messages"]}


def test_huge_and_deeply_nested_inputs_are_handled() -> None:
    assert keycheck.explain("[" * 100_000, "htx")["matches"] == []
    big = "Incorrect IP address [IP地址错误]:8.8.8.8 " * 30_000
    assert keycheck.explain(big, "htx")["matches"][0]["ip"] == "8.8.8.8"
