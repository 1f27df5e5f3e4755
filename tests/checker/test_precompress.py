"""Precompressed copies: made at build time, decoded back to the file, served by the
static server to the client that accepts their encoding, and never served stale."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import httpx
import pytest

from site_plugins.checker import precompress, stdlib_trim
from site_plugins.static_server import accepted_encodings, serving

SCRIPT = ("const answer = 42;\n" * 400).encode()


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>t</title>", "utf-8")
    (site / "assets" / "app.js").write_bytes(SCRIPT)
    (site / "assets" / "tiny.js").write_bytes(b"let a;")
    return site


def test_copies_decode_to_the_file_and_small_files_get_none(tmp_path: Path) -> None:
    site = _site(tmp_path)
    summary = precompress.precompress_site(site, tmp_path / "cache", log=lambda _: None)
    script = site / "assets" / "app.js"
    assert brotli.decompress((site / "assets" / "app.js.br").read_bytes()) == SCRIPT
    assert gzip.decompress((site / "assets" / "app.js.gz").read_bytes()) == SCRIPT
    assert not (site / "assets" / "tiny.js.br").exists()  # below MIN_BYTES
    assert summary.files == 1 and summary.made == 2
    assert precompress.encoded_size(script) == (site / "assets" / "app.js.br").stat().st_size
    # A second build reuses the cache and writes the same bytes.
    before = (site / "assets" / "app.js.br").read_bytes()
    precompress.precompress_site(site, tmp_path / "cache", log=lambda _: None)
    assert (site / "assets" / "app.js.br").read_bytes() == before


def test_server_sends_the_copy_the_client_accepts(tmp_path: Path) -> None:
    site = _site(tmp_path)
    precompress.precompress_site(site, tmp_path / "cache", log=lambda _: None)
    with serving(site) as url, httpx.Client(base_url=url) as client:
        for accept, encoding in (("br, gzip", "br"), ("gzip", "gzip"), ("identity", None)):
            response = client.get("/assets/app.js", headers={"Accept-Encoding": accept})
            assert response.status_code == 200
            assert response.headers.get("content-encoding") == encoding, accept
            assert response.headers["content-type"].startswith("text/javascript")
            assert response.content == SCRIPT  # httpx decodes br and gzip
            if encoding:
                assert response.headers["vary"] == "Accept-Encoding"
        refused = client.get("/assets/app.js", headers={"Accept-Encoding": "br;q=0, gzip"})
        assert refused.headers.get("content-encoding") == "gzip"


def test_a_copy_older_than_its_file_is_not_served(tmp_path: Path) -> None:
    site = _site(tmp_path)
    precompress.precompress_site(site, tmp_path / "cache", log=lambda _: None)
    script = site / "assets" / "app.js"
    changed = b"const answer = 43;\n" * 400
    script.write_bytes(changed)
    copy = site / "assets" / "app.js.br"
    os.utime(copy, ns=(script.stat().st_mtime_ns - 10**9,) * 2)
    with serving(site) as url, httpx.Client(base_url=url) as client:
        response = client.get("/assets/app.js", headers={"Accept-Encoding": "br"})
    assert response.content == changed
    precompress.drop_compressed_copies(script)
    assert not copy.exists() and not (site / "assets" / "app.js.gz").exists()


def test_accept_encoding_parsing() -> None:
    assert accepted_encodings("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted_encodings("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted_encodings("") == set()


def test_cut_zip_keeps_package_folders_and_refuses_unknown_modules(tmp_path: Path) -> None:
    names = ["a.py", "pkg/", "pkg/__init__.py", "pkg/sub/", "pkg/sub/m.py", "other.py"]
    assert stdlib_trim.entries_for({"pkg/sub/m.py", "a.py"}, names) == [
        "a.py",
        "pkg/",
        "pkg/sub/",
        "pkg/sub/m.py",
    ]
    with pytest.raises(stdlib_trim.StdlibError, match=r"missing\.py"):
        stdlib_trim.entries_for({"missing.py"}, names)
