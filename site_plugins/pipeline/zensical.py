"""Builds the site with Zensical, running the site's own steps around it.

Zensical reads ``mkdocs.yml`` (theme, Markdown extensions, ``extra_css`` and
``extra_javascript``, the plugins it reimplements such as search, redirects and
glightbox) but silently ignores the site's own plugins. So, around ``zensical build``:

1. before: load the anchor registry, check the exchange registry against ``docs/``,
   bring illustrations up to date, assemble the checker's runtime; write a derived
   configuration (``.mkdocs-tmp-zensical-<pid>.yml``, ignored by git): ``mkdocs.yml`` with the
   navigation generated from the exchange registry, Material's look (``variant:
   classic``) and a build folder inside the project (Zensical refuses one outside);
2. after: copy the files the steps provide, drop the build inputs Zensical copied
   (scene sources, manifests), run the per-page steps on every written HTML file, put
   the CSP and ``_headers`` over the site, check the link contract, write the Brotli
   and gzip copies of the finished files, and move the result to the requested folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from site_plugins import exchanges
from site_plugins.anchors import registry
from site_plugins.anchors import steps as anchors
from site_plugins.checker import steps as checker
from site_plugins.hosting import policy, site
from site_plugins.illustrations import steps as illustrations
from site_plugins.pipeline import config as site_config
from site_plugins.pipeline import pages

# One per process, so concurrent builds (test workers) never share them.
DERIVED_CONFIG = f".mkdocs-tmp-zensical-{os.getpid()}.yml"
BUILD_DIR = f"build/zensical-site-{os.getpid()}"

Log = Callable[[str], None]


class BuildError(RuntimeError):
    """The Zensical build or one of the site's steps failed; the message says which."""


def build(root: Path, out: Path, *, strict: bool = True, log: Log = print) -> None:
    cfg = site_config.load(root)
    docs_dir = root / str(cfg.get("docs_dir", "docs"))
    stray = exchanges.stray_folders(docs_dir)
    if stray:
        raise BuildError(f"docs folder(s) {', '.join(stray)} have no exchange in the registry")

    anchor_opts = site_config.plugin_options(cfg, "guides/anchors")
    contract = None
    if anchor_opts is not None and anchor_opts.get("enabled", True):
        contract = registry.load(root, filename=anchor_opts.get("registry", "anchors.yml"))

    figures = None
    ill_opts = site_config.plugin_options(cfg, "guides/illustrations")
    if ill_opts is not None and ill_opts.get("enabled", True):
        options = illustrations.Options(**ill_opts)
        figures = illustrations.prepare(docs_dir, options, log)

    runtime = None
    checker_opts = site_config.plugin_options(cfg, "guides/checker")
    if checker_opts is not None and checker_opts.get("enabled", True):
        runtime = checker.prepare(root, checker.Options.from_mapping(checker_opts), log)
        if runtime.stdlib_error:
            message = f"checker: booting on the full standard library: {runtime.stdlib_error}"
            if strict:
                raise BuildError(message)
            log(message)
        if runtime.snapshot_error:
            message = f"checker: no memory snapshot: {runtime.snapshot_error}"
            if strict:
                raise BuildError(message)
            log(message)

    build_dir = root / BUILD_DIR
    if build_dir.exists():
        shutil.rmtree(build_dir)
    derived = root / DERIVED_CONFIG
    derived.write_text(_derived_config(root, cfg, docs_dir), "utf-8")
    try:
        _run_zensical(root, derived, strict)
    finally:
        derived.unlink(missing_ok=True)

    _copy_step_files(build_dir, contract, figures, runtime, ill_opts or {})
    _drop_build_inputs(build_dir, docs_dir, figures)
    for path in policy.html_files(build_dir):
        text = path.read_text("utf-8")
        url = pages.page_url(build_dir, path)
        updated = pages.transform(text, url, docs_dir=docs_dir, figures=figures, runtime=runtime)
        if updated != text:
            path.write_text(updated, "utf-8")
    if figures is not None:
        log(illustrations.report(figures))

    hosting_opts = site_config.plugin_options(cfg, "guides/hosting")
    if hosting_opts is not None and hosting_opts.pop("enabled", True):
        report = site.secure(
            build_dir,
            site.Options.from_mapping(hosting_opts),
            site_url=cfg.get("site_url"),
            script_styles=theme_script_styles(build_dir),
        )
        log(f"hosting: CSP written to {report.pages} HTML files and _headers")
        refused = report.style_attribute_warnings()
        if refused and strict:
            raise BuildError("; ".join(refused))
        for message in refused:
            log(message)

    if contract is not None:
        missing = anchors.missing(build_dir, contract)
        if missing:
            raise BuildError(
                "registered anchors missing from the built site: " + ", ".join(missing)
            )
        log(f"all {len(contract.links())} registered links resolve")

    # Last: the pages' final bytes (policy included) are what gets compressed.
    if runtime is not None and runtime.options.precompress:
        checker.precompress_site(build_dir, runtime, log)

    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(build_dir), out)
    log(f"zensical: site written to {out}")


# Zensical's bundle builds its search overlay in a shadow root with one <style> element
# made from a constant: ``C("style",{},Tc.toString())`` where ``Tc='…'``. Under
# ``style-src 'self'`` that element needs the hash of its text (MkDocs' Material inserts
# none). The text is read from the bundle the build wrote, so a new release that changes
# it gets the right hash; one that changes the pattern shows as a CSP violation in
# tests/generators.
_STYLE_ELEMENT = re.compile(
    r"""\(\s*["']style["']\s*,\s*\{\s*\}\s*,\s*([A-Za-z_$][\w$]*)\.toString\(\)"""
)


def theme_script_styles(build_dir: Path) -> list[str]:
    """Texts of the ``<style>`` elements the theme's bundle inserts at run time."""
    texts: list[str] = []
    for bundle in sorted((build_dir / "assets" / "javascripts").glob("bundle.*.js")):
        source = bundle.read_text("utf-8")
        for name in dict.fromkeys(_STYLE_ELEMENT.findall(source)):
            literal = re.search(
                rf"(?<![\w$.]){re.escape(name)}=('(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")",
                source,
            )
            if literal:
                texts.append(_js_string(literal.group(1)))
    return texts


def _js_string(literal: str) -> str:
    """The value of a quoted JavaScript string literal (the escapes minifiers write)."""
    body = literal[1:-1]
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}

    def unescape(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0] in "xu" and len(escape) > 1:
            return chr(int(escape[1:].strip("{}"), 16))
        return simple.get(escape, escape)

    return re.sub(r"\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|.)", unescape, body)


def _derived_config(root: Path, cfg: dict, docs_dir: Path) -> str:
    text = (root / site_config.CONFIG_FILE).read_text("utf-8")
    text = site_config.with_nav(text, exchanges.nav_yaml(cfg.get("nav") or [], docs_dir))
    text = text.replace("\ntheme:\n", "\ntheme:\n  variant: classic\n", 1)
    header = "# Generated by site_plugins/pipeline/zensical.py from mkdocs.yml; do not edit.\n"
    return header + text + f"\nsite_dir: {BUILD_DIR}\n"


def _run_zensical(root: Path, derived: Path, strict: bool) -> None:
    # No --clean: it empties .cache, where the checker keeps its built runtime.
    command = [sys.executable, "-m", "zensical", "build", "-f", str(derived)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or ("Warning" in output and strict):
        raise BuildError(f"zensical build failed:\n{output[-3000:]}")


def _copy_step_files(
    build_dir: Path,
    contract: registry.Registry | None,
    figures: illustrations.Prepared | None,
    runtime: checker.Runtime | None,
    ill_opts: dict,
) -> None:
    if runtime is not None:
        for dest, source in runtime.files().items():
            target = build_dir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    texts: dict[str, str] = {}
    if contract is not None:
        texts.update(anchors.site_files(contract))
    if figures is not None:
        stylesheet = ill_opts.get("stylesheet", illustrations.Options().stylesheet)
        texts[stylesheet] = illustrations.STYLESHEET.read_text("utf-8")
        lightbox = ill_opts.get("lightbox", illustrations.Options().lightbox)
        texts[lightbox] = illustrations.LIGHTBOX.read_text("utf-8")
    for dest, text in texts.items():
        target = build_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")


def _drop_build_inputs(
    build_dir: Path, docs_dir: Path, figures: illustrations.Prepared | None
) -> None:
    if figures is None:
        return
    for source in sorted(docs_dir.rglob("*")):
        if source.is_file() and illustrations.is_build_input(source, figures):
            (build_dir / source.relative_to(docs_dir)).unlink(missing_ok=True)
    for folder in sorted(build_dir.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
