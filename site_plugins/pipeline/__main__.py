"""``python -m site_plugins.pipeline build --generator zensical|mkdocs --site-dir DIR``."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from site_plugins.pipeline import zensical

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_plugins.pipeline")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the site with the site's own steps")
    b.add_argument("--generator", choices=["mkdocs", "zensical"], default="mkdocs")
    b.add_argument("--site-dir", type=Path, default=Path("site"))
    b.add_argument("--root", type=Path, default=ROOT, help="project folder (mkdocs.yml)")
    b.add_argument("--no-strict", action="store_true", help="warnings do not fail the build")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = args.site_dir if args.site_dir.is_absolute() else Path.cwd() / args.site_dir
    if args.generator == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-d", str(out)]
        command += [] if args.no_strict else ["--strict"]
        return subprocess.run(command, cwd=root).returncode
    try:
        zensical.build(root, out, strict=not args.no_strict)
    except (zensical.BuildError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
