"""First and repeat visits under network profiles: bare Pyodide against the checker.

For each profile of :mod:`bench.network` (localhost, cable, 4G) every sample is one
browser profile (a fresh user-data folder, so a real on-disk HTTP cache and Chromium's
code cache), visited twice:

- **first visit**: empty cache; navigation to ready (bare: ``loadPyodide()`` resolved;
  checker: the widget's ``data-state="ready"``);
- **repeat visit**: the first tab stays open a few seconds (a reader reads; V8 writes
  the compiled WebAssembly to Chromium's code cache only after its code tiered up for a
  while, and not at all when the page closes at once), then a new tab in the same
  browser profile, same measure.

All traffic of the page *and of its worker* goes through the pacing proxy (the profile
"localhost" goes through it too, unpaced, so its bytes are counted the same way). Bytes
are what the proxy moved down and up during the visit (HTTP headers included).
Bare and checker samples alternate and the order rotates each round; the ratios are
computed from the medians of this same run. Every exchange's check page is visited in
the same rounds and compared with the same bare samples (the bare floor does not depend
on the exchange); an exchange with fewer runs joins the first rounds only.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field

from bench.browser import BOOT_TIMEOUT_MS, INIT_SCRIPT, READ_STATE, VIEWPORT
from bench.exchanges import Exchange
from bench.network import PROFILES, Profile, Running, shaped
from bench.stats import median, rounded
from site_plugins import chromium

# How long the first visit's tab stays open after ready: time for V8 to write the
# compiled WebAssembly to the code cache (measured: 8 s do; closing at once never does).
SETTLE_MS = 8000
BARE = "bare"
VISITS = ("first", "repeat")


@dataclass
class Series:
    ms: list[float] = field(default_factory=list)
    down: list[int] = field(default_factory=list)
    up: list[int] = field(default_factory=list)
    boot: list[str] = field(default_factory=list)


def _ready_ms(page, kind: str) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    selector = "html[data-state=ready]" if kind == "bare" else "[data-checker][data-state=ready]"
    page.wait_for_selector(selector, timeout=BOOT_TIMEOUT_MS)
    state = page.evaluate(READ_STATE)
    if kind == "bare":
        return float(state["bare"]), "bare"
    return float(state["states"]["ready"]), state["boot"] or "unknown"


def one_sample(playwright, proxy: Running, url: str, kind: str, settle_ms: int) -> dict:  # type: ignore[no-untyped-def]
    """Both visits of one fresh browser profile; returns ``{visit: (ms, down, up, boot)}``."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile_dir:
        context = playwright.chromium.launch_persistent_context(
            profile_dir, viewport=VIEWPORT, **chromium.launch_options()
        )
        try:
            context.add_init_script(INIT_SCRIPT)
            for visit in VISITS:
                page = context.new_page()
                before = proxy.moved()
                page.goto(url)
                ms, boot = _ready_ms(page, kind)
                # Let trailing requests (prefetches, icons) finish before counting.
                page.wait_for_load_state("networkidle")
                after = proxy.moved()
                out[visit] = (ms, after["down"] - before["down"], after["up"] - before["up"], boot)
                if visit == "first":
                    page.wait_for_timeout(settle_ms)
                page.close()
        finally:
            context.close()
    return out


def measure_profile(
    playwright,  # type: ignore[no-untyped-def]
    server_url: str,
    profile: Profile,
    paths: dict[str, str],
    runs: dict[str, int],
    settle_ms: int = SETTLE_MS,
) -> dict:
    """``paths`` and ``runs`` by kind: ``"bare"`` and each exchange id (its check page)."""
    series = {(k, v): Series() for k in paths for v in VISITS}
    rounds = max(runs.values())
    with shaped(server_url, profile) as proxy:
        for index in range(rounds):
            kinds = [BARE] + [k for k in paths if k != BARE and runs[k] > index]
            shift = index % len(kinds)
            for kind in kinds[shift:] + kinds[:shift]:
                sample = one_sample(playwright, proxy, proxy.url + paths[kind], kind, settle_ms)
                for visit, (ms, down, up, boot) in sample.items():
                    s = series[(kind, visit)]
                    s.ms.append(ms)
                    s.down.append(down)
                    s.up.append(up)
                    s.boot.append(boot)
    return {
        "network": profile.describe(),
        "runs": rounds,
        "exchanges": {kind: summarise(series, kind, runs[kind]) for kind in paths if kind != BARE},
    }


def summarise(series: dict[tuple[str, str], Series], kind: str, runs: int) -> dict:
    """One exchange's visits against the shared bare samples (the schema-1 shape)."""
    result: dict[str, object] = {"runs": runs, "bare_runs": len(series[(BARE, "first")].ms)}
    for visit in VISITS:
        bare, checker = series[(BARE, visit)], series[(kind, visit)]
        b, c = median(bare.ms), median(checker.ms)
        result[visit] = {
            "bare_ms": rounded(b),
            "checker_ms": rounded(c),
            "ratio": round(c / b, 3),
            "bare_bytes_down": int(median(bare.down)),
            "checker_bytes_down": int(median(checker.down)),
            "checker_bytes_up": int(median(checker.up)),
            "checker_boot": sorted(set(checker.boot)),
            "samples": {
                "bare_ms": [rounded(x) for x in bare.ms],
                "checker_ms": [rounded(x) for x in checker.ms],
            },
        }
    first, repeat = result["first"], result["repeat"]
    assert isinstance(first, dict) and isinstance(repeat, dict)
    result["checker_repeat_over_first"] = round(repeat["checker_ms"] / first["checker_ms"], 3)
    return result


def measure(
    server_url: str,
    bare_path: str,
    exchanges: list[Exchange],
    *,
    runs: dict[str, int],
    profiles: tuple[str, ...] = tuple(PROFILES),
    settle_ms: int = SETTLE_MS,
) -> dict:
    """Per profile: first and repeat visits, bare and every exchange's checker.

    ``runs`` maps each exchange id to its number of samples; the bare page gets as
    many as the most-sampled exchange. Returns ``{profile: {"network", "runs",
    "exchanges": {id: figures}}}``.
    """
    from playwright.sync_api import sync_playwright

    paths = {BARE: bare_path, **{e.id: e.check_page for e in exchanges}}
    counts = {BARE: max(runs.values()), **runs}
    result = {}
    with sync_playwright() as playwright:
        for name in profiles:
            result[name] = measure_profile(
                playwright, server_url, PROFILES[name], paths, counts, settle_ms
            )
    return result
