"""Properties over arbitrary input: never an exception, bounded time, the secret never echoed."""

from __future__ import annotations

import json
import time
from typing import Any

import keycheck
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from keycheck import terminal

# Any code point JSON can carry, lone surrogates included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(alphabet=ANY_CHAR, max_size=80)


@st.composite
def big_text(draw: st.DrawFn) -> str:
    """Text up to 1 MB, built by repeating a random piece (generating 1 MB is slow)."""
    piece = draw(st.text(alphabet=ANY_CHAR, min_size=1, max_size=64))
    times = draw(st.integers(min_value=1, max_value=(1 << 20) // len(piece)))
    return draw(st.sampled_from([piece * times, "x" + piece * times, piece * times + "\u200b"]))


FIELD_VALUES = st.one_of(st.none(), ANY_TEXT, big_text())
PERMISSIONS = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["read", "trade", "futures_trade", "withdraw", "transfer"]),
        st.booleans(),
    ),
)
IPS = st.one_of(st.none(), ANY_TEXT, st.lists(ANY_TEXT, max_size=30), big_text())
INPUTS = st.fixed_dictionaries(
    {"exchange": st.just("htx")},
    optional={
        "api_key": FIELD_VALUES,
        "secret_key": FIELD_VALUES,
        "scope": st.sampled_from(["spot", "futures", "both", None]),
        "permissions": PERMISSIONS,
        "ip_restriction": IPS,
    },
)


def all_text(result: dict[str, Any]) -> str:
    """Everything a trader, a log or a support ticket could ever see of a result."""
    return "\n".join([json.dumps(result), terminal.check_text(result, "https://x.example/")])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INPUTS)
def test_check_never_raises_and_is_bounded(data: dict[str, Any]) -> None:
    started = time.perf_counter()
    result = keycheck.check(data)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    assert set(result) == {"exchange", "ok", "headline", "findings", "summary"}
    assert result["ok"] == all(f["severity"] != "error" for f in result["findings"])
    assert json.loads(json.dumps(result)) == result
    assert all_text(result).isascii()
    # Deterministic: the same input gives the same report.
    assert keycheck.check(data) == result


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ANY_CHAR, max_size=300))
def test_check_json_never_raises_on_any_text(text: str) -> None:
    answer = json.loads(keycheck.check_json(text))
    assert isinstance(answer, dict)


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANY_TEXT, big_text()))
def test_explain_never_raises(text: str) -> None:
    started = time.perf_counter()
    answer = json.loads(keycheck.explain_json(text, "htx"))
    assert time.perf_counter() - started < 2.0
    assert "error" in answer or "matches" in answer


# -- the secret is never echoed --------------------------------------------------------
#
# Secrets are drawn from characters that never occur together in the validator's own
# wording (rare ASCII letters and signs), mixed with the characters the checks react to
# (look-alikes, invisible characters, whitespace). No run of four visible characters of
# the secret may then appear in anything the validator outputs. A message that quoted
# the secret, one of its look-alikes' ASCII meaning, or a slice of it, would fail this.

MARKERS = "qzjxQZJX#~^%"
SECRET_ALPHABET = MARKERS + "\u0430\u0435\uff59\u2013\u00e9\u4e2d" + "\u200b \n\u00a0"
INVISIBLE_OR_SPACE = set("\u200b \n\u00a0")


def secret_windows(secret: str) -> set[str]:
    """Every run of 4 characters of the secret (after dropping whitespace/invisibles)."""
    visible = "".join(ch for ch in secret if ch not in INVISIBLE_OR_SPACE)
    windows = {visible[i : i + 4] for i in range(len(visible) - 3)}
    windows |= {secret[i : i + 4] for i in range(len(secret) - 3)}
    return {w for w in windows if not set(w) <= INVISIBLE_OR_SPACE}


def assert_not_echoed(secret: str, output: str) -> None:
    for window in secret_windows(secret):
        assert window not in output, f"secret piece {window!r} echoed"


SECRETS = st.text(alphabet=SECRET_ALPHABET, min_size=8, max_size=60).filter(
    lambda s: sum(ch in MARKERS for ch in s) >= 4
)


@st.composite
def secret_inputs(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    secret = draw(SECRETS)
    wrap = draw(st.sampled_from(["{}", '"{}"', "Secret Key: {}", "{}\n", "`{}`", "{}{}"]))
    key = draw(
        st.one_of(
            st.none(),
            st.just(secret),
            st.just(secret.upper()),
            st.just(secret + "x"),
            st.text(alphabet=SECRET_ALPHABET + "abcdef0123456789-", max_size=40),
        )
    )
    data: dict[str, Any] = {"exchange": "htx", "secret_key": wrap.format(secret, secret)}
    if key is not None:
        data["api_key"] = key
    ips = draw(st.lists(st.one_of(st.just(secret), st.sampled_from(["8.8.8.8", "10.0.0.1"]))))
    if ips:
        data["ip_restriction"] = ips
    return secret, data


@settings(max_examples=400, deadline=None)
@given(secret_inputs())
# Found by this test: a key equal to the secret once showed its cleaned tail.
@example(
    (
        "JJJ\u0430JJJ\u0430JJJ J",
        {
            "exchange": "htx",
            "secret_key": "JJJ\u0430JJJ\u0430JJJ J",
            "api_key": "JJJ\u0430JJJ\u0430JJJ J",
        },
    )
)
def test_secret_never_echoed(case: tuple[str, dict[str, Any]]) -> None:
    secret, data = case
    result = keycheck.check(data)
    output = all_text(result)
    assert_not_echoed(secret, output)
    assert_not_echoed(secret.upper(), output)
    assert_not_echoed(secret.lower(), output)


HEX = "0123456789abcdef"


@st.composite
def realistic_secrets(draw: st.DrawFn) -> str:
    """An HTX-shaped secret with the mistakes a paste brings."""
    groups = [draw(st.text(alphabet=HEX, min_size=n, max_size=n)) for n in (8, 8, 8, 5)]
    secret = "-".join(groups)
    mutation = draw(st.sampled_from(["none", "upper", "cut", "extra", "zwsp", "cyrillic", "g"]))
    if mutation == "upper":
        secret = secret.upper()
    elif mutation == "cut":
        secret = secret[:-1]
    elif mutation == "extra":
        secret = secret + draw(st.sampled_from(HEX))
    elif mutation == "zwsp":
        secret = secret[:10] + "\u200b" + secret[10:]
    elif mutation == "cyrillic":
        secret = secret.replace("a", "\u0430").replace("e", "\u0435")
    elif mutation == "g":
        secret = secret[:-1] + "g"
    return secret


@settings(max_examples=300, deadline=None)
@given(realistic_secrets(), st.sampled_from(["same", "other", "none"]))
def test_realistic_secret_never_echoed(secret: str, key_mode: str) -> None:
    data: dict[str, Any] = {"exchange": "htx", "secret_key": secret}
    if key_mode == "same":
        data["api_key"] = secret
    elif key_mode == "other":
        data["api_key"] = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
    output = all_text(keycheck.check(data))
    plain = secret.replace("\u200b", "").replace("\u0430", "a").replace("\u0435", "e")
    for text in (secret, plain, plain.lower()):
        for i in range(len(text) - 5):
            window = text[i : i + 6]
            if "-" in window:
                continue
            assert window not in output, f"secret piece {window!r} echoed"


def test_the_leak_assertion_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard the guard: a validator that quoted the cleaned secret must be caught."""
    from keycheck import shapes

    real = shapes.diagnose

    def leaky(clean: Any, *args: Any, **kwargs: Any) -> Any:
        found = real(clean, *args, **kwargs)
        if found is None:
            return found
        return shapes.Mismatch(f"{found.message} (saw {clean})", found.clean_index)

    monkeypatch.setattr(shapes, "diagnose", leaky)
    secret = "qzjx\u200bQZJX#~^%"
    output = all_text(keycheck.check({"exchange": "htx", "secret_key": secret}))
    with pytest.raises(AssertionError, match="echoed"):
        assert_not_echoed(secret, output)
