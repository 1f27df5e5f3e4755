"""Wait for a condition in a page without evaluating strings inside it.

Playwright's ``page.wait_for_function`` polls its predicate with ``eval`` inside the
page when the first try is false. The site's Content-Security-Policy has no
``'unsafe-eval'`` (on purpose), so under load, when the first try comes too early, the
wait fails with an EvalError. ``wait_until`` asks the same question from here with
``page.evaluate`` (DevTools' evaluation, which the page's policy does not govern) until
it is true or the time is up.

``wait_for`` does the same for a condition on the Python side (e.g. what a test's
recorder has seen of the page's events), and ``wait_address_checked`` waits for the
point after which nothing on the site rewrites the address any more. In all of them the
time limit only bounds a failure: they return as soon as the condition holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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


def wait_for(page: Page, condition: Callable[[], bool], what: str, timeout: float = 15_000) -> None:
    """Return once ``condition()`` is true, letting ``page``'s events arrive meanwhile.

    Playwright delivers events (requests, console messages, a worker's close) to the
    handlers while a call into the browser is under way, so the sleep between two polls
    is also what lets the state asked about change.
    """
    deadline = time.monotonic() + timeout / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout:.0f} ms: {what}")
        page.wait_for_timeout(POLL_MS)


# The site's moved-anchors script (site_plugins/anchors/assets/moved.js) sets it to the
# address once it has checked that address, with the page it names swapped in, and left
# it alone; with instant navigation it runs after Material has placed the new page's
# #hash. No other script of the site rewrites the address (the one that could, Material's
# navigation.tracking, is off: see test_reader_journeys.py).
ADDRESS_CHECKED = (
    "document.documentElement.dataset.anchorsChecked === location.pathname + location.hash"
)


def wait_address_checked(page: Page, timeout: float = 15_000) -> None:
    """Return once the moved-anchors script has checked the current address and kept it."""
    wait_until(page, ADDRESS_CHECKED, timeout)
