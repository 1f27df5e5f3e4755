"""Benchmark: how long one check of a 1 MB paste takes in CPython.

Run ``python tests/validator/bench_check.py``. Prints one line per scenario with the
median of several runs; the figure goes in this output, never in a timed test (a
loaded CI machine would make such a test flaky). The target is "well under 100 ms" for
a realistic paste.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "validator" / "src"))

import validator

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
SECRET = "3e8b1c7f-0a9d4e62-b5f7c3a1-8d2e4"
MB = 1 << 20


def scenarios() -> dict[str, dict[str, object]]:
    rng = random.Random(20251125)
    prose = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 .,:-\n") for _ in range(MB))
    mixed = "".join(rng.choice("密钥 API Key: abc-123 \u200b\u00a0é") for _ in range(MB))
    every = "".join(chr(rng.randrange(0x20, 0x110000)) for _ in range(MB // 4)) * 4
    htx = {"exchange": "htx"}
    return {
        "1 MB log-like ASCII text as the secret": {**htx, "api_key": KEY, "secret_key": prose},
        "1 MB mixed CJK/invisible text as the key": {**htx, "api_key": mixed, "secret_key": SECRET},
        "key + 1 MB of trailing spaces": {**htx, "api_key": KEY + " " * MB, "secret_key": SECRET},
        "1 MB of zero-width spaces inside the secret (worst case)": {
            **htx,
            "secret_key": SECRET[:9] + "\u200b" * MB + SECRET[9:],
        },
        "1 MB of random code points (adversarial)": {**htx, "api_key": every},
        "1 MB IP list": {**htx, "ip_restriction": "8.8.8.8, " * (MB // 9)},
        "typical paste (key, secret, permissions, IPs)": {
            **htx,
            "api_key": KEY + "\u200b",
            "secret_key": SECRET,
            "scope": "futures",
            "permissions": {"read": True, "trade": True, "futures_trade": True},
            "ip_restriction": ["8.8.8.8", "202.106.96.0/24"],
        },
    }


def main() -> None:
    validator.check({"exchange": "htx", "api_key": KEY})  # warm the lazy tables
    print(f"keycheck {validator.__version__} on Python {sys.version.split()[0]}")
    for name, data in scenarios().items():
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            validator.check(data)
            runs.append(time.perf_counter() - started)
        print(f"{statistics.median(runs) * 1000:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
