"""Count the characters of a fixed class in a long string at C speed, whatever the density.

A regular expression costs a Python object per match: a megabyte of dense look-alike,
whitespace and invisible characters (a match at nearly every position) takes most of a
second to count that way. Here the text is encoded once as UTF-16, split into the low
and high byte of each code unit, and each class is counted with 256-byte translation
tables and a big-integer AND: the cost is per byte and per Unicode block present in the
text, never per match.

Only text without characters outside the BMP qualifies (a surrogate pair would shift
every later position); :mod:`keycheck.textscan` uses regular expressions otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

_SAMPLE = 4096  # high bytes looked at per pass when listing the blocks present
_MAX_PASSES = 16


class BmpText:
    """One text's code units, ready to count any number of character classes in it."""

    def __init__(self, text: str) -> None:
        data = text.encode("utf-16-le", "surrogatepass")
        self.length = len(text)
        self.low = data[0::2]
        self.high = data[1::2]
        self.pages = _pages_present(self.high)

    def mask(self, chars: frozenset[str]) -> int:
        """One byte per character (little-endian): one bit set where it is in ``chars``.

        A character's high byte names exactly one block, so at most one bit of its byte
        is set, and counting characters is counting bits.
        """
        found = 0
        for high_table, low_table in _groups(_pages(chars) & self.pages, chars):
            high = int.from_bytes(self.high.translate(high_table), "little")
            found |= high & int.from_bytes(self.low.translate(low_table), "little")
        return found


def count(mask: int, start: int, end: int) -> int:
    """How many characters of ``mask``'s class lie in text[start:end]."""
    if start >= end or not mask:
        return 0
    return ((mask >> (8 * start)) & ((1 << (8 * (end - start))) - 1)).bit_count()


def _pages_present(high: bytes) -> frozenset[int]:
    """The high bytes (256-character blocks) that occur, in a few C-speed passes."""
    present: set[int] = set()
    rest = high
    for _ in range(_MAX_PASSES):
        if not rest:
            return frozenset(present)
        seen = set(rest[:_SAMPLE])
        present |= seen
        rest = rest.translate(None, bytes(seen))
    return frozenset(range(256)) if rest else frozenset(present)


@functools.cache
def _pages(chars: frozenset[str]) -> frozenset[int]:
    return frozenset(ord(c) >> 8 for c in chars if ord(c) <= 0xFFFF)


@functools.lru_cache(maxsize=64)
def _groups(pages: frozenset[int], chars: frozenset[str]) -> tuple[tuple[bytes, bytes], ...]:
    """Translation tables for ``pages``, eight blocks per pair (one bit per block).

    A character is in the class when the bit of its block is set both in its high byte's
    entry (the block is this one) and in its low byte's entry (its place in the block is
    one of the class's).
    """
    by_page: dict[int, list[int]] = {}
    for cp in _code_points(chars):
        if cp >> 8 in pages:
            by_page.setdefault(cp >> 8, []).append(cp & 0xFF)
    ordered = sorted(by_page.items())
    groups = []
    for first in range(0, len(ordered), 8):
        high = bytearray(256)
        low = bytearray(256)
        for bit, (page, lows) in enumerate(ordered[first : first + 8]):
            high[page] |= 1 << bit
            for value in lows:
                low[value] |= 1 << bit
        groups.append((bytes(high), bytes(low)))
    return tuple(groups)


def _code_points(chars: Iterable[str]) -> list[int]:
    return [ord(c) for c in chars if ord(c) <= 0xFFFF and not 0xD800 <= ord(c) <= 0xDFFF]
