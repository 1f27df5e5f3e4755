"""The ``_headers`` model: the response headers of every page, written, parsed, merged.

One module for every place the site is served: the site build writes ``_headers``
(:func:`render`), the versioned build merges every version's file into one at the root
(:func:`merge_versions`), the static server answers with the rules of the file
(:func:`parse`, :func:`headers_for`), and ``--nginx`` turns the same rules into an nginx
snippet (:func:`nginx_config`). The Content-Security-Policy text itself comes from
:mod:`site_plugins.hosting.policy`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

# Only the clipboard write of "Copy summary" / "Copy link" is allowed; every other
# powerful feature is off for the site and anything it could embed. Reading the
# clipboard is denied by name: a reader may have a secret on it, and nothing on the site
# needs to read it (pasting into a field is the browser's own, not the page's). Every
# name here is one Chromium knows (an unknown one is logged as a console error).
_DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

HOSTING_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": ", ".join(
        ["clipboard-write=(self)"] + [f"{feature}=()" for feature in _DENIED_FEATURES]
    ),
}


HEADERS_FILE = "_headers"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class HeaderRule:
    """One block of a ``_headers`` file: a path pattern and the headers it adds."""

    pattern: str
    headers: tuple[tuple[str, str], ...]

    def matches(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.pattern) or (
            self.pattern.endswith("/*") and path == self.pattern[:-2]
        )


def site_rules(
    policy_text: str,
    *,
    base_path: str = "/",
    immutable: Iterable[str] = (),
    extra: dict[str, str] | None = None,
) -> list[HeaderRule]:
    """The rules of one built site: the policy and ``extra`` headers on every path, long
    caching for folders whose names change whenever their content does (``immutable``)."""
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    every = [("Content-Security-Policy", policy_text), *(extra or {}).items()]
    rules = [HeaderRule(f"{base}*", tuple(every))]
    rules += [
        HeaderRule(f"{base}{folder.strip('/')}/*", (("Cache-Control", IMMUTABLE),))
        for folder in immutable
    ]
    return rules


def render(rules: Iterable[HeaderRule], comment: str = "") -> str:
    """The Netlify ``_headers`` text of ``rules`` (``comment`` lines first)."""
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    for rule in rules:
        lines.append(rule.pattern)
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


SITE_COMMENT = (
    "Written by site_plugins/hosting at build time; do not edit.\n"
    "Static hosts (Netlify, Cloudflare Pages) and the test server apply these rules."
)


def parse(text: str) -> list[HeaderRule]:
    """Parse the Netlify ``_headers`` format: unindented path lines, indented headers."""
    rules: list[HeaderRule] = []
    pattern: str | None = None
    headers: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if pattern is not None:
                rules.append(HeaderRule(pattern, tuple(headers)))
            pattern, headers = line.strip(), []
            continue
        name, sep, value = line.strip().partition(":")
        if pattern is None or not sep:
            raise ValueError(f"{HEADERS_FILE} line {number}: expected 'Name: value' under a path")
        headers.append((name.strip(), value.strip()))
    if pattern is not None:
        rules.append(HeaderRule(pattern, tuple(headers)))
    return rules


def headers_for(rules: list[HeaderRule], path: str) -> list[tuple[str, str]]:
    """All headers whose rule matches ``path``, later rules overriding earlier ones."""
    merged: dict[str, tuple[str, str]] = {}
    for rule in rules:
        if rule.matches(path):
            for name, value in rule.headers:
                merged[name.lower()] = (name, value)
    return list(merged.values())


# -- the versioned site: one file at the root ----------------------------------------

# The root pages run no script at all; the rest is the same policy as every page.
ROOT_POLICY = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; "
    "frame-ancestors 'none'"
)
ROOT_PATHS = ("/", "/index.html", "/versions.json")


def with_hosting_headers(rules: list[HeaderRule]) -> list[HeaderRule]:
    """Every page rule (``…/*`` outside ``assets/``) with today's hosting headers.

    Today's values replace the ones an older build wrote (a header tightened since, such
    as ``Permissions-Policy`` denying ``clipboard-read``, applies to every version); the
    older build's own Content-Security-Policy, which carries its pages' hashes, stays.
    """
    today = {name.lower() for name in HOSTING_HEADERS}
    out = []
    for rule in rules:
        if rule.pattern.endswith("/*") and "/assets/" not in rule.pattern:
            kept = tuple((name, value) for name, value in rule.headers if name.lower() not in today)
            rule = HeaderRule(rule.pattern, kept + tuple(HOSTING_HEADERS.items()))
        out.append(rule)
    return out


def merge_versions(versions: list[tuple[str, str]]) -> str:
    """One root ``_headers`` from ``(name, text)`` of each version's own file.

    Each version's build wrote rules under its own path (``/1.0/*``); static hosts read
    only the file at the root, so the rules are gathered there, after the root's own.
    """
    root = {"Content-Security-Policy": ROOT_POLICY, **HOSTING_HEADERS}
    blocks = [
        render(
            [HeaderRule(path, tuple(root.items())) for path in ROOT_PATHS],
            "The root: the redirect to latest/, versions.json and 404.html.",
        )
    ]
    for name, text in versions:
        blocks.append(render(with_hosting_headers(parse(text)), f"Version {name}"))
    return "\n".join(blocks)


# -- nginx ------------------------------------------------------------------------------


def nginx_config(rules: list[HeaderRule]) -> str:
    """The same headers for nginx: one ``location`` per rule of the ``_headers`` file.

    nginx applies the ``add_header`` lines of the one location that matches and drops
    those of enclosing blocks once a location has its own, so each location repeats
    every header that applies to its paths (the merge :func:`headers_for` makes).
    ``always`` adds them to error responses too, as static hosts do. First, the lines
    that serve the Brotli and gzip copies the build made (``site_plugins/checker/
    precompress.py``).
    """
    lines = [
        f"# Generated from {HEADERS_FILE} (python -m site_plugins.static_server SITE --nginx).",
        "# Put it in the server {} block that serves the built site as its root.",
        "",
        "# The build writes file.gz and file.br beside each compressible file: send them",
        "# as they are (gzip_static is part of nginx; brotli_static needs the ngx_brotli",
        "# module: uncomment it where that module is loaded).",
        "gzip_static on;",
        "# brotli_static on;",
        "gzip_vary on;",
    ]
    for rule in rules:
        prefix = rule.pattern[:-1] if rule.pattern.endswith("*") else rule.pattern
        exact = not rule.pattern.endswith("*")
        lines.append("")
        lines.append(f"location {'= ' if exact else ''}{prefix} {{")
        for name, value in headers_for(rules, prefix):
            quoted = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'    add_header {name} "{quoted}" always;')
        if not exact:
            # nginx's mime.types has no type for .mjs (and old ones none for .wasm);
            # with nosniff, a module script needs one. These nested locations set only
            # the type; having no add_header, they inherit the ones above.
            for extension, mime in _NGINX_TYPES:
                lines.append(
                    f"    location ~ \\.{extension}$ {{ types {{ }} default_type {mime}; }}"
                )
        lines.append("}")
    return "\n".join(lines) + "\n"


_NGINX_TYPES = (("mjs", "text/javascript"), ("wasm", "application/wasm"))
