"""Styles a theme's script inserts at run time get their hash into ``style-src``.

Zensical's search overlay puts a ``<style>`` element made from a constant into a shadow
root; without its hash the strict ``style-src 'self'`` refuses it. The driver reads the
constant from the bundle the build wrote.
"""

from __future__ import annotations

from pathlib import Path

from site_plugins.hosting import policy, site
from site_plugins.pipeline import zensical

BUNDLE = (
    "var Tc='.u{color:red}.q:after{content:\"\\\\201c\"}\\n';"
    'function Sc(){o.appendChild(C("style",{},Tc.toString()))}'
    "var xTc='.decoy{}';"
)


def test_the_inserted_style_text_is_read_from_the_bundle(tmp_path: Path) -> None:
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.0123abcd.min.js").write_text(BUNDLE, "utf-8")
    assert zensical.theme_script_styles(tmp_path) == ['.u{color:red}.q:after{content:"\\201c"}\n']


def test_its_hash_joins_style_src_and_nothing_else_does(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><head></head><body></body></html>", "utf-8")
    text = ".u{color:red}"
    site.secure(tmp_path, site.Options(), script_styles=[text])
    (hash_source,) = policy.style_text_hashes([text])
    written = (tmp_path / "_headers").read_text("utf-8")
    assert f"style-src 'self' {hash_source};" in written
    assert "'unsafe-inline'" not in written


def test_a_bundle_without_inserted_styles_adds_nothing(tmp_path: Path) -> None:
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.x.min.js").write_text("var a='b';document.body.append(a)", "utf-8")
    assert zensical.theme_script_styles(tmp_path) == []
