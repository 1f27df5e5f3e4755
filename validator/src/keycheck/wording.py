"""Counts and articles for messages: "1 character", "2 characters", "an API Key".

Messages are assembled from data (labels, exchange names, character kinds), so the
article and the plural cannot be written by hand next to each word. Articles follow
how a phrase is said, not how it is spelt: initialisms are read letter by letter
("an HTX key", "an OKX key", "a USB key"), words by their first sound ("an Armenian
letter", "a full-width digit", "a unified account", "an hour").
"""

from __future__ import annotations

# Letters whose spoken name starts with a vowel sound: "an F", "an HTX", "an X".
_VOWEL_NAMED_LETTERS = frozenset("AEFHILMNORSX")
# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND_PREFIXES = ("uni", "use", "usu", "uti", "one", "once", "eu", "ewe")
_VOWEL_SOUND_PREFIXES = ("hour", "honest", "honou", "heir")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``singular`` or its plural for ``count`` (``plural_form`` for irregular ones)."""
    if count == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular.endswith(("s", "x", "ch", "sh")):
        return singular + "es"
    if singular.endswith("y") and singular[-2:-1] not in ("a", "e", "o", "u"):
        return singular[:-1] + "ies"
    return singular + "s"


def count(n: int, singular: str, plural_form: str | None = None) -> str:
    """``1 character``, ``2 characters``, ``0 entries``."""
    return f"{n} {plural(n, singular, plural_form)}"


def article(phrase: str) -> str:
    """``a`` or ``an`` for ``phrase`` as it is said aloud."""
    word = phrase.strip().split(" ", 1)[0].strip("'\"(")
    if not word:
        return "a"
    if word[0].isdigit():
        # "an 8-character group", "an 11", "an 18"; "a 10-character code".
        return "an" if word.startswith(("8", "11", "18")) else "a"
    if _initialism(word):
        return "an" if word[0].upper() in _VOWEL_NAMED_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND_PREFIXES):
        return "an"
    if lower.startswith(_CONSONANT_SOUND_PREFIXES):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """``an API Key``, ``a Secret Key``, ``an HTX API Key``."""
    return f"{article(phrase)} {phrase}"


def _initialism(word: str) -> bool:
    """``HTX``, ``OKX``, ``API``, ``PEM``, ``IPv4``: letters read one by one."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2:
        return len(letters) == 1 and word == letters[0] and word.isupper()
    capitals = sum(1 for ch in letters if ch.isupper())
    return word[:2].isupper() and capitals >= len(letters) - 1
