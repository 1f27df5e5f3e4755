"""The hosting step, whatever generated the site: strict styles, Trusted Types, headers.

``site.secure`` is what both the MkDocs adapter and the Zensical driver call, so the
policy options and the report of inline style attributes are tested on it directly,
over a small written site; ``headers.merge_versions`` gives older versions today's
hosting headers (``clipboard-read`` denied) while keeping their own CSP.
"""

from __future__ import annotations

from pathlib import Path

from site_plugins.hosting import headers, site

PAGE = "<!doctype html><html><head><title>t</title></head><body>{body}</body></html>"


def _site(tmp_path: Path, **pages: str) -> Path:
    for name, body in pages.items():
        (tmp_path / f"{name}.html").write_text(PAGE.format(body=body), "utf-8")
    return tmp_path


def _policy(site_dir: Path) -> str:
    rules = headers.parse((site_dir / headers.HEADERS_FILE).read_text("utf-8"))
    return dict(rules[0].headers)["Content-Security-Policy"]


def test_defaults_refuse_inline_styles_and_enforce_trusted_types(tmp_path: Path) -> None:
    site_dir = _site(tmp_path, index="<p>plain</p>")
    report = site.secure(site_dir, site.Options())
    policy = _policy(site_dir)
    assert "style-src 'self';" in policy and "unsafe-inline" not in policy
    assert "require-trusted-types-for 'script'; trusted-types default checker" in policy
    assert report.style_attributes == ()
    assert report.style_attribute_warnings() == []
    meta = (site_dir / "index.html").read_text("utf-8")
    assert "trusted-types default checker" in meta


def test_a_page_with_style_attributes_is_reported_by_name(tmp_path: Path) -> None:
    site_dir = _site(
        tmp_path,
        index="<p>plain</p>",
        table='<table><tr><td style="text-align: right">1</td><td STYLE="x">2</td></tr></table>',
    )
    report = site.secure(site_dir, site.Options())
    assert report.style_attributes == (("table.html", 2),)
    (warning,) = report.style_attribute_warnings()
    assert "table.html has 2 inline style attribute(s)" in warning
    # With 'unsafe-inline' brought back, the attributes are allowed and not reported.
    allowed = site.secure(site_dir, site.Options(style_unsafe_inline=True))
    assert allowed.style_attributes == ()
    assert "style-src 'self' 'unsafe-inline'" in _policy(site_dir)


def test_options_from_mkdocs_yml_set_the_policies(tmp_path: Path) -> None:
    options = site.Options.from_mapping({"trusted_types": ["default"], "style_unsafe_inline": True})
    assert options.trusted_types == ("default",)
    site.secure(_site(tmp_path, index=""), options)
    assert "trusted-types default;" in _policy(tmp_path) + ";"
    site.secure(tmp_path, site.Options.from_mapping({"trusted_types": []}))
    assert "trusted-types" not in _policy(tmp_path)


def test_older_versions_get_todays_hosting_headers_and_keep_their_policy() -> None:
    old = headers.render(
        [
            headers.HeaderRule(
                "/1.0/*",
                (
                    ("Content-Security-Policy", "default-src 'self'; script-src 'sha256-old'"),
                    ("Permissions-Policy", "clipboard-write=(self), camera=()"),
                ),
            ),
            headers.HeaderRule("/1.0/assets/checker/x/*", (("Cache-Control", "immutable"),)),
        ]
    )
    merged = headers.parse(headers.merge_versions([("1.0", old)]))
    page = dict(next(rule.headers for rule in merged if rule.pattern == "/1.0/*"))
    assert page["Content-Security-Policy"] == "default-src 'self'; script-src 'sha256-old'"
    assert page["Permissions-Policy"] == headers.HOSTING_HEADERS["Permissions-Policy"]
    assert "clipboard-read=()" in page["Permissions-Policy"]
    names = [name for rule in merged if rule.pattern == "/1.0/*" for name, _ in rule.headers]
    assert len(names) == len({name.lower() for name in names})  # no header twice
    assets = dict(next(r.headers for r in merged if r.pattern == "/1.0/assets/checker/x/*"))
    assert assets == {"Cache-Control": "immutable"}
