"""The one exception the public API raises on purpose.

Input that cannot be checked at all (wrong types, unknown exchange or scope, text that
is not JSON) raises :class:`InputError`. Its message is a single line written from a
template: it names the offending field, never the value, so a secret passed in the
wrong place cannot end up in a log or on stderr.
"""

from __future__ import annotations


class InputError(ValueError):
    """The input cannot be checked; ``str(error)`` is one line fit for a user."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
