"""The anchor registry: which page paths and ``#ids`` the site promises to keep.

Support staff paste these links into tickets, so the list is a contract. It lives in
``anchors.yml`` at the repository root; pages marked with ``findings: <exchange>`` also
promise one section per finding code of that exchange, read from the validator's
catalog so a code added there is a section the build demands here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REGISTRY_FILE = "anchors.yml"


@dataclass(frozen=True)
class PageAnchors:
    """One registered page: its site path (``htx/errors/``) and the ids it must carry."""

    path: str
    title: str
    anchors: tuple[str, ...]
    finding_codes: tuple[str, ...] = ()

    @property
    def all_ids(self) -> tuple[str, ...]:
        return self.anchors + tuple(c for c in self.finding_codes if c not in self.anchors)


@dataclass(frozen=True)
class Registry:
    """Every registered page plus the map of anchors that moved to a new home."""

    pages: tuple[PageAnchors, ...]
    moved: dict[str, str] = field(default_factory=dict)

    def page(self, path: str) -> PageAnchors:
        for entry in self.pages:
            if entry.path == path:
                return entry
        raise KeyError(path)

    def links(self) -> list[str]:
        """Every promised link as ``path#id`` (and bare ``path`` for each page)."""
        out: list[str] = []
        for entry in self.pages:
            out.append(entry.path)
            out.extend(f"{entry.path}#{anchor}" for anchor in entry.all_ids)
        return out


class RegistryError(ValueError):
    """The registry file is missing or malformed; the message says where."""


def load(
    root: Path,
    finding_codes: dict[str, list[str]] | None = None,
    filename: str = REGISTRY_FILE,
) -> Registry:
    """Read the registry ``filename`` (default ``anchors.yml``) under ``root``.

    ``finding_codes`` maps an exchange id to its finding codes; when omitted the
    validator's catalog is asked, so callers and tests see the same contract.
    """
    source = root / filename
    try:
        raw: Any = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"{source}: the anchor registry is missing") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("pages"), dict):
        raise RegistryError(f"{source}: expected a mapping with a 'pages' mapping")
    pages = [_page(path, spec, finding_codes, source) for path, spec in raw["pages"].items()]
    moved = raw.get("moved") or {}
    if not isinstance(moved, dict):
        raise RegistryError(f"{source}: 'moved' must map 'page/#old-id' to 'page/#new-id'")
    return Registry(pages=tuple(pages), moved={str(k): str(v) for k, v in moved.items()})


def codes_in_checkout(root: Path, filename: str = REGISTRY_FILE) -> dict[str, list[str]]:
    """Finding codes of the exchanges ``root``'s registry names, from ``root``'s validator.

    The versioned build checks each version against its own contract: the codes come
    from that version's ``validator/src`` (a separate, isolated interpreter), never from
    the validator this process imported.
    """
    raw: Any = yaml.safe_load((root / filename).read_text(encoding="utf-8")) or {}
    specs = (raw.get("pages") or {}).values() if isinstance(raw, dict) else []
    wanted = sorted(
        {str(s["findings"]) for s in specs if isinstance(s, dict) and s.get("findings")}
    )
    if not wanted:
        return {}
    # Versions before the package took its distribution's name import it as `validator`.
    # The checkout's own folder decides: this interpreter may have another `keycheck`
    # installed (the working tree's), which must not answer for an older version.
    source = root / "validator" / "src"
    name = "keycheck" if (source / "keycheck").is_dir() else "validator"
    code = (
        "import importlib, json, sys; sys.path.insert(0, sys.argv[1])\n"
        "package = importlib.import_module(sys.argv[2])\n"
        "print(json.dumps({x: [c['code'] for c in package.catalog(x)['codes']] "
        "for x in sys.argv[3:]}))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(source), name, *wanted],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RegistryError(
            f"{source}: cannot read the finding codes of {', '.join(wanted)}: "
            + (result.stderr.strip().splitlines() or ["no output"])[-1]
        )
    return json.loads(result.stdout)


def codes_for(exchange: str) -> list[str]:
    """The finding codes the validator's catalog lists for ``exchange``."""
    import keycheck

    return [entry["code"] for entry in keycheck.catalog(exchange)["codes"]]


def _page(
    path: str, spec: Any, finding_codes: dict[str, list[str]] | None, source: Path
) -> PageAnchors:
    if path and not path.endswith("/"):
        raise RegistryError(f"{source}: page path {path!r} must end with '/'")
    if not isinstance(spec, dict):
        raise RegistryError(f"{source}: page {path!r} must be a mapping")
    anchors = spec.get("anchors") or []
    if not isinstance(anchors, list) or not all(isinstance(a, str) for a in anchors):
        raise RegistryError(f"{source}: page {path!r}: 'anchors' must be a list of ids")
    exchange = spec.get("findings")
    codes: list[str] = []
    if exchange:
        codes = (finding_codes or {}).get(exchange) or codes_for(exchange)
    return PageAnchors(
        path=path,
        title=str(spec.get("title", path)),
        anchors=tuple(anchors),
        finding_codes=tuple(codes),
    )
