"""The ``keycheck`` command: check, explain and list codes from a terminal.

Secrets are read from standard input (JSON) or typed at a hidden prompt, never taken
from the command line, where shell history and process lists would keep them. Exit
codes: 0 no errors (or a section of the errors page that fixes the message), 1 errors
found (or a message that is not about the key, or an unknown one), 2 unusable input,
with one line on stderr and no traceback.

Subcommands are rows of :data:`COMMANDS`; to add one, write a module with a
``configure(parser)`` and a ``run(args) -> int`` and append a :class:`Command`.
:func:`read_check_input` gives other subcommands the same credential input as ``check``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from . import engine, exchanges, explainer, jsonapi, recognise, terminal
from ._version import __version__
from .catalog import catalog
from .errors import InputError
from .stdin_text import read_stdin_text

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line help, argument setup and runner."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message} (see --help)\n")


# -- input -------------------------------------------------------------------------


def read_check_input(exchange: str | None = None) -> dict[str, Any]:
    """The check input: JSON on stdin, or asked for at a terminal with hidden entry."""
    if sys.stdin.isatty():
        return _prompt(exchange or exchanges.sole())
    text = read_stdin_text()
    if not text.strip():
        raise InputError("no input on stdin: pipe a JSON object, or run at a terminal")
    data = jsonapi.decode(text)
    if not isinstance(data, dict):
        raise InputError('the input must be a JSON object such as {"exchange": "htx", ...}')
    return data


def _ask(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise InputError("input ended before all questions were answered")
    return line.strip()


def _prompt(exchange: str) -> dict[str, Any]:
    spec = exchanges.get(exchange)
    data: dict[str, Any] = {"exchange": spec.id}
    data["api_key"] = getpass.getpass(f"{spec.api_key.label} (hidden): ", stream=sys.stderr)
    data["secret_key"] = getpass.getpass(f"{spec.secret_key.label} (hidden): ", stream=sys.stderr)
    if spec.passphrase is not None:
        label = spec.passphrase.label
        data["passphrase"] = getpass.getpass(f"{label} (hidden): ", stream=sys.stderr)
    scope = _ask(f"Scope [{'/'.join(spec.scopes)}] (Enter to skip): ")
    if scope:
        data["scope"] = scope
    names = [p.name for p in spec.permissions]
    ticked = _ask(f"Permissions ticked, comma-separated [{', '.join(names)}] (Enter to skip): ")
    if ticked:
        chosen = [t.strip().lower() for t in ticked.split(",") if t.strip()]
        if chosen == ["none"]:
            chosen = []
        unknown = [c for c in chosen if c not in names]
        if unknown:
            raise InputError("unknown permission; expected " + ", ".join(names))
        data["permissions"] = {n: n in chosen for n in names}
    ips = _ask("Bound IP addresses, comma-separated ('-' for none, Enter to skip): ")
    if ips == "-":
        data["ip_restriction"] = None
    elif ips:
        data["ip_restriction"] = ips
    return data


# -- subcommands ---------------------------------------------------------------------


def _output(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _add_site_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="prefix help links with the guide's base URL (default: print site paths)",
    )


def _add_exchange(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exchange",
        default=None,
        choices=exchanges.ids(),
        help="exchange (default: the only one supported, while there is one)",
    )


def _configure_check(parser: argparse.ArgumentParser) -> None:
    _add_json(parser)
    parser.add_argument("--summary", action="store_true", help="print only the summary for support")
    _add_site_url(parser)
    _add_exchange(parser)


def _run_check(args: argparse.Namespace) -> int:
    result = engine.check(read_check_input(args.exchange))
    if args.summary and not args.json:
        _output(result["summary"] + "\n")
    else:
        _print(args, result, terminal.check_text)
    return EXIT_OK if result["ok"] else EXIT_FINDINGS


def _configure_explain(parser: argparse.ArgumentParser) -> None:
    _add_json(parser)
    _add_site_url(parser)
    parser.add_argument(
        "--exchange",
        default=None,
        choices=exchanges.ids(),
        help="exchange the error comes from (default: recognised from the text)",
    )


def _run_explain(args: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        sys.stderr.write("Paste the error message, then press Ctrl-D (Ctrl-Z Enter on Windows):\n")
    result = recognise.explain_any(read_stdin_text(), args.exchange)
    _print(args, result, recognise.explain_text)
    note = recognise.recognition_note(result)
    if note is not None and not args.json:
        sys.stderr.write(note)
    return EXIT_OK if result["verdict"] == explainer.KNOWN_ERROR else EXIT_FINDINGS


def _configure_codes(parser: argparse.ArgumentParser) -> None:
    _add_json(parser)
    _add_site_url(parser)
    _add_exchange(parser)


def _run_codes(args: argparse.Namespace) -> int:
    _print(args, catalog(args.exchange or exchanges.sole()), terminal.codes_text)
    return EXIT_OK


# A text renderer of render.py: (result, site_url) -> text.
Renderer = Callable[[dict[str, Any], str | None], str]


def _print(args: argparse.Namespace, result: dict[str, Any], text: Renderer) -> None:
    """``result`` as indented JSON with ``--json``, else as the subcommand's text."""
    if args.json:
        _output(json.dumps(result, indent=2) + "\n")
    else:
        _output(text(result, args.site_url))


def _configure_verify(parser: argparse.ArgumentParser) -> None:
    # keycheck.verify.cli imports only the standard library; httpx loads when it runs.
    from .verify.cli import configure

    configure(parser)


def _run_verify(args: argparse.Namespace) -> int:
    from .verify.cli import run

    return run(args)


COMMANDS: list[Command] = [
    Command(
        "check",
        "check a key, secret, permissions and IPs (JSON on stdin, or prompts)",
        _configure_check,
        _run_check,
    ),
    Command(
        "explain",
        "find the guide's section for an error message (text on stdin)",
        _configure_explain,
        _run_explain,
    ),
    Command("codes", "list the finding codes and error sections", _configure_codes, _run_codes),
    Command(
        "verify",
        "ask the exchange what a key can do (signed read-only requests; needs keycheck[verify])",
        _configure_verify,
        _run_verify,
    ),
]


def build_parser(commands: list[Command] | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="keycheck",
        description="Check exchange API credentials on this device before binding them.",
    )
    parser.add_argument("--version", action="version", version=f"keycheck {__version__}")
    sub = parser.add_subparsers(dest="command_name", metavar="COMMAND", required=True)
    for command in commands if commands is not None else COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def _fail(message: str) -> None:
    sys.stderr.write(f"keycheck: error: {message}\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    """Run ``keycheck``; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as exc:
        _fail(str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _fail("interrupted")
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: never a traceback that could quote input
        _fail(f"internal error ({type(exc).__name__}); please report it")
        return EXIT_INPUT
