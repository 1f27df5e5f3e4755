"""Atheris fuzz target for the validator's entry points (``check_json``, ``check``, ``explain``).

Coverage-guided: atheris instruments the ``validator`` package and mutates byte strings
towards new branches. Each input is used three ways:

1. the raw bytes, decoded leniently, as the JSON text the browser worker hands to
   ``check_json`` (malformed JSON, huge numbers, deep nesting, any Unicode);
2. a well-formed input object whose fields are built from the bytes (key, secret,
   scope, permissions, IP list), with a marker planted inside the secret, for ``check``;
3. the same text as an exchange's error message, for ``explain_json``.

Properties, any failure of which is a crash atheris reports with the input that caused
it: nothing raises, every answer is JSON of the documented shape, the marker planted in
the secret never appears in the answer, and each call returns within a time bound.

Run (CI runs it bounded from tests/security/test_hostile_input.py)::

    python tests/security/fuzz_check.py -atheris_runs=2000
    python tests/security/fuzz_check.py corpus_dir/     # open-ended, keeps a corpus
"""

from __future__ import annotations

import json
import sys
import time

import atheris

with atheris.instrument_imports():
    import keycheck

# Planted inside every fuzzed secret; the validator's wording never contains it.
MARKER = "QzJxSecretMarker"
SCOPES = (None, "spot", "futures", "both", "margin", "")
PERMISSIONS = ("read", "trade", "futures_trade", "withdraw", "transfer")
# Generous for a busy CI machine; CPython checks a 1 MB paste in well under 100 ms.
TIME_BOUND_S = 2.0


def _text(fdp: atheris.FuzzedDataProvider, limit: int) -> str:
    return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, limit))


def _input_object(fdp: atheris.FuzzedDataProvider) -> dict:
    data: dict = {"exchange": "htx"}
    if fdp.ConsumeBool():
        data["api_key"] = _text(fdp, 80)
    secret = _text(fdp, 40)
    cut = fdp.ConsumeIntInRange(0, len(secret))
    data["secret_key"] = secret[:cut] + MARKER + secret[cut:]
    scope = SCOPES[fdp.ConsumeIntInRange(0, len(SCOPES) - 1)]
    if scope is not None:
        data["scope"] = scope
    if fdp.ConsumeBool():
        data["permissions"] = {name: fdp.ConsumeBool() for name in PERMISSIONS}
    shape = fdp.ConsumeIntInRange(0, 3)
    if shape == 1:
        data["ip_restriction"] = None
    elif shape == 2:
        data["ip_restriction"] = _text(fdp, 200)
    elif shape == 3:
        data["ip_restriction"] = [_text(fdp, 24) for _ in range(fdp.ConsumeIntInRange(0, 30))]
    return data


def _timed(call, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    answer = call(*args)
    elapsed = time.perf_counter() - started
    if elapsed > TIME_BOUND_S:
        raise AssertionError(f"{call.__name__} took {elapsed:.2f} s")
    return answer


def test_one_input(raw: bytes) -> None:
    # 1. Whatever arrives as the worker's JSON text: an answer, never an exception.
    text = raw.decode("utf-8", "replace")
    answer = json.loads(_timed(keycheck.check_json, text))
    if not isinstance(answer, dict) or not ({"error"} <= answer.keys() or "findings" in answer):
        raise AssertionError(f"check_json answered {answer!r}")
    if "error" in answer and "internal error" in answer["error"]:
        raise AssertionError(f"check_json hit a bug: {answer['error']}")

    # 2. A well-formed input with the marker planted in the secret.
    fdp = atheris.FuzzedDataProvider(raw)
    data = _input_object(fdp)
    try:
        result = _timed(keycheck.check, data)
    except keycheck.InputError as exc:  # e.g. an unknown scope: a clean refusal
        if MARKER in str(exc):
            raise AssertionError("an input error quoted the secret") from None
        return
    dumped = json.dumps(result, ensure_ascii=False)
    if MARKER in dumped:
        raise AssertionError("the secret's marker was echoed")
    if result["ok"] != all(f["severity"] != "error" for f in result["findings"]):
        raise AssertionError("'ok' disagrees with the findings")
    if MARKER in json.loads(_timed(keycheck.check_json, json.dumps(data)))["summary"]:
        raise AssertionError("the JSON wrapper echoed the secret's marker")

    # 3. The same bytes as an error message to explain.
    explained = json.loads(_timed(keycheck.explain_json, text, "htx"))
    if "matches" not in explained and "error" not in explained:
        raise AssertionError(f"explain_json answered {explained!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
