"""httpx stays out of the validator unless ``verify`` runs, and the real command works.

The validator runs in Pyodide, where httpx does not exist: importing it, checking,
explaining and every other subcommand must work with httpx unimportable. These tests run
fresh interpreters (subprocesses) with httpx blocked, and one end-to-end run of
``python -m keycheck verify`` against the stand-in, as a trader would run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keycheck
import pytest
from htx_standin import StandIn
from verify_helpers import ACCESS_KEY, SECRET

SRC = Path(keycheck.__file__).resolve().parent.parent
BLOCK_HTTPX = "import sys; sys.modules['httpx'] = None\n"  # any `import httpx` now fails


def _python(code: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    environment["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(SRC), environment.get("PYTHONPATH", "")) if p
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )


def test_the_validator_works_without_httpx() -> None:
    code = BLOCK_HTTPX + (
        "import keycheck, json\n"
        "r = keycheck.check({'exchange': 'htx', 'api_key': ' x'})\n"
        "e = keycheck.explain('API key has expired', 'htx')\n"
        "c = keycheck.catalog('htx')\n"
        "import keycheck.verify, keycheck.verify.signature, keycheck.verify.cli\n"
        "print(json.dumps([r['ok'], e['matches'][0]['section'], len(c['codes'])]))\n"
        "assert 'keycheck.verify.client' not in sys.modules\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    ok, section, codes = json.loads(result.stdout)
    assert ok is False and section == "htx/errors/#key-expired" and codes > 0


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["check", "--json"], '{"exchange": "htx", "api_key": "abc"}'),
        (["explain"], "Incorrect IP address [IP地址错误]:203.0.113.7"),
        (["codes", "--exchange", "htx"], ""),
        (["verify", "--help"], ""),
    ],
)
def test_no_other_subcommand_imports_httpx(argv: list[str], stdin: str) -> None:
    code = (
        "import sys\n"
        "from keycheck import cli\n"
        f"try:\n    status = cli.main({argv!r})\nexcept SystemExit as exit:\n"
        "    status = exit.code\n"
        "assert 'httpx' not in sys.modules, 'httpx was imported'\n"
        "assert 'keycheck.verify.client' not in sys.modules\n"
        "sys.exit(status)\n"
    )
    result = _python(code, stdin)
    assert result.returncode in (0, 1), result.stderr
    assert "httpx was imported" not in result.stderr


def test_verify_without_httpx_says_what_to_install() -> None:
    code = BLOCK_HTTPX + "from keycheck import cli\nsys.exit(cli.main(['verify']))\n"
    stdin = json.dumps({"api_key": ACCESS_KEY, "secret_key": SECRET})
    result = _python(code, stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "keycheck verify: error: needs httpx, which is not installed: "
        'pip install "keycheck[verify]" (from a checkout: pip install "./validator[verify]")'
    )


def test_python_m_keycheck_verify_end_to_end(htx: StandIn) -> None:
    """The real command in a fresh interpreter: stdin JSON in, report and exit code out,
    the secret nowhere in what it prints."""
    stdin = json.dumps({"exchange": "htx", "api_key": ACCESS_KEY, "secret_key": SECRET})
    result = subprocess.run(
        [sys.executable, "-m", "keycheck", "verify", "--json", "--base-url", htx.url],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
            "PYTHONPATH": str(SRC),
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["api_key"]["permissions"] == ["readOnly", "trade"]
    assert SECRET not in result.stdout + result.stderr
    assert [s.path for s in htx.seen] == [
        "/v1/common/timestamp",
        "/v2/user/uid",
        "/v2/user/api-key",
    ]
