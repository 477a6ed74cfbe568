"""Seconds until a visitor sees the first chart: a new visitor on a warm server, and a cold server.

New visitor: a fresh Chromium with an empty profile (its own temporary user-data directory, so no
cached scripts) opens the page of a server that is up and warmed; the clock runs from ``goto`` to
the first chart drawn with torch's data (the Activations chart's canvas, or a plotly chart's data on
other pages). Cold server: the clock starts when ``streamlit run`` is spawned and stops at the same
point, in a new context of an already running Chromium. Goals: new visitor <= 1.0 s (bar 1.3 s),
cold server <= 2.5 s.

    .venv/bin/python benchmarks/cold_start.py [--runs 3] [--visitors 5] [--path /]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from playwright.sync_api import Playwright, sync_playwright

from harness import CHROMIUM, CHROMIUM_ARGS, Server

CHART_READY = """() => {
  const hosts = document.querySelectorAll("[data-testid=stBidiComponentIsolated]");
  const ready = ".ax-root[data-loading=false] .ax-canvas[aria-label]";
  const drawn = [...hosts].some((h) => h.shadowRoot?.querySelector(ready));
  const plotly = document.querySelector(".js-plotly-plot");
  return drawn || !!(plotly && plotly._fullData);
}"""


def first_chart(playwright: Playwright, url: str, *, browser=None) -> float:
    """Seconds from ``goto`` to the first chart; a fresh browser and profile unless ``browser``."""
    with tempfile.TemporaryDirectory() as profile:
        if browser is None:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        else:
            context = browser.new_context()
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(CHART_READY, timeout=120_000, polling=10)
        elapsed = time.perf_counter() - started
        context.close()
    return elapsed


def cold_start(playwright: Playwright, browser, script: str, path: str) -> tuple[float, Server]:
    """Seconds from spawning ``streamlit run`` to the first chart; the server is left running."""
    started = time.perf_counter()
    server = Server(script)
    server.wait_healthy()
    page = browser.new_page()
    page.goto(server.url + path)
    page.wait_for_function(CHART_READY, timeout=120_000, polling=10)
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold starts")
    parser.add_argument("--visitors", type=int, default=5, help="new visitors per warm server")
    parser.add_argument("--path", default="/", help="page and query to open, e.g. /softmax")
    parser.add_argument("--script", default="app.py", help="what `streamlit run` starts")
    args = parser.parse_args()
    colds, visitors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            cold, server = cold_start(playwright, browser, args.script, args.path)
            colds.append(cold)
            try:
                time.sleep(2)  # let the warm-up imports finish: this part measures a warm server
                visitors += [first_chart(playwright, server.url + args.path) for _ in range(args.visitors)]
            finally:
                server.stop()
        browser.close()
    print(f"streamlit run {args.script}, page {args.path}")
    print(f"new visitor, warm server: median {statistics.median(visitors):.2f} s  max {max(visitors):.2f} s  "
          f"({len(visitors)} fresh browsers)")  # fmt: skip
    runs = ", ".join(f"{c:.2f}" for c in colds)
    print(f"cold server: median {statistics.median(colds):.2f} s  (runs: {runs})")


if __name__ == "__main__":
    main()
