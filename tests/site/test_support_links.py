"""Support staff's tools: the errors index with copy-link buttons, and quoted messages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from playwright.sync_api import BrowserContext, expect

import keycheck

CATALOG = keycheck.catalog("htx")


def _section_text(html: str, section_id: str) -> str:
    """The text of the ``<h2 id=section_id>`` section, up to the next ``<h2``."""
    start = html.index(f'id="{section_id}"')
    end = html.find("<h2", start)
    text = re.sub(r"<[^>]+>", "", html[start : end if end != -1 else None])
    return " ".join(unescape(text).split())


def test_every_quoted_exchange_message_is_in_its_own_section(site_dir: Path) -> None:
    html = (site_dir / "htx" / "errors" / "index.html").read_text("utf-8")
    missing = []
    for group in CATALOG["explain_messages"]:
        text = _section_text(html, group["section"])
        for message in group["messages"]:
            quoted = " ".join(message.split("<", 1)[0].split())  # placeholder part varies
            if quoted not in text:
                missing.append(f"{group['section']}: {message}")
    assert missing == []


def test_errors_index_lists_every_section_and_code(site_dir: Path) -> None:
    html = (site_dir / "htx" / "errors" / "index.html").read_text("utf-8")
    index = html[html.index('class="guides-errors-index') : html.index("</table>")]
    for section in CATALOG["sections"]:
        assert f'data-copy-link="htx/errors/#{section["id"]}"' in index
        for code in section["codes"]:
            assert f'href="#{code}"' in index


def test_copy_link_copies_the_section_url(context: BrowserContext, base_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "htx/errors/")
    page.get_by_role("button", name="Copy link to Permission denied").click()
    expect(page.locator(".guides-copy-status")).to_contain_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == base_url + "htx/errors/#permission-denied"
