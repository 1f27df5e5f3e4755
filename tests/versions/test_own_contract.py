"""A version's link contract comes from that version's own validator.

The versioned build checks every version against the errors sections its own finding
codes demand. Asking the validator this process imported (main's) instead made the
first code added on main fail every older version with a false "lacks anchors".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_plugins.anchors import registry

FAKE_VALIDATOR = """
def catalog(exchange):
    return {"codes": [{"code": "only-in-this-version"}, {"code": exchange + "-code"}]}
"""


def _checkout(tmp_path: Path, validator_source: str) -> Path:
    (tmp_path / "anchors.yml").write_text(
        "pages:\n  demo/errors/:\n    findings: demo\n    anchors: [intro]\n", "utf-8"
    )
    package = tmp_path / "validator" / "src" / "validator"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(validator_source, "utf-8")
    return tmp_path


def test_codes_come_from_the_checkout_not_from_this_process(tmp_path: Path) -> None:
    import keycheck

    with pytest.raises(keycheck.InputError):
        keycheck.catalog("demo")  # this process's validator knows no "demo"
    root = _checkout(tmp_path, FAKE_VALIDATOR)
    codes = registry.codes_in_checkout(root)
    assert codes == {"demo": ["only-in-this-version", "demo-code"]}
    contract = registry.load(root, finding_codes=codes)
    assert contract.page("demo/errors/").all_ids == ("intro", "only-in-this-version", "demo-code")


def test_a_checkout_whose_validator_fails_says_so(tmp_path: Path) -> None:
    root = _checkout(tmp_path, "raise ImportError('broken on purpose')\n")
    with pytest.raises(registry.RegistryError, match="broken on purpose"):
        registry.codes_in_checkout(root)
