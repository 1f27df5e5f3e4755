"""Plain-text views of the results for a terminal: check, explain, and the code list.

The JSON results are the contract; these are their human renderings. Help links are
site paths, made absolute only when the caller passes the site's base URL.
"""

from __future__ import annotations

from typing import Any


def link(path: str, site_url: str | None) -> str:
    """``path`` (``htx/errors/#x``) under ``site_url`` when one is given."""
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def check_text(result: dict[str, Any], site_url: str | None = None) -> str:
    findings = result["findings"]
    name = result["exchange"].upper()
    errors = sum(1 for f in findings if f["severity"] == "error")
    warnings = sum(1 for f in findings if f["severity"] == "warning")
    if not findings:
        return f"{name}: OK - no problems found.\n"
    verdict = "OK" if result["ok"] else "NOT OK"
    lines = [f"{name}: {verdict} - {_n(errors, 'error')}, {_n(warnings, 'warning')}"]
    for f in findings:
        lines.append(f"{f['severity']} {f['code']} [{f['field']}] {f['message']}")
        lines.append(f"    fix:  {f['fix']}")
        lines.append(f"    help: {link(f['help'], site_url)}")
    return "\n".join(lines) + "\n"


def explain_text(result: dict[str, Any], site_url: str | None = None) -> str:
    name = result["exchange"].upper()
    index = link(result["help"], site_url)
    if not result["matches"]:
        others = result.get("not_key_problems") or []
        if not others:
            return f"No known {name} error in this text. The list of errors: {index}\n"
        lines = ["Not a key problem: the key, its permissions and IP list are not the cause."]
        for problem in others:
            lines.append(problem["title"])
            lines.append(f"    {problem['explanation']}")
        lines.append(f"The list of {name} errors: {index}")
        return "\n".join(lines) + "\n"
    lines = []
    for m in result["matches"]:
        lines.append(m["title"])
        lines.append(f"    section: {link(m['section'], site_url)}")
        if "ip" in m:
            lines.append(f"    ip:      {m['ip']}")
        lines.append(f"    fix:     {m['fix']}")
    return "\n".join(lines) + "\n"


def codes_text(catalog: dict[str, Any], site_url: str | None = None) -> str:
    width = max(len(c["code"]) for c in catalog["codes"])
    lines = [f"Finding codes of {catalog['name']} ({link(catalog['errors_page'], site_url)}):"]
    for section in catalog["sections"]:
        lines.append("")
        lines.append(f"{section['title']}  #{section['id']}")
        if not section["codes"]:
            lines.append("    (explained errors only: keycheck explain)")
        for code in (c for c in catalog["codes"] if c["section"] == section["id"]):
            lines.append(
                f"    {code['code']:<{width}}  {code['severity']:<7}  {code['title']}"
                f"  [{', '.join(code['fields'])}]"
            )
    others = catalog.get("not_key_categories") or []
    if others:
        lines.append("")
        lines.append("Not a key problem (keycheck explain names them and exits 1):")
        id_width = max(len(category["id"]) for category in others)
        lines.extend(f"    {c['id']:<{id_width}}  {c['title']}" for c in others)
    return "\n".join(lines) + "\n"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
