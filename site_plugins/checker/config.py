"""Options of the checker plugin, each with its default (paths relative to mkdocs.yml)."""

from mkdocs.config.base import Config
from mkdocs.config.config_options import DictOfItems, Type

from site_plugins.hosting import HOSTING_HEADERS


class CheckerConfig(Config):
    enabled = Type(bool, default=True)

    # Cache of built wheels and lock files, keyed by the digests of their inputs.
    cache = Type(bool, default=True)
    cache_dir = Type(str, default=".cache/plugin/checker")

    # Pyodide, installed from package-lock.json by `npm ci`, and the pinned digests of
    # its files (a tracked file; the build fails on any difference).
    pyodide_dir = Type(str, default="node_modules/pyodide")
    pyodide_version = Type(str, default="314.0.7")
    digests = Type(str, default="site_plugins/checker/pyodide.sha256")

    # The validator distribution built into the wheel the browser installs.
    validator_dir = Type(str, default="validator")
    exchange = Type(str, default="htx")
    # Keep only the validator's entries in the shipped lock file (every entry left
    # resolves to a file the site serves).
    lock_prune = Type(bool, default=True)

    # Where the runtime goes inside the site.
    assets_dir = Type(str, default="assets/checker")
    # Seconds the boot may go without progress before the widget gives up.
    boot_timeout = Type(int, default=30)
    # Ship a Pyodide memory snapshot of the booted checker, made and verified in Node
    # at build time (snapshot.py); the worker falls back to a plain boot without it.
    snapshot = Type(bool, default=True)
    # Boot on a standard library zip cut down to the traced imports (stdlib_trim.py);
    # a missing import falls back to the full zip.
    stdlib_trim = Type(bool, default=True)
    # Brotli and gzip copies of every compressible file, for hosts that serve them
    # (precompress.py); not under `mkdocs serve`.
    precompress = Type(bool, default=True)

    # Content-Security-Policy: a meta tag on every page and a `_headers` file.
    csp = Type(bool, default=True)
    csp_headers_file = Type(bool, default=True)
    # See csp.policy() for why inline styles are allowed by default.
    csp_style_unsafe_inline = Type(bool, default=True)
    # Further headers for every path in `_headers`.
    headers = DictOfItems(Type(str), default=dict(HOSTING_HEADERS))
