"""Options of the checker plugin (paths relative to mkdocs.yml); defaults in steps.Options."""

from mkdocs.config.base import Config
from mkdocs.config.config_options import Type

from site_plugins.checker.steps import Options

_D = Options()


class CheckerConfig(Config):
    enabled = Type(bool, default=_D.enabled)

    # Cache of built wheels and lock files, keyed by the digests of their inputs.
    cache = Type(bool, default=_D.cache)
    cache_dir = Type(str, default=_D.cache_dir)

    # Pyodide, installed from package-lock.json by `npm ci`, and the pinned digests of
    # its files (a tracked file; the build fails on any difference).
    pyodide_dir = Type(str, default=_D.pyodide_dir)
    pyodide_version = Type(str, default=_D.pyodide_version)
    digests = Type(str, default=_D.digests)

    # The validator distribution built into the wheel the browser installs. Each page
    # checks for its own exchange (its folder, or the marker's `exchange=` argument).
    validator_dir = Type(str, default=_D.validator_dir)
    # Keep only the validator's entries in the shipped lock file (every entry left
    # resolves to a file the site serves).
    lock_prune = Type(bool, default=_D.lock_prune)

    # Where the runtime goes inside the site.
    assets_dir = Type(str, default=_D.assets_dir)
    # Seconds the boot may go without progress before the widget gives up.
    boot_timeout = Type(int, default=_D.boot_timeout)
    # Ship a Pyodide memory snapshot of the booted checker, made and verified in Node
    # at build time (snapshot.py); the worker falls back to a plain boot without it.
    snapshot = Type(bool, default=_D.snapshot)
    # Boot on a standard library zip cut down to the traced imports (stdlib_trim.py);
    # a missing import falls back to the full zip.
    stdlib_trim = Type(bool, default=_D.stdlib_trim)
    # Brotli and gzip copies of every compressible file of the finished site, for hosts
    # that serve them (precompress.py); not under `mkdocs serve`.
    precompress = Type(bool, default=_D.precompress)
