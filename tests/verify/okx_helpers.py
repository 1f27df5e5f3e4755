"""Shared pieces of the OKX verify tests: made-up keys, the stand-in, running the command.

The keys have the shapes of the keys OKX prints in its documentation (an API key laid
out as a lowercase UUID, a SecretKey of 32 uppercase hex digits) and are made up here;
they are not OKX's printed examples, which the checker flags as examples.
"""

from __future__ import annotations

import importlib.util
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from keycheck.verify import cli
from okx_standin import Key, OkxStandIn
from verify_helpers import Run

API_KEY = "7c1b2e94-3f5a-4d8e-9b0c-a1d2e3f4a5b6"
SECRET = "5F3A9C1E7B2D4F6A8C0E1B3D5F7A9C1E"
PASSPHRASE = "Trading-Desk-42!"
OTHER_SECRET = "A1B2C3D4E5F60718293A4B5C6D7E8F90"

#: The tests that need keycheck's OKX rules (keycheck.check / explain for "okx") run
#: once the exchange data module keycheck.exchanges.okx is in the tree.
needs_okx_rules = pytest.mark.skipif(
    importlib.util.find_spec("keycheck.exchanges.okx") is None,
    reason="keycheck.exchanges.okx (OKX's data module) is not in this tree yet",
)


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


@contextmanager
def serve(**key_fields: object) -> Iterator[OkxStandIn]:
    """The stand-in with one live key (made-up values above), bound to 127.0.0.1."""
    with OkxStandIn(keys=[Key(API_KEY, SECRET, PASSPHRASE, **key_fields)]) as okx:  # type: ignore[arg-type]
        yield okx


def run_okx(
    base_url: str,
    *args: str,
    api_key: str = API_KEY,
    secret: str = SECRET,
    passphrase: str = PASSPHRASE,
    stdin_text: str | None = None,
    timeout: float = 0.5,
    json_output: bool = True,
    exchange_option: bool = True,
) -> Run:
    """``keycheck verify --exchange okx [--json]`` in-process, credentials as JSON on stdin.

    Every run asserts the command's promise: neither the secret nor the passphrase
    appears on standard output or standard error.
    """
    text = stdin_text
    if text is None:
        text = json.dumps(
            {"exchange": "okx", "api_key": api_key, "secret_key": secret, "passphrase": passphrase}
        )
    out, err = io.StringIO(), io.StringIO()
    argv = ["--base-url", base_url, "--timeout", str(timeout), *args]
    if exchange_option:
        argv += ["--exchange", "okx"]
    if json_output:
        argv.append("--json")
    code = cli.main(argv, stdin=_Stdin(text), stdout=out, stderr=err)
    run = Run(code, out.getvalue(), err.getvalue())
    for value in (secret, passphrase):
        if len(value.strip()) >= 4:
            assert value.strip() not in run.stdout + run.stderr
    return run
