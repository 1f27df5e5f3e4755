"""Builds every declared version with mike into ``public/``, offline, pushing nowhere.

Each version is checked out from its commit into a temporary git worktree and built
with *its own* pages, plugins and validator (``PYTHONPATH`` puts the worktree first).
mike commits each build into a throw-away local branch; that branch is exported into
``public/`` and deleted. The newest version gets the alias ``latest``, which the root
``index.html`` redirects to, and Material's version selector reads ``versions.json``.

Before anything is published, the anchor contract is checked across versions: every
link registered by an earlier version must still be registered by the newest one, or
be mapped in its ``moved`` table, and every version must contain its own anchors. A
version's contract (its errors sections, one per finding code) comes from that
version's own validator, so a code added on main is not demanded of older versions.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from site_plugins.anchors import check as anchor_check
from site_plugins.anchors import registry
from site_plugins.checker.precompress import drop_compressed_copies
from site_plugins.hosting.headers import HEADERS_FILE, merge_versions
from site_plugins.versions.declared import Version

# Throw-away local branch for mike's commits; one per process so builds never collide.
BUILD_BRANCH = f"_versioned-site-build-{os.getpid()}"
LATEST = "latest"
REDIRECT_TEMPLATE = Path(__file__).with_name("redirect.html")


class VersionBuildError(RuntimeError):
    """A version could not be built or broke the link contract."""


def build(root: Path, versions: list[Version], out: Path, site_url: str) -> list[str]:
    """Build ``versions`` into ``out``; returns one log line per step for the caller."""
    log: list[str] = []
    _git(root, "rev-parse", "--git-dir")
    with tempfile.TemporaryDirectory(prefix="versions-") as tmp:
        workdir = Path(tmp)
        _delete_branch(root, BUILD_BRANCH)
        try:
            registries = []
            for index, version in enumerate(versions):
                newest = index == len(versions) - 1
                with _worktree(root, version, workdir) as tree:
                    # The version's contract from its own validator, not this process's.
                    codes = registry.codes_in_checkout(tree)
                    registries.append((version, registry.load(tree, finding_codes=codes)))
                    _mike_deploy(root, tree, version, newest, site_url)
                log.append(f"built {version.name} from {version.commit[:12]}")
            _check_continuity(registries)
            _mike(root, root, ["set-default", LATEST, "-T", str(REDIRECT_TEMPLATE)])
            _export(root, out)
            _merge_headers(out, [v.name for v in versions])
            _rebase_latest_sitemap(out, versions[-1].name)
            _fix_not_found_pages(out, [v.name for v in versions])
        finally:
            _delete_branch(root, BUILD_BRANCH)
    for version, contract in registries:
        missing = anchor_check.missing_anchors(out / version.name, contract)
        if missing:
            raise VersionBuildError(f"version {version.name} lacks anchors: {', '.join(missing)}")
    log.append(f"wrote {len(versions)} versions and '{LATEST}' into {out}")
    return log


def _check_continuity(registries: list[tuple[Version, registry.Registry]]) -> None:
    """Fail when a link an earlier version promised is neither kept nor mapped by the newest."""
    newest_version, newest = registries[-1]
    kept = set(newest.links())
    broken = []
    for version, contract in registries[:-1]:
        for link in contract.links():
            if link not in kept and link not in newest.moved:
                broken.append(f"{link} (registered in {version.name})")
    if broken:
        raise VersionBuildError(
            f"anchors removed in {newest_version.name} without a 'moved' entry in anchors.yml: "
            + ", ".join(sorted(set(broken)))
        )


@contextmanager
def _worktree(root: Path, version: Version, workdir: Path) -> Iterator[Path]:
    tree = workdir / version.name
    try:
        _git(root, "worktree", "add", "--detach", "--force", str(tree), version.commit)
    except VersionBuildError as exc:
        raise VersionBuildError(
            f"version {version.name}: commit {version.commit} is not in this clone's history "
            f"of main ({exc})"
        ) from exc
    node_modules = root / "node_modules"
    if node_modules.is_dir() and not (tree / "node_modules").exists():
        (tree / "node_modules").symlink_to(node_modules)
    try:
        yield tree
    finally:
        _git(root, "worktree", "remove", "--force", str(tree))


def _mike_deploy(root: Path, tree: Path, version: Version, newest: bool, site_url: str) -> None:
    args = ["deploy", "--alias-type", "copy", "-t", version.title, version.name]
    if newest:
        args += [LATEST, "--update-aliases"]
    # mike's plugin appends the version to site_url itself.
    _mike(root, tree, args, extra_env={"SITE_URL": site_url, "VERSION_PROVIDER": "mike"})


def _mike(root: Path, cwd: Path, args: list[str], extra_env: dict[str, str] | None = None) -> None:
    env = dict(os.environ)
    # The version's own plugins and validator win over the ones installed from main.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(cwd / "validator" / "src"), str(cwd), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    # mike runs `mkdocs build` by name: the one installed next to this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(extra_env or {})
    # mike has no `python -m mike`; call its entry point in this interpreter.
    launcher = "import sys; from mike.driver import main; sys.argv[0] = 'mike'; main()"
    command = [sys.executable, "-c", launcher, *args, "--branch", BUILD_BRANCH]
    command += ["--ignore-remote-status", "-F", str(cwd / "mkdocs.yml")]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise VersionBuildError(f"mike {' '.join(args)} failed in {cwd}:\n{tail}")


def _export(root: Path, out: Path) -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BUILD_BRANCH], cwd=root, capture_output=True
    )
    if archive.returncode != 0:
        raise VersionBuildError(f"git archive failed: {archive.stderr.decode(errors='replace')}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryFile() as buffer:
        buffer.write(archive.stdout)
        buffer.seek(0)
        with tarfile.open(fileobj=buffer) as tar:
            tar.extractall(out, filter="data")


def _merge_headers(out: Path, names: list[str]) -> None:
    """One ``_headers`` at the root, as static hosts read only that one.

    The ``latest`` copy is the newest build, so its rules are the newest's with the
    prefix renamed.
    """
    versions = []
    for name in [*names, LATEST]:
        source = out / name / HEADERS_FILE
        if not source.is_file():
            continue
        text = source.read_text("utf-8")
        if name == LATEST:
            text = text.replace(f"/{names[-1]}/", f"/{LATEST}/")
        versions.append((name, text))
        source.unlink()
    (out / HEADERS_FILE).write_text(merge_versions(versions), "utf-8")


def _rebase_latest_sitemap(out: Path, newest: str) -> None:
    """Point ``latest/sitemap.xml`` at ``latest/`` URLs.

    Material's instant navigation only follows links its sitemap lists; the copy under
    ``latest/`` would otherwise list the newest version's URLs and navigate by full loads.
    """
    sitemap = out / LATEST / "sitemap.xml"
    if sitemap.is_file():
        text = sitemap.read_text("utf-8").replace(f"/{newest}/", f"/{LATEST}/")
        sitemap.write_text(text, "utf-8")
        drop_compressed_copies(sitemap)


def _fix_not_found_pages(out: Path, names: list[str]) -> None:
    """Give each version's ``404.html`` a base ending in ``/`` and the root one of its own.

    Material writes ``"base": "/1.0"`` into a versioned 404 page, so its scripts fetch
    ``/sitemap.xml`` and the search index from the server root, which has neither. Hosts
    serve the root ``404.html`` for unknown paths: a copy of the newest one.
    """
    for name in [*names, LATEST]:
        page = out / name / "404.html"
        if page.is_file():
            text = page.read_text("utf-8")
            text = re.sub(r'("base":\s*"[^"]*?)/?"', r'\1/"', text, count=1)
            page.write_text(text, "utf-8")
            drop_compressed_copies(page)
    newest = out / names[-1] / "404.html"
    if newest.is_file():
        shutil.copyfile(newest, out / "404.html")
        drop_compressed_copies(out / "404.html")


def _delete_branch(root: Path, branch: str) -> None:
    subprocess.run(["git", "branch", "-D", branch], cwd=root, capture_output=True)


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise VersionBuildError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout
