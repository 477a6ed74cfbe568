"""Bytes a first visit transfers, and the server CPU it costs, with and without gzip.

A teacher's link is opened by a whole class on a school network: each fresh browser downloads
Streamlit's JavaScript once (content-hashed, cached for a year afterwards), several MB. This
opens a page in fresh Chromium contexts (empty cache), waits until the script ran and the network
is idle, and sums what came over the wire (``request.sizes()``: encoded body + headers). The
server's CPU time over the visit (utime + stime from /proc) shows what compressing costs.

    .venv/bin/python benchmarks/first_visit.py [--path /] [--visits 3]

Runs the server twice: ``ACTIVATIONS_GZIP=0`` (Streamlit's default: static files uncompressed)
and with the app's GZipMiddleware (ui/compression.py). Loopback only, stops by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter

from playwright.sync_api import Browser, sync_playwright

from harness import CHROMIUM, CHROMIUM_ARGS, Server


def cpu_seconds(pid: int) -> float:
    """utime + stime of process ``pid`` in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def visit(browser: Browser, url: str) -> tuple[int, Counter, int]:
    """Total bytes, bytes per kind (js, css, font, other) and gzip-encoded responses of one visit."""
    context = browser.new_context()
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=120_000)
    page.wait_for_load_state("networkidle")  # lazy chunks (charts, components) load after the run
    page.wait_for_timeout(500)
    kinds: Counter = Counter()
    gzipped = 0
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        headers = response.headers if response else {}
        gzipped += headers.get("content-encoding") == "gzip"
        path = request.url.split("?")[0]
        kind = next((k for k in ("js", "css", "woff2", "woff", "ttf") if path.endswith("." + k)), "other")
        kinds[kind] += size
    context.close()
    return sum(kinds.values()), kinds, gzipped


def measure(browser: Browser, path: str, visits: int, gzip: bool) -> None:
    os.environ["ACTIVATIONS_GZIP"] = "1" if gzip else "0"
    server = Server()
    try:
        server.wait_healthy()
        visit(browser, server.url + path)  # warm the server (imports, first run) before measuring
        totals, cpus = [], []
        for _ in range(visits):
            before = cpu_seconds(server.process.pid)
            total, kinds, gzipped = visit(browser, server.url + path)
            cpus.append(cpu_seconds(server.process.pid) - before)
            totals.append(total)
    finally:
        server.stop()
    label = "gzip" if gzip else "no gzip"
    mb = statistics.median(totals) / 1e6
    per_kind = ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in kinds.most_common())
    print(f"{label:8s} {path}: {mb:.2f} MB per first visit ({per_kind}; {gzipped} responses gzip-encoded)")
    print(f"{'':8s} server CPU per visit: median {statistics.median(cpus):.2f} s ({visits} visits)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/", help="page and query to open, e.g. /softmax")
    parser.add_argument("--visits", type=int, default=3, help="fresh-browser visits per setting")
    args = parser.parse_args()
    started = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for gzip in (False, True):
            measure(browser, args.path, args.visits, gzip)
        browser.close()
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
