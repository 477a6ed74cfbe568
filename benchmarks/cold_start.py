"""Seconds from ``streamlit run app.py`` to the first chart in Chromium, cold and warm.

Cold: a new server process; the clock starts when the process is spawned and stops when the chart's
data is on the page (Chromium is already running). Warm: a new browser context (a new session) on
that same server. Goals: <= 2.5 s cold, <= 1.0 s warm.

    .venv/bin/python benchmarks/cold_start.py [--runs 3] [--path /]
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import Browser, sync_playwright

from harness import CHROMIUM, CHROMIUM_ARGS, Server

CHART_READY = "() => { const d = document.querySelector('.js-plotly-plot'); return !!(d && d._fullData); }"


def first_chart_seconds(browser: Browser, url: str, started: float) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(CHART_READY, timeout=120_000, polling=10)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def measure(browser: Browser, script: str, path: str, warm_runs: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    server = Server(script)
    try:
        server.wait_healthy()
        cold = first_chart_seconds(browser, server.url + path, started)
        warm = [
            first_chart_seconds(browser, server.url + path, time.perf_counter()) for _ in range(warm_runs)
        ]
    finally:
        server.stop()
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold starts (each with 5 warm loads)")
    parser.add_argument("--path", default="/", help="page and query to open, e.g. /softmax")
    parser.add_argument("--script", default="app.py", help="what `streamlit run` starts")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        colds, warms = [], []
        for _ in range(args.runs):
            cold, warm = measure(browser, args.script, args.path, warm_runs=5)
            colds.append(cold)
            warms.extend(warm)
        browser.close()
    print(f"streamlit run {args.script}, page {args.path}")
    print(
        f"cold start: median {statistics.median(colds):.2f} s  (runs: {', '.join(f'{c:.2f}' for c in colds)})"
    )
    print(
        f"warm load:  median {statistics.median(warms):.2f} s  max {max(warms):.2f} s  ({len(warms)} loads)"
    )


if __name__ == "__main__":
    main()
