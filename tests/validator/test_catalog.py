"""The catalog: the one list of codes and sections that docs, widget and support share."""

from __future__ import annotations

import json

import keycheck
import pytest
from cases import ALL_CODES
from keycheck import exchanges, finding_codes

PARENTS = {"invalid-api-key-or-secret", "permission-denied", "ip-restriction-error"}
EXPLAIN_ONLY = {
    "clock-out-of-sync",
    "key-expired",
    "contracts-not-opened",
    "account-mode-unsupported",
    "platform-signing-error",
    "account-locked",
}


@pytest.fixture(scope="module")
def catalog() -> dict:
    return keycheck.catalog("htx")


def test_catalog_is_json_data(catalog: dict) -> None:
    assert json.loads(json.dumps(catalog)) == catalog


def test_catalog_top_level(catalog: dict) -> None:
    assert catalog["exchange"] == "htx"
    assert catalog["errors_page"] == "htx/errors/"
    assert catalog["guide"] == "htx/"
    assert catalog["scopes"] == ["spot", "futures", "both"]
    assert catalog["ip_limit"] == 20
    assert [p["name"] for p in catalog["permissions"]] == [
        "read",
        "trade",
        "futures_trade",
        "withdraw",
        "transfer",
    ]
    assert {p["label"] for p in catalog["permissions"]} >= {"Futures / Swap Trade", "Read"}


def test_sections(catalog: dict) -> None:
    ids = [s["id"] for s in catalog["sections"]]
    assert set(ids) == PARENTS | EXPLAIN_ONLY
    for section in catalog["sections"]:
        assert section["parent"] is None
        assert section["title"]
        assert section["help"] == f"htx/errors/#{section['id']}"
        if section["id"] in EXPLAIN_ONLY:
            assert section["codes"] == []


def test_codes_nest_under_the_three_error_sections(catalog: dict) -> None:
    listed = []
    for section in catalog["sections"]:
        listed += section["codes"]
    codes = [c["code"] for c in catalog["codes"]]
    assert listed == codes
    assert len(codes) == len(set(codes))
    assert sorted(codes) == sorted(ALL_CODES)  # the case table names every code once
    for code in catalog["codes"]:
        assert code["section"] in PARENTS
        assert code["severity"] in ("error", "warning", "info")
        assert code["fields"]
        assert set(code["fields"]) <= set(finding_codes.FIELDS)
        assert code["title"] and code["fix"]
        assert code["help"] == f"htx/errors/#{code['code']}"
        assert code["code"] not in PARENTS | EXPLAIN_ONLY


def test_codes_are_url_fragment_safe(catalog: dict) -> None:
    for code in catalog["codes"]:
        assert code["code"].replace("-", "").isalpha() and code["code"].islower()


def test_issue_codes_and_severities(catalog: dict) -> None:
    severity = {c["code"]: c["severity"] for c in catalog["codes"]}
    assert severity["withdraw-enabled"] == "error"
    assert severity["transfer-enabled"] == "warning"
    assert severity["futures-unneeded"] == "warning"
    assert severity["ip-restriction-off"] == "warning"
    assert severity["ip-not-public"] == "warning"
    assert severity["ip-duplicate"] == "warning"
    assert severity["ip-invalid"] == "error"
    assert severity["ip-too-many"] == "error"


def test_every_exchange_has_a_fix_and_an_explain_fix_for_everything() -> None:
    """Each exchange fixes every code it can emit and explains every section it points to.

    HTX's errors page has every code and the sections HTX's data explains; an exchange
    without a box or a key pair (OKX: no Futures / Swap Trade box, no self-generated
    keys) leaves those codes out, and its catalog does not list them.
    """
    from keycheck.catalog import codes, section_ids

    assert set(exchanges.get("htx").fixes) == set(finding_codes.BY_CODE)
    for spec in exchanges.EXCHANGES.values():
        assert set(spec.fixes) <= set(finding_codes.BY_CODE)
        assert set(spec.explain_fixes) <= set(finding_codes.SECTION_IDS)
        assert {r.section for r in spec.explain_rules} <= set(spec.explain_fixes)
        assert section_ids(spec) >= {c.section for c in codes(spec)}
        for perm in spec.permissions:
            for code in (perm.missing_code, perm.enabled_code, perm.unneeded_code):
                assert code is None or code in spec.fixes
        for code in ("empty", "whitespace", "invisible-character", "lookalike-character"):
            assert code in spec.fixes  # the credential checks run for every exchange
        if spec.self_generated_markers:
            assert "self-generated-key" in spec.fixes


def test_unknown_exchange() -> None:
    with pytest.raises(keycheck.InputError, match="unknown exchange"):
        keycheck.catalog("binance")
    # The registry serves exactly the data modules present: one per exchange.
    from pathlib import Path

    folder = Path(exchanges.__file__).parent
    modules = sorted(p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "spec"))
    assert "htx" in modules
    assert exchanges.ids() == modules


def test_the_engine_has_no_exchange_specific_branches() -> None:
    """Adding an exchange is adding a data module: no rule mentions HTX."""
    from pathlib import Path

    package = Path(keycheck.__file__).parent
    engine_files = [*package.glob("rules/*.py")] + [
        package / name
        for name in (
            "engine.py",
            "textscan.py",
            "shapes.py",
            "finding.py",
            "charinfo.py",
            "netranges.py",
            "summary.py",
            "finding_codes.py",
            "preview.py",
            "ipentry.py",
        )
    ]
    assert len(engine_files) > 10
    for path in engine_files:
        text = path.read_text("utf-8").lower()
        for exchange in exchanges.ids():
            assert exchange not in text, (exchange, path)
