"""Checks on the pasted API key and secret: the codes of the ``invalid-api-key-or-secret`` family.

Each value is scanned once (:mod:`keycheck.textscan`); the findings describe what the
scan saw in words a trader can act on. The secret is handled as radioactive: messages
about it give positions and kinds of characters, never a character or its name when
that would disclose it, and the key is treated the same way when it overlaps the secret.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import charinfo, preview, shapes, wording
from ..exchanges.spec import Credential, ExchangeSpec
from ..finding import Finding, make
from ..finding_codes import WARNING
from ..redact import Redactor
from ..textscan import MAX_LISTED, CharGroup, Hit, Scan, scan
from . import placement

_WHERE = {"start": "before the value", "end": "after the value", "inside": "inside the value"}
_MIN_DUPLICATE = 8


@dataclass(frozen=True)
class Checked:
    """The credential findings and what the rest of the report may show of the key."""

    findings: list[Finding]
    key_scan: Scan | None
    redactor: Redactor
    key_shown: bool  # characters of the API Key field may be quoted (preview.py)


def check(
    spec: ExchangeSpec,
    api_key: str | None,
    secret_key: str | None,
    passphrase: str | None = None,
) -> Checked:
    """Findings for the credentials, the key's scan, the redactor of the secret (and of
    the passphrase), and whether the API Key field may be quoted
    (:func:`keycheck.preview.key_may_be_shown`).
    """
    out: list[Finding] = []
    key_scan = scan(api_key, spec.labels) if api_key is not None else None
    pem = _self_generated(spec, secret_key) if secret_key is not None else None
    secret_scan = scan(secret_key, spec.labels) if secret_key is not None and pem is None else None
    redactor = Redactor(secret_key, secret_scan.clean if secret_scan is not None else None)
    passphrase_scan = scan(passphrase) if passphrase is not None else None
    if passphrase_scan is not None:
        # Nothing may quote the passphrase either, as typed or as cleaned.
        redactor = redactor.protecting(passphrase, passphrase_scan.clean)

    moved = placement.swap(spec, key_scan, secret_scan)
    key_two = (
        placement.two_values(spec, spec.api_key, key_scan)
        if key_scan is not None and not key_scan.is_blank
        else None
    )
    secret_two = (
        placement.two_values(spec, spec.secret_key, secret_scan)
        if secret_scan is not None and not secret_scan.is_blank
        else None
    )
    key_shown = key_scan is not None and preview.key_may_be_shown(
        spec, key_scan, redactor, secret_material=moved.found or key_two is not None
    )
    if key_scan is not None:
        out += _field(
            spec,
            spec.api_key,
            key_scan,
            key_shown,
            two=key_two,
            misplaced=moved.secret_in_key_field is not None,
        )
    if pem is not None:
        out.append(pem)
    elif secret_scan is not None:
        same = (
            key_scan is not None
            and not secret_scan.is_blank
            and not key_scan.is_blank
            and _same(key_scan, secret_scan)
        )
        out += _field(
            spec,
            spec.secret_key,
            secret_scan,
            False,
            same_as_key=same,
            two=secret_two,
            misplaced=moved.key_in_secret_field is not None,
        )
    if moved.found:
        out.append(placement.swapped_fields(spec, moved))
    if passphrase_scan is not None:
        out += _passphrase(spec, passphrase_scan)
    if key_scan is not None and not key_shown:
        # What the API Key field holds may be secret material: nothing else quotes it.
        redactor = redactor.protecting(key_scan.raw, key_scan.clean)
    return Checked(out, key_scan, redactor, key_shown)


def _passphrase(spec: ExchangeSpec, s: Scan) -> list[Finding]:
    """Findings for the passphrase: only what a copy adds to it, never where.

    The trader chose the passphrase, so it has no shape to compare with. Messages name
    kinds of characters and whether they sit at the start, the end or inside, never a
    position or a count of characters of the passphrase itself: a position would tell
    its length, which stays secret too.
    """
    declared = spec.passphrase
    assert declared is not None
    label, field = declared.label, declared.field
    if not s.raw:
        return [make(spec, "empty", field, f"The {label} is empty.")]
    if s.whitespace.count + s.invisible.count >= len(s.raw):
        message = f"The {label} holds nothing but whitespace or invisible characters."
        return [make(spec, "empty", field, message)]
    out: list[Finding] = []
    if s.whitespace.count:
        out.append(
            make(
                spec,
                "whitespace",
                field,
                f"The {label} has {_kinds(s.whitespace, 'whitespace character')} "
                f"{_places(s.whitespace)}.",
            )
        )
    if s.invisible.count:
        out.append(
            make(
                spec,
                "invisible-character",
                field,
                f"The {label} has {_kinds(s.invisible, 'invisible character')} "
                f"{_places(s.invisible)}.",
            )
        )
    if s.lookalike.count:
        # A passphrase may hold any character the trader typed at creation, so a
        # look-alike is a warning: it is wrong only if it came with a copy.
        kinds = sorted({charinfo.script_kind(hit.char) for hit in s.lookalike.hits})
        out.append(
            make(
                spec,
                "lookalike-character",
                field,
                f"The {label} has characters that only look like ASCII letters or digits "
                f"({', '.join(kinds)} characters): if you did not type them when you "
                "created the key, they came with a copy or a keyboard layout.",
                severity=WARNING,
            )
        )
    return out


def _kinds(group: CharGroup, noun: str) -> str:
    """``a whitespace character`` or ``3 whitespace characters (a line break among them)``."""
    amount = wording.with_article(noun) if group.count == 1 else wording.count(group.count, noun)
    if any(hit.char in charinfo.LINE_BREAKS for hit in group.hits):
        amount += " (a line break among them)" if group.count > 1 else " (a line break)"
    return amount


def _places(group: CharGroup) -> str:
    """Where the characters are, in words only: ``at the end``, ``inside and at the start``."""
    order = {"start": 0, "inside": 1, "end": 2}
    words = {"start": "at the start", "inside": "inside", "end": "at the end"}
    seen = sorted({hit.where for hit in group.hits}, key=order.__getitem__)
    if group.count > len(group.hits):
        seen = sorted({*seen, "inside"} if group.inside else seen, key=order.__getitem__)
    parts = [words[w] for w in seen]
    return " and ".join(parts) if parts else "in the value"


def _same(key: Scan, secret: Scan) -> bool:
    if key.clean is not None and secret.clean is not None:
        return key.clean == secret.clean
    return key.raw == secret.raw


def _field(
    spec: ExchangeSpec,
    credential: Credential,
    s: Scan,
    reveal: bool,
    same_as_key: bool = False,
    two: Finding | None = None,
    misplaced: bool = False,
) -> list[Finding]:
    """Findings for one field. ``two``: the field holds two values (only the characters
    are then worth reporting besides); ``misplaced``: it holds the other credential,
    which ``swapped-fields`` reports, so its format is not judged against this one's.
    """
    field = credential.field
    label = credential.label
    if s.is_blank:
        message = (
            f"The {label} is empty."
            if not s.raw
            else f"The {label} holds nothing but whitespace, invisible characters or wrapping."
        )
        return [make(spec, "empty", field, message)]

    example = _example(spec, credential, s)
    if example is not None:
        return [make(spec, "example-value", field, example)]

    out: list[Finding] = []
    if s.whitespace.count and two is None:
        out.append(_chars(spec, "whitespace", credential, s.whitespace, "whitespace character"))
    if s.invisible.count:
        out.append(
            _chars(spec, "invisible-character", credential, s.invisible, "invisible character")
        )
    if s.lookalike.count:
        out.append(_lookalikes(spec, credential, s, reveal))
    if two is not None:
        return [*out, two]
    if s.wrapper is not None:
        out.append(_wrapped(spec, credential, s))

    if field == "api_key" and preview.holds_private_key(spec, s.raw):
        out.append(
            make(
                spec,
                "bad-format",
                field,
                f"The {label} field holds a PEM block or an Ed25519 key, not "
                f"{wording.with_article(spec.name)} {label}.",
            )
        )
        return out

    target = s.clean
    fits = s.clean is not None and any(shapes.matches(s.clean, sh) for sh in credential.shapes)
    half = None if fits else _duplicate(s.clean)
    if half is not None:
        target = half
        out.append(
            make(
                spec,
                "duplicated-paste",
                field,
                f"The {label} seems to be pasted twice: the same "
                f"{wording.count(len(half), 'character')} appear twice in a row.",
                position=s.start + 1,
            )
        )

    if same_as_key:
        out.append(make(spec, "same-as-key", field, f"The {label} is the same as the API Key."))
        return out
    if misplaced:
        return out

    length = len(target) if target is not None else s.clean_length
    mismatch = shapes.diagnose(target, length, credential, s.raw_position, reveal)
    if mismatch is not None:
        position = (
            s.raw_position(mismatch.clean_index) if mismatch.clean_index is not None else None
        )
        out.append(
            make(
                spec,
                "bad-format",
                field,
                f"The {label} does not have {spec.name}'s format: {mismatch.message}.",
                position=position,
            )
        )
    return out


def _wrapped(spec: ExchangeSpec, credential: Credential, s: Scan) -> Finding:
    assert s.wrapper is not None
    parts = list(s.wrapper.parts)
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    message = f"The {credential.label} was copied along with {said}."
    if credential.field == "api_key" and preview.labelled_secret(spec, s):
        message += (
            f" The label names the secret: if this is the {spec.secret_key.label}, it "
            f"belongs in the {spec.secret_key.label} field, and the {credential.label} "
            "field needs the key."
        )
    return make(spec, "wrapped-value", credential.field, message, position=s.wrapper.index + 1)


def _chars(
    spec: ExchangeSpec, code: str, credential: Credential, group: CharGroup, noun: str
) -> Finding:
    described = ", ".join(_describe(hit) for hit in group.hits)
    more = group.count - len(group.hits)
    if more > 0:
        described += f", and {more} more"
    amount = wording.with_article(noun) if group.count == 1 else wording.count(group.count, noun)
    return make(
        spec,
        code,
        credential.field,
        f"The {credential.label} has {amount}: {described}.",
        position=group.hits[0].index + 1 if group.hits else None,
    )


def _describe(hit: Hit) -> str:
    where = _WHERE[hit.where]
    if hit.char in charinfo.LINE_BREAKS:
        where = "a line break " + where
    return f"{charinfo.name(hit.char)} at position {hit.index + 1} ({where})"


def _lookalikes(spec: ExchangeSpec, credential: Credential, s: Scan, reveal: bool) -> Finding:
    group = s.lookalike
    parts = []
    for hit in group.hits[:MAX_LISTED]:
        if reveal:
            parts.append(
                f"{charinfo.name(hit.char)} at position {hit.index + 1} looks like "
                f"'{charinfo.fold(hit.char)}'"
            )
        else:
            kind = f"{charinfo.script_kind(hit.char)} character"
            parts.append(f"{wording.with_article(kind)} at position {hit.index + 1}")
    described = ", ".join(parts)
    more = group.count - len(group.hits)
    if more > 0:
        described += f", and {more} more"
    if reveal:
        message = f"The {credential.label} has characters that only look like ASCII: {described}."
    else:
        message = (
            f"The {credential.label} has characters that only look like ASCII letters, "
            f"digits or hyphens: {described}."
        )
    return make(
        spec,
        "lookalike-character",
        credential.field,
        message,
        position=group.hits[0].index + 1 if group.hits else None,
    )


def _example(spec: ExchangeSpec, credential: Credential, s: Scan) -> str | None:
    """Why the value is an example, a placeholder or a masked value; ``None`` if it is not.

    Decided on the value itself, once labels and wrappers are peeled off: a placeholder
    word ("your") inside a real paste does not make it a placeholder. A value is one
    when it is an example printed by the exchange, or when little is left of it once
    the placeholder words are taken out.
    """
    label = credential.label
    if any(m in s.raw for m in spec.masked_markers):
        return (
            f"This looks like a masked {label} (asterisks or dots in place of characters), "
            "not the value itself."
        )
    if s.clean is None:
        return None
    folded = s.clean.casefold()
    if folded in {e.casefold() for e in spec.example_values}:
        return f"This is an example {label} printed in {spec.name}'s API documentation."
    if _placeholder(spec, credential, folded):
        return f"This is a placeholder from a guide or documentation, not a real {label}."
    return None


def _placeholder(spec: ExchangeSpec, credential: Credential, folded: str) -> bool:
    letters = "".join(ch for ch in folded if ch.isalnum())
    markers = [m for m in spec.placeholder_markers if m in letters]
    if not markers:
        return False
    for marker in markers:
        letters = letters.replace(marker, "")
    shortest = min(shape.total_length for shape in credential.shapes)
    return len(letters) < shortest // 2


def _duplicate(clean: str | None) -> str | None:
    """The value's first half when it is one value twice (with up to 3 separator chars)."""
    if clean is None:
        return None
    n = len(clean)
    for sep in range(4):
        if (n - sep) % 2:
            continue
        half = (n - sep) // 2
        if half < _MIN_DUPLICATE:
            continue
        middle = clean[half : half + sep]
        if any(ch.isalnum() for ch in middle):
            continue
        if clean[:half] == clean[half + sep :]:
            return clean[:half]
    return None


def _self_generated(spec: ExchangeSpec, secret: str) -> Finding | None:
    if not any(marker in secret for marker in spec.self_generated_markers):
        return None
    kind = "a PEM block" if "-----BEGIN" in secret else "the base64 body of an Ed25519 key"
    return make(
        spec,
        "self-generated-key",
        "secret_key",
        f"The Secret Key field holds {kind}, from a self-generated key pair: the platform "
        f"needs the Secret Key of a system-generated {spec.name} key.",
    )
