"""How much memory junk ``/static/`` requests make the server keep, and whether gzip still works.

Streamlit answers any unknown ``/static/...`` path with its ``index.html`` and status 200, so a
cache keyed by path (ui/compression.py) could grow with every distinct junk path a client sends.
This starts the app and warms it: the page, its main bundle gzipped, the JSON API,
then it waits until the server's CPU is idle (its start-up thread imports torch, pandas and plotly
for several seconds and grows it by ~150 MiB meanwhile). It reads the server's resident memory
(``VmRSS`` in /proc/<pid>/status), sends ``--requests`` distinct junk ``/static/`` paths with
``Accept-Encoding: gzip``, reads it again and prints the growth; then fetches the main bundle
again and says whether it still comes back gzipped. Goal: growth <= 20 MiB for 600 requests.

    .venv/bin/python benchmarks/static_junk.py [--requests 600]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import time
import urllib.request
import uuid

from harness import Server


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """utime + stime of process ``pid`` in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, window: float = 0.5, busy: float = 0.02, timeout: float = 120) -> None:
    """Return once process ``pid`` used under ``busy`` CPU seconds in each of two windows in a row."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:
        if time.monotonic() > deadline:
            raise TimeoutError("the server did not settle")
        before = cpu_seconds(pid)
        time.sleep(window)
        quiet = quiet + 1 if cpu_seconds(pid) - before < busy else 0


def get(url: str, accept_encoding: str | None = None) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as reply:
        return {k.lower(): v for k, v in reply.headers.items()}, reply.read()


def main_bundle(url: str) -> str:
    _, html = get(url + "/")
    return re.search(rb'src="\.?(/static/js/[^"]+\.js)"', html).group(1).decode()


def bundle_gzipped(url: str, bundle: str) -> bool:
    headers, body = get(url + bundle, "gzip")
    _, plain = get(url + bundle)
    return headers.get("content-encoding") == "gzip" and gzip.decompress(body) == plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=600)
    args = parser.parse_args()
    server = Server()
    try:
        server.wait_healthy()
        bundle = main_bundle(server.url)
        gzipped_before = bundle_gzipped(server.url, bundle)
        get(server.url + "/api/curve")
        get(server.url + "/api/softmax")
        for _ in range(3):  # a few junk requests first: the code path's own one-off allocations
            get(f"{server.url}/static/warm-{uuid.uuid4().hex}.js", "gzip")
        wait_idle(server.process.pid)
        before = rss_mib(server.process.pid)
        for index in range(args.requests):
            get(f"{server.url}/static/js/junk-{index}-{uuid.uuid4().hex}.js", "gzip")
        after = rss_mib(server.process.pid)
        gzipped_after = bundle_gzipped(server.url, bundle)
    finally:
        server.stop()
    print(f"server RSS before {before:.1f} MiB, after {args.requests} junk /static/ requests {after:.1f} MiB")
    print(f"growth: {after - before:.1f} MiB (goal <= 20 MiB)")
    print(f"main bundle {bundle} gzipped: before {gzipped_before}, after {gzipped_after}")


if __name__ == "__main__":
    main()
