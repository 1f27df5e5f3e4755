"""``python -m site_plugins.illustrations render|check|html``: the maintainers' command."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from site_plugins.illustrations import render, scenes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_plugins.illustrations")
    parser.add_argument("--docs-dir", type=Path, default=Path("docs"), help="default: docs")
    sub = parser.add_subparsers(dest="command", required=True)
    p_render = sub.add_parser("render", help="render stale scenes (or the named ones)")
    p_render.add_argument("--force", action="store_true", help="render even fresh scenes")
    p_render.add_argument(
        "names",
        nargs="*",
        help="scenes: htx/step-2, or step-2 for every exchange's (default: all)",
    )
    sub.add_parser("check", help="list stale scenes; exit 1 if there are any")
    p_html = sub.add_parser("html", help="print a scene composed into its layouts")
    p_html.add_argument("name", help="scene, e.g. htx/step-2 (or step-2 if only one has it)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    if not args.docs_dir.is_dir():
        print(f"no docs folder at {args.docs_dir}", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            stale = render.stale(scenes.discover(args.docs_dir))
            for scene in stale:
                print(f"stale: {scene.key} ({scene.path})")
            print(f"{len(stale)} stale scene(s)")
            return 1 if stale else 0
        if args.command == "html":
            found = scenes.select(scenes.discover(args.docs_dir), args.name)
            if not found:
                print(f"error: no scene named {args.name}", file=sys.stderr)
                return 1
            if len(found) > 1:
                which = ", ".join(f"{s.exchange}/{s.name}" for s in found)
                print(f"error: {args.name} names {which}: give one", file=sys.stderr)
                return 1
            sys.stdout.write(found[0].standalone_html())
            return 0
        done = render.render(args.docs_dir, force=args.force, names=args.names or None)
    except (scenes.SceneError, render.RenderError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"rendered: {', '.join(done)}" if done else "nothing to render: all images fresh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
