"""The site's Content-Security-Policy: its text, the inline hashes, the ``<meta>`` tag.

Traders paste secrets into the checker, so every page runs under a policy that lets
scripts come only from the site itself and lets nothing talk to another origin:

- ``script-src 'self' 'wasm-unsafe-eval'`` plus the SHA-256 of each inline script that the
  build wrote (Material's, whose text differs with the page's folder depth, redirect
  stubs, the lightbox init). Never ``'unsafe-inline'``. ``'wasm-unsafe-eval'`` lets
  Pyodide compile its WebAssembly; it does not allow ``eval`` of JavaScript.
- ``worker-src 'self' blob:``: Material's search worker is a file of the site; the
  checker's worker is started from a ``blob:`` URL precisely so that it *inherits* this
  policy (a same-origin worker script would get the policy of its own response headers,
  which a static host may not send), so Python in the worker cannot reach other origins.
- ``connect-src 'self'``, ``img-src 'self' data:``, ``font-src 'self'``, ``object-src
  'none'``, ``base-uri 'self'``, ``form-action 'none'`` (no form on the site submits).
- ``style-src 'self' 'unsafe-inline'`` by default, see :func:`policy` for why.

Hashes are computed from the HTML as written: each page gets its own hashes when it is
rendered, then, once the whole site is written, every HTML file (pages, 404, redirect
stubs) gets the union of all of them. The union is needed because Material's instant
navigation swaps page content in place: the document keeps the policy of the first page
loaded while it re-runs the inline scripts of the content it swaps in. The ``_headers``
file carries the same union policy for static hosts (Netlify, Cloudflare Pages), and
the test server applies it too (:mod:`site_plugins.hosting.headers` writes it).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

META_NAME = "Content-Security-Policy"
_META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_SRC_RE = re.compile(r"""\ssrc\s*=""", re.IGNORECASE)
_TYPE_RE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HEAD_RE = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
# Script types a browser executes; others (application/json, …) are data, not code.
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


def inline_script_hashes(html: str) -> list[str]:
    """CSP hash sources (``'sha256-…'``) of every executable inline script, in order."""
    hashes: list[str] = []
    for match in _SCRIPT_RE.finditer(html):
        attrs, body = match.group(1), match.group(2)
        if _SRC_RE.search(attrs):
            continue
        kind = _TYPE_RE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def inline_style_hashes(html: str) -> list[str]:
    """CSP hash sources of every inline ``<style>`` element (for the strict style policy)."""
    hashes: list[str] = []
    for match in _STYLE_RE.finditer(html):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(
    script_hashes: Iterable[str],
    *,
    blob_workers: bool = True,
    style_unsafe_inline: bool = True,
    style_hashes: Iterable[str] = (),
    for_header: bool = False,
) -> str:
    """The policy text. ``for_header`` adds what a ``<meta>`` policy may not carry.

    Styles: ``'unsafe-inline'`` stays in ``style-src`` (only there) because the pages
    need inline style *attributes*, which CSP hashes cannot cover without
    ``'unsafe-hashes'`` and which appear at run time: Python-Markdown writes
    ``style="text-align: …"`` on aligned table cells, mkdocs-glightbox injects a
    ``<style>`` element and sets ``style`` attributes from script when it zooms, and
    theme extensions do the same. Material's own bundle only uses the CSSOM (which CSP
    does not restrict). The cost is small because every channel CSS could leak through
    is closed: ``img-src``, ``font-src`` and ``connect-src`` allow this site only, so
    injected CSS cannot send anything to another origin. Set ``style_unsafe_inline``
    to False for the strict ``style-src 'self'`` plus the hashes of the inline ``<style>``
    elements (``style_hashes``); style attributes set at run time are then refused.
    """
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(script_hashes))])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'"
        if style_unsafe_inline
        else " ".join(["style-src 'self'", *sorted(set(style_hashes))]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:" if blob_workers else "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
    if for_header:
        # Not allowed in <meta> (browsers ignore them there and log an error).
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def meta_tag(policy_text: str) -> str:
    return f'<meta http-equiv="{META_NAME}" content="{policy_text}">'


def apply_meta(html: str, policy_text: str) -> str:
    """Put the policy first in ``<head>`` (it only governs what comes after it).

    An existing policy tag written by this module is replaced, so applying twice is safe.
    """
    html = _META_RE.sub("", html, count=1)
    head = _HEAD_RE.search(html)
    if head is None:
        raise ValueError("no <head> element: cannot place the CSP meta tag")
    return f"{html[: head.end()]}\n{meta_tag(policy_text)}\n{html[head.end() :]}"


def has_meta(html: str) -> bool:
    return _META_RE.search(html) is not None


def html_files(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if p.is_file())
