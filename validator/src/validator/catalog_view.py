"""The catalog: finding codes, error sections and exchange facts as plain JSON data.

The docs build reads it to write (and demand) one section per code on the errors page,
tests read it to prove every code has a test case, and support staff read it through
``keycheck codes``. It is assembled from :mod:`validator.findings` and the exchange's
data module, so it cannot drift from what the checks emit.
"""

from __future__ import annotations

from typing import Any

from . import exchanges, findings


def catalog(exchange: object = "htx") -> dict[str, Any]:
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
    (``#<code>``) nests under the section named by its ``section`` field.
    """
    spec = exchanges.get(exchange)
    page = spec.errors_page
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
                "codes": [c.code for c in findings.CODES if c.section == section.id],
            }
            for section in findings.SECTIONS
        ],
        "codes": [
            {
                "code": c.code,
                "severity": c.severity,
                "fields": list(c.fields),
                "title": c.title,
                "section": c.section,
                "help": f"{page}#{c.code}",
                "fix": spec.fixes[c.code],
            }
            for c in findings.CODES
        ],
        "permissions": [{"name": p.name, "label": p.label} for p in spec.permissions],
        "scopes": list(spec.scopes),
        "ip_limit": spec.ip_limit,
        "explain_messages": [
            {"section": section.id, "messages": list(spec.explain_messages.get(section.id, ()))}
            for section in findings.SECTIONS
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
