"""A classroom on one server: many visitors and many live trainers, over Streamlit's own protocol.

No browsers: each simulated visitor opens ``/_stcore/stream`` like the frontend does (subprotocol
``streamlit``), sends a ``BackMsg`` ``rerun_script`` with the page's name and query string, and reads
``ForwardMsg`` frames until ``script_finished``. A trainer then presses Start (a ``trigger_value``
for the Start button's widget id, read from its delta) and, like the browser's ``setInterval``,
sends the fragment's timer reruns (``fragment_id``, ``is_auto_rerun``) at the interval the server
asks for in ``auto_rerun``, until ``stop_auto_rerun``. Its speed is read from what it is shown: the
Step metric over a measurement window.

It starts its own server on a free loopback port (``--url`` uses a running one instead), runs each
phase with a deadline and stops everything it started. It prints:

* time to the first chart and to script completion, p50/p95/max, for 10/50/100 simultaneous
  visitors on ``/`` (and on ``/training``);
* steps/s per run (min/median/max) and in total for 1/10/30/60 concurrent trainers, against one
  run alone, and each run's distance from its fair share; refused or queued runs;
* how fast a closed tab's run stops (the worker's active count after everyone leaves);
* the server's RSS and threads before, and 10 s after everyone has left;
* errors (exceptions on a page, failed connections, unfinished runs, "busy" warnings).

    .venv/bin/python -m benchmarks.load [--visitors 10,50,100] [--trainers 1,10,30,60] [--measure 8]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
CHARTS = ("echarts_chart", "plotly_chart", "bidi_component", "vega_lite_chart")
FINISHED = ForwardMsg.ScriptFinishedStatus


def quantiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.2f} s  p95 {p95:6.2f} s  max {ordered[-1]:6.2f} s"


def proc_status(pid: int) -> tuple[float, int]:
    """(RSS in MiB, threads) of a process."""
    rss = threads = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, threads


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(p) for p in listing.read().split()]
    except FileNotFoundError:
        return []


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class Visitor:
    """One simulated browser tab."""

    url: str
    page: str = ""  # "" is the default page at "/"
    query: str = ""
    started: float = 0.0
    first_chart: float | None = None
    finished: float | None = None
    errors: list[str] = field(default_factory=list)
    page_hash: str = ""
    buttons: dict[str, str] = field(default_factory=dict)  # label -> widget id
    steps: list[tuple[float, int]] = field(default_factory=list)  # (time, Step metric)
    captions: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    auto: dict[str, asyncio.Task] = field(default_factory=dict)
    runs: int = 0
    refreshes: int = 0  # fragment runs finished
    ws: object = None

    def rerun(self, widgets: dict[str, bool] | None = None, fragment: str = "") -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.page_script_hash = self.page_hash
        if fragment:
            state.fragment_id = fragment
            state.is_auto_rerun = True
        for widget_id, value in (widgets or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.trigger_value = value
        return msg.SerializeToString()

    async def send(self, data: bytes) -> None:
        try:
            await self.ws.send(data)
        except Exception as error:  # a closed connection: counted by the reader
            self.errors.append(f"send: {type(error).__name__}")

    async def timer(self, fragment: str, interval: float) -> None:
        """The browser's setInterval for a fragment's run_every."""
        while True:
            await asyncio.sleep(interval)
            await self.send(self.rerun(fragment=fragment))

    def handle(self, msg: ForwardMsg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":  # the page this session is on, for the next reruns
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            if what in CHARTS and self.first_chart is None:
                self.first_chart = now - self.started
            elif what == "button":
                self.buttons[element.button.label] = element.button.id
            elif what == "metric" and element.metric.label == "Step":
                self.steps.append((now, int(element.metric.body.replace(",", ""))))
            elif what == "exception":
                self.errors.append(f"exception: {element.exception.type}: {element.exception.message[:80]}")
            elif what == "markdown" and "steps/s" in element.markdown.body:
                self.captions.append(element.markdown.body)
            elif what == "alert":
                body = element.alert.body
                if "busy" in body:
                    self.errors.append("refused: busy")
                if "in line" in body:
                    self.infos.append(body)
        elif kind == "script_finished":
            self.runs += 1
            if self.finished is not None:  # a fragment run that another timer rerun follows at once
                self.refreshes += 1  # ends FINISHED_EARLY_FOR_RERUN: its elements were sent all the same
            if msg.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("compile error")
            if self.finished is None and msg.script_finished == FINISHED.FINISHED_SUCCESSFULLY:
                self.finished = now - self.started
        elif kind == "auto_rerun":
            fragment = msg.auto_rerun.fragment_id
            task = self.auto.pop(fragment, None)
            if task:
                task.cancel()
            self.auto[fragment] = asyncio.create_task(self.timer(fragment, msg.auto_rerun.interval))
        elif kind == "stop_auto_rerun":
            for fragment in msg.stop_auto_rerun.fragment_ids:
                task = self.auto.pop(fragment, None)
                if task:
                    task.cancel()

    async def read(self) -> None:
        try:
            async for frame in self.ws:
                if isinstance(frame, str):
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                self.handle(msg, time.perf_counter())
        except Exception as error:
            if not isinstance(error, asyncio.CancelledError):
                self.errors.append(f"read: {type(error).__name__}")

    async def open(self) -> None:
        self.started = time.perf_counter()
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = await connect(ws_url, subprotocols=["streamlit"], max_size=None, compression=None,
                                open_timeout=60, ping_interval=None)  # fmt: skip
        self.reader = asyncio.create_task(self.read())
        await self.send(self.rerun())

    async def wait(self, what, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while not what():
            if time.perf_counter() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    async def close(self) -> None:
        for task in self.auto.values():
            task.cancel()
        self.auto.clear()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if getattr(self, "reader", None):
            self.reader.cancel()

    def rate(self, since: float, until: float) -> float | None:
        inside = [(t, s) for t, s in self.steps if since <= t <= until]
        if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
            return None
        return (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])


async def visitors(url: str, n: int, page: str, timeout: float) -> tuple[list[Visitor], float]:
    tabs = [Visitor(url, page) for _ in range(n)]
    started = time.perf_counter()
    results = await asyncio.gather(*(tab.open() for tab in tabs), return_exceptions=True)
    for tab, result in zip(tabs, results, strict=True):
        if isinstance(result, Exception):
            tab.errors.append(f"connect: {type(result).__name__}: {result}")
    await asyncio.gather(
        *(tab.wait(lambda t=tab: t.finished is not None or t.errors, timeout) for tab in tabs)
    )
    elapsed = time.perf_counter() - started
    for tab in tabs:
        if tab.finished is None and not tab.errors:
            tab.errors.append("no script completion before the deadline")
    await asyncio.gather(*(tab.close() for tab in tabs))
    return tabs, elapsed


@dataclass
class Round:
    tabs: list[Visitor]
    rates: list[float | None]
    started_in: float  # seconds from the first Start press until every run showed a step
    refreshes: int  # fragment runs during the measurement window
    window: float
    cpu: float  # the server's CPU seconds during the window
    workers: float  # the training workers' CPU seconds during the window
    client: float  # this load generator's CPU seconds during the window


async def trainers(url: str, n: int, warm: float, measure: float, pid: int | None) -> Round:
    tabs = [Visitor(url, "training") for _ in range(n)]
    await asyncio.gather(*(tab.open() for tab in tabs), return_exceptions=True)
    await asyncio.gather(*(tab.wait(lambda t=tab: t.finished is not None, 120) for tab in tabs))
    pressed = time.perf_counter()
    for tab in tabs:
        start = tab.buttons.get("Start")
        if start is None:
            tab.errors.append("no Start button")
            continue
        await tab.send(tab.rerun({start: True}))
    moving = lambda t: bool(t.steps) and t.steps[-1][1] > 0  # noqa: E731
    await asyncio.gather(*(tab.wait(lambda t=tab: moving(t), 60) for tab in tabs))
    started_in = time.perf_counter() - pressed
    await asyncio.sleep(warm)
    since, before = time.perf_counter(), sum(tab.refreshes for tab in tabs)
    cpu0 = cpu_seconds(pid) if pid else 0.0
    pool = worker_pids(pid) if pid else []
    pool0, client0 = sum(map(cpu_seconds, pool)), time.process_time()
    await asyncio.sleep(measure)
    until, after = time.perf_counter(), sum(tab.refreshes for tab in tabs)
    cpu = cpu_seconds(pid) - cpu0 if pid else 0.0
    pool_cpu, client = sum(map(cpu_seconds, pool)) - pool0, time.process_time() - client0
    rates = [tab.rate(since, until) for tab in tabs]
    await asyncio.gather(*(tab.close() for tab in tabs))
    return Round(tabs, rates, started_in, after - before, until - since, cpu, pool_cpu, client)


def start_server(port: int, log: Path, env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.fileWatcherType", "none", "--server.runOnSave", "false"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               env={**os.environ, **env}, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as reply:
                if reply.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise TimeoutError("the server did not become healthy")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(server_pid: int) -> list[int]:
    return [p for p in children(server_pid) if "spawn_main" in _cmdline(p)]


def worker_report(server_pid: int) -> str:
    pids = worker_pids(server_pid)
    if not pids:
        return "no training workers"
    parts = []
    for pid in pids:
        rss, _ = proc_status(pid)
        parts.append(f"{pid}: {rss:.0f} MiB, {cpu_seconds(pid):.1f} s CPU")
    return "training workers " + "; ".join(parts)


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmd:
            return cmd.read().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


async def main_async(args: argparse.Namespace) -> int:
    errors: list[str] = []
    server = None
    log = Path(tempfile.mkstemp(prefix="load-server-", suffix=".log")[1])
    if args.url:
        url, pid = args.url, args.pid
    else:
        port = free_port()
        env = {"ACTIVATIONS_TRAINING_WORKERS": "0"} if args.in_process else {}
        env.update(item.split("=", 1) for item in args.env)
        server = start_server(port, log, env)
        url, pid = f"http://127.0.0.1:{port}", server.pid
    print(f"server {url} pid {pid}, log {log}; {os.cpu_count()} cores; load average {load_average()}")
    try:
        cold = proc_status(pid) if pid else None
        warmups, _ = await visitors(url, 1, "", 120)  # imports and first-run caches
        warmups2, _ = await visitors(url, 1, "training", 120)
        errors += [e for tab in warmups + warmups2 for e in tab.errors]
        await asyncio.sleep(2)
        before = proc_status(pid) if pid else None
        if before:
            print(f"server RSS {cold[0]:.0f} MiB / {cold[1]} threads at start; "
                  f"{before[0]:.0f} MiB / {before[1]} threads after one visit to each page")  # fmt: skip

        for page in args.pages.split(","):
            page = "" if page == "/" else page
            for n in [int(x) for x in args.visitors.split(",") if x]:
                cpu0 = cpu_seconds(pid) if pid else 0
                tabs, elapsed = await visitors(url, n, page, args.timeout)
                cpu = (cpu_seconds(pid) - cpu0) if pid else 0
                bad = [e for tab in tabs for e in tab.errors]
                errors += bad
                charts = [t.first_chart for t in tabs if t.first_chart is not None]
                done = [t.finished for t in tabs if t.finished is not None]
                per = 1000 * cpu / max(n, 1)
                print(f"\n{n:4d} visitors on /{page}: all done in {elapsed:.1f} s, server CPU {cpu:.1f} s "
                      f"({per:.0f} ms per visitor); load average {load_average()}")  # fmt: skip
                print(f"     first chart      {quantiles(charts)}  ({len(charts)}/{n})")
                print(f"     script finished  {quantiles(done)}  ({len(done)}/{n}); errors {len(bad)}")
                await asyncio.sleep(args.pause)

        alone = None
        for n in [int(x) for x in args.trainers.split(",") if x]:
            cpu0 = cpu_seconds(pid) if pid else 0
            result = await trainers(url, n, args.warm, args.measure, pid)
            tabs, rates = result.tabs, result.rates
            cpu = (cpu_seconds(pid) - cpu0) if pid else 0
            bad = [e for tab in tabs for e in tab.errors]
            errors += bad
            got = [r for r in rates if r]
            queued = sum(1 for tab in tabs if tab.infos)
            if n == 1 and got:
                alone = got[0]
            moving = result.started_in
            print(f"\n{n:4d} trainers: {len(got)}/{n} trained; queued {queued}; errors {len(bad)}; "
                  f"all moving {moving:.1f} s after Start; load average {load_average()}")  # fmt: skip
            per = result.refreshes / result.window / max(n, 1)
            redraw, busy = 1000 * result.cpu / max(result.refreshes, 1), result.cpu / result.window
            print(f"     refreshes {per:.1f}/s per run; server CPU {busy:.2f} cores while "
                  f"measuring, {redraw:.1f} ms per refresh; {cpu:.1f} s in the round")  # fmt: skip
            window = result.window
            print(f"     training workers {result.workers / window:.2f} cores; this load generator "
                  f"{result.client / window:.2f} cores (while measuring)")  # fmt: skip
            if got:
                total = sum(got)
                fair = total / n
                worst = max(abs(r - fair) / fair for r in got)
                median = statistics.median(got)
                print(f"     per run steps/s  min {min(got):8,.0f}  median {median:8,.0f}  "
                      f"max {max(got):8,.0f}  (worst {worst:.0%} off the fair {fair:,.0f})")  # fmt: skip
                line = f"     aggregate {total:10,.0f} steps/s"
                if alone:
                    line += f" = {total / alone:.2f} x one run alone ({alone:,.0f})"
                    line += f" = {total / (alone * os.cpu_count()):.0%} of one run x {os.cpu_count()} cores"
                print(line)
                shares = [re.search(r"(\d+)% of a core", tab.captions[-1]) for tab in tabs if tab.captions]
                shown = [int(m.group(1)) for m in shares if m]
                if shown:
                    print(f"     shown share: {min(shown)}-{max(shown)} % of a core")
            if pid:
                print(f"     {worker_report(pid)}")
            await asyncio.sleep(args.pause)
            if pid and n == max(int(x) for x in args.trainers.split(",") if x):
                print(f"     1.5 s after they left: {worker_report(pid)}")

        if pid:
            await asyncio.sleep(10)
            after = proc_status(pid)
            growth = (after[0] - before[0]) / before[0]
            print(f"\nserver RSS {after[0]:.0f} MiB / {after[1]} threads 10 s after everyone left "
                  f"({growth:+.1%} from {before[0]:.0f} MiB / {before[1]} threads)")  # fmt: skip
            print(f"     {worker_report(pid)}")
            if args.linger:
                # Streamlit keeps up to 128 closed sessions for 2 minutes (and drops them when a
                # session is looked up): wait, then one visit, then measure again.
                await asyncio.sleep(max(0.0, args.linger - 10))
                await visitors(url, 1, "", 60)
                await asyncio.sleep(2)
                later = proc_status(pid)
                growth = (later[0] - before[0]) / before[0]
                print(f"server RSS {later[0]:.0f} MiB / {later[1]} threads {args.linger:.0f} s after all "
                      f"left and one more visit ({growth:+.1%})")  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"\nerrors: {len(errors)}")
    for error in sorted(set(errors))[:20]:
        print(f"  {errors.count(error)} x {error}")
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", default="10,50,100", help="simultaneous new visitors per round")
    parser.add_argument("--pages", default="/", help="pages for the visitor rounds, e.g. /,training")
    parser.add_argument("--trainers", default="1,10,30,60", help="concurrent trainers per round")
    parser.add_argument("--warm", type=float, default=4.0, help="seconds of training before measuring")
    parser.add_argument("--measure", type=float, default=8.0, help="seconds measured per trainer round")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between rounds")
    parser.add_argument("--timeout", type=float, default=120.0, help="deadline of a visitor round")
    parser.add_argument("--in-process", action="store_true", help="ACTIVATIONS_TRAINING_WORKERS=0")
    parser.add_argument(
        "--linger", type=float, default=0.0, help="also measure RSS this long after (e.g. 130)"
    )
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server (repeatable)")
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for RSS and CPU")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
