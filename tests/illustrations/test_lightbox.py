"""In real Chromium: the figure follows the palette, loads one variant, and zooms.

The lightbox is the site's own (assets/lightbox.js): a modal dialog, styled from the
stylesheet only, so it runs under ``style-src 'self'`` and Trusted Types.
"""

from __future__ import annotations

from pathlib import Path

from page_wait import wait_until
from playwright.sync_api import Page, expect

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _toggle_palette(page: Page) -> None:
    page.locator("form[data-md-component=palette] label:visible").first.click()


def test_the_lightbox_opens_the_current_palettes_2x_image(page: Page, base_url: str) -> None:
    problems: list[str] = []
    images: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: images.append(r.url) if ".webp" in r.url else None)
    page.goto(base_url + "htx/")
    page.evaluate(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective))"
    )

    figure = page.locator("#figure-step-2")
    light = figure.locator("a.guide-figure__zoom--light")
    dark = figure.locator("a.guide-figure__zoom--dark")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if scheme == "slate":
        _toggle_palette(page)
    light.scroll_into_view_if_needed()
    expect(light).to_be_visible()
    expect(dark).to_be_hidden()
    expect(light.locator("img")).to_have_js_property("complete", True)
    wait_until(page, "document.querySelector('#figure-step-2 img').naturalWidth > 0")
    assert not [u for u in images if "step-2.dark" in u], "the hidden variant was downloaded"

    light.click()
    box = page.locator("dialog.guide-lightbox")
    expect(box).to_be_visible()
    expect(box).to_have_accessible_name(light.get_attribute("data-title") or "")
    image = box.locator("img")
    expect(image).to_have_attribute("src", base_url + "htx/illustrations/step-2.light@2x.webp")
    wait_until(
        page, "() => document.querySelector('dialog.guide-lightbox img').naturalWidth === 1600"
    )
    expect(box.locator(".guide-legend li").first).to_contain_text("profile avatar")
    expect(page).to_have_url(base_url + "htx/")  # the link was not followed

    # Fitted to the window first; a click shows the full 1600 px, another fits it again.
    fitted = image.evaluate("(img) => img.getBoundingClientRect().width")
    assert fitted < 1600
    zoom = box.get_by_role("button", name=light.locator("img").get_attribute("alt") or "")
    zoom.click()
    expect(zoom).to_have_attribute("aria-pressed", "true")
    expect(image).to_have_js_property("clientWidth", 1600)
    zoom.click()
    expect(zoom).to_have_attribute("aria-pressed", "false")
    assert image.evaluate("(img) => img.getBoundingClientRect().width") == fitted

    # axe (WCAG 2.1 AA) finds nothing in the open dialog.
    page.evaluate(AXE.read_text("utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document.querySelector('dialog.guide-lightbox'),
             {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
           .violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' '))"""
    )
    assert violations == []

    page.keyboard.press("Escape")
    expect(page.locator("dialog")).to_have_count(0)
    expect(light).to_be_focused()

    _toggle_palette(page)
    expect(dark).to_be_visible()
    expect(light).to_be_hidden()
    dark.click()
    expect(page.locator("dialog.guide-lightbox img")).to_have_attribute(
        "src", base_url + "htx/illustrations/step-2.dark@2x.webp"
    )
    page.locator("dialog.guide-lightbox").get_by_role("button", name="Close").click()
    expect(page.locator("dialog")).to_have_count(0)
    assert problems == []
