"""OKX's adapter keeps httpx out of the validator, like HTX's.

Registering OKX in ``keycheck.verify.adapters`` must not import httpx or the OKX client:
the validator runs in Pyodide, where httpx does not exist. Fresh interpreters with
httpx blocked, as in ``test_verify_isolation``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from okx_helpers import API_KEY, PASSPHRASE, SECRET, serve
from test_verify_isolation import BLOCK_HTTPX, SRC, _python


def test_the_okx_adapter_is_registered_without_httpx() -> None:
    code = BLOCK_HTTPX + (
        "import keycheck.verify.cli, keycheck.verify.okx_signature\n"
        "from keycheck.verify import adapters\n"
        "print(json.dumps([adapters.get('okx').fields, adapters.get('okx').default_base_url]))\n"
        "assert 'keycheck.verify.okx_client' not in sys.modules\n"
        "assert 'keycheck.verify.okx_flow' not in sys.modules\n"
    )
    result = _python("import json\n" + code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        ["api_key", "secret_key", "passphrase"],
        "https://www.okx.com",
    ]


def test_verify_okx_without_httpx_says_what_to_install() -> None:
    code = BLOCK_HTTPX + (
        "from keycheck import cli\nsys.exit(cli.main(['verify', '--exchange', 'okx']))\n"
    )
    stdin = json.dumps({"api_key": API_KEY, "secret_key": SECRET, "passphrase": PASSPHRASE})
    result = _python(code, stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("keycheck verify: error: needs httpx, which is not installed")
    assert PASSPHRASE not in result.stderr and SECRET not in result.stderr


def test_python_m_keycheck_verify_okx_end_to_end() -> None:
    """The real command in a fresh interpreter, as a trader runs it: JSON in, the report
    out, OKX's refusal (the key is bound to another address) as exit code 1."""
    with serve(ip="203.0.113.7") as okx:
        stdin = json.dumps(
            {"exchange": "okx", "api_key": API_KEY, "secret_key": SECRET, "passphrase": PASSPHRASE}
        )
        result = subprocess.run(
            [sys.executable, "-m", "keycheck", "verify", "--json", "--base-url", okx.url],
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
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["exchange"] == "okx"
    assert [m["section"] for p in report["problems"] for m in p["matches"]] == [
        "okx/errors/#ip-restriction-error"
    ]
    for value in (SECRET, PASSPHRASE):
        assert value not in result.stdout + result.stderr
    assert [s.path for s in okx.seen] == ["/api/v5/public/time", "/api/v5/account/config"]
