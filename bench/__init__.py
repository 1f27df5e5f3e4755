"""The performance benchmark: ``python -m bench`` (``make bench``).

One module per job, each usable on its own:

- :mod:`bench.exchanges`: the exchanges measured, from the validator's registry (their
  check pages, the key typed into each); every exchange-dependent figure is per exchange;
- :mod:`bench.builds`: how long the site takes to build (clean, versioned, no-change rebuild);
- :mod:`bench.server`: a copy of the built site with the bare Pyodide page, served in a
  separate process by the project's static server (same ``_headers`` as production);
- :mod:`bench.browser`: timings in Chromium (Pyodide floor, each exchange's checker
  ready, round trip, main-thread long tasks), a fresh browser context per run;
- :mod:`bench.network`: network profiles (localhost, cable, 4G) applied by a pacing
  loopback proxy to every request of the page and of its worker;
- :mod:`bench.visits`: first and repeat visits per profile, bare against checker, with
  the bytes moved;
- :mod:`bench.transfer`: bytes transferred per page, split by kind;
- :mod:`bench.lighthouse`: Lighthouse scores for the landing page and each exchange's
  guide, errors and check pages (desktop and mobile);
- :mod:`bench.cpython`: the validator's speed under CPython, per exchange;
- :mod:`bench.report`: the summary, the targets, ``results.json`` and the printed table.

The benchmark is not part of the test suite (timings on a shared machine make flaky
tests); ``tests/bench`` only runs its code paths once in ``--quick`` mode.
"""
