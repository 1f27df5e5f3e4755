"""Hosting headers: the ``_headers`` file, the test server and the nginx snippet agree.

Static hosts read ``_headers``; ``make serve`` and every browser test use the local
server, which applies the same file; ``--nginx`` prints the same rules for nginx. Each
must send, on every path and on error responses: a Content-Security-Policy with the
site's directives, ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
``Cross-Origin-Opener-Policy: same-origin`` and a ``Permissions-Policy`` that allows the
clipboard write of "Copy summary" and nothing else. With ``nosniff`` every script,
module, stylesheet and WebAssembly file must also arrive with its proper type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import httpx
import pytest

from site_plugins.hosting.headers import headers_for, nginx_config
from site_plugins.hosting.headers import parse as parse_headers_file
from site_plugins.static_server import serving

FIXED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
CSP_DIRECTIVES = (
    "default-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
)
# Features that must be named and denied (others default to the site's own origin).
DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid")


def permissions(value: str) -> dict[str, str]:
    directives = {}
    for part in value.split(","):
        name, sep, allow = part.strip().partition("=")
        assert sep, f"malformed Permissions-Policy entry {part!r}"
        directives[name.strip()] = allow.strip()
    return directives


def problems_with(headers: Mapping[str, str], where: str) -> list[str]:
    """What is missing or wrong in one response's (or rule's) headers."""
    lower = {name.lower(): value for name, value in headers.items()}
    found = [
        f"{where}: {name} is {lower.get(name)!r}, expected {value!r}"
        for name, value in FIXED.items()
        if lower.get(name) != value
    ]
    csp = lower.get("content-security-policy", "")
    found += [f"{where}: CSP lacks {d}" for d in CSP_DIRECTIVES if d not in csp]
    script_src = re.search(r"script-src ([^;]+)", csp)
    if not script_src or {"'unsafe-inline'", "'unsafe-eval'"} & set(script_src.group(1).split()):
        found.append(f"{where}: script-src missing or unsafe")
    policy = (
        permissions(lower.get("permissions-policy", "")) if "permissions-policy" in lower else {}
    )
    if policy.get("clipboard-write") != "(self)":
        found.append(f"{where}: Permissions-Policy does not allow clipboard-write=(self)")
    allowed = sorted(f for f, allow in policy.items() if allow != "()" and f != "clipboard-write")
    if allowed:
        found.append(f"{where}: Permissions-Policy allows more than clipboard-write: {allowed}")
    missing = [f for f in DENIED if policy.get(f) != "()"]
    if missing:
        found.append(f"{where}: Permissions-Policy does not deny {missing}")
    return found


def _runtime_paths(site_dir: Path) -> list[str]:
    assets = site_dir / "assets" / "checker"
    files = [*assets.glob("pyodide-*/pyodide.mjs"), *assets.glob("pyodide-*/*.wasm")]
    files += [*assets.glob("packages/*/*.json"), *assets.glob("packages/*/*.whl")]
    assert files, f"no checker runtime under {assets}"
    return ["/" + f.relative_to(site_dir).as_posix() for f in files]


def test_headers_file_carries_every_hosting_header(site_dir: Path) -> None:
    rules = parse_headers_file((site_dir / "_headers").read_text("utf-8"))
    paths = ["/", "/index.html", "/htx/check/", "/404.html", *_runtime_paths(site_dir)]
    found = []
    for path in paths:
        found += problems_with(dict(headers_for(rules, path)), f"_headers {path}")
    assert found == []


EXPECTED_TYPES = {
    ".html": "text/html",
    "/": "text/html",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".svg": "image/svg+xml",
}


def test_server_sends_them_on_every_response_with_proper_types(
    site_dir: Path, base_url: str
) -> None:
    paths = [
        "/",
        "/htx/check/",
        "/404.html",
        "/assets/checker/widget.js",
        "/assets/guides.css",
        "/assets/favicon.svg",
        "/search/search_index.json",
        *_runtime_paths(site_dir),
    ]
    found = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            found += problems_with(response.headers, f"GET {path}")
            suffix = next((s for s in EXPECTED_TYPES if path.endswith(s)), None)
            if suffix:
                kind = response.headers.get("content-type", "").split(";")[0].strip()
                if kind != EXPECTED_TYPES[suffix]:
                    found.append(f"GET {path}: Content-Type {kind!r}")
        missing = client.get("/no/such/page/")
        assert missing.status_code == 404
        found += problems_with(missing.headers, "a 404 response")
    assert found == []


def test_nginx_snippet_sends_the_same_headers(site_dir: Path) -> None:
    rules = parse_headers_file((site_dir / "_headers").read_text("utf-8"))
    config = nginx_config(rules)
    blocks = re.findall(r"^location (= )?(\S+) \{\n(.*?)^\}", config, re.M | re.S)
    assert len(blocks) == len(rules), config[:2000]
    for (exact, prefix, body), rule in zip(blocks, rules, strict=True):
        assert rule.pattern == (prefix if exact else prefix + "*")
        sent = dict(re.findall(r'^    add_header (\S+) "((?:[^"\\]|\\.)*)" always;$', body, re.M))
        assert sent == dict(headers_for(rules, prefix)), prefix
        assert problems_with(sent, f"nginx {prefix}") == []
        if not exact:
            assert "location ~ \\.mjs$ { types { } default_type text/javascript; }" in body


def test_versioned_site_sends_them_on_every_version(versioned_public: Path | None) -> None:
    """Production is the versioned ``public/``: one root ``_headers`` for all versions."""
    if versioned_public is None:
        pytest.skip("no versions.yml: the versioned site is not built (the plain site is)")
    names = sorted(p.name for p in versioned_public.iterdir() if (p / "index.html").is_file())
    found = []
    with serving(versioned_public) as url, httpx.Client(base_url=url, timeout=30) as client:
        for path in ["/", *(f"/{n}/" for n in names), *(f"/{n}/htx/check/" for n in names)]:
            response = client.get(path)
            assert response.status_code == 200, path
            found += problems_with(response.headers, f"GET {path}")
    assert found == []
