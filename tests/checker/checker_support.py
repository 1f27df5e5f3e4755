"""Helpers shared by the checker's browser tests (imported by their conftest and tests)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Page, Request, Route, Worker

CHECK_PATH = "htx/check/"
BOOT_TIMEOUT_MS = 60_000

# Collects CSP violations from the start of every document (instant navigation keeps
# the document, so the listener stays for the whole visit).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI,
                               source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""


@dataclass
class Recorder:
    """Everything a page did: requests, console messages, page errors, workers."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)
    closed: list[Worker] = field(default_factory=list)
    favicon_fetches: int = 0

    def attach(self) -> Recorder:
        self.page.add_init_script(CSP_LISTENER)
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("worker", self._worker)
        return self

    def _request(self, request: Request) -> None:
        # Chromium's own favicon fetches (browser UI, not the page: it refetches the icon
        # when a field is first used or a password field gets focus on plain HTTP) carry
        # no page data and are left out; every request the page or its workers make counts.
        if request.resource_type == "other" and request.url.endswith("/favicon.svg"):
            self.favicon_fetches += 1
            return
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        self.console.append((message.type, message.text))

    def _worker(self, worker: Worker) -> None:
        self.workers.append(worker)
        worker.on("close", lambda w: self.closed.append(w))

    @property
    def checker_workers(self) -> list[Worker]:
        """The checker's workers (blob: URLs; Material's search worker is a file)."""
        return [w for w in self.workers if w.url.startswith("blob:")]

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]

    def csp_violations(self) -> list[dict[str, Any]]:
        return self.page.evaluate("window.__cspViolations || []")


def wait_ready(page: Page, timeout: float = BOOT_TIMEOUT_MS) -> None:
    page.wait_for_selector("[data-checker][data-state='ready']", timeout=timeout)


def run_in_worker(worker: Worker, kind: str, payloads: list[str]) -> list[dict[str, Any]]:
    """Send requests through the checker worker's own message handler; return answers.

    The worker's ``postMessage`` is wrapped for the duration so the answers come back
    here instead of to the page; the code path inside the worker is the widget's.
    """
    script = """async ([kind, payloads]) => {
      const answers = [];
      const original = self.postMessage;
      try {
        for (let i = 0; i < payloads.length; i++) {
          const id = -1 - i;
          answers.push(await new Promise((resolve) => {
            self.postMessage = (m) => (m && m.id === id ? resolve(m) : original.call(self, m));
            const data = kind === "check"
              ? {type: "check", id, input: payloads[i]}
              : {type: "explain", id, text: payloads[i], exchange: "htx"};
            self.dispatchEvent(new MessageEvent("message", {data}));
          }));
        }
      } finally {
        self.postMessage = original;
      }
      return answers;
    }"""
    answers = worker.evaluate(script, [kind, payloads])
    return [json.loads(a["output"]) if "output" in a else {"error": a["error"]} for a in answers]


def built_pages(site_dir: Path) -> list[str]:
    """Site paths of every page MkDocs rendered (those listed in the sitemap)."""
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    return sorted({re.sub(r"^[a-z]+://[^/]+/", "", loc) for loc in locs})


def follow_instant_navigation(page: Page, base_url: str) -> None:
    """Let Material's instant navigation work on the test server's port.

    Material only intercepts links listed in sitemap.xml, whose URLs carry the port of
    ``site_url``; it adapts the host name but not the port. The test server listens on
    any free port, so the sitemap is rewritten to the served origin (as it would match
    in production, where ``site_url`` is the real address).
    """
    origin = base_url.rstrip("/")

    def rewrite(route: Route) -> None:
        response = route.fetch()
        body = re.sub(r"<loc>[a-z]+://[^/<]+", f"<loc>{origin}", response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)
