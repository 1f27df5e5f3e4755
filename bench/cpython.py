"""The validator's speed under CPython: a typical paste and 1 MB pastes, per exchange.

This is what ``tests/validator/bench_check.py`` used to print, folded into the
benchmark. The figures go in the benchmark's output, never in a timed test (a loaded
CI machine would make such a test flaky); the target is "well under 100 ms" for a
realistic 1 MB paste. ``python -m bench.cpython`` prints one line per scenario.

The scenarios are the same for every exchange of the registry, filled with that
exchange's data (:func:`scenarios`): keys of its shapes, its permissions and scopes,
and, for an exchange whose keys have a passphrase, the passphrase in the typical paste
and two more scenarios with a 1 MB passphrase. The 1 MB texts are the same for all.
"""

from __future__ import annotations

import random
import sys
import time

from bench.exchanges import keycheck, shaped_value
from bench.stats import median, rounded

MB = 1 << 20

TYPICAL = "typical paste (key, secret, permissions, IPs)"
PASTE_1MB = "1 MB log-like ASCII text as the secret"
DENSE_KEY = "1 MB dense look-alike/whitespace/invisible mix as the key"
DENSE_SECRET = "1 MB dense look-alike/whitespace/invisible mix as the secret"
DENSE_BOTH = "both fields 1 MB of dense mix + 10,000 IPs"
DENSE_PASSPHRASE = "1 MB dense look-alike/whitespace/invisible mix as the passphrase"
PASSPHRASE_1MB = "1 MB log-like ASCII text as the passphrase"
# A passphrase as a trader chooses one (the exchanges publish no rule for them).
PASSPHRASE = "Blue-Harbour-42"

# The real worst case: every character is one the scanner must classify and report.
# Look-alikes typed by input methods and translators (Cyrillic, Greek, full-width, the
# prolonged sound mark, dashes, minus signs, box-drawing lines), every White_Space
# character, and the invisible characters chat apps and documents insert.
DENSE_POOL = (
    [chr(c) for c in range(0x0430, 0x0450)]
    + [chr(c) for c in range(0x03B1, 0x03CA)]
    + [chr(c) for c in range(0xFF10, 0xFF5B)]
    + list("\u30fc\uff70\u2500\u2796\u02d7\u2010\u2013\u2014\u2212")
    + list("\t\n\r \u00a0\u1680\u2002\u2003\u2009\u200a\u202f\u205f\u3000")
    + list("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u202a\u202e\ufeff\u00ad")
)


def texts() -> dict[str, object]:
    """The 1 MB texts and the IP list, the same for every exchange (seeded)."""
    rng = random.Random(20251125)
    prose = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 .,:-\n") for _ in range(MB))
    mixed = "".join(rng.choice("密钥 API Key: abc-123 \u200b\u00a0é") for _ in range(MB))
    every = "".join(chr(rng.randrange(0x20, 0x110000)) for _ in range(MB // 4)) * 4
    dense = "".join(rng.choice(DENSE_POOL) for _ in range(MB))
    dense_other = "".join(rng.choice(DENSE_POOL) for _ in range(MB))
    ips = [
        f"{rng.randrange(1, 224)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        for _ in range(10_000)
    ]
    return {
        "prose": prose,
        "mixed": mixed,
        "every": every,
        "dense": dense,
        "dense_other": dense_other,
        "ips": ips,
    }


def scenarios(exchange_id: str, text: dict[str, object]) -> dict[str, dict[str, object]]:
    """Inputs by name for one exchange: a typical paste, 1 MB pastes, both fields, and
    (with a passphrase) the passphrase in the typical paste and 1 MB as the passphrase."""
    spec = keycheck().exchanges.get(exchange_id)
    rng = random.Random(f"20251125-{exchange_id}")
    key = shaped_value(spec.api_key.shapes[0], rng)
    secret = shaped_value(spec.secret_key.shapes[0], rng)
    base = {"exchange": spec.id}
    typical = {
        **base,
        "api_key": key + "\u200b",
        "secret_key": secret,
        # The widest trading scope (the last the exchange lists) and the permissions the
        # guide asks for: every box whose absence is a finding, none that must stay off.
        "scope": spec.scopes[-1],
        "permissions": {p.name: p.enabled_code is None for p in spec.permissions},
        "ip_restriction": ["8.8.8.8", "202.106.96.0/24"],
    }
    with_secret = {**base, "secret_key": secret}
    found: dict[str, dict[str, object]] = {
        TYPICAL: typical,
        PASTE_1MB: {**base, "api_key": key, "secret_key": text["prose"]},
        "1 MB mixed CJK/invisible text as the key": {**with_secret, "api_key": text["mixed"]},
        "key + 1 MB of trailing spaces": {**with_secret, "api_key": key + " " * MB},
        "1 MB of zero-width spaces inside the secret (worst case)": {
            **base,
            "secret_key": secret[:9] + "\u200b" * MB + secret[9:],
        },
        "1 MB of random code points (adversarial)": {**base, "api_key": text["every"]},
        "1 MB IP list": {**base, "ip_restriction": "8.8.8.8, " * (MB // 9)},
        DENSE_KEY: {**with_secret, "api_key": text["dense"]},
        DENSE_SECRET: {**base, "api_key": key, "secret_key": text["dense"]},
        DENSE_BOTH: {
            **base,
            "api_key": text["dense"],
            "secret_key": text["dense_other"],
            "ip_restriction": "\n".join(text["ips"]),  # type: ignore[arg-type]
        },
    }
    if spec.passphrase is not None:
        found[TYPICAL] = {**typical, "passphrase": PASSPHRASE + "\u00a0"}
        with_key = {**with_secret, "api_key": key}
        found[PASSPHRASE_1MB] = {**with_key, "passphrase": text["prose"]}
        found[DENSE_PASSPHRASE] = {**with_key, "passphrase": text["dense"]}
    return found


def _median_ms(keycheck_module, data: dict[str, object], runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        keycheck_module.check(data)
        samples.append((time.perf_counter() - started) * 1000)
    return rounded(median(samples), 2)


def measure_exchange(exchange_id: str, text: dict[str, object], runs: int) -> dict[str, object]:
    """Median milliseconds of ``keycheck.check`` per scenario of one exchange, and the
    headline figures (``dense_1mb_ms``: the slowest dense field, passphrase included)."""
    package = keycheck()
    package.check({"exchange": exchange_id, "api_key": "warm-up"})  # the lazy tables
    results = {
        name: _median_ms(package, data, runs) for name, data in scenarios(exchange_id, text).items()
    }
    one_mb = {k: v for k, v in results.items() if k not in (TYPICAL, DENSE_BOTH)}
    dense = [results[k] for k in (DENSE_KEY, DENSE_SECRET, DENSE_PASSPHRASE) if k in results]
    return {
        "python": sys.version.split()[0],
        "keycheck": package.__version__,
        "exchange": exchange_id,
        "runs": runs,
        "typical_ms": results[TYPICAL],
        "paste_1mb_ms": results[PASTE_1MB],
        "paste_1mb_worst_ms": max(one_mb.values()),
        "paste_1mb_worst_case": max(one_mb, key=one_mb.__getitem__),
        "dense_1mb_ms": max(dense),
        "dense_both_fields_and_ips_ms": results[DENSE_BOTH],
        "dense_passphrase_1mb_ms": results.get(DENSE_PASSPHRASE),
        "scenarios_ms": results,
    }


def measure(exchange_ids: list[str], runs: dict[str, int]) -> dict[str, dict[str, object]]:
    """``measure_exchange`` for each id, ``runs[id]`` runs per scenario."""
    text = texts()
    return {i: measure_exchange(i, text, runs[i]) for i in exchange_ids}


def main() -> None:
    measured = measure(keycheck().exchanges.ids(), dict.fromkeys(keycheck().exchanges.ids(), 5))
    for exchange_id, result in measured.items():
        print(f"{exchange_id}: keycheck {result['keycheck']} on Python {result['python']}")
        for name, ms in result["scenarios_ms"].items():  # type: ignore[union-attr]
            print(f"{ms:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
