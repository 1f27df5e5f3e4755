"""Compare a cleaned credential with the exchange's shapes and say what differs.

A bare "invalid format" leaves a trader guessing; this module names the difference
the way one would over the phone: "groups 8-8-8-4, expected 8-8-8-5: a character is
missing at the end", "letters must be lowercase", "position 12 is not a hexadecimal
digit". It never names a character unless the caller allows it (never for a secret).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import charinfo, wording
from .exchanges.spec import Credential, Shape

MAX_POSITIONS = 3


@dataclass(frozen=True)
class Mismatch:
    """Why a value has none of the expected shapes; ``clean_index`` of the first culprit."""

    message: str
    clean_index: int | None = None


def matches(value: str, shape: Shape) -> bool:
    groups = value.split(shape.separator)
    if len(groups) != len(shape.groups):
        return False
    for text, group in zip(groups, shape.groups, strict=True):
        if len(text) != group.length:
            return False
        if any(ch not in group.alphabet for ch in text):
            return False
    return True


def diagnose(
    clean: str | None,
    clean_length: int,
    credential: Credential,
    locate: Callable[[int], int],
    reveal: bool,
) -> Mismatch | None:
    """``None`` when ``clean`` has one of the credential's shapes, else what differs.

    ``locate`` maps an index of ``clean`` to a 1-based position in the pasted value;
    ``reveal`` allows naming offending characters (never for a secret).
    """
    shapes = credential.shapes
    if clean is None:
        return Mismatch(
            f"{wording.count(clean_length, 'character')}, far more than the "
            f"{_lengths(shapes)} of {wording.with_article(credential.label)} "
            f"({credential.shape_description})"
        )
    if any(matches(clean, shape) for shape in shapes):
        return None
    separator = shapes[0].separator
    groups = clean.split(separator)
    seen = [len(g) for g in groups]
    candidates = [s for s in shapes if len(s.groups) == len(groups)]
    if not candidates:
        count = _wrong_group_count(clean, seen, credential, separator)
        return _stops(count.message, clean, shapes, locate)
    best = min(candidates, key=lambda s: (_distance(groups, s), shapes.index(s)))
    expected = [g.length for g in best.groups]
    if seen != expected:
        story = f"groups {_layout(seen)}, expected {best.layout}: {_length_story(seen, expected)}"
        return _stops(story, clean, shapes, locate)
    return _wrong_characters(groups, best, separator, locate, reveal)


def _stops(
    story: str, clean: str, shapes: tuple[Shape, ...], locate: Callable[[int], int]
) -> Mismatch:
    """``story`` plus where the value stops matching every shape it could have been.

    The furthest point up to which the value reads as the start of one of the shapes:
    the first character that no shape allows there, or the end of a value that is cut
    short.
    """
    stop = max(_prefix_fit(clean, shape) for shape in shapes)
    if stop >= len(clean):
        last = locate(len(clean) - 1) if clean else 0
        return Mismatch(f"{story} (the value ends too soon, after position {last})")
    return Mismatch(f"{story} (it stops matching at position {locate(stop)})", stop)


def _prefix_fit(value: str, shape: Shape) -> int:
    """How many leading characters of ``value`` fit ``shape`` (its groups and separators)."""
    i = 0
    for n, group in enumerate(shape.groups):
        for _ in range(group.length):
            if i >= len(value) or value[i] not in group.alphabet:
                return i
            i += 1
        if n < len(shape.groups) - 1:
            if value[i : i + len(shape.separator)] != shape.separator:
                return i if i < len(value) else len(value)
            i += len(shape.separator)
    return i


def _lengths(shapes: tuple[Shape, ...]) -> str:
    totals = sorted({s.total_length for s in shapes})
    if len(totals) == 1:
        return str(totals[0])
    return ", ".join(str(t) for t in totals[:-1]) + f" or {totals[-1]}"


def _layout(lengths: list[int]) -> str:
    return "-".join(str(n) for n in lengths)


def _distance(groups: list[str], shape: Shape) -> int:
    total = 0
    for text, group in zip(groups, shape.groups, strict=True):
        total += abs(len(text) - group.length)
        total += sum(1 for ch in text if ch.lower() not in group.alphabet)
    return total


def _wrong_group_count(
    clean: str, seen: list[int], credential: Credential, separator: str
) -> Mismatch:
    shapes = credential.shapes
    layouts = " or ".join(dict.fromkeys(s.layout for s in shapes[:2]))
    if separator not in clean:
        same_length = [s for s in shapes if _bare_length(s) == len(clean)]
        if same_length:
            fitting = [s for s in same_length if matches(_hyphenate(clean, s), s)]
            layout = (fitting or same_length)[0].layout
            return Mismatch(
                f"{wording.count(len(clean), 'character')} in one piece: the hyphens are missing "
                f"(expected groups {layout} joined by '{separator}')"
            )
        return Mismatch(
            f"{wording.count(len(clean), 'character')} with no '{separator}'; expected "
            f"{credential.shape_description}"
        )
    expected_groups = len(shapes[0].groups)
    return Mismatch(
        f"{wording.count(len(seen), 'group')} ({_layout(seen)}), expected "
        f"{wording.count(expected_groups, 'group')} "
        f"({layouts}{', ...' if len(shapes) > 2 else ''}): {credential.shape_description}"
    )


def _bare_length(shape: Shape) -> int:
    return sum(g.length for g in shape.groups)


def _hyphenate(value: str, shape: Shape) -> str:
    pieces, i = [], 0
    for group in shape.groups:
        pieces.append(value[i : i + group.length])
        i += group.length
    return shape.separator.join(pieces)


def _length_story(seen: list[int], expected: list[int]) -> str:
    diffs = [(i, s - e) for i, (s, e) in enumerate(zip(seen, expected, strict=True)) if s != e]
    if len(diffs) > 1:
        return "several groups have the wrong length; the value is not a complete copy"
    i, delta = diffs[0]
    where = "at the end" if i == len(seen) - 1 else f"in group {i + 1}"
    n = abs(delta)
    if delta < 0:
        what = "a character is" if n == 1 else f"{n} characters are"
        return f"{what} missing {where}"
    what = "one character" if n == 1 else f"{n} characters"
    return f"{what} too many {where}"


def _wrong_characters(
    groups: list[str],
    shape: Shape,
    separator: str,
    locate: Callable[[int], int],
    reveal: bool,
) -> Mismatch:
    bad: list[tuple[int, str, str]] = []  # (clean index, char, what the group wants)
    offset = 0
    for text, group in zip(groups, shape.groups, strict=True):
        for j, ch in enumerate(text):
            if ch not in group.alphabet:
                bad.append((offset + j, ch, group.alphabet_name))
        offset += len(text) + len(separator)
    first_index = bad[0][0]
    positions = [locate(i) for i, _, _ in bad[:MAX_POSITIONS]]
    more = f" and {len(bad) - MAX_POSITIONS} more" if len(bad) > MAX_POSITIONS else ""
    where = ", ".join(str(p) for p in positions) + more
    plural = "s" if len(bad) > 1 else ""
    uppercase = all(ch.isupper() and ch.lower() in _alphabet(shape) for _, ch, _ in bad)
    if uppercase:
        return Mismatch(
            f"letters must be lowercase: uppercase letter{plural} at position{plural} {where}",
            first_index,
        )
    _, ch, wanted = bad[0]
    if reveal:
        shown = f"'{ch}'" if charinfo.is_printable_ascii(ch) else charinfo.name(ch)
        first = f"position {positions[0]} is {shown}, not {wanted}"
    else:
        first = f"position {positions[0]} is not {wanted}"
    if len(bad) > 1:
        first += f" (characters at position{plural} {where} do not fit)"
    return Mismatch(first, first_index)


def _alphabet(shape: Shape) -> str:
    return "".join(g.alphabet for g in shape.groups)
