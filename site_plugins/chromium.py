"""Finds and launches the machine's Chromium for Playwright, the same way everywhere.

The build (illustrations), the tests and the benchmark all drive a real Chromium. This
network cannot download Playwright's own browser build, so Debian's ``chromium`` is the
default; a browser Playwright already installed is used only when Debian's is absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Flags for a closed network: without the background-networking ones Chromium keeps
# trying to reach Google's services at every start.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class NoBrowserError(RuntimeError):
    """No Chromium on this machine; the message says how to get one."""


def executable() -> str | None:
    """Path of the Chromium to drive, or None to let Playwright use its own build.

    ``CHROMIUM`` in the environment wins; then Debian's package; then whatever is on PATH.
    Returns None only when Playwright has a browser of its own installed.
    """
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if _playwright_has_browser():
        return None
    raise NoBrowserError(
        "no Chromium found: install Debian's package (apt-get install chromium) "
        "or set CHROMIUM to a Chromium binary"
    )


def launch_options(extra_args: tuple[str, ...] = ()) -> dict[str, object]:
    """Keyword arguments for ``playwright.chromium.launch``."""
    options: dict[str, object] = {"args": [*CHROMIUM_ARGS, *extra_args], "headless": True}
    path = executable()
    if path:
        options["executable_path"] = path
    return options


def _playwright_has_browser() -> bool:
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache/ms-playwright"))
    return any(cache.glob("chromium-*/chrome-linux*/chrome"))
