"""Shared pieces of verify's tests: made-up keys and running the command in-process."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from keycheck.verify import cli

# Keys in HTX's documented shapes, made up for these tests.
ACCESS_KEY = "7b1d3e5f-4c2a9e8d-6f0b1a2c-3d4e5"
SECRET = "9e8d7c6b-5a4f3e2d-1c0b9a8f-7e6d5"
SUB_ACCESS_KEY = "a1b2c3d4-vf25treb80-e5f6a7b8-c9d0e"
SUB_SECRET = "0a1b2c3d-4e5f6a7b-8c9d0e1f-2a3b4"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


def run_verify(
    base_url: str,
    *args: str,
    access_key: str = ACCESS_KEY,
    secret: str = SECRET,
    stdin_text: str | None = None,
    timeout: float = 0.5,
    json_output: bool = True,
) -> Run:
    """``keycheck verify [--json]`` in-process, the key and secret as JSON on stdin.

    Every run also asserts the first promise of the command: the secret appears neither
    on standard output nor on standard error.
    """
    text = stdin_text
    if text is None:
        text = json.dumps({"exchange": "htx", "api_key": access_key, "secret_key": secret})
    out, err = io.StringIO(), io.StringIO()
    argv = ["--base-url", base_url, "--timeout", str(timeout), *args]
    if json_output:
        argv.append("--json")
    code = cli.main(argv, stdin=_Stdin(text), stdout=out, stderr=err)
    run = Run(code, out.getvalue(), err.getvalue())
    if secret.strip():
        assert secret.strip() not in run.stdout + run.stderr
    return run
