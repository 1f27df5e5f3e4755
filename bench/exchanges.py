"""Which exchanges the benchmark measures, and the inputs it types into each one's checker.

Everything comes from the validator's registry (``keycheck.exchanges``): the list of
exchanges, each check page (the spec's guide path + ``check/``), the label of its
"API key" field, the shape of its keys and its passphrase, if it has one. No exchange
is named here or anywhere else in ``bench/``: a new exchange in the registry is measured
by the next run.

The **primary** exchange (by default the first of ``keycheck.exchanges.ids()``) is
measured with the full number of runs, and its figures are also the top-level ones of
``results.json`` (as before the benchmark covered several exchanges). The others
(**secondary**) run fewer times to keep the benchmark's duration reasonable; every
run reports how many samples each exchange got.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

# A key typed into the checker, one key press at a time: same seed, same key, every run.
TYPED_SEED = 20251125


def keycheck():  # type: ignore[no-untyped-def]
    """The validator package (from the source tree when it is not installed)."""
    try:
        import keycheck as package
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "validator" / "src"))
        import keycheck as package
    return package


@dataclass(frozen=True)
class Exchange:
    """One exchange as the benchmark sees it."""

    id: str
    name: str
    guide_page: str  # site path of the walkthrough, e.g. "<id>/"
    errors_page: str  # site path of the errors page
    check_page: str  # site path of the checker, the guide path + "check/"
    key_label: str  # the label of the API key field on the check page
    typed_key: str  # a value of the exchange's key shape, typed key by key
    has_passphrase: bool
    primary: bool

    def role(self) -> str:
        return "primary" if self.primary else "secondary"


def shaped_value(shape, rng: random.Random) -> str:  # type: ignore[no-untyped-def]
    """A random value with ``shape``'s groups, alphabets and separator."""
    return shape.separator.join(
        "".join(rng.choice(group.alphabet) for _ in range(group.length)) for group in shape.groups
    )


def registry() -> list[Exchange]:
    """Every registered exchange, in ``ids()`` order (the first is the default primary)."""
    exchanges = keycheck().exchanges
    found = []
    for index, exchange_id in enumerate(exchanges.ids()):
        spec = exchanges.get(exchange_id)
        rng = random.Random(f"{TYPED_SEED}-{exchange_id}")
        found.append(
            Exchange(
                id=spec.id,
                name=spec.name,
                guide_page=spec.guide_path,
                errors_page=spec.errors_page,
                check_page=spec.guide_path + "check/",
                key_label=spec.api_key.label,
                typed_key=shaped_value(spec.api_key.shapes[0], rng),
                has_passphrase=spec.passphrase is not None,
                primary=index == 0,
            )
        )
    return found


def select(primary: str | None = None) -> list[Exchange]:
    """The registry with ``primary`` (an id) first and marked primary; ``ValueError`` if unknown."""
    found = registry()
    if primary is None:
        return found
    if primary not in {e.id for e in found}:
        raise ValueError(f"unknown exchange {primary!r}; registered: {[e.id for e in found]}")
    ordered = sorted(found, key=lambda e: e.id != primary)
    return [replace(e, primary=e.id == primary) for e in ordered]
