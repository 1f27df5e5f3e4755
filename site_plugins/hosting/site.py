"""Secures a built site, whatever generated it: the CSP on every page and ``_headers``.

Runs after the generator, over the HTML as written. Each page's inline scripts and
styles are hashed and every HTML file (pages, 404, redirect stubs) gets the union of all
hashes, because Material's instant navigation keeps the first page's policy while it
runs the inline scripts of the pages it swaps in. ``_headers`` carries the same policy
(with the directives only a header may carry) for static hosts and the test server.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from site_plugins.hosting import headers, policy


@dataclass(frozen=True)
class Options:
    """What to write (the hosting plugin's options, same names and defaults)."""

    csp: bool = True
    headers_file: bool = True
    # See policy.policy() for why inline styles are allowed by default.
    style_unsafe_inline: bool = True
    # Folders (globs under the site) named by their content: cached forever.
    immutable: tuple[str, ...] = ()
    # Further headers for every path in `_headers`.
    headers: dict[str, str] = field(default_factory=lambda: dict(headers.HOSTING_HEADERS))

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> Options:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"hosting: unknown option(s) {', '.join(unknown)}")
        data = dict(values)
        if "immutable" in data:
            data["immutable"] = tuple(data["immutable"])  # type: ignore[arg-type]
        if "headers" in data:
            data["headers"] = {**headers.HOSTING_HEADERS, **data["headers"]}  # type: ignore[dict-item]
        return cls(**data)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Report:
    pages: int
    script_hashes: int
    headers_file: bool


def base_path(site_url: str | None) -> str:
    """The path the site is served under (``/`` or ``/1.2/``), from its URL."""
    return (urlsplit(site_url).path or "/") if site_url else "/"


def immutable_dirs(site_dir: Path, patterns: tuple[str, ...]) -> list[str]:
    """The site folders matching ``patterns``, in the order of the patterns."""
    found: list[str] = []
    for pattern in patterns:
        for match in sorted(site_dir.glob(pattern)):
            rel = match.relative_to(site_dir).as_posix()
            if match.is_dir() and rel not in found:
                found.append(rel)
    return found


def secure(site_dir: Path, options: Options, *, site_url: str | None = None) -> Report:
    """Put the policy into every HTML file of ``site_dir`` and write ``_headers``."""
    if not options.csp:
        return Report(0, 0, False)
    pages = {path: path.read_text("utf-8") for path in policy.html_files(site_dir)}
    scripts: set[str] = set()
    styles: set[str] = set()
    for text in pages.values():
        scripts.update(policy.inline_script_hashes(text))
        styles.update(policy.inline_style_hashes(text))

    def text_of(header: bool) -> str:
        return policy.policy(
            scripts,
            style_unsafe_inline=options.style_unsafe_inline,
            style_hashes=styles,
            for_header=header,
        )

    meta = text_of(False)
    for path, text in pages.items():
        updated = policy.apply_meta(text, meta)
        if updated != text:
            path.write_text(updated, "utf-8")
    if options.headers_file:
        rules = headers.site_rules(
            text_of(True),
            base_path=base_path(site_url),
            immutable=immutable_dirs(site_dir, options.immutable),
            extra=options.headers,
        )
        (site_dir / headers.HEADERS_FILE).write_text(
            headers.render(rules, headers.SITE_COMMENT), "utf-8"
        )
    return Report(len(pages), len(scripts), options.headers_file)
