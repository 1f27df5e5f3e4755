"""Tell which exchange an error text comes from, and explain it with that exchange's data.

Support staff paste an error without knowing which exchange returned it. Each
exchange's data module already says which codes and words are its own (its explain
rules, and ``recognition_markers`` such as OKX's ``OK-ACCESS-`` headers), so the answer
comes from the data of every registered exchange, never from a branch per exchange:

1. every exchange explains the text (:func:`keycheck.explainer.explain`);
2. the exchanges whose errors page has a section for it are the candidates (or, when
   none has, those that know it as an error that is not about the key);
3. among several candidates, the one whose own words occur in the text wins: its
   markers and the exact phrases of its rules, counted;
4. when no exchange knows the error, an exchange whose words alone are in the text is
   still named, so that support at least gets its errors page.

A text that fits several exchanges equally is answered with each one's sections,
``exchange`` ``None`` and the ``candidates``: guessing would send a trader to the
wrong guide.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from . import exchanges, explainer
from .errors import InputError
from .exchanges.spec import ExchangeSpec

# The explainer's verdicts, when its result carries one.
_KNOWN_ERROR = "known-error"
_NOT_A_KEY_PROBLEM = "not-a-key-problem"
_UNKNOWN = "unknown"
# A number standing alone (an error code in a body, a log line or a table row).
_NUMBER = re.compile(r"(?<![0-9a-z.])[0-9]{3,6}(?![0-9a-z.])")


def explain_any(text: object, exchange: object = None) -> dict[str, Any]:
    """``explain(text, exchange)``, or with the exchange recognised when it is ``None``.

    The result is the chosen exchange's explain result plus ``"recognised"`` (whether
    the exchange was found from the text) and ``"candidates"`` (the exchanges the text
    could come from). For a text several exchanges fit equally, ``"exchange"`` and
    ``"help"`` are ``None`` and ``"matches"`` holds every candidate's sections, each a
    path on that exchange's own errors page.
    """
    if exchange is not None:
        result = explainer.explain(text, exchange)
        return {**result, "recognised": False, "candidates": [result["exchange"]]}
    if not isinstance(text, str):
        raise InputError("the error text must be a string")
    if not text.strip():
        raise InputError("no error text given: paste the message the exchange returned")
    results = {ex: explainer.explain(text, ex) for ex in exchanges.ids()}
    folded = _fold(text)
    evidence = {ex: _evidence(exchanges.get(ex), folded) for ex in results}
    marked = [ex for ex in results if _marked(exchanges.get(ex), folded)]
    known = [ex for ex, r in results.items() if r["matches"]]
    if not known:
        known = [ex for ex, r in results.items() if r.get("verdict") == _NOT_A_KEY_PROBLEM]
    if not known:
        known = [ex for ex, score in evidence.items() if score > 0]
    # An exchange whose own markers are in the text is a candidate even when its rules
    # do not know the message: naming the right errors page beats another's section.
    candidates = [ex for ex in results if ex in known or ex in marked]
    chosen = _strongest(candidates, evidence)
    if len(chosen) == 1:
        return {**results[chosen[0]], "recognised": True, "candidates": candidates}
    return _undecided(results, chosen)


def _strongest(candidates: list[str], evidence: dict[str, int]) -> list[str]:
    """The candidates with the most evidence of their own (all of them on a tie)."""
    if len(candidates) <= 1:
        return candidates
    best = max(evidence[ex] for ex in candidates)
    return [ex for ex in candidates if evidence[ex] == best]


def _evidence(spec: ExchangeSpec, folded: str) -> int:
    """How many of the exchange's own words occur in the text.

    Markers (header and host names no other exchange uses) weigh most, then its error
    codes written as numbers, then the words of its explain rules; the exchange's name
    counts too ("okx {...}" in a log line).
    """
    score = 3 * _marked(spec, folded)
    numbers = {int(n) for n in _NUMBER.findall(folded)}
    score += 2 * len(numbers.intersection(c for rule in spec.explain_rules for c in rule.codes))
    phrases = {p for rule in spec.explain_rules for p in rule.phrases}
    score += sum(1 for p in phrases if len(p) >= 6 and _fold(p) in folded)
    groups = {rule.all_phrases for rule in spec.explain_rules if rule.all_phrases}
    return score + sum(1 for g in groups if all(_fold(p) in folded for p in g))


def _marked(spec: ExchangeSpec, folded: str) -> int:
    """How many of the exchange's markers (and its name) occur in the text."""
    markers = (*spec.recognition_markers, spec.name)
    return sum(1 for m in markers if _fold(m) in folded)


def _fold(text: str) -> str:
    """Compatibility forms folded, typographic apostrophes unified, case and spaces ignored."""
    folded = unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold()
    return " ".join(folded.split())


def _undecided(results: dict[str, dict[str, Any]], candidates: list[str]) -> dict[str, Any]:
    """Every candidate's answer side by side; no exchange named."""
    matches = [m for ex in candidates for m in results[ex]["matches"]]
    out: dict[str, Any] = {
        "exchange": None,
        "matches": matches,
        "help": None,
        "recognised": False,
        "candidates": candidates,
    }
    if any("verdict" in r for r in results.values()):
        verdicts = [results[ex].get("verdict") for ex in candidates]
        out["verdict"] = (
            _KNOWN_ERROR
            if matches
            else _NOT_A_KEY_PROBLEM
            if _NOT_A_KEY_PROBLEM in verdicts
            else _UNKNOWN
        )
        out["not_key_problems"] = [
            p for ex in candidates for p in results[ex].get("not_key_problems", [])
        ]
    return out


def recognition_note(result: dict[str, Any]) -> str | None:
    """One line saying which exchange was recognised, for stderr; ``None`` if none was."""
    if not result.get("recognised") or result["exchange"] is None:
        return None
    name = exchanges.get(result["exchange"]).name
    return f"keycheck: recognised as {name} from the text (--exchange names another)\n"


def explain_text(result: dict[str, Any], site_url: str | None = None) -> str:
    """Terminal text: the chosen exchange's rendering, or the candidates side by side."""
    from . import terminal as render

    if result["exchange"] is not None:
        return render.explain_text(result, site_url)
    names = [exchanges.get(ex).name for ex in result["candidates"]]
    if not names:
        return (
            "No known exchange error in this text. Name the exchange with --exchange, "
            "or read its errors page: "
            + ", ".join(
                render.link(exchanges.get(ex).errors_page, site_url) for ex in exchanges.ids()
            )
            + "\n"
        )
    lines = [f"This text could come from {' or '.join(names)}; --exchange picks one."]
    for m in result["matches"]:
        lines.append(m["title"])
        lines.append(f"    section: {render.link(m['section'], site_url)}")
        if "ip" in m:
            lines.append(f"    ip:      {m['ip']}")
        lines.append(f"    fix:     {m['fix']}")
    return "\n".join(lines) + "\n"
