"""Is each value in its own field, and alone there? ``swapped-fields`` and ``two-values``.

Traders copy the exchange's "key created" dialog whole, a spreadsheet row (key, tab, secret), or
a chat message with both values, and paste it into one field; or they paste the key
into the secret field and the secret into the key field. Both are told apart by the
exchange's shapes alone, as data: a value is recognised as an API Key or a Secret Key
only by a layout that one credential has and the other has not. Where the exchange's
shapes cannot tell the two apart (an API Key of some exchanges may be laid out like its
Secret Key), these rules say nothing rather than guess.

Nothing here quotes a value: findings give positions and layouts only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import shapes, wording
from ..exchanges.spec import Credential, ExchangeSpec, Shape
from ..finding import Finding, make
from ..textscan import Scan

# Values longer than this are not a dialog or a spreadsheet row; they are judged by
# length alone elsewhere, and looking for tokens in them would cost time for nothing.
MAX_SEARCHED = 4096
# A run of ASCII letters, digits and hyphens: the raw material of every key shape.
_TOKEN = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z-]*[0-9A-Za-z])?")


@dataclass(frozen=True)
class Token:
    """A credential-shaped run of a pasted value: where it is and what it may be."""

    start: int  # 0-based index in the raw value
    end: int
    value: str  # never shown: used to tell repeats from different values
    kinds: tuple[str, ...]  # the fields ("api_key", "secret_key") whose shapes it fits


def tokens(spec: ExchangeSpec, raw: str) -> list[Token]:
    """Every run of ``raw`` that has the shape of one of the exchange's credentials."""
    if len(raw) > MAX_SEARCHED:
        return []
    lengths = {s.total_length for c in (spec.api_key, spec.secret_key) for s in c.shapes}
    shortest, longest = min(lengths), max(lengths)
    out: list[Token] = []
    for match in _TOKEN.finditer(raw):
        text = match.group()
        if not shortest <= len(text) <= longest:
            continue
        folded = text.lower()
        # As pasted or in lowercase: a shape's alphabet may be uppercase (some secrets are).
        kinds = tuple(
            c.field
            for c in (spec.api_key, spec.secret_key)
            if any(shapes.matches(folded, s) or shapes.matches(text, s) for s in c.shapes)
        )
        if kinds:
            out.append(Token(match.start(), match.end(), folded, kinds))
    return out


def two_values(spec: ExchangeSpec, credential: Credential, s: Scan) -> Finding | None:
    """``two-values-in-one-field`` when the field holds two different credential values.

    The same value twice is ``duplicated-paste``'s business, not this rule's.
    """
    if s.clean is None or s.clean_length <= _longest(credential):
        return None
    found = tokens(spec, s.raw)
    distinct: list[Token] = []
    for token in found:
        if all(token.value != seen.value for seen in distinct):
            distinct.append(token)
    if len(distinct) < 2:
        return None
    parts = [
        f"the {_ordinal(i)} (characters {t.start + 1} to {t.end}) looks like {_what(spec, t.kinds)}"
        for i, t in enumerate(distinct[:3])
    ]
    more = len(distinct) - 3
    said = ", ".join(parts[:-1]) + " and " + parts[-1]
    if more > 0:
        said += f", and {wording.count(more, 'more value')} follow"
    return make(
        spec,
        "two-values-in-one-field",
        credential.field,
        f"The {credential.label} field holds {len(distinct)} values: {said}.",
        position=distinct[0].start + 1,
    )


@dataclass(frozen=True)
class Swap:
    """Which fields hold a value shaped like the other field's credential."""

    key_in_secret_field: Shape | None  # the key-only layout found in the secret field
    secret_in_key_field: Shape | None  # the secret-only layout found in the key field
    key_field_fits_secret: bool = False  # the key field's value has a secret's layout

    @property
    def found(self) -> bool:
        return self.key_in_secret_field is not None or self.secret_in_key_field is not None


def swap(spec: ExchangeSpec, key: Scan | None, secret: Scan | None) -> Swap:
    """Layouts that only the other credential has, found in the wrong field."""
    key_only = _only(spec.api_key, spec.secret_key)
    secret_only = _only(spec.secret_key, spec.api_key)
    return Swap(
        key_in_secret_field=_fitting(secret, key_only),
        secret_in_key_field=_fitting(key, secret_only),
        key_field_fits_secret=_fitting(key, spec.secret_key.shapes) is not None,
    )


def swapped_fields(spec: ExchangeSpec, found: Swap) -> Finding:
    """The ``swapped-fields`` finding for a :class:`Swap` that was found."""
    key, secret = spec.api_key.label, spec.secret_key.label
    if found.key_in_secret_field is not None and found.secret_in_key_field is not None:
        message = (
            f"The values look swapped: the {secret} field holds {wording.with_article(key)} "
            f"(layout {found.key_in_secret_field.layout}, which only {key}s have) and the "
            f"{key} field holds {wording.with_article(secret)} "
            f"(layout {found.secret_in_key_field.layout}, which only {secret}s have)."
        )
        field = spec.secret_key.field
    elif found.key_in_secret_field is not None and found.key_field_fits_secret:
        message = (
            f"The values look swapped: the {secret} field holds {wording.with_article(key)} "
            f"(layout {found.key_in_secret_field.layout}, which only {key}s have), and the "
            f"{key} field holds a value laid out like {wording.with_article(secret)}."
        )
        field = spec.secret_key.field
    elif found.key_in_secret_field is not None:
        message = (
            f"The {secret} field holds {wording.with_article(key)}: its layout, "
            f"{found.key_in_secret_field.layout}, is one only {spec.name} {key}s have. "
            f"The {key} may be in the wrong field."
        )
        field = spec.secret_key.field
    else:
        assert found.secret_in_key_field is not None
        message = (
            f"The {key} field holds {wording.with_article(secret)}: its layout, "
            f"{found.secret_in_key_field.layout}, is one only {spec.name} {secret}s have."
        )
        field = spec.api_key.field
    return make(spec, "swapped-fields", field, message)


def _only(mine: Credential, other: Credential) -> tuple[Shape, ...]:
    return tuple(s for s in mine.shapes if s not in other.shapes)


def _fitting(s: Scan | None, candidates: tuple[Shape, ...]) -> Shape | None:
    if s is None or s.clean is None or s.is_blank:
        return None
    return next((shape for shape in candidates if shapes.matches(s.clean, shape)), None)


def _longest(credential: Credential) -> int:
    return max(s.total_length for s in credential.shapes)


def _what(spec: ExchangeSpec, kinds: tuple[str, ...]) -> str:
    labels = [spec.credential(k).label for k in kinds]
    if len(labels) == 2:
        return f"{wording.with_article(labels[0])} or {wording.with_article(labels[1])}"
    return wording.with_article(labels[0])


def _ordinal(i: int) -> str:
    return ("first", "second", "third")[i]
