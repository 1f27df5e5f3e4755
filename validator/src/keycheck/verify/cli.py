"""``keycheck verify``: the command line around the exchange adapters' ``verify``.

The credentials are read like ``keycheck check`` reads them: a JSON object on standard
input (``{"api_key": "...", "secret_key": "..."}``, plus ``"passphrase"`` for an
exchange whose adapter needs one, such as OKX; the other fields of a ``check`` input
are accepted and ignored), or, at a terminal, one hidden prompt per field the adapter
names (:attr:`keycheck.verify.adapters.Adapter.fields`). Never from the command line,
where they would land in the shell history and the process list, and never from the
environment. No value read is ever echoed, printed or logged.

The exchange is ``--exchange``, else the ``exchange`` field of the JSON input, else
HTX (the first adapter, as before any other exchange had one).

Exit codes, as for ``check``: 0 nothing of severity error, 1 problems found (the
exchange refused the key, or its settings break the guide's rules), 2 the run could not
reach a verdict (unusable input, the exchange unreachable or not answering like itself,
httpx missing).

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
            f'{{"api_key": ..., "secret_key": ...}}{_extra_fields_text()} as JSON on '
            "standard input, or prompts with hidden input at a terminal. The secret only "
            "signs the requests on this computer and is never sent."
        ),
    )
    configure(parser)
    return parser


def configure(parser: argparse.ArgumentParser) -> None:
    """The options of ``keycheck verify`` (``keycheck``'s subcommand table calls this)."""
    parser.epilog = (
        f'Input: {{"api_key": ..., "secret_key": ...}}{_extra_fields_text()} as JSON on '
        "standard input, or hidden prompts at a terminal. The secret only signs the "
        "requests on this computer and is never sent. Exit codes: 0 no errors, 1 problems "
        "found, 2 no verdict."
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--exchange",
        choices=sorted(adapters.ADAPTERS),
        default=None,
        help='the exchange to ask (default: the input\'s "exchange", else htx)',
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="the exchange's REST address (default: its documented one, e.g. "
        f"{adapters.HtxAdapter.default_base_url} for HTX)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="ask the exchange's demo trading environment with a demo trading key" + _demo_text(),
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
    demo = bool(getattr(args, "demo", False))
    try:
        adapter, credentials = read_run_input(stdin, stderr, getattr(args, "exchange", None))
        if demo and not getattr(adapter, "supports_demo", False):
            raise InputError(f"--demo: {_name(adapter)} has no demo trading environment")
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
    options: dict[str, bool] = {"demo": True} if demo else {}
    try:
        result = adapter.verify(
            credentials,
            base_url=args.base_url or adapter.default_base_url,
            timeout=args.timeout,
            **options,
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


def read_run_input(
    stdin: TextIO, stderr: TextIO, exchange: str | None
) -> tuple[adapters.Adapter, dict[str, str]]:
    """The adapter to ask and its credentials.

    The exchange is ``--exchange``, else the ``exchange`` of the JSON input when an
    adapter serves it, else the default adapter (:func:`adapters.get`).
    """
    if exchange is not None or stdin.isatty():
        adapter = adapters.get(exchange)
        return adapter, read_credentials(stdin, stderr, adapter.exchange)
    text = read_stdin_text(stdin)
    if not text.strip():
        raise InputError("no input on stdin: pipe a JSON object, or run at a terminal")
    data = jsonapi.decode(text)
    named = data.get("exchange") if isinstance(data, Mapping) else None
    if isinstance(named, str) and named.strip().lower() in adapters.ADAPTERS:
        adapter = adapters.get(named)
    else:
        adapter = adapters.get(None)
    return adapter, parse_input(data, adapter.exchange)


def read_credentials(stdin: TextIO, stderr: TextIO, exchange: str = "") -> dict[str, str]:
    """The adapter's credential fields from JSON on ``stdin``, or from hidden prompts."""
    adapter = adapters.get(exchange or None)
    if stdin.isatty():
        print("The secret stays on this computer: it only signs the requests.", file=stderr)
        if "passphrase" in adapter.fields:
            print(
                f"The passphrase goes to {_name(adapter)} only, in the header its API "
                "requires; it is never shown.",
                file=stderr,
            )
        values: dict[str, str] = {}
        for field in adapter.fields:
            # getpass reads without echo; the value is never printed or logged.
            value = getpass.getpass(f"{_label(adapter, field)} (hidden): ", stream=stderr)
            values[field] = _required(value, field, adapter)
        return values
    text = read_stdin_text(stdin)
    if not text.strip():
        raise InputError("no input on stdin: pipe a JSON object, or run at a terminal")
    return parse_input(jsonapi.decode(text), adapter.exchange)


def parse_input(data: object, exchange: str = "") -> dict[str, str]:
    """The adapter's credential fields from a ``keycheck check``-style JSON object."""
    adapter = adapters.get(exchange or None)
    accepted = (*_CHECK_FIELDS, *(f for f in adapter.fields if f not in _CHECK_FIELDS))
    example = ", ".join(f'"{field}": ...' for field in adapter.fields)
    if not isinstance(data, Mapping):
        raise InputError(f"the input must be a JSON object {{{example}}}")
    if any(name not in accepted for name in data):
        raise InputError(f"unknown field in the input; expected {', '.join(accepted)}")
    given = data.get("exchange", adapter.exchange)
    if not isinstance(given, str) or given.strip().lower() != adapter.exchange:
        raise InputError(
            f"'exchange' must be \"{adapter.exchange}\": this run only talks to {_name(adapter)}"
        )
    values: dict[str, str] = {}
    for field in adapter.fields:
        value = data.get(field)
        if value is not None and not isinstance(value, str):
            raise InputError(f"'{field}' must be a string")
        values[field] = _required(value or "", field, adapter)
    return values


def _extra_fields_text() -> str:
    """Fields some adapters read beyond the key and secret, e.g. ' (and "passphrase" for X)'."""
    extra: dict[str, list[str]] = {}
    for adapter in adapters.ADAPTERS.values():
        for field in adapter.fields:
            if field not in ("api_key", "secret_key"):
                extra.setdefault(field, []).append(_name(adapter))
    parts = [f'"{field}" for {", ".join(names)}' for field, names in extra.items()]
    return f" (and {'; '.join(parts)})" if parts else ""


def _demo_text() -> str:
    """How each adapter with a demo environment asks it, e.g. ' (X: x-demo: 1)'."""
    notes = [
        f"{_name(adapter)}: {getattr(adapter, 'demo_note', 'supported')}"
        for adapter in adapters.ADAPTERS.values()
        if getattr(adapter, "supports_demo", False)
    ]
    return f" ({'; '.join(notes)})" if notes else " (no exchange offers one)"


# What to call a field when the exchange's data module does not say.
_GENERIC_LABELS = {"api_key": "API Key", "secret_key": "Secret Key", "passphrase": "Passphrase"}


def _name(adapter: adapters.Adapter) -> str:
    """The exchange's name as its data module spells it (``HTX``, ``OKX``)."""
    try:
        return exchanges.get(adapter.exchange).name
    except InputError:  # an adapter whose data module this keycheck lacks
        return str(getattr(adapter, "name", adapter.exchange.upper()))


def _label(adapter: adapters.Adapter, field: str) -> str:
    """The exchange's own label of a credential field, e.g. HTX's "Secret Key"."""
    try:
        spec = exchanges.get(adapter.exchange)
    except InputError:
        return _GENERIC_LABELS.get(field, field)
    credential = {"api_key": spec.api_key, "secret_key": spec.secret_key}.get(field)
    if field == "passphrase":
        credential = getattr(spec, "passphrase", None)
    return credential.label if credential is not None else _GENERIC_LABELS.get(field, field)


def _required(value: str, field: str, adapter: adapters.Adapter) -> str:
    if not value.strip():
        label = _GENERIC_LABELS.get(field, field)
        if field == "passphrase":
            raise InputError(
                f"'{field}' is empty: give the {label} you chose when you created the key "
                f"on {_name(adapter)}"
            )
        raise InputError(f"'{field}' is empty: give the {label} {_name(adapter)} showed you")
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
