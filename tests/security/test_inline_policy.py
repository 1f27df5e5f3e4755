"""No inline style runs and Trusted Types are enforced, while the site keeps working.

The built pages carry ``style-src 'self'`` (no ``'unsafe-inline'``) and
``require-trusted-types-for 'script'`` with ``trusted-types default checker``. These
tests prove in Chromium that the policy bites (a style attribute and a string written
into an HTML or script-URL sink are refused) and that what needs the sinks still works
without a single violation: Material's search and instant navigation (through the
``default`` policy), the checker's blob: worker (``checker``), the lightbox.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from checker_support import CHECK_PATH, Recorder, follow_instant_navigation, wait_ready
from playwright.sync_api import Page, expect

TRUSTED_TYPES = "require-trusted-types-for 'script'; trusted-types default checker"


@pytest.fixture
def recorder(page: Page) -> Recorder:
    return Recorder(page).attach()


def _policy_of(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert match, "no CSP meta tag"
    return match.group(1)


def test_every_page_and_the_headers_refuse_inline_styles_and_enforce_trusted_types(
    site_dir: Path,
) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    texts = {p.relative_to(site_dir).as_posix(): p.read_text("utf-8") for p in pages}
    headers = (site_dir / "_headers").read_text("utf-8")
    header_csp = re.search(r"Content-Security-Policy: (.*)", headers)
    assert header_csp
    for where, policy in [("_headers", header_csp.group(1))] + [
        (name, _policy_of(text)) for name, text in texts.items()
    ]:
        style_src = re.search(r"style-src ([^;]+)", policy)
        assert style_src and style_src.group(1).split() == ["'self'"], where
        assert TRUSTED_TYPES in policy, where
    # Nothing inline for it to refuse: no <style> element, no style attribute.
    for name, text in texts.items():
        assert not re.search(r"<style\b", text, re.I), name
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", text, re.I), name
    assert "glightbox" not in texts["htx/index.html"]


def test_the_policy_refuses_inline_styles_and_untrusted_strings(
    recorder: Recorder, base_url: str
) -> None:
    page = recorder.page
    page.goto(base_url + CHECK_PATH)
    wait_ready(page)  # the checker's worker started through the "checker" policy
    outcome = page.evaluate(
        """() => {
          const tried = {};
          const probe = document.createElement("p");
          document.body.append(probe);
          probe.setAttribute("style", "color: rgb(1, 2, 3)");
          tried.styleAttribute = getComputedStyle(probe).color;
          probe.remove();
          for (const [name, act] of Object.entries({
            handler: () => { probe.innerHTML = '<img src="x" onerror="1">'; },
            script: () => { probe.innerHTML = '<script>1</scr' + 'ipt>'; },
            insertAdjacent: () => probe.insertAdjacentHTML("beforeend", "<b>1</b>"),
            blobWorker: () => new Worker(URL.createObjectURL(new Blob([""]))),
            otherHost: () => new Worker("https://example.invalid/w.js"),
            newPolicy: () => trustedTypes.createPolicy("mine", {}),
          })) {
            try { act(); tried[name] = "allowed"; } catch (e) { tried[name] = e.name; }
          }
          probe.innerHTML = "<b>plain markup</b>";  // what Material writes: let through
          tried.plain = probe.innerHTML;
          tried.policies = [trustedTypes.defaultPolicy && trustedTypes.defaultPolicy.name];
          return tried;
        }"""
    )
    assert outcome.pop("styleAttribute") != "rgb(1, 2, 3)"
    assert outcome == {
        "handler": "TypeError",
        "script": "TypeError",
        "insertAdjacent": "TypeError",
        "blobWorker": "TypeError",
        "otherHost": "TypeError",
        "newPolicy": "TypeError",
        "plain": "<b>plain markup</b>",
        "policies": ["default"],
    }
    refused = {v["directive"] for v in recorder.csp_violations()}
    assert {"style-src-attr", "require-trusted-types-for", "trusted-types"} <= refused, refused


def test_search_navigation_and_lightbox_work_with_no_violation(
    recorder: Recorder, base_url: str
) -> None:
    page: Page = recorder.page
    follow_instant_navigation(page, base_url)
    page.goto(base_url + "htx/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")

    # Material's search renders its results as HTML (innerHTML, the default policy).
    # Once its index is loaded (before, Material says "Initializing search").
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    # Typed: Material reads the query on keyup.
    page.get_by_role("textbox", name="Search").first.press_sequentially("secret key")
    # Instant navigation parses the next page (DOMParser) and re-runs its inline scripts.
    # Results are rendered for every key typed ("s", "se", ...): wait for those of the
    # whole query (Material marks the query in each link, ?h=secret+key), then click the
    # link whose address was read, wherever the list has put it by then.
    final = page.locator(".md-search-result__item a[href*='h=secret'][href*='key']:visible").first
    expect(final).to_be_visible()
    href = final.get_attribute("href") or ""
    target = urlsplit(page.evaluate("(href) => new URL(href, location.href).href", href)).path
    page.locator(f".md-search-result__item a[href={json.dumps(href)}]").first.click()
    expect(page).to_have_url(re.compile(rf"{re.escape(target)}(\?[^#]*)?(#.*)?$"))
    assert page.evaluate("window.__sameDocument === true"), "not an instant navigation"
    page.goto(base_url + "htx/")
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary a[href$='check/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/check/$"))
    assert page.evaluate("window.__sameDocument === true"), "not an instant navigation"
    wait_ready(page)

    assert recorder.csp_violations() == []
    assert recorder.console_errors() == []
    assert recorder.errors == []
