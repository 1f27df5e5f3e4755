"""The keycheck command, run as a real process: exit codes, one-line errors, no secrets."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import keycheck
import pytest
from cases import CASES, KEY, SECRET
from keycheck import cli

LEAKY_SECRET = "3e8b1c7f-0a9d4e62-b5f7c3a1-8d2e"  # one character short: bad-format


def run(*args: str, stdin: bytes | str = b"") -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "keycheck", *args],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )


def check_input(**fields: Any) -> str:
    return json.dumps({"exchange": "htx", **fields})


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes], text: str) -> None:
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, stderr
    assert stderr.count("\n") == 1 and stderr.endswith("\n"), stderr
    assert stderr.startswith("keycheck: error: ")
    assert text in stderr
    assert "Traceback" not in stderr
    assert proc.stdout == b""


def test_check_ok_exits_0() -> None:
    proc = run("check", stdin=check_input(api_key=KEY, secret_key=SECRET))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "HTX: OK - no problems found.\n"
    assert proc.stderr == b""


def test_check_with_errors_exits_1_and_prints_each_finding() -> None:
    proc = run("check", stdin=check_input(api_key=KEY + "\u200b", secret_key=SECRET))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert out.splitlines()[0] == "HTX: NOT OK - 1 error, 0 warnings"
    assert "error invisible-character [api_key] " in out
    assert "U+200B ZERO WIDTH SPACE at position 35" in out
    assert "    fix:  " in out
    assert "    help: htx/errors/#invisible-character" in out


def test_warnings_only_exit_0() -> None:
    proc = run("check", stdin=check_input(ip_restriction=None))
    assert proc.returncode == 0
    assert "warning ip-restriction-off" in proc.stdout.decode()


def test_site_url_prefixes_help_links() -> None:
    proc = run("check", "--site-url", "https://guides.example/", stdin=check_input(api_key=""))
    assert "help: https://guides.example/htx/errors/#empty" in proc.stdout.decode()


def test_json_output_is_the_check_result() -> None:
    data = {"exchange": "htx", "api_key": KEY, "secret_key": SECRET[:-1]}
    proc = run("check", "--json", stdin=json.dumps(data))
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == keycheck.check(data)


def test_summary_output() -> None:
    proc = run("check", "--summary", stdin=check_input(api_key=KEY, secret_key=SECRET))
    assert proc.stdout.decode().startswith("keycheck 1.0.0 - HTX API key check\n")
    assert SECRET[:8] not in proc.stdout.decode()


@pytest.mark.parametrize(
    ("stdin", "text"),
    [
        (b"", "no input on stdin"),
        (b"   \n", "no input on stdin"),
        (b'{"exchange": "htx",', "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"exchange": "kraken"}', "unknown exchange"),
        (b'{"exchange": "htx", "api_key": 5}', "'api_key' must be a string or null"),
        (b'{"exchange": "htx", "scope": "margin"}', "'scope' must be one of"),
        (b'{"exchange": "htx", "permissions": {"read": "yes"}}', "must be true or false"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"exchange": "htx", "api_key": "\xc3"}', "not UTF-8"),
        (b"[" * 200_000, "not valid JSON"),
    ],
    ids=[
        "empty",
        "blank",
        "truncated-json",
        "json-array",
        "unknown-exchange",
        "api-key-number",
        "unknown-scope",
        "permission-not-bool",
        "utf16-bytes",
        "broken-utf8",
        "deeply-nested",
    ],
)
def test_unusable_input_exits_2_with_one_line(stdin: bytes, text: str) -> None:
    assert_one_line_error(run("check", stdin=stdin), text)


def test_utf8_bom_is_accepted() -> None:
    proc = run("check", stdin=b"\xef\xbb\xbf" + check_input(api_key=KEY).encode())
    assert proc.returncode == 0, proc.stderr


def test_usage_errors_are_one_line_exit_2() -> None:
    for args in (("bogus",), (), ("check", "--nope")):
        proc = run(*args)
        assert proc.returncode == 2
        assert proc.stderr.decode().count("\n") == 1, proc.stderr
        assert "Traceback" not in proc.stderr.decode()


def test_version_and_help() -> None:
    assert run("--version").stdout.decode().strip() == "keycheck 1.0.0"
    helptext = run("--help").stdout.decode()
    for name in ("check", "explain", "codes"):
        assert name in helptext


@pytest.mark.parametrize(
    "fields",
    [
        {"api_key": KEY, "secret_key": LEAKY_SECRET},
        {"api_key": KEY, "secret_key": LEAKY_SECRET + "\u200b\n"},
        {"api_key": LEAKY_SECRET, "secret_key": LEAKY_SECRET},
        {"api_key": KEY, "secret_key": f'Secret Key: "{LEAKY_SECRET.upper()}"'},
        {"api_key": KEY, "secret_key": LEAKY_SECRET.replace("e", "\u0435")},
        {"api_key": KEY, "secret_key": LEAKY_SECRET, "scope": LEAKY_SECRET},
        {"api_key": KEY, "secret_key": LEAKY_SECRET, "permissions": {"read": LEAKY_SECRET}},
    ],
)
@pytest.mark.parametrize("mode", [(), ("--json",), ("--summary",)])
def test_secret_never_printed(fields: dict[str, Any], mode: tuple[str, ...]) -> None:
    proc = run("check", *mode, stdin=check_input(**fields))
    assert proc.returncode in (1, 2)
    output = (proc.stdout + proc.stderr).decode("utf-8")
    for value in (LEAKY_SECRET, LEAKY_SECRET.upper()):
        for i in range(len(value) - 3):
            assert value[i : i + 4] not in output, (value[i : i + 4], output)


def test_explain_match_exits_0_and_names_the_ip() -> None:
    body = (
        '{"status":"error","err-code":"api-signature-not-valid","err-msg":"Signature not valid: '
        'Incorrect IP address [IP地址错误]:203.0.113.7","data":null}'
    )
    proc = run("explain", stdin=body)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "section: htx/errors/#ip-restriction-error" in out
    assert "ip:      203.0.113.7" in out
    proc = run("explain", "--json", stdin=body)
    assert json.loads(proc.stdout)["matches"][0]["ip"] == "203.0.113.7"


def test_explain_no_match_exits_1_and_points_at_the_index() -> None:
    proc = run("explain", stdin="Order not found")
    assert proc.returncode == 1
    assert "htx/errors/" in proc.stdout.decode()


@pytest.mark.parametrize(("stdin", "text"), [(b"", "no error text"), (b"\x80", "not UTF-8")])
def test_explain_unusable_input_exits_2(stdin: bytes, text: str) -> None:
    assert_one_line_error(run("explain", stdin=stdin), text)


def test_codes_lists_the_catalog() -> None:
    proc = run("codes", "--json", "--exchange", "htx")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == keycheck.catalog("htx")
    text = run("codes", "--exchange", "htx").stdout.decode()
    for code in keycheck.catalog("htx")["codes"]:
        assert code["code"] in text


def test_the_case_table_through_the_cli_matches_the_library() -> None:
    """One process per case would be slow: a sample, through the real command."""
    for case in CASES[::9]:
        proc = run("check", "--json", stdin=json.dumps(case["input"]))
        assert json.loads(proc.stdout) == keycheck.check(case["input"]), case["name"]
        assert proc.returncode == (0 if keycheck.check(case["input"])["ok"] else 1)


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_check_prompts_with_hidden_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([KEY, SECRET[:-1]])
    prompts: list[str] = []

    def fake_getpass(prompt: str, stream: Any = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(cli.getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", FakeTTY("futures\nread, trade\n8.8.8.8\n"))
    code = cli.main(["check", "--exchange", "htx"])
    out, err = capsys.readouterr()
    assert code == 1
    assert prompts == ["API Key (hidden): ", "Secret Key (hidden): "]
    assert "bad-format [secret_key]" in out
    assert "futures-missing" in out
    assert "Scope [spot/futures/both]" in err
    assert SECRET[:8] not in out + err


def test_interactive_unknown_permission_is_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt, stream=None: KEY)
    monkeypatch.setattr(sys, "stdin", FakeTTY("spot\nread, admin\n\n"))
    assert cli.main(["check", "--exchange", "htx"]) == 2
    assert "unknown permission" in capsys.readouterr().err


def test_commands_table_is_extensible(capsys: pytest.CaptureFixture[str]) -> None:
    def configure(parser: Any) -> None:
        parser.add_argument("--flag", action="store_true")

    extra = cli.Command("hello", "say hello", configure, lambda args: 7 if args.flag else 0)
    parser = cli.build_parser([*cli.COMMANDS, extra])
    args = parser.parse_args(["hello", "--flag"])
    assert args.run(args) == 7
