"""``python -m keycheck``: the same as the ``keycheck`` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
