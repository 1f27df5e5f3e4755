"""The catalog: finding codes, error sections and exchange facts as plain JSON data.

The docs build reads it to write (and demand) one section per code on the errors page,
tests read it to prove every code has a test case, and support staff read it through
``keycheck codes``. It is assembled from :mod:`keycheck.finding_codes` and the exchange's
data module, so it cannot drift from what the checks emit.
"""

from __future__ import annotations

from typing import Any

from . import exchanges, finding_codes
from .exchanges.spec import Credential, ExchangeSpec


def catalog(exchange: object) -> dict[str, Any]:
    """Everything public about the checks for ``exchange``, JSON-serialisable.

    Shape::

        {
          "exchange": "htx", "name": "HTX",
          "guide": "htx/", "errors_page": "htx/errors/",
          "sections": [                       # the errors page's error sections, in order
            {"id": "invalid-api-key-or-secret", "title": "...", "parent": None,
             "help": "htx/errors/#invalid-api-key-or-secret",
             "codes": ["empty", "whitespace", ...]},   # finding codes nested under it
            {"id": "clock-out-of-sync", ..., "codes": []},  # explain-only sections
          ],
          "codes": [                          # every finding code, in report order
            {"code": "whitespace", "severity": "error",
             "fields": ["api_key", "secret_key"], "title": "...",
             "section": "invalid-api-key-or-secret",        # parent section id
             "help": "htx/errors/#whitespace", "fix": "..."},
          ],
          "fields": [                         # the secrets the checker asks for, in order
            {"name": "api_key", "label": "API Key", "hint": "..."},
            {"name": "secret_key", ...},      # + "passphrase" for exchanges with one
          ],
          "permissions": [{"name": "read", "label": "Read"}, ...],
          "scopes": ["spot", "futures", "both"],
          "ip_limit": 20,
          "explain_messages": [               # verbatim messages each section covers
            {"section": "ip-restriction-error", "messages": ["...", ...]}, ...
          ],
          "not_key_categories": [             # errors explain answers "not a key problem"
            {"id": "insufficient-balance", "title": "...", "explanation": "...",
             "messages": ["...", ...]}, ...
          ],
        }

    Every section is top level (``parent`` is ``None``); each code's own section
    (``#<code>``) nests under the section named by its ``section`` field. An exchange's
    catalog lists only its own sections and codes (:func:`section_ids`, :func:`codes`):
    OKX's errors page has a ``wrong-passphrase`` section, HTX's has not; OKX has no
    Futures / Swap Trade box, so no ``futures-missing`` code. A code's ``fields`` are
    the exchange's own fields (``passphrase`` only where there is one).
    """
    spec = exchanges.get(exchange)
    page = spec.errors_page
    own_codes = codes(spec)
    own_sections = section_ids(spec)
    own_fields = set(spec.input_fields) | {"scope", "permissions", "ip_restriction"}
    return {
        "exchange": spec.id,
        "name": spec.name,
        "guide": spec.guide_path,
        "errors_page": page,
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "parent": None,
                "help": f"{page}#{section.id}",
                "codes": [c.code for c in own_codes if c.section == section.id],
            }
            for section in finding_codes.SECTIONS
            if section.id in own_sections
        ],
        "codes": [
            {
                "code": c.code,
                "severity": c.severity,
                "fields": [f for f in c.fields if f in own_fields],
                "title": c.title,
                "section": c.section,
                "help": f"{page}#{c.code}",
                "fix": spec.fixes[c.code],
            }
            for c in own_codes
        ],
        "fields": [_field(spec, c) for c in _credentials(spec)],
        "permissions": [{"name": p.name, "label": p.label} for p in spec.permissions],
        "scopes": list(spec.scopes),
        "ip_limit": spec.ip_limit,
        "explain_messages": [
            {"section": section.id, "messages": list(spec.explain_messages.get(section.id, ()))}
            for section in finding_codes.SECTIONS
            if section.id in own_sections
        ],
        "not_key_categories": [
            {
                "id": category.id,
                "title": category.title,
                "explanation": category.explanation,
                "messages": list(spec.not_key_messages.get(category.id, ())),
            }
            for category in spec.not_key_categories
        ],
    }


def codes(spec: ExchangeSpec) -> list[finding_codes.CodeInfo]:
    """The finding codes the exchange can emit: those its data gives a fix for."""
    return [c for c in finding_codes.CODES if c.code in spec.fixes]


def section_ids(spec: ExchangeSpec) -> set[str]:
    """Ids of the error sections on the exchange's errors page.

    ``spec.error_sections`` when the data lists them; otherwise the parent sections of
    its codes and the sections its ``explain`` answers point to.
    """
    if spec.error_sections:
        return set(spec.error_sections)
    return {c.section for c in codes(spec)} | set(spec.explain_fixes)


# Hints for a credential field whose exchange data names none: true of every exchange.
_GENERIC_HINTS = {
    "api_key": "Paste it exactly as {name} showed it, in one piece.",
    "secret_key": "Copy it when {name} shows it, right after you create the key.",
    "passphrase": "The passphrase you chose on {name} when you created the key.",
}


def _credentials(spec: exchanges.ExchangeSpec) -> list[Credential]:
    found = [spec.api_key, spec.secret_key]
    return [*found, spec.passphrase] if spec.passphrase is not None else found


def _field(spec: exchanges.ExchangeSpec, credential: Credential) -> dict[str, str]:
    hint = credential.hint or _GENERIC_HINTS.get(credential.field, "")
    return {
        "name": credential.field,
        "label": credential.label,
        "hint": hint.format(name=spec.name),
    }
