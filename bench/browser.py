"""Timings in real Chromium: the Pyodide floor, the checker's boot, its round trip.

Every run gets a fresh browser context (empty HTTP cache, no storage, its own renderer
process), so each boot downloads and compiles everything as a first-time reader would.
Bare and checker runs alternate (the order rotates each round) so that a machine that
slows down or speeds up during the benchmark affects both sides alike; the ratio is
computed from the medians of the same benchmark run. Every exchange's check page is
measured in the same rounds against the same bare runs (the bare floor does not depend
on the exchange); an exchange with fewer runs than the primary joins the first rounds
only. One unrecorded warm-up run per page comes first (browser process start-up, the
server's first reads).

Clocks: every time is read inside the page with ``performance.now()``, i.e. in
milliseconds since the navigation started.

- ``pyodide_bare_ms``: the bare page's ``loadPyodide()`` resolved (bench.server);
- ``checker_ready_ms``: the widget's ``data-state`` became ``ready`` on an exchange's
  check page (a MutationObserver filtered on that one attribute records the instant);
- ``check_roundtrip_ms``: a key pressed in the page's API key field (the ``keydown``
  event's time stamp) until the results region's children were replaced with the
  answer, once the worker is ready; one key at a time, each waiting for its answer; the
  keys typed are a value of that exchange's key shape (:mod:`bench.exchanges`);
- ``main_thread_long_tasks_ms``: the longest ``longtask`` entry (Chromium reports tasks
  of 50 ms or more; 0 means none) overlapping the boot, from ``data-state="loading"``
  to ``ready``. The longest task of the whole page load is reported beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bench.exchanges import Exchange
from bench.stats import median, percentile, rounded
from site_plugins import chromium

VIEWPORT = {"width": 1280, "height": 900}
BOOT_TIMEOUT_MS = 90_000
ANSWER_TIMEOUT_MS = 10_000

# Installed before any page script. Cheap on purpose: an attribute observer filtered to
# data-state and a long-task observer; the results observer is added only once ready.
INIT_SCRIPT = """
(() => {
  const b = { longtasks: [], states: {}, rt: [], key: null, waiters: [] };
  Object.defineProperty(window, "__bench", { value: b });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  new MutationObserver((records) => {
    for (const r of records) {
      const s = r.target.getAttribute("data-state");
      const widget = r.target.hasAttribute("data-checker");
      if (widget && !(s in b.states)) b.states[s] = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
})();
"""

# Once the worker is ready: time each key press to the results' next re-render; also
# note (for the diagnosis, not the figure) when the first frame after the key started.
WATCH_RESULTS = """
() => {
  const b = window.__bench;
  b.keysAbs = []; b.frames = [];
  document.addEventListener("keydown", (e) => {
    b.key = e.timeStamp;
    b.keysAbs.push(performance.timeOrigin + e.timeStamp);
    const key = e.timeStamp;
    requestAnimationFrame(() => b.frames.push(performance.now() - key));
  }, true);
  new MutationObserver(() => {
    if (b.key === null) return;
    b.rt.push(performance.now() - b.key);
    b.key = null;
    b.waiters.splice(0).forEach((wake) => wake());
  }).observe(document.querySelector("[data-checker-results]"), { childList: true, subtree: true });
  b.next = (n) => new Promise((resolve) => {
    const check = () => (b.rt.length > n ? resolve(b.rt[b.rt.length - 1]) : b.waiters.push(check));
    check();
  });
}
"""

# In the worker: when each answer left it (absolute time, comparable with the page's).
WATCH_WORKER = """
() => {
  self.__answers = [];
  const post = self.postMessage.bind(self);
  self.postMessage = (m) => {
    if (m && m.type === "result") self.__answers.push(performance.timeOrigin + performance.now());
    post(m);
  };
}
"""

# The round trip of key number n, or an error when no answer comes.
NEXT_ANSWER = f"""
n => Promise.race([
  window.__bench.next(n),
  new Promise((_, no) => setTimeout(() => no(new Error("no answer")), {ANSWER_TIMEOUT_MS})),
])
"""

READ_STATE = """
() => {
  const b = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0] || {};
  const root = document.querySelector("[data-checker]");
  return {
    states: b.states, longtasks: b.longtasks, bare: window.__bareReady ?? null,
    dcl: nav.domContentLoadedEventEnd ?? null, load: nav.loadEventEnd ?? null,
    workerBootMs: root && root.dataset.bootMs ? Number(root.dataset.bootMs) : null,
    boot: root ? root.dataset.boot || null : null,
  };
}
"""


@dataclass
class Samples:
    ready_ms: list[float] = field(default_factory=list)
    boot_start_ms: list[float] = field(default_factory=list)
    worker_boot_ms: list[float] = field(default_factory=list)
    roundtrip_ms: list[float] = field(default_factory=list)
    in_worker_ms: list[float] = field(default_factory=list)
    frame_ms: list[float] = field(default_factory=list)
    boot_longest_task_ms: list[float] = field(default_factory=list)
    load_longest_task_ms: list[float] = field(default_factory=list)
    boot_kinds: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@contextmanager
def launched() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium.launch_options())
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def fresh_page(browser) -> Iterator[tuple[object, list[str]]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, errors
    finally:
        context.close()


def bare_run(browser, url: str) -> float:  # type: ignore[no-untyped-def]
    with fresh_page(browser) as (page, _errors):
        page.goto(url)
        page.wait_for_selector("html[data-state=ready]", timeout=BOOT_TIMEOUT_MS)
        return float(page.evaluate(READ_STATE)["bare"])


def checker_run(browser, url: str, label: str, keys: str) -> dict:  # type: ignore[no-untyped-def]
    """One boot of the checker at ``url``, then ``keys`` typed into the field ``label``."""
    with fresh_page(browser) as (page, errors):
        page.goto(url)
        page.wait_for_selector("[data-checker][data-state=ready]", timeout=BOOT_TIMEOUT_MS)
        state = page.evaluate(READ_STATE)
        start, ready = state["states"]["loading"], state["states"]["ready"]
        boot_tasks = [d for s, d in state["longtasks"] if s < ready and s + d > start]
        page.evaluate(WATCH_RESULTS)
        worker = next(w for w in page.workers if w.url.startswith("blob:"))
        worker.evaluate(WATCH_WORKER)
        page.get_by_label(label, exact=True).focus()
        roundtrips = []
        for n, key in enumerate(keys):
            page.keyboard.press(key)
            roundtrips.append(float(page.evaluate(NEXT_ANSWER, n)))
            page.wait_for_timeout(50)  # a fast typist: about 15 keys a second
        keys_abs, frames = page.evaluate("() => [window.__bench.keysAbs, window.__bench.frames]")
        answers = worker.evaluate("() => self.__answers")
        return {
            "in_worker": [a - k for k, a in zip(keys_abs, answers, strict=False)],
            "frames": frames,
            "ready": ready,
            "boot_start": start,
            "worker_boot": state["workerBootMs"],
            "boot_kind": state["boot"] or "unknown",
            "boot_longest_task": max(boot_tasks, default=0.0),
            "load_longest_task": max((d for _s, d in state["longtasks"]), default=0.0),
            "roundtrips": roundtrips,
            "errors": list(errors),
        }


def measure(
    base_url: str,
    bare_path: str,
    exchanges: list[Exchange],
    runs: dict[str, int],
    warmup: bool = True,
) -> dict:
    """Bare Pyodide and every exchange's checker, rotating in rounds (after a warm-up).

    ``runs`` maps each exchange id to its number of runs; the bare page runs as often
    as the most-measured exchange. Returns ``{"bare_ms": [...],
    "exchanges": {id: summary}}``, each summary's ratio against the shared bare median.
    """
    bare_url = base_url + bare_path
    samples = {e.id: Samples() for e in exchanges}
    bare_ms: list[float] = []
    rounds = max(runs.values())
    with launched() as browser:
        if warmup:
            bare_run(browser, bare_url)
            for e in exchanges:
                checker_run(browser, base_url + e.check_page, e.key_label, e.typed_key[:3])
        for index in range(rounds):
            kinds = ["bare"] + [e.id for e in exchanges if runs[e.id] > index]
            shift = index % len(kinds)
            for kind in kinds[shift:] + kinds[:shift]:
                if kind == "bare":
                    bare_ms.append(bare_run(browser, bare_url))
                    continue
                e = next(x for x in exchanges if x.id == kind)
                record(
                    samples[kind],
                    checker_run(browser, base_url + e.check_page, e.key_label, e.typed_key),
                )
    return {
        "bare_ms": bare_ms,
        "exchanges": {
            e.id: summarise(samples[e.id], bare_ms, runs[e.id], e.typed_key) for e in exchanges
        },
    }


def record(s: Samples, run: dict) -> None:
    """Add one ``checker_run`` to an exchange's samples."""
    s.ready_ms.append(run["ready"])
    s.boot_start_ms.append(run["boot_start"])
    if run["worker_boot"] is not None:
        s.worker_boot_ms.append(run["worker_boot"])
    s.roundtrip_ms.extend(run["roundtrips"])
    s.in_worker_ms.extend(run["in_worker"])
    s.frame_ms.extend(run["frames"])
    s.boot_longest_task_ms.append(run["boot_longest_task"])
    s.load_longest_task_ms.append(run["load_longest_task"])
    s.boot_kinds.append(run["boot_kind"])
    s.console_errors.extend(run["errors"])


def summarise(s: Samples, bare_ms: list[float], runs: int, typed: str) -> dict:
    """One exchange's figures; the bare ones (shared by every exchange) from ``bare_ms``."""
    bare, ready = median(bare_ms), median(s.ready_ms)
    return {
        "runs": runs,
        "bare_runs": len(bare_ms),
        "typed_keys": len(typed),
        "pyodide_bare_ms": rounded(bare),
        "checker_ready_ms": rounded(ready),
        "ready_ratio": round(ready / bare, 3),
        "check_roundtrip_ms": {
            "p50": rounded(percentile(s.roundtrip_ms, 50), 2),
            "p95": rounded(percentile(s.roundtrip_ms, 95), 2),
            "max": rounded(max(s.roundtrip_ms), 2),
            "keys": len(s.roundtrip_ms),
        },
        # Diagnosis of the round trip: when the answer left the worker, and when the
        # first frame after the key started (Chromium runs the page's other tasks,
        # the worker's answer included, only after that frame).
        "check_answer_left_worker_ms": {
            "p50": rounded(percentile(s.in_worker_ms, 50), 2),
            "p95": rounded(percentile(s.in_worker_ms, 95), 2),
        },
        "first_frame_after_key_ms": {
            "p50": rounded(percentile(s.frame_ms, 50), 2),
            "p95": rounded(percentile(s.frame_ms, 95), 2),
        },
        "main_thread_long_tasks_ms": rounded(median(s.boot_longest_task_ms)),
        "main_thread_long_tasks_max_ms": rounded(max(s.boot_longest_task_ms)),
        "page_load_longest_task_ms": rounded(median(s.load_longest_task_ms)),
        "checker_boot_start_ms": rounded(median(s.boot_start_ms)),
        "worker_boot_ms": rounded(median(s.worker_boot_ms)) if s.worker_boot_ms else None,
        "boot_kinds": sorted(set(s.boot_kinds)),
        "console_errors": s.console_errors[:10],
        "samples": {
            "pyodide_bare_ms": [rounded(x) for x in bare_ms],
            "checker_ready_ms": [rounded(x) for x in s.ready_ms],
            "boot_longest_task_ms": [rounded(x) for x in s.boot_longest_task_ms],
            "check_roundtrip_ms": [rounded(x) for x in s.roundtrip_ms],
        },
    }
