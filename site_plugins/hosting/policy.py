"""The site's Content-Security-Policy: its text, the inline hashes, the ``<meta>`` tag.

Traders paste secrets into the checker, so every page runs under a policy that lets
scripts come only from the site itself and lets nothing talk to another origin:

- ``script-src 'self' 'wasm-unsafe-eval'`` plus the SHA-256 of each inline script that the
  build wrote (Material's, whose text differs with the page's folder depth, and the
  redirect stubs'). Never ``'unsafe-inline'``. ``'wasm-unsafe-eval'`` lets Pyodide
  compile its WebAssembly; it does not allow ``eval`` of JavaScript.
- ``worker-src 'self' blob:``: Material's search worker is a file of the site; the
  checker's worker is started from a ``blob:`` URL precisely so that it *inherits* this
  policy (a same-origin worker script would get the policy of its own response headers,
  which a static host may not send), so Python in the worker cannot reach other origins.
- ``connect-src 'self'``, ``img-src 'self' data:``, ``font-src 'self'``, ``object-src
  'none'``, ``base-uri 'self'``, ``form-action 'none'`` (no form on the site submits).
- ``style-src 'self'``: no inline ``<style>`` element or ``style`` attribute runs (the
  illustrations' lightbox is the site's own, styled from its stylesheet).
- Trusted Types: ``require-trusted-types-for 'script'`` and ``trusted-types`` naming the
  only policies the pages create: ``default`` (``docs/assets/trusted-types.js``, for what
  Material's bundle does with HTML, script text and its search worker's URL) and
  ``checker`` (the checker's ``blob:`` worker, ``widget.js``).

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
    return style_text_hashes(match.group(1) for match in _STYLE_RE.finditer(html))


def style_text_hashes(texts: Iterable[str]) -> list[str]:
    """CSP hash sources of ``<style>`` element texts, such as the ones a theme's script
    inserts at run time (a hash allows exactly that text, however the element got there)."""
    hashes: list[str] = []
    for text in texts:
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


_STYLE_ATTR_RE = re.compile(r"<[a-zA-Z][^>]*?\sstyle\s*=", re.IGNORECASE)


def inline_style_attributes(html: str) -> int:
    """How many elements of ``html`` carry a ``style`` attribute (refused by ``style-src``)."""
    return len(_STYLE_ATTR_RE.findall(html))


def policy(
    script_hashes: Iterable[str],
    *,
    blob_workers: bool = True,
    style_unsafe_inline: bool = False,
    style_hashes: Iterable[str] = (),
    trusted_types: Iterable[str] = (),
    for_header: bool = False,
) -> str:
    """The policy text. ``for_header`` adds what a ``<meta>`` policy may not carry.

    Styles: strict by default, ``style-src 'self'`` plus the hashes of any inline
    ``<style>`` element (``style_hashes``; the site writes none). ``style`` attributes,
    in the HTML or set from script with ``setAttribute``, are refused; Material's
    bundle and the site's scripts style through classes and the CSSOM, which CSP does
    not restrict. Markdown that would need one (Python-Markdown's aligned table cells
    write ``style="text-align: …"``) is reported by the build
    (:func:`inline_style_attributes`). ``style_unsafe_inline`` brings back
    ``'unsafe-inline'`` for a site that cannot do without.

    ``trusted_types``: the names of the Trusted Types policies the pages may create;
    when given, Trusted Types are enforced for scripts
    (``require-trusted-types-for 'script'``) and any other policy name is refused.
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
    names = list(dict.fromkeys(trusted_types))
    if names:
        directives += ["require-trusted-types-for 'script'", "trusted-types " + " ".join(names)]
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
