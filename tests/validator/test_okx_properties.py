"""OKX's passphrase field under arbitrary input: never an exception, never echoed.

The properties of ``test_properties`` (bounded, deterministic, JSON-safe, the secret
never echoed) for OKX's input, which has a third secret field: the Passphrase.
"""

from __future__ import annotations

import json
import time
from typing import Any

import keycheck
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import FIELD_VALUES, IPS, all_text, assert_not_echoed, secret_inputs

OKX_INPUTS = st.fixed_dictionaries(
    {"exchange": st.just("okx")},
    optional={
        "api_key": FIELD_VALUES,
        "secret_key": FIELD_VALUES,
        "passphrase": FIELD_VALUES,
        "scope": st.sampled_from(["spot", "futures", "both", None]),
        "permissions": st.one_of(
            st.none(),
            st.dictionaries(st.sampled_from(["read", "trade", "withdraw"]), st.booleans()),
        ),
        "ip_restriction": IPS,
    },
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OKX_INPUTS)
def test_okx_check_never_raises_and_is_bounded(data: dict[str, Any]) -> None:
    started = time.perf_counter()
    result = keycheck.check(data)
    assert time.perf_counter() - started < 2.0
    assert result["exchange"] == "okx"
    assert json.loads(json.dumps(result)) == result
    assert all_text(result).isascii()
    assert keycheck.check(data) == result


@settings(max_examples=300, deadline=None)
@given(secret_inputs())
def test_passphrase_never_echoed(case: tuple[str, dict[str, Any]]) -> None:
    """The same secret-like material as the passphrase, pasted into every field, for OKX."""
    passphrase, data = case
    data = {**data, "exchange": "okx", "passphrase": passphrase}
    output = all_text(keycheck.check(data))
    assert_not_echoed(passphrase, output)
    assert_not_echoed(passphrase.upper(), output)
    assert_not_echoed(passphrase.lower(), output)
