"""Decide whether a piece of input may be quoted back without disclosing the secret.

Messages sometimes quote what the trader typed (an IP entry, the start and end of the
key). Anything quoted must share no run of four characters with the secret, compared
as pasted and as cleaned, ignoring letter case: that covers the secret pasted into the
wrong field as well as coincidences. The passphrase of exchanges that have one is kept
back the same way (:meth:`Redactor.protecting`, called by the credential checks and the
input parser), so nothing quotes four characters of it either.
"""

from __future__ import annotations

WINDOW = 4
MAX_COMPARED = 4096  # a longer "secret" is not one; quote nothing of length >= WINDOW


class Redactor:
    """Answers "may this text be shown?" for one secret (and any other protected text)."""

    def __init__(self, secret: str | None, clean: str | None = None) -> None:
        self._empty = secret is None or not secret.strip()
        self._too_long = secret is not None and len(secret) > MAX_COMPARED
        variants = {secret or "", clean or ""}
        self._variants = tuple({v.casefold() for v in variants if v} | {v for v in variants if v})

    def protecting(self, *texts: str | None) -> Redactor:
        """A redactor that also keeps ``texts`` back: values that may hold secret
        material in another field (the API Key field when it may not be shown)."""
        extra = [t for t in texts if t and t.strip()]
        if not extra:
            return self
        wider = Redactor(None)
        wider._empty = self._empty and not extra
        wider._too_long = self._too_long or any(len(t) > MAX_COMPARED for t in extra)
        folded = {t.casefold() for t in extra} | set(extra)
        wider._variants = tuple(set(self._variants) | folded)
        return wider

    def safe(self, text: str) -> bool:
        """True when ``text`` contains no four consecutive characters of the secret."""
        if self._empty or len(text) < WINDOW:
            return True
        if self._too_long:
            return False
        for i in range(len(text) - WINDOW + 1):
            piece = text[i : i + WINDOW]
            folded = piece.casefold()
            if any(piece in v or folded in v for v in self._variants):
                return False
        return True
