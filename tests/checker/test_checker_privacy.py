"""Secrets stay in the page: storage, console, DOM, summary, network and the CSP."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from checker_support import Recorder, built_pages, follow_instant_navigation, wait_ready
from playwright.sync_api import Browser, Page, expect

CANARY_KEY = "c0ffee11-kq7zcanary1-5eed5eed-abcd1"
CANARY_SECRET = "5ec2e7aa-5ec2e7bb-5ec2e7cc-5ec2e"
REQUIRED_DIRECTIVES = (
    "default-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "img-src 'self' data:",
)


def _dom_attribute_values(page: Page) -> str:
    return page.evaluate(
        """() => [...document.querySelectorAll("*")]
            .flatMap((e) => [...e.attributes].map((a) => a.name + "=" + a.value)).join("\\n")"""
    )


def _storage_dump(page: Page) -> str:
    return page.evaluate(
        """async () => {
          const parts = [document.cookie, location.href, JSON.stringify({...localStorage}),
                         JSON.stringify({...sessionStorage})];
          const dbs = indexedDB.databases ? await indexedDB.databases() : [];
          for (const info of dbs) {
            const db = await new Promise((ok, ko) => {
              const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result);
              r.onerror = () => ko(r.error);
            });
            for (const store of db.objectStoreNames) {
              const all = await new Promise((ok) => {
                const r = db.transaction(store).objectStore(store).getAll();
                r.onsuccess = () => ok(r.result);
              });
              parts.push(info.name, store, JSON.stringify(all));
            }
            db.close();
          }
          if (self.caches) {
            for (const name of await caches.keys()) {
              const cache = await caches.open(name);
              for (const request of await cache.keys()) parts.push(request.url);
            }
          }
          return parts.join("\\n");
        }"""
    )


def test_secret_appears_nowhere_but_the_field(
    browser: Browser, checker_url: str, read_clipboard: Callable[[Browser], str]
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        recorder = Recorder(page).attach()
        page.goto(checker_url)
        wait_ready(page)
        page.get_by_label("API Key", exact=True).fill(CANARY_KEY)
        secret = page.get_by_label("Secret Key", exact=True)
        secret.type(CANARY_SECRET, delay=2)
        page.locator(f"button[aria-controls='{secret.get_attribute('id')}']").click()
        for name in ("Futures", "Both", "Spot"):
            page.get_by_role("radio", name=name, exact=True).check()
        for name in ("Read", "Trade", "Futures / Swap Trade", "Withdraw", "Asset Transfer"):
            page.get_by_role("checkbox", name=name, exact=True).check()
        page.get_by_role("switch", name="IP restriction enabled").check()
        page.get_by_label("IP addresses", exact=True).fill("203.0.113.7")
        expect(page.locator("[data-code='withdraw-enabled']")).to_be_visible()
        copy = page.get_by_role("button", name="Copy summary for support")
        expect(copy).to_be_enabled()
        copy.click()
        expect(page.locator("[data-checker-copied]")).to_have_text("Summary copied.")
        summary = read_clipboard(browser)
        assert summary.strip()

        haystacks = {
            "copied summary": summary,
            "storage, cookies, URL": _storage_dump(page),
            "DOM attributes": _dom_attribute_values(page),
            "page text": page.locator("body").inner_text(),
            "console": "\n".join(text for _, text in recorder.console),
            "request URLs": "\n".join(recorder.requests),
        }
        for where, text in haystacks.items():
            assert CANARY_SECRET not in text, f"the secret leaked into the {where}"
            # No piece of the secret either (the summary may show 4+4 characters of the key).
            for piece in CANARY_SECRET.split("-"):
                assert piece not in text, f"part of the secret leaked into the {where}"
        assert CANARY_KEY not in summary
        for where in ("storage, cookies, URL", "DOM attributes", "console", "request URLs"):
            assert CANARY_KEY not in haystacks[where], f"the key leaked into the {where}"
    finally:
        context.close()


def test_leaving_the_page_empties_the_fields(recorder: Recorder, checker_url: str) -> None:
    page = recorder.page
    page.goto(checker_url)
    page.get_by_label("Secret Key", exact=True).fill(CANARY_SECRET)
    page.get_by_label("What did the error say?", exact=True).fill("Verification failure")
    page.goto(checker_url.replace("check/", "faq/"))
    page.go_back()  # back/forward cache or a reload: either way the fields are empty
    expect(page.get_by_label("Secret Key", exact=True)).to_have_value("")
    expect(page.get_by_label("What did the error say?", exact=True)).to_have_value("")
    expect(page.get_by_label("API Key", exact=True)).to_have_value("")


def test_no_console_error_or_csp_violation_on_any_page(
    recorder: Recorder, base_url: str, site_dir: Path
) -> None:
    page = recorder.page
    pages = built_pages(site_dir)
    assert "htx/check/" in pages
    for path in pages:
        page.goto(base_url + path)
        if path == "htx/check/":
            wait_ready(page)
        page.wait_for_load_state("networkidle")
        violations = recorder.csp_violations()
        assert violations == [], f"{path}: {violations}"
    # Instant navigation (Material swaps content; inline scripts are re-run) too.
    follow_instant_navigation(page, base_url)
    page.goto(base_url)
    marker = page.evaluate("window.__instantMarker = Math.random()")
    page.locator("nav.md-nav--primary a[href$='htx/check/']").first.click()
    expect(page).to_have_url(re.compile(r"/htx/check/(#.*)?$"))
    wait_ready(page)
    assert page.evaluate("window.__instantMarker") == marker, "expected instant navigation"
    expect(page.locator(".checker-noscript")).to_be_hidden()
    assert recorder.csp_violations() == []
    assert recorder.console_errors() == []
    assert recorder.errors == []


def test_every_page_carries_the_policy_and_so_does_the_server(
    site_dir: Path, page: Page, base_url: str
) -> None:
    html_files = sorted(site_dir.rglob("*.html"))
    assert html_files
    for path in html_files:
        html = path.read_text("utf-8")
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert match, f"{path}: no CSP meta tag"
        head = html[: html.index(match.group(0))]
        assert "<script" not in head, f"{path}: a script precedes the policy"
        policy = match.group(1)
        for directive in REQUIRED_DIRECTIVES:
            assert directive in policy, f"{path}: {directive} missing"
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert script_src.startswith("'self' 'wasm-unsafe-eval'")
        assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(script_src.split())
        assert re.search(r"worker-src 'self'( blob:)?(;|$)", policy)
    headers = (site_dir / "_headers").read_text("utf-8")
    assert "Content-Security-Policy: default-src 'self'" in headers
    response = page.goto(base_url + "htx/check/")
    assert response is not None
    served = response.headers.get("content-security-policy", "")
    assert "connect-src 'self'" in served and "frame-ancestors 'none'" in served


def test_python_in_the_worker_cannot_reach_another_origin(
    ready_checker: Recorder, other_origin, checker_url: str
) -> None:
    """The checker's worker starts from a blob: URL and so inherits the page's policy.

    A second Pyodide is booted inside that very worker (same global, same policy) and
    tries pyfetch and a synchronous XMLHttpRequest: to the site they succeed, to another
    origin they are refused, and the other server sees no request at all.
    """
    page = ready_checker.page
    worker = ready_checker.checker_workers[-1]
    root = page.locator("[data-checker]")
    runtime = page.evaluate(
        "(p) => new URL(p, location.href).href", root.get_attribute("data-runtime")
    )
    lock = page.evaluate("(p) => new URL(p, location.href).href", root.get_attribute("data-lock"))
    code = """
from pyodide.http import pyfetch
import js

async def attempt(url):
    out = []
    try:
        response = await pyfetch(url)
        out.append(f"pyfetch:{response.status}")
    except Exception as exc:
        out.append(f"pyfetch:refused:{type(exc).__name__}")
    try:
        request = js.XMLHttpRequest.new()
        request.open("GET", url, False)
        request.send()
        out.append(f"xhr:{request.status}")
    except Exception as exc:
        out.append(f"xhr:refused:{type(exc).__name__}")
    return " ".join(out)

f"{await attempt(same)} | {await attempt(other)}"
"""
    result = worker.evaluate(
        """async ([runtime, lock, same, other, code]) => {
          self.__violations = [];
          self.addEventListener("securitypolicyviolation",
                                (e) => self.__violations.push(e.violatedDirective));
          const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
          const py = await loadPyodide({indexURL: runtime, lockFileURL: lock,
                                        stdout: () => {}, stderr: () => {}});
          py.globals.set("same", same);
          py.globals.set("other", other);
          const answer = await py.runPythonAsync(code);
          return [answer, self.__violations];
        }""",
        [runtime, lock, checker_url, other_origin.url + "exfiltrate", code],
    )
    same, other = result[0].split(" | ")
    assert same == "pyfetch:200 xhr:200"
    assert other.startswith("pyfetch:refused") and "xhr:refused" in other
    assert other_origin.hits == []
    assert result[1] and all(d.startswith("connect-src") for d in result[1])


def test_javascript_off_shows_the_written_checklist(browser: Browser, checker_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(checker_url)
        notice = page.locator(".checker-noscript")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("The checker needs JavaScript")
        expect(page.locator("[data-checker]")).to_be_hidden()
        links = notice.locator("a[href*='errors/#']")
        assert links.count() >= 10
        hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
        assert "../errors/#invisible-character" in hrefs
        assert "../errors/#withdraw-enabled" in hrefs
    finally:
        context.close()
