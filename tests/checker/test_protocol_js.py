"""Runs the JavaScript tests of the checker's page/worker protocol with Node's runner.

The protocol (``site_plugins/checker/assets/protocol.mjs``) is what widget.js and
worker.js both import; its tests live in ``tests/checker/js`` and run in Node, no
browser needed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).with_name("js")


def test_protocol_javascript_tests_pass() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    result = subprocess.run(
        [node, "--test", *sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout, result.stdout[-500:]
