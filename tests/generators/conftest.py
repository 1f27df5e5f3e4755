"""The Zensical build of the site, made once per session, served like the MkDocs one.

``ZENSICAL_SITE_DIR`` reuses a build made beforehand (``make build GENERATOR=zensical
SITE_DIR=...``); otherwise the fixture builds into a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_plugins.static_server import serving

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("ZENSICAL_SITE_DIR")
    if prebuilt and (Path(prebuilt) / "index.html").is_file():
        return Path(prebuilt).resolve()
    out = tmp_path_factory.mktemp("zensical") / "site"
    command = [sys.executable, "-m", "site_plugins.pipeline", "build"]
    command += ["--generator", "zensical", "--site-dir", str(out)]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "ILLUSTRATIONS_RENDER": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    with serving(zensical_site) as url:
        yield url
