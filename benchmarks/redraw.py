"""A slider step on the Activations chart against the floor: the same step on a bare Streamlit page
whose one v2 canvas is redrawn in its input handler (benchmarks/floor_app.py), both timed in the same
run, from the input event to the first frame that shows the new drawing (``performance.now()`` in
the page, a requestAnimationFrame loop: benchmarks/latency.py's probe). Prints each one's median and
p95 and their ratio. Goal: the chart within 1.2x of the floor; bar: 1.5x.

    .venv/bin/python benchmarks/redraw.py [--repeats 40] [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics

from latency import Scenario, percentile, press, run, wait_until_idle  # benchmarks/latency.py
from playwright.sync_api import sync_playwright

from harness import CHROMIUM, CHROMIUM_ARGS, Server

SLIDER = press("slider", "negative_slope", ("ArrowRight", "ArrowLeft"))
CHART = Scenario("activations slider", "/?act=leaky_relu", "canvas", SLIDER, "[data-param=negative_slope]")
FLOOR = Scenario("floor (bare v2 canvas)", "/", "canvas.floor-canvas", SLIDER, "[aria-label=negative_slope]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40, help="slider steps per round and page")
    parser.add_argument("--rounds", type=int, default=2, help="rounds, each timing both pages in turn")
    args = parser.parse_args()
    samples: dict[str, list[float]] = {CHART.name: [], FLOOR.name: []}
    with Server() as app, Server("benchmarks/floor_app.py") as floor, sync_playwright() as playwright:
        for server in (app, floor):
            wait_until_idle(server.process.pid)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for _ in range(args.rounds):
            for server, scenario in ((floor, FLOOR), (app, CHART)):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                samples[scenario.name] += run(context.new_page(), server, scenario, args.repeats)[0]
                context.close()
        browser.close()
    for name, values in samples.items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{name:<24} median {median:6.1f} ms   p95 {p95:6.1f} ms   (n={len(values)})")
    chart, floor_values = samples[CHART.name], samples[FLOOR.name]
    print(f"ratio (chart / floor)    median {statistics.median(chart) / statistics.median(floor_values):.2f}x"
          f"   p95 {percentile(chart, 0.95) / percentile(floor_values, 0.95):.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
