"""Puts the measurements together: headline figures, targets, ``results.json``, a table.

``summary`` is a flat map of headline figures (every value a number, or ``null`` where
a part was skipped, with the reason under ``skipped``); the sections beside it keep
the details and raw samples. Targets are those of the issue that asked for the
benchmark, each with the figure it is judged on and whether it is met.

Several exchanges: ``results["exchanges"][id]`` holds each exchange's measurements
with its own ``summary`` (``exchange_summary``: the figures that depend on the
exchange, same keys as the top-level ones) and ``targets`` (those judged on them). The
top-level ``summary``, ``targets``, ``browser``, ``network`` and ``cpython`` are the
primary exchange's (``results["primary_exchange"]``), so a reader of schema 1 reads
the same keys with the same meaning.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

TARGETS = (
    # (summary key, comparison, limit, label)
    ("ready_ratio", "<=", 0.60, "localhost: checker ready / bare Pyodide"),
    ("net_4G_first_ratio", "<=", 0.60, "4G first visit: checker / bare"),
    ("net_4G_first_ratio", "<=", 0.50, "stretch: 4G first visit"),
    ("net_cable_first_ratio", "<=", 0.60, "cable first visit: checker / bare"),
    ("net_localhost_first_ratio", "<=", 0.60, "localhost first visit (via the proxy)"),
    ("net_4G_first_checker_bytes", "<=", 4_000_000, "4G first visit: bytes moved"),
    ("net_4G_repeat_over_first", "<=", 0.30, "4G: repeat visit / first visit"),
    ("check_roundtrip_p95_ms", "<=", 16, "keystroke to results, p95 (ms)"),
    ("main_thread_long_tasks_ms", "<=", 50, "longest main-thread task during boot (ms)"),
    ("lighthouse_min_score", ">=", 100, "Lighthouse desktop, lowest of 4 categories x 4 pages"),
    ("build_rebuild_s", "<=", 5, "rebuild with nothing changed (s)"),
    ("pyodide_bytes_without_checker", "<=", 0, "Pyodide bytes on pages without the checker"),
    ("cpython_dense_1mb_ms", "<=", 100, "1 MB dense look-alike/invisible field, CPython (ms)"),
)


NETWORK_FIGURES = (
    # (summary key suffix, visit, key in bench.visits' result)
    ("first_bare_ms", "first", "bare_ms"),
    ("first_checker_ms", "first", "checker_ms"),
    ("first_ratio", "first", "ratio"),
    ("first_checker_bytes", "first", "checker_bytes_down"),
    ("first_bare_bytes", "first", "bare_bytes_down"),
    ("repeat_bare_ms", "repeat", "bare_ms"),
    ("repeat_checker_ms", "repeat", "checker_ms"),
    ("repeat_ratio", "repeat", "ratio"),
    ("repeat_checker_bytes", "repeat", "checker_bytes_down"),
)


def network_summary(network: dict) -> dict[str, float | None]:
    """``net_<profile>_<figure>`` for every profile of bench.network (None: not run),
    from one exchange's visits (``{profile: figures}``)."""
    from bench.network import PROFILES

    figures: dict[str, float | None] = {}
    for name in PROFILES:
        profile = network.get(name) or {}
        for suffix, visit, key in NETWORK_FIGURES:
            figures[f"net_{name}_{suffix}"] = (profile.get(visit) or {}).get(key)
        figures[f"net_{name}_repeat_over_first"] = profile.get("checker_repeat_over_first")
    return figures


def _lowest(lh: dict, categories: tuple[str, ...]) -> float | None:
    scores = [page[c] for page in (lh.get("pages") or {}).values() for c in categories]
    return min(scores) if scores and not lh.get("error") else None


def exchange_summary(measured: dict) -> dict[str, float | None]:
    """The figures that depend on the exchange, from one entry of ``results["exchanges"]``
    (its ``browser``, ``network``, ``cpython`` and its check page's ``transfer``)."""
    b = measured.get("browser") or {}
    cpy = measured.get("cpython") or {}
    check = measured.get("transfer") or {}
    rt = b.get("check_roundtrip_ms") or {}
    figures = {
        "checker_ready_ms": b.get("checker_ready_ms"),
        "ready_ratio": b.get("ready_ratio"),
        "check_roundtrip_p50_ms": rt.get("p50"),
        "check_roundtrip_p95_ms": rt.get("p95"),
        "main_thread_long_tasks_ms": b.get("main_thread_long_tasks_ms"),
        "checker_page_bytes": check.get("total"),
        "checker_page_pyodide_bytes": check.get("pyodide"),
        "cpython_typical_ms": cpy.get("typical_ms"),
        "cpython_paste_1mb_ms": cpy.get("paste_1mb_ms"),
        "cpython_paste_1mb_worst_ms": cpy.get("paste_1mb_worst_ms"),
        "cpython_dense_1mb_ms": cpy.get("dense_1mb_ms"),
        "cpython_dense_both_fields_and_ips_ms": cpy.get("dense_both_fields_and_ips_ms"),
        **network_summary(measured.get("network") or {}),
    }
    if cpy.get("dense_passphrase_1mb_ms") is not None:
        figures["cpython_dense_passphrase_1mb_ms"] = cpy["dense_passphrase_1mb_ms"]
    return figures


def summary(results: dict) -> dict[str, float | None]:
    """The headline figures: the exchange-independent ones and the primary exchange's
    (the same keys as schema 1, when the benchmark measured one exchange)."""
    b = results.get("browser") or {}
    t = results.get("transfer") or {}
    builds = results.get("build_s") or {}
    lh = results.get("lighthouse") or {}
    primary = (results.get("exchanges") or {}).get(results.get("primary_exchange") or "", {})
    scores = [
        page[c]
        for page in (lh.get("pages") or {}).values()
        for c in ("performance", "accessibility", "best-practices", "seo")
    ]
    figures = exchange_summary(primary)
    figures.pop("cpython_dense_passphrase_1mb_ms", None)  # per exchange only
    return {
        "pyodide_bare_ms": b.get("pyodide_bare_ms"),
        **{k: v for k, v in figures.items() if not k.startswith("net_")},
        "largest_page_without_checker_bytes": t.get("largest_page_without_checker_bytes"),
        "pyodide_bytes_without_checker": t.get("pyodide_bytes_without_checker"),
        "lighthouse_min_score": min(scores) if scores and not lh.get("error") else None,
        "lighthouse_mobile_min_performance": _lowest(
            results.get("lighthouse_mobile") or {}, ("performance",)
        ),
        "build_clean_s": builds.get("clean_s"),
        "build_rebuild_s": builds.get("rebuild_s"),
        **{k: v for k, v in figures.items() if k.startswith("net_")},
    }


def targets(figures: dict[str, float | None], only_present: bool = False) -> list[dict]:
    """Each target judged on ``figures``; ``only_present``: only the targets whose
    figure is among them (an exchange's figures: its exchange-dependent targets)."""
    judged = []
    for key, op, limit, label in TARGETS:
        if only_present and key not in figures:
            continue
        value = figures.get(key)
        met = None
        if isinstance(value, int | float) and not math.isnan(value):
            met = value <= limit if op == "<=" else value >= limit
        judged.append(
            {"figure": key, "target": f"{op} {limit:,}", "label": label, "value": value, "met": met}
        )
    return judged


def write(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def network_table(network: dict) -> list[str]:
    """Medians per profile and visit: bare, checker, their ratio, bytes moved."""
    if not network:
        return []
    lines = [
        "",
        f"{'network':<10} {'visit':<7} {'bare ms':>9} {'checker ms':>11} {'ratio':>6} "
        f"{'bare bytes':>11} {'checker bytes':>14}  boot",
    ]
    for name, profile in network.items():
        for visit in ("first", "repeat"):
            v = profile[visit]
            lines.append(
                f"{name:<10} {visit:<7} {v['bare_ms']:>9,.0f} {v['checker_ms']:>11,.0f} "
                f"{v['ratio']:>6.2f} {v['bare_bytes_down']:>11,} {v['checker_bytes_down']:>14,}"
                f"  {'/'.join(v['checker_boot'])}"
            )
    return lines


# Rows of the per-exchange table: figure keys of ``exchange_summary``; the network rows
# repeat for every profile measured ("{net}" stands for its name).
EXCHANGE_ROWS = (
    "checker_ready_ms",
    "ready_ratio",
    "check_roundtrip_p95_ms",
    "main_thread_long_tasks_ms",
    "checker_page_bytes",
)
EXCHANGE_NETWORK_ROWS = (
    "net_{net}_first_checker_ms",
    "net_{net}_first_ratio",
    "net_{net}_first_checker_bytes",
    "net_{net}_repeat_checker_ms",
    "net_{net}_repeat_ratio",
)
EXCHANGE_CPYTHON_ROWS = (
    "cpython_typical_ms",
    "cpython_dense_1mb_ms",
    "cpython_dense_passphrase_1mb_ms",
)


def exchange_table(results: dict) -> list[str]:
    """One column per exchange (its role and runs in the header), one row per figure."""
    exchanges = results.get("exchanges") or {}
    if not exchanges:
        return []
    rows = [
        *EXCHANGE_ROWS,
        *(
            row.format(net=name)
            for name in results.get("network") or {}
            for row in EXCHANGE_NETWORK_ROWS
        ),
        *EXCHANGE_CPYTHON_ROWS,
    ]
    heads = {
        i: f"{i} ({e['role']} {e['runs']['browser']}/{e['runs']['network']}/{e['runs']['cpython']})"
        for i, e in exchanges.items()
    }
    width = max(16, *(len(h) + 1 for h in heads.values()))
    lines = [
        "",
        "per exchange (runs: browser / network visits per profile / CPython); "
        "ratios against the same bare runs",
        f"{'figure':<34}" + "".join(f"{h:>{width}}" for h in heads.values()),
    ]
    for row in rows:
        values = [(e.get("summary") or {}).get(row) for e in exchanges.values()]
        if all(v is None for v in values):
            continue
        lines.append(f"{row:<34}" + "".join(f"{_fmt(v):>{width}}" for v in values))
    for i, e in exchanges.items():
        missed = list(
            dict.fromkeys(t["figure"] for t in e.get("targets") or [] if t["met"] is False)
        )
        if missed:
            lines.append(f"{i}: targets not met: {', '.join(missed)}")
    return lines


def table(results: dict) -> str:
    """The short table printed at the end of a run."""
    figures, lines = results["summary"], []
    primary = results.get("primary_exchange")
    lines.append(f"{'figure' + (f' (primary: {primary})' if primary else ''):<38} {'value':>14}")
    for key, value in figures.items():
        if key.startswith("net_"):
            continue  # in the network table below
        lines.append(f"{key:<38} {_fmt(value):>14}")
    lines += network_table(results.get("network") or {})
    lines += exchange_table(results)
    for lh in (results.get("lighthouse") or {}, results.get("lighthouse_mobile") or {}):
        if lh.get("pages"):
            lines.append("")
            lines.append(
                f"Lighthouse {lh.get('lighthouse')} ({lh.get('preset')}, median of "
                f"{lh.get('runs')}): perf / a11y / best practices / SEO"
            )
            for page, s in lh["pages"].items():
                lines.append(
                    f"  {page:<16} {s['performance']:>3} {s['accessibility']:>3} "
                    f"{s['best-practices']:>3} {s['seo']:>3}"
                    + (
                        f"  ({s['runs']} runs)"
                        if s.get("runs", lh.get("runs")) != lh.get("runs")
                        else ""
                    )
                )
        if lh.get("error"):
            lines.append(f"Lighthouse error ({lh.get('preset')}): {lh['error']}")
    pages = (results.get("transfer") or {}).get("pages") or {}
    if pages:
        lines.append("")
        lines.append(
            f"{'bytes per page':<26}"
            + "".join(
                f"{k:>10}" for k in ("html", "css", "js", "images", "pyodide", "other", "total")
            )
        )
        for page, v in pages.items():
            lines.append(
                f"  {page:<24}"
                + "".join(
                    f"{v[k]:>10,}"
                    for k in ("html", "css", "js", "images", "pyodide", "other", "total")
                )
            )
    lines.append("")
    for t in results["targets"]:
        mark = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        lines.append(f"{t['figure']:<32} {t['target']:>12}  {_fmt(t['value']):>10}  {mark}")
    for part, reason in (results.get("skipped") or {}).items():
        lines.append(f"skipped {part}: {reason}")
    return "\n".join(lines)
