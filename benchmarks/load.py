"""A classroom on one server: many visitors and many live trainers, over Streamlit's own protocol.

No browsers: each simulated visitor opens ``/_stcore/stream`` like the frontend does (subprotocol
``streamlit``), sends a ``BackMsg`` ``rerun_script`` with the page's name and query string, and reads
``ForwardMsg`` frames until ``script_finished``. A trainer (a student, ``harness/lab_client.py``) then
presses Start as the lab's chart does (a report in the component's state: one rerun, and
``{"cmd": "start"}`` over the stream), reads the run's token from the component's data, opens the
lab's stream (``/api/lab/stream``) and pulls frames like the browser: one want after each frame. Its
speed is read from its frames' headers (steps) over a measurement window.

It starts its own server on a free loopback port (``--url`` uses a running one instead), runs each
phase with a deadline and stops everything it started. It prints:

* time to the first chart and to script completion, p50/p95/max, for 10/50/100 simultaneous
  visitors on ``/`` (and on ``/training``);
* for 1/10/30/60 concurrent trainers: frames/s each student received (min/median; goal >= 5 for
  30 students), steps/s per run (min/median/max) and each run's distance from its fair share (goal
  within 25 %), in total against one run alone x the cores (goal >= 80 %), refused or queued runs
  (goal 0), the server's CPU per frame relayed;
* how fast a closed tab's run stops (the worker's active count after everyone leaves);
* one real browser user (headless Chromium): the Activations parameter slider's latency, measured
  as ``benchmarks/latency.py`` does, idle and while ``--browser`` (30) trainers train, and the ratio
  of the p95s (goal: at most 1.5);
* the server's RSS and threads before, and 10 s after everyone has left;
* faults (``harness/faults.py``): 20 ``clear_cache`` messages while another tab trains; malformed
  frames, a 10 MB frame and 500 reruns in 5 s: the server's health, the other tab, and a new
  visitor's first run before and after;
* errors (exceptions on a page, failed connections, unfinished runs, "busy" warnings).

    .venv/bin/python -m benchmarks.load [--visitors 10,50,100] [--trainers 1,10,30,60] [--browser 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TypeVar

from playwright.sync_api import sync_playwright

from benchmarks import latency
from harness import CHROMIUM, CHROMIUM_ARGS, faults, streamlit_client
from harness.lab_client import Student
from harness.streamlit_client import Tab as Visitor

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


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
    """``pid``'s child processes: each thread lists those it started (the training workers are started
    from a spawner thread, not the main one)."""
    found = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in listing.read_text().split()]
        except OSError:  # the thread ended meanwhile
            continue
    return found


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def visitors(url: str, n: int, page: str, timeout: float) -> tuple[list[Visitor], float]:
    started = time.perf_counter()
    tabs = await streamlit_client.visitors(url, n, page, timeout)
    return tabs, time.perf_counter() - started


@dataclass
class Round:
    students: list[Student]
    rates: list[float | None]  # each run's steps/s over the window (from its frames' headers)
    frames: list[int]  # frames each student received during the window
    started_in: float  # seconds from the first Start press until every run sent a moving frame
    window: float
    cpu: float  # the server's CPU seconds during the window
    workers: float  # the training workers' CPU seconds during the window
    client: float  # this load generator's CPU seconds during the window


def refused(student: Student) -> bool:
    """The lab said busy or put the run in line, or the stream refused the student's token."""
    return (
        student.queued
        or any("busy" in error for error in student.tab.errors)
        or student.close_code in (4401, 4410)
        or not student.socket
    )


async def start_trainers(url: str, n: int) -> tuple[list[Student], float]:
    """``n`` students on the Training lab, each pressing Start and pulling frames from the stream;
    returns once every run sent a frame with steps (or after a minute), with the seconds that took
    from the first press."""
    students = [Student(url) for _ in range(n)]
    opened = await asyncio.gather(*(student.open() for student in students))
    pressed = time.perf_counter()
    await asyncio.gather(*(student.start() for student, ok in zip(students, opened, strict=True) if ok))
    moving = lambda s: any(steps > 0 and status == "running" for _, steps, status in s.frames)  # noqa: E731
    await asyncio.gather(*(s.tab.wait(lambda s=s: moving(s) or s.errors, 60) for s in students))
    return students, time.perf_counter() - pressed


async def measured(students: list[Student], pid: int | None, during: Awaitable[T]) -> tuple[Round, T]:
    """The students' frames and their runs' speed, and the CPU of everyone, while ``during`` runs;
    and its result."""
    since = time.perf_counter()
    cpu0 = cpu_seconds(pid) if pid else 0.0
    pool = worker_pids(pid) if pid else []
    pool0, client0 = sum(map(cpu_seconds, pool)), time.process_time()
    value = await during
    until = time.perf_counter()
    cpu = cpu_seconds(pid) - cpu0 if pid else 0.0
    pool_cpu, client = sum(map(cpu_seconds, pool)) - pool0, time.process_time() - client0
    windows = [student.window(since, until) for student in students]
    frames, rates = [w[0] for w in windows], [w[1] for w in windows]
    return Round(students, rates, frames, 0.0, until - since, cpu, pool_cpu, client), value


async def trainers(url: str, n: int, warm: float, measure: float, pid: int | None) -> Round:
    students, started_in = await start_trainers(url, n)
    try:
        await asyncio.sleep(warm)
        result, _ = await measured(students, pid, asyncio.sleep(measure))
    finally:
        await asyncio.gather(*(student.close() for student in students))
    result.started_in = started_in
    return result


def slider_latency(url: str, pid: int, repeats: int) -> tuple[list[float], float]:
    """A real headless Chromium on the Activations page: ms from a parameter slider key press to the
    first frame with the redrawn chart, measured exactly as ``benchmarks/latency.py`` does (its
    "parameter slider" scenario and its ``run``); and the server's CPU ms per interaction."""
    scenario = next(s for s in latency.SCENARIOS if s.name == "parameter slider")
    server = SimpleNamespace(url=url, process=SimpleNamespace(pid=pid))  # what latency.run reads
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            samples, _, cpu = latency.run(context.new_page(), server, scenario, repeats)
            context.close()
        finally:
            browser.close()
    return samples, 1000 * cpu


def latency_line(samples: list[float]) -> str:
    p50, p95 = statistics.median(samples), latency.percentile(samples, 0.95)
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(samples):6.1f} ms  (n={len(samples)})"


def report_round(result: Round, n: int, alone: float | None) -> None:
    """Frames, CPU and steps/s of a round of ``n`` students pulling frames."""
    window, total = result.window, sum(result.frames)
    each = sorted(frames / window for frames in result.frames)
    if each:
        print(f"     frames/s per student  min {each[0]:.1f}  median {statistics.median(each):.1f}  "
              f"max {each[-1]:.1f} (goal >= 5: {'reached' if each[0] >= 5 else 'not reached'})")  # fmt: skip
    per, busy = 1000 * result.cpu / max(total, 1), result.cpu / window
    print(f"     server CPU {busy:.2f} cores while measuring, {per:.2f} ms per frame relayed; training "
          f"workers {result.workers / window:.2f} cores; this load generator {result.client / window:.2f} "
          f"cores")  # fmt: skip
    got = [r for r in result.rates if r]
    if got:
        total_rate = sum(got)
        fair = total_rate / n
        worst = max(abs(r - fair) / fair for r in got)
        median = statistics.median(got)
        print(f"     per run steps/s  min {min(got):8,.0f}  median {median:8,.0f}  max {max(got):8,.0f}  "
              f"(worst {worst:.0%} off the fair {fair:,.0f}; goal within 25 %: "
              f"{'reached' if worst <= 0.25 else 'not reached'})")  # fmt: skip
        line = f"     aggregate {total_rate:10,.0f} steps/s"
        if alone:
            share = total_rate / (alone * os.cpu_count())
            line += f" = {total_rate / alone:.2f} x one run alone ({alone:,.0f})"
            line += f" = {share:.0%} of one run x {os.cpu_count()} cores (goal >= 80 %: "
            line += f"{'reached' if share >= 0.8 else 'not reached'})"
        print(line)
    shares = [s.last["share"] for s in result.students if isinstance(s.last.get("share"), int | float)]
    if shares:
        print(f"     shown share: {100 * min(shares):.0f}-{100 * max(shares):.0f} % of a core")


async def fault_round(url: str) -> list[str]:
    """The faults of ``harness/faults.py``, each between two measurements of a new visitor's first
    run on ``/`` (median of 3): 20 clear_cache messages while another tab trains; malformed frames,
    a 10 MB frame and 500 reruns in 5 s while another tab stays open."""
    errors = []
    rounds = {
        "20 clear_cache while another tab trains": lambda: faults.clear_cache_spam(url, 20),
        "malformed frames, a 10 MB frame, 500 reruns in 5 s": lambda: faults.abuse(url, 500, 5.0),
    }
    for name, fault in rounds.items():
        before = await faults.first_run(url)
        outcome = await fault()
        await asyncio.sleep(2)
        after = await faults.first_run(url)
        print(f"\nfault: {name}; load average {load_average()}")
        print(f"     server healthy {outcome.healthy}; the other tab went on {outcome.other_ok}; "
              f"a new visitor's first run {1000 * before:.0f} ms before, {1000 * after:.0f} ms after "
              f"({after / before:.2f} x)")  # fmt: skip
        timings = ", ".join(f"{what} {seconds:.1f} s" for what, seconds in outcome.seconds.items())
        print(f"     {timings}")
        if outcome.close_codes:
            codes = ", ".join(
                f"{what} {int(code) if code else None}" for what, code in outcome.close_codes.items()
            )
            print(f"     connection closed by the server with: {codes}")
        errors += [f"{name}: {error}" for error in outcome.errors]
        if not (outcome.healthy and outcome.other_ok):
            errors.append(f"{name}: server healthy {outcome.healthy}, other tab went on {outcome.other_ok}")
    return errors


async def browser_under_trainers(url: str, pid: int, n: int, repeats: int, warm: float) -> list[str]:
    """One real browser user's slider latency, idle and while ``n`` trainers train (goal: p95 under
    load at most 1.5 x idle). Returns the errors seen."""
    print(f"\nbrowser: parameter slider on /?act=leaky_relu, {repeats} presses, idle; load average "
          f"{load_average()}")  # fmt: skip
    idle, idle_cpu = await asyncio.to_thread(slider_latency, url, pid, repeats)
    print(f"     idle               {latency_line(idle)}; server CPU {idle_cpu:.1f} ms/interaction")
    students, started_in = await start_trainers(url, n)
    try:
        await asyncio.sleep(warm)
        print(f"     {n} trainers moving {started_in:.1f} s after Start; load average {load_average()}")
        during = asyncio.to_thread(slider_latency, url, pid, repeats)
        result, (loaded, _) = await measured(students, pid, during)
    finally:
        await asyncio.gather(*(student.close() for student in students))
    print(f"     under {n} trainers  {latency_line(loaded)}; load average {load_average()}")
    ratio = latency.percentile(loaded, 0.95) / latency.percentile(idle, 0.95)
    verdict = "reached" if ratio <= 1.5 else "not reached"
    print(f"     p95 under {n} trainers / idle p95 = {ratio:.2f} (goal <= 1.5: {verdict}); "
          f"p50 ratio {statistics.median(loaded) / statistics.median(idle):.2f}")  # fmt: skip
    print(f"     meanwhile, {n} trainers:")
    report_round(result, n, None)
    return [e for student in students for e in student.errors + student.tab.errors]


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
        env = {"MALLOC_ARENA_MAX": "2"}  # as `make run` and the Dockerfile start the server
        if args.in_process:
            env["ACTIVATIONS_TRAINING_WORKERS"] = "0"
        env.update(item.split("=", 1) for item in args.env)
        env = {key: value for key, value in env.items() if value}  # KEY= : not set
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
            students, rates = result.students, result.rates
            cpu = (cpu_seconds(pid) - cpu0) if pid else 0
            bad = [e for student in students for e in student.errors + student.tab.errors]
            errors += bad
            got = [r for r in rates if r]
            turned_away = sum(map(refused, students))
            if n == 1 and got:
                alone = got[0]
            moving = result.started_in
            print(f"\n{n:4d} trainers (the stream): {len(got)}/{n} trained; refused or queued {turned_away} "
                  f"(goal 0); errors {len(bad)}; all moving {moving:.1f} s after Start; load average "
                  f"{load_average()}")  # fmt: skip
            report_round(result, n, alone)
            print(f"     {cpu:.1f} s of server CPU in the round")
            if pid:
                print(f"     {worker_report(pid)}")
            await asyncio.sleep(args.pause)
            if pid and n == max(int(x) for x in args.trainers.split(",") if x):
                print(f"     1.5 s after they left: {worker_report(pid)}")

        if args.browser and pid:
            try:
                errors += await browser_under_trainers(url, pid, args.browser, args.repeats, args.warm)
            except Exception as error:  # the browser's deadline: report it, measure the rest
                print(f"     browser measurement failed: {type(error).__name__}: {str(error)[:200]}")
                errors.append(f"browser: {type(error).__name__}")
            await asyncio.sleep(args.pause)

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
        if args.faults:
            errors += await fault_round(url)
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
    parser.add_argument(
        "--browser", type=int, default=30, metavar="N",
        help="a real Chromium's slider latency, idle and under N trainers; 0: skip",
    )  # fmt: skip
    parser.add_argument("--repeats", type=int, default=30, help="slider presses per browser measurement")
    parser.add_argument("--faults", action=argparse.BooleanOptionalAction, default=True,
                        help="clear_cache spam, malformed frames, a rerun flood (last)")  # fmt: skip
    parser.add_argument("--in-process", action="store_true", help="ACTIVATIONS_TRAINING_WORKERS=0")
    parser.add_argument(
        "--linger", type=float, default=0.0, help="also measure RSS this long after (e.g. 130)"
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        help="KEY=VALUE for the server (repeatable); KEY= leaves KEY unset, e.g. MALLOC_ARENA_MAX= for "
        "glibc's default (MALLOC_ARENA_MAX=2 otherwise, as `make run` sets it)",
    )
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for RSS and CPU")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
