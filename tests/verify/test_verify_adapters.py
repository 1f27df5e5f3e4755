"""``keycheck verify`` goes through an exchange adapter, found by the exchange's id.

HTX is the first adapter; the command names no exchange itself. Asking an exchange no
adapter serves is a clear input error, not a call to the wrong exchange.
"""

from __future__ import annotations

import io

import pytest
from keycheck import exchanges
from keycheck.errors import InputError
from keycheck.verify import adapters, cli


def test_every_adapter_serves_a_registered_exchange_and_its_fields() -> None:
    for ident, adapter in adapters.ADAPTERS.items():
        assert adapter.exchange == ident
        spec = exchanges.get(ident)
        assert set(adapter.fields) >= {spec.api_key.field, spec.secret_key.field}
        assert adapter.default_base_url.startswith("https://")


def test_htx_is_served_and_the_default_while_it_is_the_only_one() -> None:
    assert adapters.get("htx").exchange == "htx"
    if len(adapters.ADAPTERS) == 1:
        assert adapters.get(None) is adapters.get("htx")


def test_an_exchange_without_adapter_is_refused_by_name() -> None:
    with pytest.raises(InputError, match=r"cannot ask 'nowhere'.*htx"):
        adapters.get("nowhere")


def test_the_input_must_name_the_exchange_the_run_asks() -> None:
    stdin = io.StringIO('{"exchange": "okx", "api_key": "k", "secret_key": "s"}')
    with pytest.raises(InputError, match='must be "htx"'):
        cli.read_credentials(stdin, io.StringIO(), "htx")


def test_help_says_what_each_adapter_reads_and_how_it_asks_demo_trading() -> None:
    """The passphrase field and the --demo note come from the adapters, not a fixed text."""
    text = " ".join(cli.build_parser().format_help().split())
    for adapter in adapters.ADAPTERS.values():
        name = exchanges.get(adapter.exchange).name
        for field in set(adapter.fields) - {"api_key", "secret_key"}:
            assert f'"{field}" for {name}' in text, field
        if getattr(adapter, "supports_demo", False):
            assert f"{name}: {adapter.demo_note}" in text  # type: ignore[attr-defined]


def test_reported_permissions_are_labelled_as_the_exchanges_form_labels_them() -> None:
    from keycheck.verify import report

    for ident in adapters.ADAPTERS:
        reported = exchanges.get(ident).reported_permissions
        assert reported, f"{ident}: no Permission.reported_as for verify to read"
        values = [*reported, "unknown_value"]
        labels = [perm.label for perm in reported.values()]
        assert report._permission_labels(ident, values) == [*labels, "unknown_value"]
    assert report._permission_labels("nowhere", ["read_only"]) == ["read_only"]
