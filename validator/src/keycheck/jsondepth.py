"""How deeply a JSON text nests, measured before it is parsed.

CPython's ``json`` parser recurses once per level and stops with ``RecursionError``,
but under Pyodide a few thousand levels overflow the WebAssembly stack first, which is
fatal to the whole interpreter. So the JSON a trader can paste is measured with a linear
scan, and anything nested deeper than any real input is refused before parsing.
"""

from __future__ import annotations

# Real inputs nest 2-4 levels (an exchange's error body, the check input); 64 leaves room.
MAX_DEPTH = 64


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when ``text`` opens more than ``limit`` nested arrays/objects at some point."""
    if text.count("[") + text.count("{") <= limit:
        return False  # cannot nest deeper than the number of brackets it has
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False
