"""The live Training lab against its floors, in one run: TensorFlow Playground and a bare v2 canvas page.

Headless Chromium, one context per page. In each page a ``requestAnimationFrame`` loop stamps every frame
with ``performance.now()`` at the start of its callback and hashes the pixels of the decision-boundary
canvas: a frame whose pixels differ from the frame before is a *changed frame*. It prints:

* the lab (``/training?dataset=spiral&hidden=16,16``), training: changed frames/s of its boundary canvas
  and the page's own rAF rate (goal >= 30 changed frames/s, bar 24; rAF >= 50); the same page still;
* the Streamlit server process's CPU per changed frame over that window, from ``/proc/<pid>/stat``
  (the process itself: its threads, not its training workers; goal <= 2 ms, bar 3);
* Start click -> the first changed frame (goal <= 100 ms) and Pause click -> the last changed frame
  after it (goal: within one frame, 1/60 s), and how many changed frames came after it, ``--cycles`` each,
  median and p95; the clicks are stamped by a capturing listener in the page's own clock;
* in the same run, the floors: TensorFlow Playground (``benchmarks/playground.py``) training the same
  network on its spiral: its heatmap canvas's changed frames/s and its rAF rate; a bare Streamlit page
  with one v2 canvas (``benchmarks/floor_app.py``), still: its rAF rate; and the ratios.

It checks that the lab is drawn from the stream: a WebSocket to ``/api/lab/stream`` must open and
deliver frames, and the HTTP fallback (``/api/lab/frame``) must not be what drew it, else it says so
and exits with 1, as it does when a figure could not be measured. Script runs (Streamlit reruns) while
the lab trains are counted too: refreshing must need none. ``--strip-websockets`` times the lab as a
visitor behind a proxy that strips WebSockets sees it: over the HTTP fallback (then that must be used).

    .venv/bin/python -m benchmarks.live_lab [--seconds 10] [--cycles 12] [--playground-dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from benchmarks import playground
from benchmarks.latency import cpu_seconds, percentile, wait_until_idle
from benchmarks.load import load_average
from harness import CHROMIUM, CHROMIUM_ARGS, Server

LAB = "/training?dataset=spiral&hidden=16,16"
LAB_CANVAS = "canvas.lab-boundary"  # ui/components/lab.html: the decision boundary (the first run's)
FLOOR_CANVAS = "canvas.floor-canvas"  # benchmarks/floor_app.py
VIEWPORT = {"width": 1400, "height": 1000}
FRAME_MS = 1000 / 60  # one frame of a 60 Hz screen

# Every WebSocket and every fallback request the page opens, and every script run, in the page's clock.
RECORDER = """
(() => {
  const Native = window.WebSocket;
  const record = window.__net = {sockets: [], fallback: 0, runs: []};
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      const path = new URL(url, location.href).pathname;
      // --strip-websockets: the lab's stream fails to open, as behind a proxy that strips them
      super(window.__strip && path === "/api/lab/stream" ? "ws://127.0.0.1:9/" : url, ...rest);
      const socket = {path, open: null, frames: 0, bytes: 0, code: null};
      record.sockets.push(socket);
      this.addEventListener("open", () => { socket.open = performance.now(); });
      this.addEventListener("message", (event) => {
        socket.frames += 1;
        socket.bytes += event.data.byteLength || event.data.size || event.data.length || 0;
      });
      this.addEventListener("close", (event) => { socket.code = event.code; });
    }
  };
  const fetch = window.fetch;
  record.statuses = {};
  record.waited = 0; // ms, all fallback requests together
  window.fetch = (resource, ...rest) => {
    const answer = fetch(resource, ...rest);
    if (!String(resource.url || resource).includes("/api/lab/frame")) return answer;
    record.fallback += 1;
    const sent = performance.now();
    answer.then((reply) => {
      record.waited += performance.now() - sent;
      record.statuses[reply.status] = (record.statuses[reply.status] || 0) + 1;
    }, () => { record.statuses.failed = (record.statuses.failed || 0) + 1; });
    return answer;
  };
  new MutationObserver(() => {
    const state = document.querySelector("[data-test-script-state]")?.getAttribute("data-test-script-state");
    const last = record.runs[record.runs.length - 1];
    if (state === "running" && (!last || last[1] !== state)) record.runs.push([performance.now(), state]);
    else if (state && last && last[1] !== state) record.runs.push([performance.now(), state]);
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ["data-test-script-state"]});
})();
"""

# The probe: every animation frame's start, every changed frame of the canvas, and armed clicks.
# ``where``: "shadow" (a canvas in a v2 component's shadow root) or "page" (in the document).
PROBE = """([where, selector]) => {
  const find = () => where === "page" ? document.querySelector(selector)
    : [...document.querySelectorAll("[data-testid=stBidiComponentIsolated]")]
        .map((host) => host.shadowRoot?.querySelector(selector)).find(Boolean);
  const signature = () => {
    const canvas = find();
    if (!canvas || !canvas.width || !canvas.height) return null;
    const image = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const pixels = new Uint32Array(image.data.buffer);
    let hash = 0;
    for (let i = 0; i < pixels.length; i++) hash = (Math.imul(hash, 31) + pixels[i]) | 0;
    return `${canvas.width}x${canvas.height}:${hash}`;
  };
  const probe = window.__probe = {frames: [], changes: [], clicks: [], armed: false, last: signature()};
  document.addEventListener("click", () => {
    if (probe.armed) { probe.clicks.push(performance.now()); probe.armed = false; }
  }, true);
  const frame = () => {
    const now = performance.now(); // before reading the canvas: the probe's own cost is left out
    probe.frames.push(now);
    const current = signature();
    if (current !== probe.last) {
      if (probe.last !== null && current !== null) probe.changes.push(now);
      probe.last = current;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}"""

COUNT = """([since, until]) => {
  const inside = (list) => list.filter((t) => t >= since && t <= until).length;
  return [inside(window.__probe.frames), inside(window.__probe.changes)];
}"""


@dataclass
class Window:
    """What one page drew over a measured window."""

    seconds: float
    frames: int  # animation frames (rAF callbacks)
    changes: int  # frames whose canvas differed from the frame before

    @property
    def raf(self) -> float:
        return self.frames / self.seconds

    @property
    def changed(self) -> float:
        return self.changes / self.seconds


def now(page: Page) -> float:
    return page.evaluate("() => performance.now()")


def measure(page: Page, seconds: float, server_pid: int | None = None) -> tuple[Window, float]:
    """The page's frames over ``seconds`` (its own clock), and the server's CPU seconds meanwhile."""
    cpu0 = cpu_seconds(server_pid) if server_pid else 0.0
    since = now(page)
    page.wait_for_timeout(seconds * 1000)
    until = now(page)
    cpu = cpu_seconds(server_pid) - cpu0 if server_pid else 0.0
    frames, changes = page.evaluate(COUNT, [since, until])
    return Window((until - since) / 1000, frames, changes), cpu


def probe(page: Page, where: str, selector: str, timeout_ms: float = 120_000) -> None:
    """Install the probe once ``selector``'s canvas is drawn."""
    page.evaluate(PROBE, [where, selector])
    page.wait_for_function("() => window.__probe.last !== null", timeout=timeout_ms, polling=100)


def click(page: Page, target) -> float:
    """Click ``target`` (a locator); the click's time in the page's clock, stamped in the page."""
    page.evaluate("() => { window.__probe.armed = true; }")
    target.click()
    page.wait_for_function("() => !window.__probe.armed", timeout=10_000, polling=10)
    return page.evaluate("() => window.__probe.clicks[window.__probe.clicks.length - 1]")


def wait_moving(page: Page, after: float, timeout_ms: float = 15_000) -> float:
    """ms from ``after`` to the first changed frame after it."""
    page.wait_for_function("t => window.__probe.changes.some((c) => c > t)", arg=after, timeout=timeout_ms,
                           polling=10)  # fmt: skip
    return page.evaluate("t => window.__probe.changes.find((c) => c > t)", after) - after


def wait_still(
    page: Page, after: float, quiet_ms: float = 800, timeout_ms: float = 15e3
) -> tuple[float, int]:
    """Once nothing changed for ``quiet_ms``: ms from ``after`` to the last changed frame after it (0 if
    none) and how many changed frames came after it."""
    page.wait_for_function(
        """([t, quiet]) => {
          const last = window.__probe.changes[window.__probe.changes.length - 1] || 0;
          return performance.now() - Math.max(t, last) > quiet;
        }""",
        arg=[after, quiet_ms], timeout=timeout_ms, polling=50,
    )  # fmt: skip
    later = page.evaluate("t => window.__probe.changes.filter((c) => c > t)", after)
    return (later[-1] - after if later else 0.0), len(later)


@dataclass
class LabResult:
    still: Window
    training: Window
    cpu: float  # the server's CPU seconds over the training window
    starts: list[float]  # ms, Start click -> first changed frame
    pauses: list[float]  # ms, Pause click -> last changed frame after it
    after_pause: list[int]  # changed frames after each Pause click
    net: dict  # the RECORDER's record
    runs_while_training: int  # script runs that began inside the training window
    received: int  # frames the stream delivered inside the training window


def toggle(page: Page, state: str):
    """The lab's Start/Pause button (ui/components/lab.html), once it offers ``state`` ("start", "pause")."""
    button = page.locator(f"[data-command=toggle][data-state={state}]").first
    button.wait_for(timeout=30_000)
    return button


def lab(browser: Browser, server: Server, args: argparse.Namespace) -> LabResult:
    context = browser.new_context(viewport=VIEWPORT)
    if args.strip_websockets:
        context.add_init_script("window.__strip = true;")
    context.add_init_script(RECORDER)
    page = context.new_page()
    try:
        page.goto(server.url + LAB)
        page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=120_000)
        probe(page, "shadow", args.lab_canvas)
        still, _ = measure(page, args.still)
        started = click(page, toggle(page, "start"))
        wait_moving(page, started)
        page.wait_for_timeout(args.warm * 1000)
        since = now(page)
        delivered = """() => window.__net.fallback + window.__net.sockets
            .filter((s) => s.path === "/api/lab/stream").reduce((n, s) => n + s.frames, 0)"""
        before = page.evaluate(delivered)
        training, cpu = measure(page, args.seconds, server.process.pid)
        received = page.evaluate(delivered) - before
        runs = page.evaluate("t => window.__net.runs.filter(([at, s]) => at >= t && s === 'running').length",
                             since)  # fmt: skip
        wait_still(page, click(page, toggle(page, "pause")))
        starts, pauses, after_pause = [], [], []
        for _ in range(args.cycles):
            started = click(page, toggle(page, "start"))
            starts.append(wait_moving(page, started))
            page.wait_for_timeout(args.run_for * 1000)
            last, count = wait_still(page, click(page, toggle(page, "pause")))
            pauses.append(last)
            after_pause.append(count)
        net = page.evaluate("() => window.__net")
        return LabResult(still, training, cpu, starts, pauses, after_pause, net, runs, received)
    finally:
        context.close()


def playground_window(browser: Browser, url: str, args: argparse.Namespace) -> Window:
    """Playground training: its heatmap's changed frames and its rAF rate (requests off loopback, its
    web fonts, are refused: the run needs no network)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
    page = context.new_page()
    try:
        page.goto(url + playground.SETTINGS)
        page.wait_for_selector(playground.HEATMAP)
        probe(page, "page", playground.HEATMAP)
        wait_moving(page, click(page, page.locator(playground.PLAY)))
        page.wait_for_timeout(args.warm * 1000)
        window, _ = measure(page, args.seconds)
        page.locator(playground.PLAY).click()
        return window
    finally:
        context.close()


def floor_window(browser: Browser, server: Server, args: argparse.Namespace) -> Window:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=120_000)
        probe(page, "shadow", FLOOR_CANVAS)
        window, _ = measure(page, args.still)
        return window
    finally:
        context.close()


def verdict(value: float, goal: float, bar: float | None = None, higher: bool = True) -> str:
    meets = (lambda a, b: a >= b) if higher else (lambda a, b: a <= b)
    if meets(value, goal):
        return "reached"
    return "bar reached, goal not" if bar is not None and meets(value, bar) else "not reached"


def spread(values: list[float], unit: str = "ms") -> str:
    if not values:
        return "n/a"
    return (f"median {statistics.median(values):6.1f} {unit}  p95 {percentile(values, 0.95):6.1f} {unit}  "
            f"max {max(values):6.1f} {unit}  (n={len(values)})")  # fmt: skip


def report(result: LabResult, floor: Window, pg: Window, stripped: bool) -> list[str]:
    """Print the figures; return what makes the run a failure."""
    problems = []
    streams = [s for s in result.net["sockets"] if s["path"] == "/api/lab/stream"]
    frames = sum(s["frames"] for s in streams)
    opened = sum(s["open"] is not None for s in streams)
    codes = sorted({s["code"] for s in streams if s["code"] is not None})
    size = sum(s["bytes"] for s in streams) / max(frames, 1) / 1e3
    print(f"stream: {len(streams)} WebSocket(s) to /api/lab/stream, {opened} opened, {frames} frames "
          f"received ({size:.1f} kB each); fallback requests {result.net['fallback']}; close codes "
          f"{codes or 'none'}")  # fmt: skip
    if stripped:
        print("--strip-websockets: the lab's WebSocket was sent to a closed port; the HTTP fallback drew it")
        polls = result.net["fallback"]
        print(f"fallback: {polls} requests, {result.net['waited'] / max(polls, 1):.1f} ms each on average, "
              f"answers {result.net['statuses']}")  # fmt: skip
        if frames or not result.net["fallback"]:
            problems.append("with WebSockets stripped, the lab did not fall back to HTTP")
    elif not opened or not frames:
        problems.append("the stream did not connect or delivered no frames: the lab was not drawn from it")
    elif result.net["fallback"]:
        problems.append(f"the HTTP fallback answered {result.net['fallback']} requests: the stream failed")
    t, s, f = result.training, result.still, floor
    print(f"\n{'':44}{'changed frames/s':>18}{'page rAF/s':>12}")
    print(f"{'lab, training (' + LAB + ')':44}{t.changed:18.1f}{t.raf:12.1f}")
    print(f"{'lab, still (before Start)':44}{s.changed:18.1f}{s.raf:12.1f}")
    print(f"{'TensorFlow Playground, training':44}{pg.changed:18.1f}{pg.raf:12.1f}")
    print(f"{'bare v2 canvas page (floor_app.py), still':44}{'':>18}{f.raf:12.1f}")
    than = f"{t.changed / pg.changed:.2f}x Playground's" if pg.changed else "Playground drew nothing"
    print(f"\nlab changed frames/s {t.changed:.1f}: goal >= 30, bar 24: {verdict(t.changed, 30, 24)}; {than}")
    print(f"lab page rAF/s while training {t.raf:.1f}: goal >= 50: {verdict(t.raf, 50)}; "
          f"{t.raf / pg.raf:.2f}x Playground's, {t.raf / f.raf:.2f}x the bare v2 page's")  # fmt: skip
    if not t.changes:
        problems.append("the lab's boundary did not change while training")
    if not pg.changes:
        problems.append("Playground's heatmap did not change while training")
    per = 1000 * result.cpu / max(t.changes, 1)
    print(f"server CPU per changed frame {per:.2f} ms ({result.cpu:.2f} s over {t.seconds:.1f} s, "
          f"{result.cpu / t.seconds:.2f} of a core): goal <= 2, bar 3: "
          f"{verdict(per, 2, 3, higher=False)}")  # fmt: skip
    print(f"script runs (Streamlit reruns) while training: {result.runs_while_training} (goal 0); frames "
          f"received meanwhile {result.received / t.seconds:.1f}/s (changed: {t.changed:.1f}/s)")  # fmt: skip
    print(f"\nStart click -> first changed frame   {spread(result.starts)}: goal <= 100 ms (median): "
          f"{verdict(statistics.median(result.starts), 100, higher=False)}")  # fmt: skip
    # "The picture stops within one frame": nothing changes later than one frame (1/60 s) after the click.
    late = percentile(result.pauses, 0.95)
    print(f"Pause click -> last changed frame    {spread(result.pauses)}: goal within one frame (p95 <= "
          f"{FRAME_MS:.1f} ms): {verdict(late, FRAME_MS, higher=False)}")  # fmt: skip
    after = result.after_pause
    print(f"changed frames after the Pause click: median {statistics.median(after):.0f}, max {max(after)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds of training per page")
    parser.add_argument("--still", type=float, default=4.0, help="measured seconds of a still page")
    parser.add_argument("--warm", type=float, default=2.0, help="seconds of training before measuring")
    parser.add_argument("--cycles", type=int, default=12, help="Start/Pause clicks timed (n each)")
    parser.add_argument("--run-for", type=float, default=0.5, help="seconds between a Start and its Pause")
    parser.add_argument("--playground-dir", type=Path, default=playground.CACHE,
                        help="Playground's cache folder: built there when it holds no dist/")  # fmt: skip
    parser.add_argument("--lab-canvas", default=LAB_CANVAS, help="the lab's boundary canvas (CSS selector)")
    parser.add_argument(
        "--strip-websockets", action="store_true", help="the lab's WebSocket fails: time the HTTP fallback"
    )
    args = parser.parse_args()
    print(f"load average {load_average()}", flush=True)
    dist = playground.build(args.playground_dir)
    problems: list[str] = []
    with (
        Server() as app,
        Server("benchmarks/floor_app.py") as floor_app,
        playground.serve(dist) as pg_url,
        sync_playwright() as pw,
    ):
        for server in (app, floor_app):
            wait_until_idle(server.process.pid)
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            started = time.perf_counter()
            floor = floor_window(browser, floor_app, args)
            pg = playground_window(browser, pg_url, args)
            result = lab(browser, app, args)
            print(f"measured in {time.perf_counter() - started:.0f} s; load average {load_average()}\n")
            problems += report(result, floor, pg, args.strip_websockets)
        except PlaywrightError as error:
            problems.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
        finally:
            browser.close()
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
