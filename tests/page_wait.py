"""Wait for a condition in a page without evaluating strings inside it.

Playwright's ``page.wait_for_function`` polls its predicate with ``eval`` inside the
page when the first try is false. The site's Content-Security-Policy has no
``'unsafe-eval'`` (on purpose), so under load, when the first try comes too early, the
wait fails with an EvalError. ``wait_until`` asks the same question from here with
``page.evaluate`` (DevTools' evaluation, which the page's policy does not govern) until
it is true or the time is up.
"""

from __future__ import annotations

import time

from playwright.sync_api import Error, Page

POLL_MS = 50


def wait_until(page: Page, expression: str, timeout: float = 15_000) -> None:
    """Return once ``expression`` (an expression or a function's text) is truthy."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error as exc:  # the page is between two documents: ask again
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(POLL_MS)
