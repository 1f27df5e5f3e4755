"""Command line for maintainers: build the versioned site, or cut the next version.

python -m site_plugins.versions build [--out public]
python -m site_plugins.versions cut [VERSION] [--commit REV] [--title TEXT]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from site_plugins.versions import build, declared

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_plugins.versions")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every declared version into a folder")
    b.add_argument("--out", type=Path, default=ROOT / "public")
    b.add_argument("--site-url", default="http://127.0.0.1:8000/")
    c = sub.add_parser("cut", help="declare a new version at a commit of main")
    c.add_argument("version", nargs="?", help="default: the next minor version")
    c.add_argument("--commit", default="HEAD", help="commit of main (default: HEAD)")
    c.add_argument("--title", help="title shown in the version selector")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            for line in build.build(ROOT, declared.load(ROOT), args.out, args.site_url):
                print(line)
        else:
            _cut(args.version, args.commit, args.title)
    except (declared.DeclarationError, build.VersionBuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cut(version: str | None, rev: str, title: str | None) -> None:
    versions = declared.load(ROOT)
    name = version or declared.next_version(versions)
    result = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise declared.DeclarationError(f"{rev!r} is not a commit of this repository")
    commit = result.stdout.strip()
    entry = declared.Version(name, commit, title or name)
    declared.load(ROOT)  # still valid before writing
    declared.append(ROOT, entry)
    declared.load(ROOT)  # and after: order and uniqueness hold
    print(f"declared version {name} at {commit[:12]}; commit versions.yml to publish it")


if __name__ == "__main__":
    sys.exit(main())
