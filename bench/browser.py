"""Timings in real Chromium: the Pyodide floor, the checker's boot, its round trip.

Every run gets a fresh browser context (empty HTTP cache, no storage, its own renderer
process), so each boot downloads and compiles everything as a first-time reader would.
Bare and checker runs alternate (and swap order each round) so that a machine that
slows down or speeds up during the benchmark affects both sides alike; the ratio is
computed from the medians of the same benchmark run. One unrecorded warm-up pair runs
first (browser process start-up, the server's first reads).

Clocks: every time is read inside the page with ``performance.now()``, i.e. in
milliseconds since the navigation started.

- ``pyodide_bare_ms``: the bare page's ``loadPyodide()`` resolved (bench.server);
- ``checker_ready_ms``: the widget's ``data-state`` became ``ready`` on ``htx/check/``
  (a MutationObserver filtered on that one attribute records the instant);
- ``check_roundtrip_ms``: a key pressed in "API Key" (the ``keydown`` event's time
  stamp) until the results region's children were replaced with the answer, once the
  worker is ready; one key at a time, each waiting for its answer;
- ``main_thread_long_tasks_ms``: the longest ``longtask`` entry (Chromium reports tasks
  of 50 ms or more; 0 means none) overlapping the boot, from ``data-state="loading"``
  to ``ready``. The longest task of the whole page load is reported beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bench.stats import median, percentile, rounded
from site_plugins import chromium

VIEWPORT = {"width": 1280, "height": 900}
BOOT_TIMEOUT_MS = 90_000
ANSWER_TIMEOUT_MS = 10_000
# Typed into "API Key" one key at a time: an HTX-shaped key (34 keys per run).
TYPED = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"

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
    bare_ms: list[float] = field(default_factory=list)
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


def checker_run(browser, url: str, keys: str = TYPED) -> dict:  # type: ignore[no-untyped-def]
    with fresh_page(browser) as (page, errors):
        page.goto(url)
        page.wait_for_selector("[data-checker][data-state=ready]", timeout=BOOT_TIMEOUT_MS)
        state = page.evaluate(READ_STATE)
        start, ready = state["states"]["loading"], state["states"]["ready"]
        boot_tasks = [d for s, d in state["longtasks"] if s < ready and s + d > start]
        page.evaluate(WATCH_RESULTS)
        worker = next(w for w in page.workers if w.url.startswith("blob:"))
        worker.evaluate(WATCH_WORKER)
        page.get_by_label("API Key", exact=True).focus()
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
    base_url: str, bare_path: str, check_path: str, runs: int = 5, warmup: bool = True
) -> dict:
    """Run ``runs`` alternating bare/checker pairs (after one warm-up pair)."""
    samples = Samples()
    bare_url, check_url = base_url + bare_path, base_url + check_path
    with launched() as browser:
        if warmup:
            bare_run(browser, bare_url)
            checker_run(browser, check_url, keys=TYPED[:3])
        for index in range(runs):
            order = ("bare", "checker") if index % 2 == 0 else ("checker", "bare")
            for kind in order:
                if kind == "bare":
                    samples.bare_ms.append(bare_run(browser, bare_url))
                    continue
                run = checker_run(browser, check_url)
                samples.ready_ms.append(run["ready"])
                samples.boot_start_ms.append(run["boot_start"])
                if run["worker_boot"] is not None:
                    samples.worker_boot_ms.append(run["worker_boot"])
                samples.roundtrip_ms.extend(run["roundtrips"])
                samples.in_worker_ms.extend(run["in_worker"])
                samples.frame_ms.extend(run["frames"])
                samples.boot_longest_task_ms.append(run["boot_longest_task"])
                samples.load_longest_task_ms.append(run["load_longest_task"])
                samples.boot_kinds.append(run["boot_kind"])
                samples.console_errors.extend(run["errors"])
    return summarise(samples, runs)


def summarise(s: Samples, runs: int) -> dict:
    bare, ready = median(s.bare_ms), median(s.ready_ms)
    return {
        "runs": runs,
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
            "pyodide_bare_ms": [rounded(x) for x in s.bare_ms],
            "checker_ready_ms": [rounded(x) for x in s.ready_ms],
            "boot_longest_task_ms": [rounded(x) for x in s.boot_longest_task_ms],
            "check_roundtrip_ms": [rounded(x) for x in s.roundtrip_ms],
        },
    }
