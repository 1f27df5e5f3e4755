"""explain reads an HTX error in every shape traders paste it: one table per shape.

The messages inside are HTX's own (see EXPLAIN_MESSAGES and the corpus); what varies is
the wrapping: JSON, Python reprs with escapes, PHP print_r, Elixir maps, library log
lines and exceptions, WebSocket replies and HTTP responses.
"""

from __future__ import annotations

import keycheck
import pytest
from keycheck import explainer

KEY = "htx/errors/#invalid-api-key-or-secret"
IP = "htx/errors/#ip-restriction-error"
PERMISSION = "htx/errors/#permission-denied"
CONTRACTS = "htx/errors/#contracts-not-opened"
MODE = "htx/errors/#account-mode-unsupported"
SIGNING = "htx/errors/#platform-signing-error"
LOCKED = "htx/errors/#account-locked"
CLOCK = "htx/errors/#clock-out-of-sync"


def sections(text: str) -> list[str]:
    return [m["section"] for m in keycheck.explain(text, "htx")["matches"]]


def answers(text: str, section: str) -> None:
    result = keycheck.explain(text, "htx")
    assert result["verdict"] == explainer.KNOWN_ERROR, text
    assert section in [m["section"] for m in result["matches"]], text


JSON_BODIES = [
    ('{"code":1003,"message":"invalid signature"}', KEY),
    ('{"code":"1003","message":"unauthorized"}', KEY),
    ('{"status":"error","err_code":1010,"err_msg":"Account doesnt exist.","ts":1}', CONTRACTS),
    (
        '{"status":"error","err_code":12009,"err_msg":"The user is locked or doesn\'t exist."}',
        LOCKED,
    ),
    ('{"status":"error","err_code":12002,"err_msg":"Incorrect signature version."}', SIGNING),
    ('{"status":"error","err_code":12003,"err_msg":"Incorrect signature method."}', SIGNING),
    ('{"status":"error","err_code":4002}', MODE),
    (
        '{"code":"4007","msg":"Unified account special interface, non - one account is not '
        'available","data":null}',
        MODE,
    ),
    # the message in an escaped JSON string: 校验失败
    ('{"err-msg":"Signature not valid: \\u6821\\u9a8c\\u5931\\u8d25"}', KEY),
]


@pytest.mark.parametrize(("text", "section"), JSON_BODIES)
def test_json_bodies(text: str, section: str) -> None:
    answers(text, section)


PYTHON_REPRS = [
    # Python 2 reprs: u'' strings, \uXXXX escapes outside any JSON
    (
        "{u'status': u'error', u'err-code': u'api-signature-not-valid', u'data': None, "
        "u'err-msg': u'Signature not valid: ip\\u5730\\u5740\\u9519\\u8bef'}",
        IP,
    ),
    # UTF-8 bytes printed as \x escapes (a Python 2 byte string): 校验失败
    (
        "{'err-msg': 'Signature not valid: "
        "\\xe6\\xa0\\xa1\\xe9\\xaa\\x8c\\xe5\\xa4\\xb1\\xe8\\xb4\\xa5'}",
        KEY,
    ),
    # a repr of a JSON text: the escapes are escaped once more
    ('\'{"err-msg":"API Key\\\\u6ca1\\\\u6709\\\\u6743\\\\u9650"}\'', PERMISSION),  # 没有权限
    # an escaped apostrophe and a numeric code in a dict repr
    (
        "{'status': 'error', 'err_code': 1109, "
        "'err_msg': 'Sub-account doesn\\'t own the permissions'}",
        PERMISSION,
    ),
    ("{'status': 'error', 'err_code': 12005, 'err_msg': 'x'}", IP),
    ("{'code': 12004}", "htx/errors/#key-expired"),
]


@pytest.mark.parametrize(("text", "section"), PYTHON_REPRS)
def test_python_reprs_and_escapes(text: str, section: str) -> None:
    answers(text, section)


PHP_DUMPS = [
    (
        "Array\n(\n    [status] => error\n    [err-code] => api-signature-not-valid\n"
        "    [err-msg] => Signature not valid: Incorrect IP address [IP地址错误]:203.0.113.9\n"
        "    [data] =>\n)\n",
        IP,
    ),
    ("Array ( [status] => error [err_code] => 1220 [err_msg] => ... )", CONTRACTS),
    ("Array ( [code] => 1003 [message] => invalid signature )", KEY),
]


@pytest.mark.parametrize(("text", "section"), PHP_DUMPS)
def test_php_print_r_dumps(text: str, section: str) -> None:
    answers(text, section)


ELIXIR_MAPS = [
    (
        '%{"data" => nil, "err-code" => "api-signature-not-valid", "err-msg" => '
        '"Signature not valid: API key has expired [API Key已经过期]", "status" => "error"}',
        "htx/errors/#key-expired",
    ),
    (
        '{:error, {:huobi_error, %{code: "api-signature-not-valid", msg: "Signature not '
        'valid: API key has no permission [API Key没有权限]"}}}',
        PERMISSION,
    ),
    ('%{"action" => "req", "ch" => "auth", "code" => 2002, "message" => "auth.fail"}', KEY),
    ('%{"err_code" => 4002, "status" => "error"}', MODE),
]


@pytest.mark.parametrize(("text", "section"), ELIXIR_MAPS)
def test_elixir_map_dumps(text: str, section: str) -> None:
    answers(text, section)


LOG_LINES = [
    (
        'ccxt.base.errors.AuthenticationError: huobi {"status":"error","err-code":'
        '"api-signature-not-valid","err-msg":"Signature not valid: Incorrect Access key '
        '[Access key错误]","data":null}',
        KEY,
    ),
    (
        "huobi.exception.huobi_api_exception.HuobiApiException: ('ExecuteError', "
        "'[Executing] api-signature-not-valid: Signature not valid: API key has no "
        "permission [API Key没有权限]')",
        PERMISSION,
    ),
    (
        "2024-01-01 00:00:00,000 - hummingbot.connector.exchange.huobi - ERROR - Response is "
        "{'status': 'error', 'err-code': 'api-signature-not-valid', 'err-msg': 'Signature "
        "not valid: Invalid submission time or incorrect time format "
        "[无效的提交时间，或时间格式错误]', 'data': None}",  # noqa: RUF001 - HTX's comma
        CLOCK,
    ),
    # a JSON body wrapped in a log line, with its message escaped: only decoding finds it
    (
        'ExchangeError: htx {"status":"error","err_code":1220,"err_msg":"\\u60a8\\u5c1a\\u672a'
        '\\u5f00\\u901a\\u5408\\u7ea6\\u4ea4\\u6613"}',
        CONTRACTS,
    ),  # 您尚未开通合约交易
]


@pytest.mark.parametrize(("text", "section"), LOG_LINES)
def test_library_log_lines_and_exceptions(text: str, section: str) -> None:
    answers(text, section)


WEBSOCKET_REPLIES = [
    ('{"action":"req","code":2002,"ch":"auth","message":"auth.fail"}', KEY),
    ('{"action":"req","code":2002,"ch":"auth","message":"auth.fail"}', IP),
    ('{"action":"req","code":2002,"ch":"auth","message":"invalid.auth.state"}', SIGNING),
    ('{"action":"sub","code":2002,"ch":"orders#btcusdt","message":"invalid.auth.state"}', SIGNING),
    ('{"action":"req","code":2001,"ch":"auth","message":"missing.param.auth"}', SIGNING),
    ('{"action":"req","code":2000,"ch":"auth","message":"invalid.ip"}', IP),
    ('{"op":"auth","type":"api","err-code":2003,"err-msg":"Verification failure [校验失败]"}', KEY),
]


@pytest.mark.parametrize(("text", "section"), WEBSOCKET_REPLIES)
def test_websocket_auth_replies(text: str, section: str) -> None:
    answers(text, section)


HTTP_RESPONSES = [
    (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\n\r\n"
        '{"status":"error","err-code":"api-signature-not-valid","err-msg":"Signature not '
        'valid: Incorrect IP address [IP地址错误]:198.51.100.4","data":null}',
        IP,
    ),
    ("HTTP/2 401\n\n" + '{"code":1003,"message":"invalid signature"}', KEY),
    ('< HTTP/1.1 200 OK\n< content-type: application/json\n<\n{"err_code":12009}', LOCKED),
]


@pytest.mark.parametrize(("text", "section"), HTTP_RESPONSES)
def test_http_responses_with_status_lines(text: str, section: str) -> None:
    answers(text, section)


@pytest.mark.parametrize(
    "text", ["HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK\r\n\r\n", "HTTP/2 403"]
)
def test_a_status_line_alone_is_not_claimed(text: str) -> None:
    """The status number is no HTX error code: nothing is claimed for it."""
    result = keycheck.explain(text, "htx")
    assert result["verdict"] == explainer.UNKNOWN
    assert result["matches"] == [] == result["not_key_problems"]


NOT_KEY = [
    (
        '{"status":"error","err_code":1047,"err_msg":"Insufficient margin available."}',
        "insufficient-balance",
    ),
    (
        "Array ( [err-code] => order-value-min-error "
        "[err-msg] => Order total cannot be lower than: 1 USDT )",
        "order-rejected",
    ),
    ("{u'err-code': u'base-symbol-error', u'err-msg': u'The symbol is invalid'}", "unknown-symbol"),
    ('%{"err-code" => "rate-too-many-requests", "err-msg" => "exceeded rate limit"}', "rate-limit"),
    ('{"action":"req","code":4000,"message":"too.many.request"}', "rate-limit"),
    (
        "HTTP/1.1 200 OK\n\n"
        + '{"status":"error","err_code":1017,"err_msg":"Order doesnt exist."}',
        "order-state",
    ),
    ('{"status":"error","err_code":1030}', "request-rejected"),
]


@pytest.mark.parametrize(("text", "category"), NOT_KEY)
def test_errors_that_are_not_about_the_key_in_every_shape(text: str, category: str) -> None:
    result = keycheck.explain(text, "htx")
    assert result["verdict"] == explainer.NOT_A_KEY_PROBLEM
    assert result["matches"] == []
    assert [p["category"] for p in result["not_key_problems"]] == [category]


def test_words_win_over_a_code_htx_reuses() -> None:
    """4002 is an account-mode code on USDT-M futures and a failed login on WebSocket v1."""
    text = (
        '{"op":"auth","ts":1551257328307,"err-code":4002,'
        '"err-msg":"Verification failure [校验失败]"}'
    )
    assert sections(text) == [KEY]


def test_a_key_problem_wins_over_a_not_key_error_in_the_same_paste() -> None:
    text = (
        "{'err-code': 'order-orderstate-error'}\n"
        "{'err-msg': 'Signature not valid: API key has expired [API Key已经过期]'}"
    )
    result = keycheck.explain(text, "htx")
    assert sections(text) == ["htx/errors/#key-expired"]
    assert result["not_key_problems"] == []


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        ("\\u6821\\u9a8c", "校验"),
        ("\\ud83d\\ude00", "\U0001f600"),  # a surrogate pair
        ("\\ud83d alone", "\ufffd alone"),  # a lone surrogate
        ("\\U0001F600", "\U0001f600"),
        ("\\xe6\\xa0\\xa1", "校"),  # UTF-8 bytes
        ("caf\\xe9", "café"),  # not UTF-8: Latin-1, as Python 2 printed it
        ('doesn\\\'t \\"x\\" a\\/b', 'doesn\'t "x" a/b'),
        ("\\\\u6821", "校"),  # escaped twice
        ("\\uZZZZ \\x4 \\q", "\\uZZZZ \\x4 \\q"),  # not escapes: left alone
    ],
)
def test_escapes_are_decoded_outside_json(text: str, decoded: str) -> None:
    assert explainer.unescape(text) == decoded


def test_large_escaped_and_wrapped_inputs_are_read_whole() -> None:
    escaped = "\\u6821\\u9a8c\\u5931\\u8d25 " * 40_000  # 1 MB of escapes
    assert sections(escaped) == [KEY]
    wrapped = "x" * 500_000 + '{"err_code":12009}' + "y" * 500_000
    assert sections(wrapped) == [LOCKED]
    backslashes = "\\" * 1_000_000
    assert keycheck.explain(backslashes, "htx")["verdict"] == explainer.UNKNOWN
