"""OKX: passphrase material pasted into any field is never shown, not even four characters.

``test_secret_material``'s generated pastes and leak check, for OKX's third secret: the
passphrase in the API Key field with OKX's labels, or the dialog with all three values.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_secret_material import SECRET_MATERIAL, leaked, outputs

# OKX: passphrase material pasted into the API key field, with OKX's labels, or in the
# dialog with all three values, is never shown either.
OKX_KEY = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c"
OKX_KEY_FIELD_PASTES = [
    "Passphrase: {s}",
    "OKX_PASSPHRASE={s}",
    "OK-ACCESS-PASSPHRASE: {s}",
    OKX_KEY + "\t{s}",
    "API key\n" + OKX_KEY + "\nPassphrase\n{s}\n",
    "{s}",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SECRET_MATERIAL, SECRET_MATERIAL, st.sampled_from(OKX_KEY_FIELD_PASTES))
def test_passphrase_material_in_the_key_field_is_never_shown(
    passphrase: str, other: str, template: str
) -> None:
    def data(value: str) -> dict[str, Any]:
        return {
            "exchange": "okx",
            "api_key": template.replace("{s}", value),
            "passphrase": value,
        }

    assert leaked(passphrase, outputs(data(passphrase)), outputs(data(other))) == []
