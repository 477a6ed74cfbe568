"""Two replicas behind HAProxy on loopback: every session sticks to one, and survives losing it.

Streamlit keeps a session in one process, so replicas need sticky sessions; every view of this app
lives in its URL, so losing a replica should cost a visitor only what was live there. This shows
both with the real frontend. It starts two ``streamlit run app.py`` replicas and HAProxy with
deploy/haproxy.cfg (its server-template swapped for the two local servers), opens ``--sessions``
Chromium contexts one after another on a mix of links, and starts a Training lab run in two.

* Stickiness: every HTTP reply a session got names one replica (HAProxy's ``X-Replica`` header).
* The lab's stream (``/api/lab/stream``) through the balancer: a training session's frames arrive
  over its WebSocket (it reached the replica holding its session, where its token lives); the same
  token sent with the other replica's cookie is refused there (close code 4401).
* Fail-over: it kills (SIGKILL) the replica holding the first run. For each of that replica's
  sessions it times, in the page's own clock, when the frontend's new WebSocket opened; then the
  next rerun (the ``r`` key, as a visitor's next interaction would) and a reload, each compared
  with the view before (URL and every input's value). The other replica's sessions must keep
  their WebSocket. It reports what was lost (live runs) and whether any process the dead replica
  had started (training workers) outlived it.
* HAProxy's log: replies per replica and status class, replicas marked DOWN/UP.

Needs Debian's haproxy (``apt-get install -y haproxy``; ``make replicas`` installs it and runs
this). Loopback only; a watchdog ends everything after ``--timeout`` seconds.

    .venv/bin/python benchmarks/replicas.py [--sessions 20] [--timeout 600]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from playwright.sync_api import Browser, BrowserContext, Page, Response, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from harness import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, free_port
from harness.streamlit_client import run_sync

LINKS = [
    "/?act=elu&alpha=2&xmin=-4",
    "/?act=gelu&approximate=tanh&compare=relu",
    "/?act=leaky_relu&negative_slope=0.2&lang=ko",
    "/softmax?logits=3,1,0.2,-1&temperature=0.5",
    "/softmax?logits=1,2,3&sort=true&lang=ko",
    "/?act=softplus&beta=2&x0=-1",
    "/speed?size=65536",
]
TRAIN_LINK = "/training?dataset=circles&act=relu&hidden=8,8&lr=0.1&pace=10"

# Record every WebSocket and every change of the script state with the page's own clock (ms since
# the epoch): Playwright's events arrive late when the driver is busy with another page.
RECORDER = """
(() => {
  const Native = window.WebSocket;
  window.__ws = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const rec = {url: String(args[0]), created: Date.now(), open: null, firstMessage: null, messages: 0,
                   closed: null, code: null};
      window.__ws.push(rec);
      this.addEventListener('open', () => { rec.open = Date.now(); });
      this.addEventListener('message', () => { rec.messages += 1; rec.firstMessage ??= Date.now(); });
      this.addEventListener('close', (event) => { rec.closed = Date.now(); rec.code = event.code; });
    }
  };
  window.__states = [];
  new MutationObserver(() => {
    const el = document.querySelector('[data-test-script-state]');
    const state = el && el.getAttribute('data-test-script-state');
    const last = window.__states[window.__states.length - 1];
    if (state && (!last || last[1] !== state)) window.__states.push([Date.now(), state]);
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ['data-test-script-state']});
})();
"""
# The lab's Start/Pause toggle (in the chart component's shadow root) shows Pause: a run trains.
TRAINING = """[...document.querySelectorAll('[data-testid=stBidiComponentIsolated]')]
    .some((host) => host.shadowRoot?.querySelector('[data-command=toggle][data-state=pause]'))"""
VIEW = (
    """() => ({
  url: location.pathname + location.search,
  inputs: Array.from(document.querySelectorAll(
      'section.stMain input, section.stMain select, section.stMain textarea,'
      + ' [data-testid="stSidebar"] input'))
    .map(e => e.type === 'checkbox' ? String(e.checked) : e.value),
  training: """
    + TRAINING
    + """,
})"""
)
STREAM = "/api/lab/stream"  # the lab's frames (docs/stream.md)


class Session:
    """One visitor: a Chromium context on one link, and the replica of every HTTP response."""

    def __init__(self, context: BrowserContext, link: str) -> None:
        self.context, self.link = context, link
        self.responses: list[
            tuple[float, str, int, str]
        ] = []  # sent (ms since the epoch), replica, status, url
        context.on("response", self._record)
        context.add_init_script(RECORDER)
        self.page: Page = context.new_page()

    def _record(self, response: Response) -> None:
        if response.url.startswith("http"):  # not the blob: URLs of web workers
            started = response.request.timing["startTime"]  # the page's clock; events arrive late
            self.responses.append(
                (started, response.headers.get("x-replica", "?"), response.status, response.url)
            )

    @property
    def replicas(self) -> Counter:
        return Counter(response[1] for response in self.responses)

    @property
    def replica(self) -> str:
        return self.replicas.most_common(1)[0][0] if self.responses else "?"

    def wait_ready(self, timeout_ms: int = 120_000) -> None:
        self.page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
        self.page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout_ms)

    def view(self) -> dict:
        return self.page.evaluate(VIEW)

    def settled_view(self, want: dict, seconds: float = 5) -> dict:
        """The view once it equals ``want``, or as it is after ``seconds`` (a page may rerun once more
        right after its first run, e.g. to write fixed link values back)."""
        deadline = time.monotonic() + seconds
        while (view := self.view()) != want and time.monotonic() < deadline:
            self.page.wait_for_timeout(250)
        return view


def haproxy_config(port: int, servers: dict[str, int], sock: Path) -> str:
    """deploy/haproxy.cfg on loopback: bind, two static servers instead of Docker's DNS, a stats socket."""
    cfg = (ROOT / "deploy" / "haproxy.cfg").read_text()
    cfg = re.sub(r"(?m)^resolvers docker\n(?:[ \t]+.*\n?)*", "", cfg)
    cfg = re.sub(r"(?m)^(\s*)bind :8080.*$", rf"\1bind 127.0.0.1:{port}", cfg)
    lines = "\n".join(f"    server {name} 127.0.0.1:{p}" for name, p in servers.items())
    cfg, n = re.subn(r"(?m)^\s*server-template .*$", lines, cfg)
    assert n == 1, "deploy/haproxy.cfg: expected one server-template line"
    cfg = cfg.replace("global\n", f"global\n    stats socket {sock} mode 600 level admin\n", 1)
    return cfg


def haproxy_stat(sock: Path) -> dict[str, dict[str, str]]:
    """HAProxy's ``show stat`` for the backend's servers: name -> {scur, status, ...}."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(str(sock))
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    header, *rows = data.decode().strip().splitlines()
    names = header.lstrip("# ").split(",")
    stats = [dict(zip(names, row.split(","), strict=False)) for row in rows]
    return {r["svname"]: r for r in stats if r["pxname"] == "streamlit" and r["svname"] != "BACKEND"}


def balancer_summary(log: Path) -> str:
    """What HAProxy's log says: replies by replica and status class, and each replica going DOWN/UP."""
    replies, changes = Counter(), []
    for line in log.read_text(errors="replace").splitlines():
        if match := re.search(r" streamlit/(\S+) \S+ (\d)\d\d ", line):
            replies[f"{match.group(1)} {match.group(2)}xx"] += 1
        elif match := re.search(r"Server streamlit/(\S+) is (UP|DOWN), reason: ([^,]+)", line):
            changes.append(f"{match.group(1)} {match.group(2)} ({match.group(3)})")
    changed = ", ".join(dict.fromkeys(changes)) or "none"
    return f"replies {dict(sorted(replies.items()))}; state changes: {changed}"


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (a replica's training workers, if it has any), from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)}


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


def watchdog(seconds: float, children: list[subprocess.Popen], tmp: Path) -> threading.Timer:
    """Stop everything after ``seconds``, whatever the main thread is waiting for (a signal handler
    would wait for Playwright to return); Chromium ends with Playwright's driver."""

    def stop() -> None:
        print(f"--timeout ({seconds:.0f} s) reached: stopping everything", flush=True)
        for child in children:
            below = descendants(child.pid)  # a replica's training workers
            child.kill()
            for pid in alive(below):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)
        os._exit(3)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    return timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--timeout", type=int, default=600, help="seconds before everything is stopped")
    args = parser.parse_args()
    if not shutil.which("haproxy"):
        raise SystemExit("haproxy not found: apt-get install -y haproxy (or: make replicas)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up on `kill` too
    replicas = {name: Server() for name in ("r1", "r2")}  # the app gzips; HAProxy passes that through
    tmp = Path(tempfile.mkdtemp(prefix="replicas-"))
    port, sock = free_port(), tmp / "haproxy.sock"
    (tmp / "haproxy.cfg").write_text(haproxy_config(port, {n: s.port for n, s in replicas.items()}, sock))
    balancer = subprocess.Popen(
        ["haproxy", "-db", "-f", str(tmp / "haproxy.cfg")],
        stdout=(tmp / "haproxy.log").open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    timer = watchdog(args.timeout, [balancer, *(server.process for server in replicas.values())], tmp)
    try:
        for server in replicas.values():
            server.wait_healthy()
        wait_http(url + "/_stcore/health")
        run(url, replicas, sock, args.sessions)
        print(f"HAProxy's log: {balancer_summary(tmp / 'haproxy.log')}")
    finally:
        timer.cancel()
        balancer.terminate()
        below = set().union(*(descendants(server.process.pid) for server in replicas.values()))
        for server in replicas.values():
            server.stop()
        time.sleep(1)
        for pid in alive(below):  # a replica's workers that outlived it: ours, so end them
            print(f"  problem: process {pid} outlived its replica; ending it")
            os.kill(pid, signal.SIGKILL)
        balancer.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


def gzip_through_balancer(url: str) -> str:
    """How the balancer answers for the page's main script, with and without ``Accept-Encoding: gzip``."""
    with urllib.request.urlopen(url + "/", timeout=30) as reply:
        script = re.search(rb'src="\.?(/static/js/[^"]+\.js)"', reply.read()).group(1).decode()
    sizes = {}
    for encoding in ("identity", "gzip"):
        request = urllib.request.Request(url + script, headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request, timeout=30) as reply:
            sizes[encoding] = (len(reply.read()), reply.headers.get("Content-Encoding", "none"))
    return (
        f"{script}: {sizes['identity'][0] / 1e3:.0f} kB plain, {sizes['gzip'][0] / 1e3:.0f} kB with "
        f"Accept-Encoding: gzip (Content-Encoding: {sizes['gzip'][1]})"
    )


def run(url: str, replicas: dict[str, Server], sock: Path, n: int) -> None:
    version = subprocess.run(["haproxy", "-v"], capture_output=True, text=True).stdout.split()[2]
    print(f"2 replicas (streamlit run app.py) behind HAProxy {version} on {url}, {n} sessions")
    print(f"gzip through HAProxy: {gzip_through_balancer(url)}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        sessions = open_sessions(browser, url, n)
        stream_through_balancer(sessions, url)
        victim = next(s.replica for s in sessions if s.link == TRAIN_LINK)
        survivor = next(name for name in replicas if name != victim)
        moved = [s for s in sessions if s.replica == victim]
        stayed = [s for s in sessions if s.replica != victim]
        before = {id(s): s.view() for s in moved}
        running = sum(view["training"] for view in before.values())
        workers = descendants(replicas[victim].process.pid)
        t0 = time.time() * 1000
        replicas[victim].process.kill()
        print(f"killed {victim} (SIGKILL) with {len(moved)} sessions, {running} of them training")
        fail_over(moved, stayed, before, t0, survivor)
        orphans = alive(workers)
        print(
            f"processes the killed replica had started: {len(workers)}; still running "
            f"{(time.time() * 1000 - t0) / 1e3:.0f} s later: {len(orphans)}"
        )
        for pid in orphans:  # ours: end them, so the benchmark leaves nothing behind
            os.kill(pid, signal.SIGKILL)
        live = {name: int(row["scur"]) for name, row in haproxy_stat(sock).items()}
        errors = Counter(status for s in moved for t, _, status, _ in s.responses if t > t0 and status >= 500)
        print(
            f"afterwards: HAProxy's live connections per replica {dict(sorted(live.items()))}; HTTP 5xx "
            f"replies to the moved sessions since the kill: {sum(errors.values())}"
        )
        browser.close()


def open_sessions(browser: Browser, url: str, n: int) -> list[Session]:
    """Open ``n`` sessions one after another, then start a training run in the first two."""
    started = time.perf_counter()
    sessions = []
    for i in range(n):
        link = TRAIN_LINK if i < 2 else LINKS[i % len(LINKS)]
        session = Session(browser.new_context(viewport={"width": 1200, "height": 900}), link)
        session.page.goto(url + link)
        session.wait_ready()
        sessions.append(session)
    opened = time.perf_counter() - started
    for session in sessions[:2]:  # start the runs last: they take CPU from the replica
        session.page.bring_to_front()
        session.page.locator("[data-command=toggle]").first.click()  # the lab chart's Start
        try:
            session.page.wait_for_function(f"() => {TRAINING}", timeout=90_000, polling=100)
        except PlaywrightError:
            session.page.screenshot(path="/tmp/replicas-start.png")
            print("  problem: a training run did not start (screenshot: /tmp/replicas-start.png)")
    time.sleep(2)
    per_replica = Counter(s.replica for s in sessions)
    sticky = sum(len(s.replicas) == 1 for s in sessions)
    responses = sum(len(s.responses) for s in sessions)
    print(
        f"opened in {opened:.0f} s, one after another; sessions per replica "
        f"{dict(sorted(per_replica.items()))}"
    )
    print(f"stickiness: {sticky}/{n} sessions got every HTTP response ({responses} in all) from one replica")
    return sessions


def stream_through_balancer(sessions: list[Session], url: str) -> None:
    """The lab's stream through HAProxy: a training session's frames arrive over its WebSocket (the
    balancer sent it to the replica holding its session, where its token lives), and its token sent
    with the other replica's cookie is refused there."""
    for session in (s for s in sessions if s.link == TRAIN_LINK):
        streams = f"() => window.__ws.filter((r) => new URL(r.url, location.href).pathname === '{STREAM}')"
        before = sum(r["messages"] for r in session.page.evaluate(streams))
        session.page.wait_for_timeout(2000)
        records = session.page.evaluate(streams)
        frames = sum(r["messages"] for r in records) - before
        codes = sorted({r["code"] for r in records if r["code"] is not None})
        print(f"lab stream through HAProxy ({session.replica}'s session): {len(records)} WebSocket(s) to "
              f"{STREAM}, {frames} frames in 2 s; closed with {codes or 'none'}")  # fmt: skip
        if not frames:
            print("  problem: no frames came through the balancer")
        other = next((s for s in sessions if s.replica not in (session.replica, "?")), None)
        if not records or other is None:
            continue
        token = parse_qs(urlparse(records[-1]["url"]).query)["token"][0]
        cookie = {c["name"]: c["value"] for c in other.context.cookies()}.get("AE_REPLICA")
        replica, outcome = run_sync(stream_once(url, token, cookie))  # Playwright's loop runs here
        print(f"  its token with {other.replica}'s cookie: answered by {replica}, {outcome} (the token lives "
              f"only where the session is)")  # fmt: skip


async def stream_once(url: str, token: str, cookie: str | None) -> tuple[str, str]:
    """One want on the lab stream through the balancer with ``cookie``: the replica that answered and
    what came back (a frame, or how the connection was closed or refused)."""
    address = url.replace("http", "ws", 1) + f"{STREAM}?{urlencode({'token': token, 'lang': 'en'})}"
    headers = {"Cookie": f"AE_REPLICA={cookie}"} if cookie else {}
    try:
        async with connect(address, additional_headers=headers, open_timeout=30) as socket:
            replica = socket.response.headers.get("X-Replica", "?")
            try:  # a refused token is closed at once, maybe before the want is sent
                await socket.send(json.dumps({"want": 1, "full": True}))
                frame = await asyncio.wait_for(socket.recv(), 30)
            except ConnectionClosed as closed:
                return replica, f"closed with {closed.rcvd.code if closed.rcvd else None}"
            return replica, f"a frame of {len(frame)} bytes"
    except InvalidStatus as refused:
        return refused.response.headers.get("X-Replica", "?"), f"HTTP {refused.response.status_code}"


def fail_over(moved: list[Session], stayed: list[Session], before: dict, t0: float, survivor: str) -> None:
    """Per moved session: when its WebSocket reopened; then the next rerun (the ``r`` key, as a
    visitor's next interaction would) and a reload, each timed and compared with the view before."""
    reopen, rerun, reload, same, problems = [], [], [], Counter(), []
    for s in moved:
        try:
            s.page.wait_for_function(
                "t0 => window.__ws.some(r => r.created > t0 && r.open)", arg=t0, timeout=60_000, polling=50
            )
            reopen.append(
                (s.page.evaluate(f"() => window.__ws.find(r => r.created > {t0} && r.open).open") - t0) / 1e3
            )
            pressed = s.page.evaluate("() => Date.now()")
            s.page.locator("body").press("r")
            s.page.wait_for_function(
                "t => window.__states.some(([at, st]) => at > t && st === 'notRunning')", arg=pressed,
                timeout=30_000, polling=50,
            )  # fmt: skip
            done = s.page.evaluate(
                f"() => window.__states.find(([at, st]) => at > {pressed} && st === 'notRunning')[0]"
            )
            rerun.append((done - pressed) / 1e3)
            want = dict(before[id(s)], training=False)
            same["rerun"] += s.settled_view(want) == want
            clock = time.perf_counter()
            s.page.reload()
            s.wait_ready()
            reload.append(time.perf_counter() - clock)
            after = s.settled_view(want)
            same["reload"] += after == want
            if after != want:
                problems.append(f"{s.link}: after reload {after}, before {before[id(s)]}")
        except PlaywrightError as error:  # report, don't stop: the other sessions still count
            problems.append(f"{s.link}: {type(error).__name__}: {str(error).splitlines()[0]}")
    untouched = sum(s.page.evaluate(f"() => !window.__ws.some(r => r.created > {t0})") for s in stayed)
    lost = sum(view["training"] for view in before.values())
    k = len(moved)
    if reopen:
        print(
            f"reconnect: {len(reopen)}/{k} WebSockets reopened by themselves, through HAProxy to {survivor}, "
            f"after median {statistics.median(reopen):.2f} s (max {max(reopen):.2f} s)"
        )
    if rerun:
        print(
            f"next rerun there (session re-created from the page's URL and widgets): median "
            f"{statistics.median(rerun):.2f} s (max {max(rerun):.2f} s); view unchanged {same['rerun']}/{k}"
        )
        print(
            f"reload (view from the URL alone): median {statistics.median(reload):.2f} s "
            f"(max {max(reload):.2f} s); view unchanged {same['reload']}/{k}"
        )
    print(f"the other replica's sessions kept their WebSocket: {untouched}/{len(stayed)}")
    print(
        f"lost: {lost} live training run(s) (after the move the lab shows its link's settings, stopped), "
        "and anything else kept only in the dead process's memory (e.g. Speed results)"
    )
    for line in problems:
        print("  problem:", line)


if __name__ == "__main__":
    main()
