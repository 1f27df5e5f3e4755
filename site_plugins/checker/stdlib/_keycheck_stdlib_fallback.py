"""Imports a standard library module missing from the checker's trimmed zip from the full one.

The checker ships a zip of only the modules its boot and the validator were traced
importing (site_plugins/checker/stdlib_trim.py). Should a path of the validator import
one more, this finder, last on ``sys.meta_path``, downloads Pyodide's full standard
library once (a synchronous request: allowed in a worker, and the import is itself
synchronous), writes it next to the trimmed zip and imports from it.
"""

from __future__ import annotations

import sys
import zipimport
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

FULL_ZIP = "/lib/python_stdlib_full.zip"
# The top-level modules and packages of the full zip; the build appends the real set
# (stdlib_trim.cut). Other names (``pwd``, ``grp``: optional imports of C modules
# Pyodide lacks) are not worth a download.
IN_FULL_ZIP: frozenset[str] | None = None


def _download(url: str) -> bytes:
    from js import XMLHttpRequest  # Pyodide's bridge to the worker's globals

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.responseType = "arraybuffer"
    request.send()
    if request.status != 200:
        raise ImportError(f"the full standard library did not download (HTTP {request.status})")
    return request.response.to_bytes()


class FullStdlibFinder:
    def __init__(self, url: str, read: Callable[[str], bytes]) -> None:
        self.url = url
        self.read = read
        self.ready = False
        self.asked: list[str] = []  # what came here, for diagnosis

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        top = name.partition(".")[0]
        if top not in sys.stdlib_module_names:
            return None
        self.asked.append(name)
        if IN_FULL_ZIP is not None and top not in IN_FULL_ZIP:
            return None
        if not self.ready:
            with open(FULL_ZIP, "wb") as handle:
                handle.write(self.read(self.url))
            self.ready = True
        parent, _, _ = name.rpartition(".")
        where = FULL_ZIP + ("/" + parent.replace(".", "/") + "/" if parent else "")
        try:
            spec = zipimport.zipimporter(where).find_spec(name)
        except zipimport.ZipImportError:
            return None
        if spec is not None and parent in sys.modules:
            # Later submodules of the package are found in the full zip too.
            package_path = getattr(sys.modules[parent], "__path__", None)
            if package_path is not None and where not in package_path:
                package_path.append(where.rstrip("/"))
        return spec


def install(url: str, read: Callable[[str], bytes] = _download) -> None:
    """Append the finder to ``sys.meta_path`` (once)."""
    if not any(isinstance(f, FullStdlibFinder) for f in sys.meta_path):
        sys.meta_path.append(FullStdlibFinder(url, read))
