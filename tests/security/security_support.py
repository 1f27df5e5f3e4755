"""Helpers of the security suite: what a browser context did, and where a secret could hide.

``Watch`` records everything a browser context does, for all of its pages and their
workers: requests (URL, method, body), console messages, uncaught page errors, and
Content-Security-Policy violations, seen two ways — the ``securitypolicyviolation``
event in every document (the checker's own listener, installed before any page
script) and Chromium's DevTools issues, which also report violations inside workers.
Nothing is bypassed: the pages run under the policy the site ships.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from checker_support import CSP_LISTENER
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, WebError


@dataclass(frozen=True)
class Root:
    """A site to crawl: its name, served URL, folder, and page paths relative to it.

    ``served`` is the folder served at the server's root (``public/`` for a version),
    against which root-relative addresses (``/1.0/assets/…``) resolve.
    """

    name: str
    url: str
    directory: Path
    pages: list[str]
    served: Path


def site_pages(site_dir: Path) -> list[str]:
    """URL paths (relative to the root) of every HTML file of a built site.

    Every file, not just the sitemap: the 404 page and redirect stubs are pages too.
    """
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def page_files(root: Root) -> list[Path]:
    """The HTML file behind each of the root's pages."""
    return [
        root.directory / (page + "index.html" if page.endswith("/") or not page else page)
        for page in root.pages
    ]


@dataclass
class Call:
    url: str
    method: str
    body: bytes
    kind: str


@dataclass
class Watch:
    """Everything one browser context did, across its pages and workers."""

    context: BrowserContext
    requests: list[Call] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    log_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_issues: list[dict[str, Any]] = field(default_factory=list)
    csp_events: list[dict[str, Any]] = field(default_factory=list)
    other_issues: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def attach(self) -> Watch:
        self.context.add_init_script(CSP_LISTENER)
        self.context.on("request", self._request)
        self.context.on("console", self._console)
        self.context.on("response", self._response)
        self.context.on("weberror", self._web_error)
        self.context.on("page", self._page)
        for page in self.context.pages:
            self._page(page)
        return self

    def _request(self, request: Request) -> None:
        body = request.post_data_buffer or b""
        self.requests.append(Call(request.url, request.method, body, request.resource_type))

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_responses.append(f"{response.status} {response.url}")

    def _console(self, message: ConsoleMessage) -> None:
        self.console.append((message.type, message.text))

    def _web_error(self, error: WebError) -> None:
        self.page_errors.append(str(error.error))

    def _page(self, page: Page) -> None:
        # DevTools' Log and Audits domains see what the console event does not: messages
        # and CSP violations from workers, and the browser's own errors.
        session = self.context.new_cdp_session(page)
        session.on("Log.entryAdded", self._log_entry)
        session.on("Audits.issueAdded", self._issue)
        session.send("Log.enable")
        session.send("Audits.enable")

    def _log_entry(self, event: dict[str, Any]) -> None:
        entry = event["entry"]
        if entry.get("level") == "error":
            self.log_errors.append(
                f"[{entry.get('source')}] {entry.get('text')} {entry.get('url', '')}"
            )

    def _issue(self, event: dict[str, Any]) -> None:
        issue = event["issue"]
        if issue["code"] == "ContentSecurityPolicyIssue":
            details = issue["details"].get("contentSecurityPolicyIssueDetails", {})
            self.csp_issues.append(
                {
                    "directive": details.get("violatedDirective"),
                    "blocked": details.get("blockedURL"),
                    "source": (details.get("sourceCodeLocation") or {}).get("url"),
                }
            )
        else:
            self.other_issues.append(issue["code"])

    # -- results ---------------------------------------------------------------------

    def collect_csp_events(self, page: Page) -> None:
        """Take the violations the document listener saw (call before leaving a page)."""
        events = page.evaluate("window.__cspViolations || []")
        page.evaluate("window.__cspViolations && (window.__cspViolations.length = 0)")
        self.csp_events.extend(events)

    def console_errors(self) -> list[str]:
        errors = [text for kind, text in self.console if kind == "error"]
        return errors + [e for e in self.log_errors if not any(text in e for text in errors)]

    def csp_violations(self) -> list[dict[str, Any]]:
        return self.csp_events + self.csp_issues

    def foreign_requests(self, origin: str) -> list[str]:
        """Requests that leave ``origin`` (``blob:`` URLs of that origin stay on it)."""
        out = []
        for call in self.requests:
            url = call.url[len("blob:") :] if call.url.startswith("blob:") else call.url
            if url.startswith("data:"):
                continue
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                out.append(call.url)
        return out

    def request_text(self) -> str:
        """Every request URL, method and body, as one searchable text."""
        return "\n".join(
            f"{c.method} {c.url} {c.body.decode('utf-8', 'replace')}" for c in self.requests
        )

    def console_text(self) -> str:
        return "\n".join([*(text for _, text in self.console), *self.log_errors])


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Forces lazy images to load, waits for every image, and lists those that failed.
BROKEN_IMAGES = """async () => {
  const images = [...document.images];
  for (const img of images) if (img.loading === "lazy") img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
    setTimeout(done, 10000);
  })));
  return images.filter((img) => !img.complete || img.naturalWidth === 0)
               .map((img) => img.currentSrc || img.src || img.outerHTML.slice(0, 120));
}"""

# Scrolls to the bottom in viewport steps (intersection observers fire), then back up.
SCROLL_THROUGH = """async () => {
  const step = Math.max(200, innerHeight - 100);
  for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
    scrollTo(0, y);
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 20)));
  }
  scrollTo(0, 0);
}"""

# Everything the page keeps: cookies, both storages, every IndexedDB database with the
# contents of its stores, every Cache Storage cache with its entries' URLs and bodies,
# the history state and the address.
STORAGE_DUMP = """async () => {
  const parts = {url: location.href, cookie: document.cookie,
                 history: JSON.stringify(history.state),
                 localStorage: JSON.stringify({...localStorage}),
                 sessionStorage: JSON.stringify({...sessionStorage}),
                 indexedDB: [], caches: [], performance: []};
  const databases = await indexedDB.databases();
  for (const info of databases) {
    const db = await new Promise((ok, ko) => {
      const r = indexedDB.open(info.name);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    for (const store of db.objectStoreNames) {
      const rows = await new Promise((ok) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => ok(r.result);
      });
      parts.indexedDB.push([info.name, store, JSON.stringify(rows)]);
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      parts.caches.push([name, request.url, response ? await response.text() : ""]);
    }
  }
  parts.performance = performance.getEntries().map((e) => e.name);
  parts.databases = databases.map((d) => d.name);
  return parts;
}"""

# Every attribute of every element, and all text (hidden text included).
DOM_DUMP = """() => ({
  attributes: [...document.querySelectorAll("*")]
    .flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`)).join("\\n"),
  text: document.documentElement.textContent,
  title: document.title,
})"""


def storage_text(page: Page) -> str:
    return json.dumps(page.evaluate(STORAGE_DUMP), ensure_ascii=False)


def field_values(page: Page) -> dict[str, str]:
    """The current value of every text field of the checker (id or name → value)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
              "[data-checker] input:not([type=radio]):not([type=checkbox]), "
              + "[data-checker-explain] textarea, [data-checker] textarea")]
            .map((e) => [e.id || e.name, e.value]))"""
    )


def checked_controls(page: Page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll("[data-checker] input:checked")]
            .map((e) => e.name + ":" + e.value)"""
    )


# -- references in built HTML ----------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One URL a page makes the browser fetch or run: which element, which attribute."""

    tag: str
    attr: str
    url: str
    rel: str = ""


def _zooms(classes: str) -> bool:
    """An illustration's zoom link: the site's lightbox, or glightbox in versions ≤ 1.2."""
    return bool({"guide-figure__zoom", "glightbox"} & set(classes.split()))


class _ReferenceParser(HTMLParser):
    """Collects the URLs of scripts, stylesheets, images and other fetched resources.

    Links a reader follows (``<a href>``) are navigations, not resources, except the
    lightbox's links, whose targets the page loads as images.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").lower()
        add = self.found.append
        if tag == "script" and "src" in values:
            add(Reference(tag, "src", values["src"]))
        elif tag == "link" and "href" in values and rel not in ("canonical", "alternate"):
            add(Reference(tag, "href", values["href"], rel))
        elif tag in ("img", "source", "iframe", "embed", "video", "audio", "input", "track"):
            if values.get("src"):
                add(Reference(tag, "src", values["src"]))
            for candidate in values.get("srcset", "").split(","):
                if candidate.strip():
                    add(Reference(tag, "srcset", candidate.split()[0]))
        elif tag == "object" and values.get("data"):
            add(Reference(tag, "data", values["data"]))
        elif tag == "a" and values.get("href") and _zooms(values.get("class", "")):
            add(Reference(tag, "href", values["href"], "lightbox"))
        if values.get("style") and "url(" in values["style"]:
            add(Reference(tag, "style", values["style"]))


def references(html: str) -> list[Reference]:
    parser = _ReferenceParser()
    parser.feed(html)
    parser.close()
    return parser.found


def resolve_in_site(served: Path, page_file: Path, url: str) -> Path | None:
    """The file a same-site relative URL points at, or None for another origin/scheme.

    Root-relative URLs (``/assets/…``) resolve against ``served``, the server's root.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    target = (served / path.lstrip("/")) if path.startswith("/") else page_file.parent / path
    target = Path(os.path.normpath(target))
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target
