"""Hostile input: in the browser's worker, through the widget, at the CLI, and fuzzed.

The validator's own property tests (tests/validator/test_properties.py) cover CPython;
this module sends the same kinds of input where a trader's paste really goes:

- through the checker's Pyodide worker in Chromium (its own message handler, see
  ``checker_support.run_in_worker``): a curated batch of hostile pastes — combining
  marks, right-to-left overrides, emoji sequences, NUL, lone surrogates (as JSON escapes,
  which is how ``JSON.stringify`` carries them), a 1 MB paste, 10 000 IP entries,
  malformed and deeply nested JSON — and hypothesis-generated inputs, each answered
  within a bound, identical to CPython's answer, and never echoing the secret;
- through the form itself: a 1 MB paste and a 10 000-line IP list leave the page
  responsive and end in findings;
- to ``python -m keycheck check`` / ``explain``: malformed and oversized input gets one
  clear line and exit 2 (or a normal answer), never a traceback, never the secret;
- to atheris, the coverage-guided fuzzer, for a bounded number of runs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import keycheck
import pytest
from checker_support import run_in_worker, wait_ready
from hypothesis import HealthCheck, given, settings
from playwright.sync_api import Browser, Page, Worker, expect

ROOT = Path(__file__).resolve().parents[2]
MARKER = "QzJxSecretMarker"  # planted in secrets; the validator's wording never has it
WORKER_BOUND_S = 10.0  # one answer from Pyodide, 1 MB inputs included, on a busy CI box
CLI_BOUND_S = 10.0  # one CLI run, interpreter start included
MB = 1 << 20
KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"


def _properties_module() -> Any:
    """The validator's hypothesis strategies, reused rather than copied."""
    path = ROOT / "tests" / "validator" / "test_properties.py"
    spec = importlib.util.spec_from_file_location("validator_property_strategies", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROPS = _properties_module()


def _secret(core: str) -> str:
    return f"{core}{MARKER}{core}"


def hostile_payloads() -> dict[str, str]:
    """Name → the JSON text the widget would hand the worker (ASCII-escaped, as
    ``JSON.stringify`` output is once it reaches Python)."""
    ips_10k = [f"203.0.{i // 250}.{i % 250 + 1}" for i in range(10_000)]
    objects: dict[str, dict[str, Any]] = {
        "combining marks": {
            "api_key": "7\u0301d\u0308" * 200,
            "secret_key": _secret("a\u0300\u0301\u0302" * 50),
        },
        "rtl overrides": {
            "api_key": "\u202e" + KEY + "\u202c",
            "secret_key": _secret("\u202e5ec2\u2066e7aa\u2069"),
        },
        "emoji sequences": {
            "api_key": "🔑👨\u200d👩\u200d👧🏳\ufe0f\u200d🌈" * 20,
            "secret_key": _secret("🔐\U0001f1fa\U0001f1f8"),
        },
        "nul characters": {"api_key": "\x00" + KEY + "\x00", "secret_key": _secret("\x00\x00")},
        "lone surrogates": {"api_key": "\ud800" + KEY, "secret_key": _secret("\udfff\ud83d")},
        "bom and zero-width": {
            "api_key": "\ufeff" + KEY + "\u200b",
            "secret_key": _secret("\u200d\u2060\u00ad"),
        },
        "lookalikes": {"api_key": KEY.replace("a", "\u0430"), "secret_key": _secret("\uff45")},
        "1 MB key": {"api_key": "a" * MB, "secret_key": _secret("b")},
        "1 MB secret": {"api_key": KEY, "secret_key": _secret("5ec2e7aa-" * (MB // 9))},
        "1 MB of zero-width spaces": {"api_key": "\u200b" * MB, "secret_key": _secret("")},
        "10 000 IP entries": {"secret_key": _secret("c"), "ip_restriction": ips_10k},
        "10 000 IP lines": {"secret_key": _secret("d"), "ip_restriction": "\n".join(ips_10k)},
        "1 MB IP text": {"ip_restriction": ("300.1.1.1," * (MB // 10))},
        "everything at once": {
            "api_key": "\u202e\x00🔑\u200b" * 1000,
            "secret_key": _secret("\u0301\udfff\u202e"),
            "scope": "both",
            "permissions": {"read": False, "withdraw": True, "transfer": True},
            "ip_restriction": ["::1", "10.0.0.1", "fe80::1%eth0", "0.0.0.0/0", ""] * 10,
        },
    }
    payloads = {
        name: json.dumps({"exchange": "htx", **obj}, ensure_ascii=True)
        for name, obj in objects.items()
    }
    payloads |= {
        "empty text": "",
        "truncated json": '{"exchange": "htx", "secret_key": "' + MARKER,
        "json array": "[1, 2, 3]",
        "json null": "null",
        "huge number": '{"exchange": "htx", "permissions": {"read": 1e999999}}',
        "NaN": '{"exchange": "htx", "api_key": NaN, "secret_key": "' + MARKER + '"}',
        "secret of the wrong type": '{"exchange": "htx", "secret_key": ["' + MARKER + '"]}',
        "duplicate keys": (
            '{"exchange": "htx", "secret_key": "' + MARKER + '", "secret_key": "' + MARKER + 'x"}'
        ),
        "unknown exchange": '{"exchange": "' + MARKER + '"}',
    }
    return payloads


HOSTILE = hostile_payloads()


@pytest.fixture(scope="module")
def worker(booted_checker: Page) -> Worker:
    workers = [w for w in booted_checker.workers if w.url.startswith("blob:")]
    assert len(workers) == 1, [w.url for w in booted_checker.workers]
    return workers[0]


def _answer_in_worker(worker: Worker, payload: str) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    (answer,) = run_in_worker(worker, "check", [payload])
    return answer, time.perf_counter() - started


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_paste_in_the_worker_is_answered_in_time_and_never_echoed(
    worker: Worker, name: str
) -> None:
    payload = HOSTILE[name]
    answer, elapsed = _answer_in_worker(worker, payload)
    assert elapsed < WORKER_BOUND_S, f"{name}: {elapsed:.1f} s"
    text = json.dumps(answer, ensure_ascii=False)
    assert MARKER not in text, f"{name}: the secret was echoed"
    assert "internal error" not in text, f"{name}: {answer}"
    if "error" in answer:
        assert isinstance(answer["error"], str) and "\n" not in answer["error"]
    else:
        assert set(answer) == {"exchange", "ok", "headline", "findings", "summary"}
        codes = {f["code"] for f in answer["findings"]}
        assert codes <= {c["code"] for c in keycheck.catalog("htx")["codes"]}, codes
    # One engine: CPython answers the very same.
    assert answer == json.loads(keycheck.check_json(payload)), name


def test_expected_findings_for_the_hostile_batch(worker: Worker) -> None:
    """Not just no crash: the hostile pastes are recognised for what they are."""
    expected = {
        "rtl overrides": "invisible-character",
        "bom and zero-width": "invisible-character",
        "lookalikes": "lookalike-character",
        "10 000 IP entries": "ip-too-many",
        "10 000 IP lines": "ip-too-many",
        "1 MB IP text": "ip-invalid",
        "everything at once": "withdraw-enabled",
    }
    for name, code in expected.items():
        answer, _ = _answer_in_worker(worker, HOSTILE[name])
        assert code in {f["code"] for f in answer["findings"]}, (name, answer["findings"][:3])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(PROPS.INPUTS)
def test_generated_input_gets_the_same_answer_in_pyodide_and_cpython(
    worker: Worker, data: dict[str, Any]
) -> None:
    payload = json.dumps(data, ensure_ascii=True)
    answer, elapsed = _answer_in_worker(worker, payload)
    assert elapsed < WORKER_BOUND_S
    assert answer == json.loads(keycheck.check_json(payload))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROPS.secret_inputs())
def test_generated_secret_is_never_echoed_by_the_worker(
    worker: Worker, case: tuple[str, dict[str, Any]]
) -> None:
    secret, data = case
    answer, _ = _answer_in_worker(worker, json.dumps(data, ensure_ascii=True))
    PROPS.assert_not_echoed(secret, json.dumps(answer, ensure_ascii=False))


def test_explain_in_the_worker_survives_hostile_messages(worker: Worker) -> None:
    messages = [
        "",
        "\x00" * 1000,
        "Incorrect IP address [IP地址错误]:" + "9" * MB,
        "\u202eIncorrect Access key [Access key错误]\u202c",
        "{" * 100_000,
        '{"status":"error","err-msg":"' + "\ud800" + '"}',
        "🔑" * (MB // 4),
    ]
    for message in messages:
        started = time.perf_counter()
        (answer,) = run_in_worker(worker, "explain", [message])
        assert time.perf_counter() - started < WORKER_BOUND_S
        assert "matches" in answer or "error" in answer, answer
        assert answer == json.loads(keycheck.explain_json(message, "htx"))


def test_deeply_nested_json_neither_kills_nor_hangs_the_worker(
    browser: Browser, checker_url: str
) -> None:
    """JSON nested thousands deep, as check input and as a pasted "error message".

    CPython refuses it with RecursionError, which the validator turns into a clean
    answer. Pyodide's WebAssembly stack is smaller than CPython's: json's C scanner
    overflows it (a JavaScript RangeError, "Pyodide has suffered a fatal error") before
    Python's recursion check fires, so the validator must refuse such input before
    parsing it. Its own page, so a dead runtime cannot take the other tests with it.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and console.append(m.text))
        page.goto(checker_url)
        wait_ready(page)
        worker = next(w for w in page.workers if w.url.startswith("blob:"))
        deep = {
            "check": ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000],
            "explain": ["[" * 5000 + "]" * 5000, '{"err-msg":' * 5000 + '"x"' + "}" * 5000],
        }
        differences = []
        for kind, payloads in deep.items():
            for payload in payloads:
                started = time.perf_counter()
                answer = _answer_or_breakage(worker, kind, payload)
                assert time.perf_counter() - started < WORKER_BOUND_S
                if kind == "check":
                    expected = json.loads(keycheck.check_json(payload))
                else:
                    expected = json.loads(keycheck.explain_json(payload, "htx"))
                if answer != expected:
                    differences.append(f"{kind} {payload[:6]}…: {answer} (CPython: {expected})")
        # Still alive: a normal check is answered as before.
        alive = _answer_or_breakage(worker, "check", json.dumps({"exchange": "htx"}))
        if alive.get("findings") != []:
            differences.append(f"afterwards a plain check got {alive}")
        assert differences == []
        assert console == []
    finally:
        context.close()


def _answer_or_breakage(worker: Worker, kind: str, payload: str) -> dict[str, Any]:
    """The worker's answer, or what went wrong when it gave none (a dead runtime)."""
    try:
        (answer,) = run_in_worker(worker, kind, [payload])
    except (TypeError, ValueError) as exc:  # no output at all
        return {"broken": f"{type(exc).__name__}: {exc}"}
    return answer


def _paste(page: Page, label: str, text: str) -> None:
    """Paste like a trader: the text on the clipboard, then Ctrl+V in the field."""
    page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Control+V")


def test_huge_pastes_in_the_form_keep_the_page_responsive(
    browser: Browser, checker_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page = context.new_page()
        page.goto(checker_url)
        wait_ready(page)
        results = page.locator("[data-checker] [role='status']")
        _paste(page, "API Key", "\u200b" + "a" * MB)
        started = time.perf_counter()
        page.evaluate("1")  # the main thread answers while the worker checks
        assert time.perf_counter() - started < 1.0, "the page hung on a 1 MB paste"
        assert len(page.get_by_label("API Key", exact=True).input_value()) == MB + 1
        expect(results.locator("[data-code='invisible-character']")).to_be_visible(
            timeout=WORKER_BOUND_S * 1000
        )
        page.get_by_role("switch", name="IP restriction enabled").check()
        _paste(
            page,
            "IP addresses",
            "\n".join(f"198.51.{i // 250}.{i % 250 + 1}" for i in range(10_000)),
        )
        expect(results.locator("[data-code='ip-too-many']")).to_be_visible(
            timeout=WORKER_BOUND_S * 1000
        )
        _paste(page, "Secret Key", _secret("\u202e" * 1000))
        expect(results.locator("[data-field='secret_key'], [data-code]").first).to_be_visible()
        expect(results).to_contain_text("Secret Key")
        assert MARKER not in page.locator("body").inner_text()
    finally:
        context.close()


# -- the command line --------------------------------------------------------------------

CLI_INPUTS: dict[str, bytes] = {
    "NaN": b'{"exchange": "htx", "api_key": NaN}',
    "Infinity in permissions": b'{"exchange": "htx", "permissions": {"read": Infinity}}',
    "huge number": b'{"exchange": "htx", "api_key": 1e999999}',
    "duplicate secret keys": (
        b'{"exchange": "htx", "secret_key": "' + MARKER.encode() + b'", "secret_key": "x"}'
    ),
    "secret of the wrong type": b'{"exchange": "htx", "secret_key": {"v": "'
    + MARKER.encode()
    + b'"}}',
    "NUL bytes in the JSON": b'{"exchange": "htx",\x00 "api_key": "a"}',
    "escaped NUL in the secret": b'{"exchange": "htx", "secret_key": "\\u0000'
    + MARKER.encode()
    + b'"}',
    "lone surrogate escape": b'{"exchange": "htx", "secret_key": "\\ud800'
    + MARKER.encode()
    + b'"}',
    "raw UTF-8 surrogate bytes": b'{"exchange": "htx", "api_key": "\xed\xa0\x80"}',
    "1 MB of random bytes": os.urandom(MB),
    "1 MB of valid JSON with 10 000 IPs": json.dumps(
        {
            "exchange": "htx",
            "secret_key": MARKER,
            "ip_restriction": [f"203.0.{i // 250}.{i % 250 + 1}" for i in range(10_000)]
            + ["x" * (MB // 2)],
        }
    ).encode(),
    "deep object nesting": b'{"a":' * 50_000,
    "a JSON string only": b'"' + MARKER.encode() + b'"',
}


def _run_cli(*args: str, stdin: bytes) -> tuple[subprocess.CompletedProcess[bytes], float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "keycheck", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
    )
    return proc, time.perf_counter() - started


@pytest.mark.parametrize("name", list(CLI_INPUTS))
def test_cli_answers_hostile_stdin_cleanly(name: str) -> None:
    proc, elapsed = _run_cli("check", "--json", stdin=CLI_INPUTS[name])
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert elapsed < CLI_BOUND_S, f"{name}: {elapsed:.1f} s"
    assert "Traceback" not in err, err[-2000:]
    assert MARKER not in out + err, f"{name}: the secret was echoed"
    assert proc.returncode in (0, 1, 2), proc.returncode
    if proc.returncode == 2:
        assert out == "" and err.count("\n") == 1, (out[:200], err)
        assert err.startswith("keycheck: error: "), err
    else:
        assert set(json.loads(out)) == {"exchange", "ok", "headline", "findings", "summary"}


@pytest.mark.parametrize(
    "stdin",
    [b"", b"\xff\xfe\x00", b"Incorrect IP address:" + b"9" * MB, "🔑".encode() * (MB // 4)],
    ids=["empty", "not-utf8", "1MB-ip", "1MB-emoji"],
)
def test_cli_explain_answers_hostile_stdin_cleanly(stdin: bytes) -> None:
    proc, elapsed = _run_cli("explain", "--json", stdin=stdin)
    err = proc.stderr.decode("utf-8", "replace")
    assert elapsed < CLI_BOUND_S
    assert "Traceback" not in err
    assert proc.returncode in (0, 1, 2)
    if proc.returncode == 2:
        assert err.count("\n") == 1, err


# -- coverage-guided fuzzing ------------------------------------------------------------

FUZZ_RUNS = 5000
SEEDS = {
    "checker-input.json": json.dumps(
        {
            "exchange": "htx",
            "api_key": KEY + "\u200b",
            "secret_key": "5ec2e7aa-5ec2e7bb-5ec2e7cc-5ec2e",
            "scope": "futures",
            "permissions": {"read": True, "trade": True, "withdraw": True},
            "ip_restriction": ["203.0.113.7", "10.0.0.1", "::1", "202.106.96.0/24"],
        }
    ),
    "explain-ip.txt": "Incorrect IP address [IP地址错误]:203.0.113.9",
    "explain-futures.txt": '{"status":"error","err_code":1220,"err_msg":"not opened contracts"}',
    "pem-secret.json": json.dumps(
        {"exchange": "htx", "secret_key": "-----BEGIN PRIVATE KEY-----\nMC4CAQ\n-----END"}
    ),
}


def test_atheris_fuzzing_of_the_entry_points_finds_nothing(tmp_path: Path) -> None:
    """tests/security/fuzz_check.py under atheris for a bounded number of runs."""
    if importlib.util.find_spec("atheris") is None:
        pytest.fail("atheris is not installed: `pip install -c constraints.txt -e '.[test]'`")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in SEEDS.items():
        (corpus / name).write_text(text, "utf-8")
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("fuzz_check.py")),
            f"-atheris_runs={FUZZ_RUNS}",
            "-max_len=4096",
            "-seed=20261125",
            "-timeout=10",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    log = proc.stdout + proc.stderr
    print(f"atheris: {FUZZ_RUNS} runs in {time.perf_counter() - started:.1f} s")
    assert proc.returncode == 0, log[-4000:]
    assert f"Done {FUZZ_RUNS} " in log, log[-2000:]
