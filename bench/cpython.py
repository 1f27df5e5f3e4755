"""The validator's speed under CPython: a typical paste and 1 MB pastes.

This is what ``tests/validator/bench_check.py`` used to print, folded into the
benchmark. The figures go in the benchmark's output, never in a timed test (a loaded
CI machine would make such a test flaky); the target is "well under 100 ms" for a
realistic 1 MB paste. ``python -m bench.cpython`` prints one line per scenario.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from bench.stats import median, rounded

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
SECRET = "3e8b1c7f-0a9d4e62-b5f7c3a1-8d2e4"
MB = 1 << 20

TYPICAL = "typical paste (key, secret, permissions, IPs)"
PASTE_1MB = "1 MB log-like ASCII text as the secret"
DENSE_KEY = "1 MB dense look-alike/whitespace/invisible mix as the key"
DENSE_SECRET = "1 MB dense look-alike/whitespace/invisible mix as the secret"
DENSE_BOTH = "both fields 1 MB of dense mix + 10,000 IPs"

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


def _keycheck():  # type: ignore[no-untyped-def]
    try:
        import keycheck
    except ImportError:  # not installed: use the source tree
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "validator" / "src"))
        import keycheck
    return keycheck


def scenarios() -> dict[str, dict[str, object]]:
    """Inputs by name: one typical paste, eight kinds of 1 MB paste, and both fields."""
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
    htx = {"exchange": "htx"}
    return {
        TYPICAL: {
            **htx,
            "api_key": KEY + "\u200b",
            "secret_key": SECRET,
            "scope": "futures",
            "permissions": {"read": True, "trade": True, "futures_trade": True},
            "ip_restriction": ["8.8.8.8", "202.106.96.0/24"],
        },
        PASTE_1MB: {**htx, "api_key": KEY, "secret_key": prose},
        "1 MB mixed CJK/invisible text as the key": {**htx, "api_key": mixed, "secret_key": SECRET},
        "key + 1 MB of trailing spaces": {**htx, "api_key": KEY + " " * MB, "secret_key": SECRET},
        "1 MB of zero-width spaces inside the secret (worst case)": {
            **htx,
            "secret_key": SECRET[:9] + "\u200b" * MB + SECRET[9:],
        },
        "1 MB of random code points (adversarial)": {**htx, "api_key": every},
        "1 MB IP list": {**htx, "ip_restriction": "8.8.8.8, " * (MB // 9)},
        DENSE_KEY: {**htx, "api_key": dense, "secret_key": SECRET},
        DENSE_SECRET: {**htx, "api_key": KEY, "secret_key": dense},
        DENSE_BOTH: {
            **htx,
            "api_key": dense,
            "secret_key": dense_other,
            "ip_restriction": "\n".join(ips),
        },
    }


def measure(runs: int = 5) -> dict[str, object]:
    """Median milliseconds of ``keycheck.check`` per scenario, plus the headline figures."""
    keycheck = _keycheck()
    keycheck.check({"exchange": "htx", "api_key": KEY})  # warm the lazy tables
    results: dict[str, float] = {}
    for name, data in scenarios().items():
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            keycheck.check(data)
            samples.append((time.perf_counter() - started) * 1000)
        results[name] = rounded(median(samples), 2)
    one_mb = {k: v for k, v in results.items() if k not in (TYPICAL, DENSE_BOTH)}
    return {
        "python": sys.version.split()[0],
        "keycheck": keycheck.__version__,
        "runs": runs,
        "typical_ms": results[TYPICAL],
        "paste_1mb_ms": results[PASTE_1MB],
        "paste_1mb_worst_ms": max(one_mb.values()),
        "paste_1mb_worst_case": max(one_mb, key=one_mb.__getitem__),
        "dense_1mb_ms": max(results[DENSE_KEY], results[DENSE_SECRET]),
        "dense_both_fields_and_ips_ms": results[DENSE_BOTH],
        "scenarios_ms": results,
    }


def main() -> None:
    result = measure()
    print(f"keycheck {result['keycheck']} on Python {result['python']}")
    for name, ms in result["scenarios_ms"].items():  # type: ignore[union-attr]
        print(f"{ms:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
