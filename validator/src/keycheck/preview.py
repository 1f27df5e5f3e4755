"""Decide whether the API Key may be shown in part: its head and tail, its characters.

Support staff like to see which key a trader checked (``7d3f...5f1d2``), and a
message about a look-alike is clearer when it names the character. Both quote the
API Key field, and that field does not always hold a key: traders paste the secret
there, a spreadsheet row with key and secret, the whole "key created" dialog, or a
private key. So the field is quoted only when what it holds, once cleaned, is one
plausible access key of the exchange and nothing points at secret material:

- its length is the length of one of the exchange's API Key shapes, and it is made of
  ASCII letters, digits and the shapes' separators only;
- no label naming the secret came with it (``Secret Key: ...``, ``HUOBI_SECRET_KEY=``);
- it carries no PEM block or private-key marker;
- no other check found secret material in it (two values in one field, swapped
  fields, the secret itself);
- it shares no run of four characters with the Secret Key field (:mod:`keycheck.redact`).
"""

from __future__ import annotations

from .exchanges.spec import ExchangeSpec
from .redact import Redactor
from .textscan import Scan


def key_may_be_shown(
    spec: ExchangeSpec, key: Scan, redactor: Redactor, secret_material: bool
) -> bool:
    """Whether characters of the API Key field may appear in any output."""
    clean = key.clean
    if secret_material or clean is None:
        return False
    if len(clean) not in {s.total_length for s in spec.api_key.shapes}:
        return False
    separators = {s.separator for s in spec.api_key.shapes}
    if not all((ch.isascii() and ch.isalnum()) or ch in separators for ch in clean):
        return False
    if labelled_secret(spec, key) or holds_private_key(spec, key.raw):
        return False
    return redactor.safe(clean) and redactor.safe(key.raw[key.start : key.end])


def labelled_secret(spec: ExchangeSpec, s: Scan) -> bool:
    """Whether a label peeled off the value, or one inside it, names the secret.

    Asked of the scanner's labels (the exchange's label table) and, as a second net for
    labels it did not peel, of the words around the value.
    """
    if s.label_names == "secret_key" or "secret_key" in s.inner_names:
        return True
    words = spec.secret_label_words
    if not words:
        return False
    around = (s.raw[: s.start] + " " + s.raw[s.end :]).casefold()
    return any(word.casefold() in around for word in words)


def holds_private_key(spec: ExchangeSpec, raw: str) -> bool:
    """A PEM block or the DER prefix of a private or public key anywhere in ``raw``."""
    return any(marker in raw for marker in spec.self_generated_markers)
