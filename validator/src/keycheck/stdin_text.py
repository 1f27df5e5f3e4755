"""Standard input as text, for every ``keycheck`` subcommand that reads it.

``keycheck check``, ``explain`` and ``verify`` all take what they check from standard
input, never from the command line. This module is the one reader they share (bounded,
UTF-8, one clear error otherwise), kept apart so that the subcommands' modules import it
rather than each other.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .errors import InputError

MAX_STDIN = 16 * 1024 * 1024


def read_stdin_text(stream: TextIO | None = None) -> str:
    """All of standard input as UTF-8 text; :class:`InputError` otherwise."""
    source = stream if stream is not None else sys.stdin
    buffer = getattr(source, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, embedding)
        return source.read(MAX_STDIN + 1)
    data = buffer.read(MAX_STDIN + 1)
    if len(data) > MAX_STDIN:
        raise InputError(f"standard input is larger than {MAX_STDIN // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"standard input is not UTF-8 text (invalid byte at offset {exc.start})"
        ) from None
