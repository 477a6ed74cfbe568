"""Milliseconds from an input event to the first frame that shows the redrawn chart.

Timed in the page's own clock, so the harness's delays don't count: a capturing listener stamps
the input event with ``performance.now()``, and a requestAnimationFrame loop stamps, again with
``performance.now()`` at the start of the callback (not the callback's argument: that is the frame's
*begin* time, which can precede the drawing by tens of ms; nor after reading the drawing, which costs
the probe ~2 ms), the first frame whose drawing differs: the canvas pixels of a chart component (the
Activations chart, the Softmax bars), the SVG path data of a plotly chart. Each scenario repeats one
interaction and prints the median
and p95, the bytes the server sent per interaction (WebSocket frames until the page is idle again)
and the server's CPU time per interaction (utime + stime).
Goal: p95 <= 16 ms (one frame); bar: 25 ms.

    .venv/bin/python benchmarks/latency.py [--repeats 30] [--only NAME]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, sync_playwright

from harness import CHROMIUM, CHROMIUM_ARGS, Server

# What is drawn, as a number: a hash of a chart canvas's pixels (it lives in a component's shadow
# root: "canvas" is the Activations chart's, "canvas.<class>" another one), or of the path data of a
# plotly chart's traces.
SIGNATURE = """(target) => {
  if (target.startsWith("canvas")) {
    const selector = target === "canvas" ? ".ax-canvas" : target.slice("canvas".length);
    const hosts = document.querySelectorAll("[data-testid=stBidiComponentIsolated]");
    const canvas = [...hosts].map((h) => h.shadowRoot?.querySelector(selector)).find(Boolean);
    if (!canvas || !canvas.width) return null;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const pixels = new Uint32Array(data.buffer);
    let hash = 0;
    for (let i = 0; i < pixels.length; i++) hash = (Math.imul(hash, 31) + pixels[i]) | 0;
    return String(hash);
  }
  const paths = document.querySelectorAll(`.st-key-${target} .js-plotly-plot g.trace path`);
  return paths.length ? [...paths].map((p) => p.getAttribute("d")).join("|") : null;
}"""

PROBE = (
    """([target, stampOn]) => {
  const signature = """
    + SIGNATURE
    + """;
  window.__latency = {input: null, samples: [], last: signature(target)};
  const stamp = (event) => {
    const now = performance.now();
    const inside = event.composedPath().some((node) => node.matches && node.matches(stampOn));
    if (inside && window.__latency.input === null) window.__latency.input = now;
  };
  for (const type of ["keydown", "click", "input"]) document.addEventListener(type, stamp, true);
  const frame = () => {
    const now = performance.now(); // before reading the drawing, so the probe's own cost is left out
    const state = window.__latency;
    const current = signature(target);
    if (current !== state.last) {
      if (state.input !== null) state.samples.push(now - state.input);
      state.last = current;
      state.input = null;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}"""
)


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    target: str  # "canvas" (the Activations chart), "canvas.<class>" (another canvas) or a plotly chart's key
    act: Callable[[Page, int], None]  # the i-th interaction
    stamp_on: str  # CSS selector: the input event counts when it happens inside this


def choose_activation(options: list[str]) -> Callable[[Page, int], None]:
    def act(page: Page, i: int) -> None:
        page.get_by_role("combobox", name="Activation").select_option(options[i % len(options)])

    return act


def press(role: str, name: str, keys: tuple[str, str]) -> Callable[[Page, int], None]:
    def act(page: Page, i: int) -> None:
        page.get_by_role(role, name=name, exact=True).press(keys[i % 2])

    return act


def fill(role: str, name: str, texts: list[str]) -> Callable[[Page, int], None]:
    """Replace the box's text at once (a paste): one input event, no Enter."""

    def act(page: Page, i: int) -> None:
        page.get_by_role(role, name=name, exact=True).fill(texts[i % len(texts)])

    return act


SCENARIOS = [
    Scenario("activation chooser", "/", "canvas",
             choose_activation(["gelu", "tanh", "relu", "elu", "silu", "hardtanh", "rrelu"]), ".ax-act"),
    Scenario("parameter slider", "/?act=leaky_relu", "canvas",
             press("slider", "negative_slope", ("ArrowRight", "ArrowLeft")), "[data-param=negative_slope]"),
    Scenario("window (xmax)", "/", "canvas",
             press("spinbutton", "xmax", ("ArrowDown", "ArrowUp")), "[data-key=xmax]"),
    Scenario("softmax paste", "/softmax", "canvas.sm-canvas",
             fill("textbox", "Logits z", ["3, 1, 0.2, -1", "0.5, 0.4, 0.3", "5, 2, 2, 1, 0"]), ".sm-logits"),
    Scenario("softmax keystroke", "/softmax?logits=3,1,0.2,-1,2.5", "canvas.sm-canvas",
             press("textbox", "Logits z", ("5", "Backspace")), ".sm-logits"),
    Scenario("softmax temperature", "/softmax", "canvas.sm-canvas",
             press("slider", "Temperature T (log scale)", ("ArrowRight", "ArrowLeft")), ".sm-temperature"),
]  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """utime + stime of process ``pid``, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid: int, timeout: float = 60) -> None:
    """Until the server's start-up imports (ui/warm_up.py) are done: under 10 % CPU over 0.5 s."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.05:
            return


def run(page: Page, server: Server, scenario: Scenario, repeats: int) -> tuple[list[float], list[int], float]:
    """Latencies (ms), bytes received per interaction, server CPU seconds per interaction."""
    received = [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.__setitem__(
        0, received[0] + len(data if isinstance(data, bytes) else data.encode()))))  # fmt: skip
    page.goto(server.url + scenario.path)
    page.wait_for_function(f"() => ({SIGNATURE})({scenario.target!r}) !== null", timeout=120_000)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=120_000)
    page.wait_for_timeout(800)
    page.evaluate(PROBE, [scenario.target, scenario.stamp_on])
    sizes, cpu = [], 0.0
    for i in range(repeats + 2):  # the first two warm caches up and are dropped
        before_bytes, before_cpu = received[0], cpu_seconds(server.process.pid)
        scenario.act(page, i)
        page.wait_for_function(f"() => window.__latency.samples.length >= {i + 1}", timeout=30_000)
        page.wait_for_timeout(400)  # past the chart's report delay: the page's rerun has started
        page.wait_for_selector('[data-test-script-state="notRunning"]')
        page.wait_for_timeout(100)
        if i >= 2:
            sizes.append(received[0] - before_bytes)
            cpu += cpu_seconds(server.process.pid) - before_cpu
    return page.evaluate("window.__latency.samples")[2:], sizes, cpu / repeats


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--only", help="run the scenarios whose name contains this")
    args = parser.parse_args()
    server = Server()
    try:
        server.wait_healthy()
        wait_until_idle(server.process.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for scenario in SCENARIOS:
                if args.only and args.only not in scenario.name:
                    continue
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                samples, sizes, cpu = run(context.new_page(), server, scenario, args.repeats)
                context.close()
                kilobytes = statistics.median(sizes) / 1e3, max(sizes) / 1e3
                print(
                    f"{scenario.name:<20} median {statistics.median(samples):6.1f} ms   "
                    f"p95 {percentile(samples, 0.95):6.1f} ms   (n={len(samples)}, {scenario.path})   "
                    f"received median {kilobytes[0]:7.1f} kB max {kilobytes[1]:7.1f} kB   "
                    f"server CPU {cpu * 1e3:5.1f} ms/interaction",
                    flush=True,
                )
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
