"""``keycheck verify``: the command line around :func:`keycheck.verify.flow.verify`.

The key and secret are read like ``keycheck check`` reads them: a JSON object on
standard input (``{"api_key": "...", "secret_key": "..."}``; the other fields of a
``check`` input are accepted and ignored), or, at a terminal, hidden prompts. Never
from the command line, where they would land in the shell history and the process
list, and never from the environment.

Exit codes, as for ``check``: 0 nothing of severity error, 1 problems found (HTX
refused the key, or its settings break the guide's rules), 2 the run could not reach a
verdict (unusable input, HTX unreachable or not answering like HTX, httpx missing).

This module imports only the standard library at import time; ``httpx`` is loaded when
the command runs, so ``keycheck``'s parser stays usable without the ``verify`` extra.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Mapping
from typing import TextIO

from keycheck import exchanges, jsonapi
from keycheck.errors import InputError
from keycheck.stdin_text import read_stdin_text
from keycheck.verify import adapters

PROG = "keycheck verify"
# The fields of a ``keycheck check`` input; verify uses only the two credentials.
_CHECK_FIELDS = ("exchange", "api_key", "secret_key", "scope", "permissions", "ip_restriction")
_INSTALL_HINT = (
    'pip install "keycheck[verify]" (from a checkout: pip install "./validator[verify]")'
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Ask the exchange itself what an API key can do: permissions, bound IP addresses, "
            "expiry and status, with this computer's clock offset. Reads "
            '{"api_key": ..., "secret_key": ...} as JSON on standard input, or prompts '
            "with hidden input at a terminal. The secret only signs the requests on this "
            "computer and is never sent."
        ),
    )
    configure(parser)
    return parser


def configure(parser: argparse.ArgumentParser) -> None:
    """The options of ``keycheck verify`` (``keycheck``'s subcommand table calls this)."""
    parser.epilog = (
        'Input: {"api_key": ..., "secret_key": ...} as JSON on standard input, or hidden '
        "prompts at a terminal. The secret only signs the requests on this computer and is "
        "never sent. Exit codes: 0 no errors, 1 problems found, 2 no verdict."
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--exchange",
        choices=sorted(adapters.ADAPTERS),
        default=None,
        help="the exchange to ask (default: the only one verify can ask, while there is one)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="the exchange's REST address (default: its documented one, e.g. "
        f"{adapters.HtxAdapter.default_base_url} for HTX)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="S",
        help="seconds to wait for each answer (default: 10)",
    )


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``keycheck verify`` with ``argv`` (without the program and subcommand names)."""
    args = build_parser().parse_args(argv)
    return run(args, stdin=stdin, stdout=stdout, stderr=stderr)


def run(
    args: argparse.Namespace,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run with parsed arguments; returns the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        adapter = adapters.get(getattr(args, "exchange", None))
        access_key, secret = read_credentials(stdin, stderr, adapter.exchange)
    except InputError as exc:
        _fail(stderr, str(exc))
        return 2
    except (KeyboardInterrupt, EOFError):
        _fail(stderr, "no key given")
        return 2
    try:
        from keycheck.verify import client, report
    except ModuleNotFoundError as exc:
        if exc.name != "httpx":
            raise
        _fail(stderr, f"needs httpx, which is not installed: {_INSTALL_HINT}")
        return 2
    try:
        result = adapter.verify(
            {"api_key": access_key, "secret_key": secret},
            base_url=args.base_url or adapter.default_base_url,
            timeout=args.timeout,
        )
    except client.VerifyError as exc:
        _fail(stderr, str(exc))
        return 2
    except KeyboardInterrupt:
        _fail(stderr, "interrupted")
        return 2
    if args.json:
        json.dump(report.to_json(result), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(report.to_text(result))
    return report.exit_code(result)


def read_credentials(stdin: TextIO, stderr: TextIO, exchange: str = "") -> tuple[str, str]:
    """``(access_key, secret)`` from JSON on ``stdin``, or from hidden prompts at a TTY."""
    exchange = exchange or adapters.get(None).exchange
    spec = exchanges.get(exchange)
    if stdin.isatty():
        print("The secret stays on this computer: it only signs the requests.", file=stderr)
        access_key = getpass.getpass(f"{spec.api_key.label} (hidden): ", stream=stderr)
        secret = getpass.getpass(f"{spec.secret_key.label} (hidden): ", stream=stderr)
        return _required(access_key, "api_key"), _required(secret, "secret_key")
    text = read_stdin_text(stdin)
    if not text.strip():
        raise InputError("no input on stdin: pipe a JSON object, or run at a terminal")
    return parse_input(jsonapi.decode(text), exchange)


def parse_input(data: object, exchange: str = "") -> tuple[str, str]:
    """The two credentials from a ``keycheck check``-style JSON object."""
    if not isinstance(data, Mapping):
        raise InputError('the input must be a JSON object {"api_key": ..., "secret_key": ...}')
    if any(name not in _CHECK_FIELDS for name in data):
        raise InputError(f"unknown field in the input; expected {', '.join(_CHECK_FIELDS)}")
    asked = exchange or adapters.get(None).exchange
    given = data.get("exchange", asked)
    if not isinstance(given, str) or given.strip().lower() != asked:
        name = exchanges.get(asked).name
        raise InputError(f"'exchange' must be \"{asked}\": this run only talks to {name}")
    values = []
    for field in ("api_key", "secret_key"):
        value = data.get(field)
        if value is not None and not isinstance(value, str):
            raise InputError(f"'{field}' must be a string")
        values.append(_required(value or "", field))
    return values[0], values[1]


def _required(value: str, field: str) -> str:
    if not value.strip():
        label = "API Key" if field == "api_key" else "Secret Key"
        raise InputError(f"'{field}' is empty: give the {label} HTX showed you")
    return value


def _fail(stderr: TextIO, message: str) -> None:
    print(f"{PROG}: error: {message}", file=stderr)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number of seconds") from None
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 300 seconds")
    return value


if __name__ == "__main__":  # python -m keycheck.verify.cli
    sys.exit(main())
