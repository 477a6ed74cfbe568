"""Training workers: live runs of the Training lab train in separate processes, not in the server.

Why: a run trains with many tiny torch calls that hold Python's GIL most of the time, so inside the
Streamlit process two runs made less than one core's worth of steps and every other visitor's
script run waited behind them (issue 10). Here each worker process hosts many labs and trains
them round-robin in short slices; the Streamlit process only sends commands and relays views
(:class:`~activations.training.lab.LabView`: snapshot, boundary grid, weights, speed).

* **Pool.** :data:`worker_count` processes (the training budget rounded up, see
  :func:`training_cores`, and no more than fit in the container's memory beside the server, see
  :mod:`activations.core.capacity`), started with the ``spawn`` context (no fork of a threaded server), as
  daemons, niced (``ACTIVATIONS_WORKER_NICE``, default 10) so that page script runs win the CPU
  when both want it. A new run goes to the worker with the fewest active runs.
* **Budget and fair share.** Together the workers use at most :func:`training_cores` cores: each
  one a duty cycle of ``budget / workers`` of a core, split evenly between its active runs in slices
  of :data:`SLICE_S`, the active lab that has used the least CPU first. A lab shows its share (of a
  core) and its steps/s.
* **Lease.** A run trains only while its session's ticks arrive: it trains while a tick waits for
  its answer and for :data:`LEASE_S` after; a closed tab sends no more, so its run stops within a
  second of its last refresh and frees its share. A lab whose session is gone is closed when the
  session object is collected.
* **Refreshes.** A tick is answered when the lab has trained for a refresh interval: 0.2 s, longer
  when many runs are live (:func:`refresh_interval`: redrawing them all must not eat the server,
  nor measuring them the worker).
* **No orphans.** Workers are daemons (stopped at a clean exit), ask the kernel for SIGTERM when
  the server dies (``PR_SET_PDEATHSIG``), and exit when their pipe closes or their parent changes.
* **Crashes.** A worker that dies fails only the requests waiting on it (:class:`WorkerLost`); the
  runs it hosted are lost with a message, the server goes on, and the next run starts a new worker.
  A worker that doesn't answer a request within its timeout (:data:`REQUEST_TIMEOUT_S`) is treated
  the same way: marked lost, its other requests failed, its process killed. A command that fails
  inside a worker costs that command only (:class:`WorkerError`); its traceback is logged.
* **Born dead.** The born-dead experiment (:mod:`activations.training.born_dead`, up to ~13 s of a
  core) runs in a worker too, on a thread of its own beside the training loop, one experiment at a
  time per worker, and reports its progress.

Determinism is untouched: a worker runs the same :class:`~activations.training.lab.Lab`, and a run
that took Step presses before its first Start is rebuilt there by replaying them.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from activations.core import capacity

LEASE_S = 1.0  # a run trains this long after its last tick was answered (or while one waits)
SLICE_S = 0.01  # one turn of a run inside a worker
REFRESH_S = 0.2  # a tick is answered after this much training (at most 5 refreshes a second)
REFRESH_RUNS = 8  # beyond this many active runs in a worker, refreshes slow down in proportion
MAX_REFRESH_S = 2.0
# Server CPU of one refresh of a live lab (its fragment run: 3 charts, metrics; Streamlit's own
# work for a run and its messages included), measured with 30 live labs by benchmarks/load.py:
# 14-16 ms before, 11-18 ms (median ~14) since the boundary chart's points travel as Arrow tables
# and its image is coloured from a palette (ui/training_panels.py, figures.py; the page's own part
# 4.6 -> 3.5 ms): Streamlit's own work dominates.
REDRAW_S = 0.014
REDRAW_CORES = 0.35  # what all refreshes together may take of the server process
SPEED_WINDOW_S = 3.0
REQUEST_TIMEOUT_S = 60.0  # a worker that doesn't answer for this long is treated as lost
BURST_S = 0.05  # how far a worker's duty cycle may run ahead of its budget


log = logging.getLogger(__name__)


def cores() -> int:
    """The CPUs this process may use, rounded up: the cores it sees, bounded by its container's CPU
    quota (:mod:`activations.core.capacity`)."""
    return max(1, math.ceil(capacity.plan().cpus))


def _env_float(name: str) -> float | None:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def training_cores() -> float:
    """The CPU all live runs together may use, in cores: ``ACTIVATIONS_TRAINING_CORES`` if set, else
    the CPUs (the container's quota, if any) minus a reserve for page script runs
    (``ACTIVATIONS_RESERVE_CORES``, default 0.25)."""
    return capacity.plan().training_cores


def refresh_interval(active: int) -> float:
    """Seconds between two refreshes of each of ``active`` live labs, so that redrawing them all
    costs the server at most ``REDRAW_CORES``: 0.2 s up to 5 runs, then in proportion (10 runs:
    0.4 s, 30 runs: 1.2 s)."""
    return min(MAX_REFRESH_S, max(REFRESH_S, active * REDRAW_S / REDRAW_CORES))


def worker_count(budget: float | None = None) -> int:
    """Workers for ``budget`` cores (default: the training budget): one per core rounded up, no more
    than fit in the container's memory beside the server, at least one."""
    plan = capacity.plan()
    wanted = math.ceil(plan.training_cores if budget is None else budget)
    fit = capacity.workers_that_fit(plan.memory_limit)
    return max(1, wanted if fit is None else min(wanted, fit))


def enabled() -> bool:
    """Live runs train in workers unless ``ACTIVATIONS_TRAINING_WORKERS=0``, or unless no worker fits
    in the container's memory beside the server (then on the script thread)."""
    configured = os.environ.get("ACTIVATIONS_TRAINING_WORKERS", "1").strip().lower()
    return configured not in ("0", "false", "no", "off") and capacity.plan().workers > 0


class WorkerLost(RuntimeError):
    """The worker process hosting a run died (or stopped answering): the run is gone."""


class WorkerError(RuntimeError):
    """A command failed inside the worker (the message says why); the worker itself goes on.
    ``details``: the worker's traceback."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


# --------------------------------------------------------------------------------------------------
# Inside a worker process


class _Hosted:
    """One lab in a worker, with its lease, pace credit, speed window and waiting tick."""

    def __init__(self, lab: Any, now: float) -> None:
        self.lab = lab
        self.lease_until = 0.0
        self.credit = 0.0
        self.last_credit = now
        self.last_view = 0.0
        self.seq = 0
        self.used = 0.0  # CPU seconds trained (virtual time: the least-served active lab goes next)
        self.speed: deque[tuple[float, int]] = deque()
        self.waiter: tuple[int, float] | None = None  # (request id, when to answer)

    def active(self, now: float) -> bool:
        """Running, and its session is alive: a tick arrived or was answered less than ``LEASE_S``
        ago, or one is waiting for its answer."""
        return self.lab.running and (now < self.lease_until or self.waiter is not None)

    def renew(self, now: float, floor: float) -> None:
        """A sign of life; ``floor``: the least CPU any active lab of the worker has used, which a
        lab that stood still starts from (it takes its share from now on, it doesn't catch up)."""
        if self.lab.running and now >= self.lease_until and self.waiter is None:
            self.speed.clear()  # it stood still: measure afresh
            self.last_credit = now
            self.used = max(self.used, floor)
        self.lease_until = now + LEASE_S


class _Server:
    """The loop of one worker: answer commands, train the active labs in turns, keep the budget."""

    def __init__(self, conn: Any, cap: float) -> None:
        self.conn = conn
        self.cap = cap  # part of a core this worker may use
        self.labs: dict[int, _Hosted] = {}
        self.tokens = BURST_S
        self.refilled = time.monotonic()
        self._send_lock = threading.Lock()  # the loop and the job thread both answer
        self._jobs: queue.SimpleQueue[tuple[int, str, Callable[[], Any]]] | None = None

    def send(self, message: tuple) -> None:
        with self._send_lock:
            self.conn.send(message)

    # the views -------------------------------------------------------------------------------

    def floor(self, now: float) -> float:
        used = [hosted.used for hosted in self.labs.values() if hosted.active(now)]
        return min(used) if used else 0.0

    def _active(self, now: float) -> int:
        return sum(hosted.active(now) for hosted in self.labs.values())

    def share(self, now: float) -> float:
        return self.cap / max(1, self._active(now))

    def interval(self, now: float) -> float:
        return min(MAX_REFRESH_S, REFRESH_S * max(1.0, self._active(now) / REFRESH_RUNS))

    def view(self, lab_id: int, full: bool = False) -> dict:
        from activations.training.lab import run_view
        from activations.training.slots import one_thread

        hosted = self.labs[lab_id]
        lab, now = hosted.lab, time.monotonic()
        with one_thread():
            for run in lab.runs:
                run.record()
            lab._settle()
            extent = lab.data.extent
            runs = [run_view(run, extent) for run in lab.runs]
        hosted.speed.append((now, lab.steps))
        while len(hosted.speed) > 2 and now - hosted.speed[0][0] > SPEED_WINDOW_S:
            hosted.speed.popleft()
        (t0, s0), (t1, s1) = hosted.speed[0], hosted.speed[-1]
        hosted.last_view = now
        hosted.seq += 1
        return {
            "seq": hosted.seq,
            "status": lab.status,
            "steps": lab.steps,
            "extent": extent,
            "steps_per_s": (s1 - s0) / (t1 - t0) if t1 > t0 and lab.running else None,
            "share": self.share(now) if lab.running else None,
            "config": lab.config,
            "runs": [(r.latest, r.probabilities, r.weights, r.biases, r.slopes) for r in runs],
            "histories": tuple(run.history for run in lab.runs) if full else None,
            "active": self._active(now),
        }

    # commands --------------------------------------------------------------------------------

    def handle(self, message: tuple) -> None:
        request, op, *args = message
        try:
            reply = getattr(self, "op_" + op)(request, *args)
        except Exception as error:  # a bad command costs that command, never the worker
            self.fail(request, op, error)
            return
        if reply is not None:
            self.send((request, "ok", reply))

    def fail(self, request: int, op: str, error: Exception) -> None:
        """Answer ``request`` with its error and the traceback (the server logs it)."""
        details = "".join(traceback.format_exception(error))
        self.send((request, "error", (f"{type(error).__name__}: {error}", op, details)))

    def op_open(
        self, request: int, lab_id: int, config: Any, replay: Sequence[int], pace: float | None, start: bool
    ) -> dict:
        from activations.training.lab import Lab

        lab = Lab(config)
        for steps in replay:
            lab.step(steps)
        lab.pace = pace
        hosted = self.labs[lab_id] = _Hosted(lab, time.monotonic())
        if start:
            lab.start()
            hosted.renew(time.monotonic(), self.floor(time.monotonic()))
        return self.view(lab_id, full=True)

    def op_start(self, request: int, lab_id: int, pace: float | None) -> dict:
        hosted = self.labs[lab_id]
        hosted.lab.pace = pace
        hosted.lab.start()
        hosted.credit, hosted.last_credit = 0.0, time.monotonic()
        hosted.speed.clear()
        hosted.renew(time.monotonic(), self.floor(time.monotonic()))
        return self.view(lab_id)

    def op_pause(self, request: int, lab_id: int) -> dict:
        hosted = self.labs[lab_id]
        hosted.lab.pause()
        self._answer_waiter(lab_id)
        return self.view(lab_id)

    def op_step(self, request: int, lab_id: int, n: int) -> dict:
        lab = self.labs[lab_id].lab
        if not lab.running:
            lab.step(n)
        return self.view(lab_id)

    def op_tick(self, request: int, lab_id: int, pace: float | None, interval: float = REFRESH_S) -> None:
        """Renew the lease; answer once the lab has trained for a refresh interval (``interval``, or
        longer when this worker is crowded), or now if it isn't running."""
        hosted, now = self.labs[lab_id], time.monotonic()
        hosted.lab.pace = pace
        hosted.renew(now, self.floor(now))
        self._answer_waiter(lab_id)  # a tick superseded by a newer one
        if not hosted.lab.running:
            self.send((request, "ok", self.view(lab_id)))
            return None
        hosted.waiter = (request, max(now, hosted.last_view + max(interval, self.interval(now))))
        return None

    def op_lapse(self, request: int, lab_id: int) -> None:
        """Its session is gone (the tab closed while a tick waited): answer, and stop training now."""
        if lab_id in self.labs:
            self._answer_waiter(lab_id)
            self.labs[lab_id].lease_until = 0.0
        return None

    def op_close(self, request: int, lab_id: int) -> None:
        self._answer_waiter(lab_id)
        self.labs.pop(lab_id, None)
        return None

    def op_stats(self, request: int) -> dict:
        now = time.monotonic()
        return {"pid": os.getpid(), "labs": len(self.labs), "active": self._active(now), "cap": self.cap}

    def op_die(self, request: int) -> None:  # tests: a worker that crashes
        os._exit(3)

    def op_hang(self, request: int, seconds: float) -> None:  # tests: a worker that stops answering
        time.sleep(seconds)

    def op_born_dead(self, request: int, x: Any, width: int, depth: int, trials: int, options: dict) -> None:
        """Lu et al.'s experiment (:func:`~activations.training.born_dead.born_dead`) on the job
        thread: answered with its result, after progress messages (``"progress"``, a fraction)."""
        from activations.training.born_dead import born_dead

        def job() -> Any:
            def progress(fraction: float) -> None:
                self.send((request, "progress", fraction))

            return born_dead(x, width, depth, trials, **options, progress=progress)

        if self._jobs is None:
            self._jobs = queue.SimpleQueue()
            threading.Thread(target=self._run_jobs, name="worker-jobs", daemon=True).start()
        self._jobs.put((request, "born_dead", job))
        return None

    def _run_jobs(self) -> None:
        """One job at a time, beside the training loop (torch's heavy kernels release the GIL)."""
        import torch

        torch.set_num_threads(1)
        while True:
            request, op, job = self._jobs.get()
            try:
                reply = job()
            except Exception as error:
                with contextlib.suppress(OSError, ValueError):
                    self.fail(request, op, error)
                continue
            try:
                self.send((request, "ok", reply))
            except (OSError, ValueError):  # the server is gone
                return

    def _answer_waiter(self, lab_id: int) -> None:
        hosted = self.labs.get(lab_id)
        if hosted is not None and hosted.waiter is not None:
            request, hosted.waiter = hosted.waiter[0], None
            self.send((request, "ok", self.view(lab_id)))
            hosted.lease_until = max(hosted.lease_until, time.monotonic() + LEASE_S)

    # the loop --------------------------------------------------------------------------------

    def _runnable(self, now: float) -> list[int]:
        ready = []
        for lab_id, hosted in self.labs.items():
            if not hosted.active(now):
                continue
            pace = hosted.lab.pace
            if pace:
                hosted.credit = min(hosted.credit + pace * (now - hosted.last_credit), pace * 0.4 + 1)
                hosted.last_credit = now
                if hosted.credit < 1:
                    continue
            ready.append(lab_id)
        return ready

    def train_one(self, lab_id: int) -> None:
        hosted = self.labs[lab_id]
        lab = hosted.lab
        limit = None
        if lab.pace:
            limit = int(hosted.credit)
        started = time.thread_time()
        from activations.training.slots import one_thread

        with one_thread():
            done = lab.advance(SLICE_S, limit)
        if lab.pace:
            hosted.credit -= done
        spent = time.thread_time() - started
        hosted.used += spent
        if self.cap < 1:
            self.tokens -= spent
        lab._settle()

    def refill(self, now: float) -> None:
        if self.cap < 1:
            self.tokens = min(BURST_S, self.tokens + self.cap * (now - self.refilled))
        self.refilled = now

    def serve(self, parent: int) -> None:
        while True:
            if os.getppid() != parent:
                return
            now = time.monotonic()
            self.refill(now)
            for lab_id, hosted in list(self.labs.items()):
                if hosted.waiter is not None and (now >= hosted.waiter[1] or not hosted.lab.running):
                    self._answer_waiter(lab_id)
            ready = self._runnable(now) if self.cap >= 1 or self.tokens > 0 else []
            if ready:
                timeout = 0.0
            else:
                dues = [h.waiter[1] - now for h in self.labs.values() if h.waiter is not None]
                timeout = min([0.25, *dues])
                if self.cap < 1 and self.tokens <= 0:
                    timeout = min(timeout, -self.tokens / self.cap + 0.001)
                if any(h.lab.pace and h.active(now) for h in self.labs.values()):
                    timeout = min(timeout, 0.02)
            try:
                while self.conn.poll(max(timeout, 0.0)):
                    self.handle(self.conn.recv())
                    timeout = 0.0
            except (EOFError, OSError):  # the server is gone
                return
            if ready:
                lab_id = min(ready, key=lambda i: self.labs[i].used if i in self.labs else 0.0)
                hosted = self.labs.get(lab_id)  # a command just handled may have paused or closed it
                if hosted is not None and hosted.active(time.monotonic()):
                    self.train_one(lab_id)


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the parent dies (a ``kill -9`` of the server included)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def serve(conn: Any, cap: float, parent: int, nice: int) -> None:
    """A worker process's entry point."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before we could ask
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the server's terminal: the server decides
    import torch  # at full priority: the first run waits for it

    import activations.training.lab  # noqa: F401

    torch.set_num_threads(1)
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    _Server(conn, cap).serve(parent)


# --------------------------------------------------------------------------------------------------
# In the server process


class _Reply:
    __slots__ = ("event", "heard", "kind", "progress", "value")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.kind: str = ""
        self.value: Any = None
        self.progress: float | None = None  # the last progress message, for a long job
        self.heard = time.monotonic()  # when the worker last said something about this request


class Worker:
    """One worker process and the pipe to it; requests from any thread, answers matched by id."""

    _ids = itertools.count(1)

    def __init__(self, cap: float, nice: int | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        if nice is None:
            configured = _env_float("ACTIVATIONS_WORKER_NICE")
            nice = 10 if configured is None else int(configured)
        self.process = context.Process(
            target=serve, args=(child, cap, os.getpid(), nice), name="training-worker", daemon=True
        )
        self.process.start()
        child.close()
        self.cap = cap
        self.active = 0  # last known number of active runs
        self.labs = 0
        self.lost = False
        self._send_lock = threading.Lock()
        self._pending: dict[int, _Reply] = {}
        self._pending_lock = threading.Lock()
        self.closing: deque[int] = deque()  # labs whose session is gone, closed with the next message
        self.remotes: weakref.WeakSet[RemoteLab] = weakref.WeakSet()  # the handles on its labs
        self.opening = 0  # labs being opened on it right now
        threading.Thread(target=self._read, name="training-worker-reader", daemon=True).start()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def _read(self) -> None:
        while True:
            try:
                request, kind, value = self.conn.recv()
            except (EOFError, OSError, TypeError):
                break
            except Exception:  # an answer that can't be unpickled: the worker is unusable
                break
            with self._pending_lock:
                if kind == "progress":
                    reply = self._pending.get(request)
                    if reply is not None:
                        reply.progress, reply.heard = value, time.monotonic()
                    continue
                reply = self._pending.pop(request, None)
            if kind == "error":
                message, op, details = value
                log.error("training worker %s: %s failed: %s\n%s", self.pid, op, message, details.rstrip())
                value = (message, details)
            if reply is not None:
                reply.kind, reply.value = kind, value
                reply.event.set()
        self._lose()

    def _lose(self) -> None:
        """Gone: fail every request waiting on it."""
        self.lost = True
        with self._pending_lock:
            pending, self._pending = list(self._pending.values()), {}
        for reply in pending:
            reply.kind, reply.value = "lost", None
            reply.event.set()
        with contextlib.suppress(Exception):
            self.conn.close()

    def send(self, op: str, *args: Any) -> None:
        """Send without waiting for the answer."""
        if self.lost:
            raise WorkerLost("the training worker is gone")
        with self._send_lock:
            try:
                while self.closing:
                    self.conn.send((0, "close", self.closing.popleft()))
                self.conn.send((0, op, *args))
            except (OSError, ValueError) as error:
                self.lost = True
                raise WorkerLost("the training worker is gone") from error

    def request(
        self,
        op: str,
        *args: Any,
        timeout: float = REQUEST_TIMEOUT_S,
        alive: Callable[[], bool] | None = None,
        gone: Callable[[], None] | None = None,
        progress: Callable[[float], object] | None = None,
    ) -> Any:
        """Send a command and wait for its answer. While waiting, ``alive()`` is asked ten times a
        second (when given); once it says no, ``gone()`` is called (once) and the wait goes on.
        ``progress`` is called on this thread with each new progress fraction the worker reports.

        A worker silent about this request for ``timeout`` seconds (a progress message counts) is
        given up: marked lost, its other requests failed, its process killed (:meth:`abandon`), and
        :class:`WorkerLost` raised; the pool replaces it."""
        if self.lost or not self.process.is_alive():
            self.lost = True
            raise WorkerLost("the training worker is gone")
        request, reply = next(self._ids), _Reply()
        with self._pending_lock:
            self._pending[request] = reply
        with self._send_lock:
            try:
                while self.closing:
                    self.conn.send((0, "close", self.closing.popleft()))
                self.conn.send((request, op, *args))
            except (OSError, ValueError) as error:
                with self._pending_lock:
                    self._pending.pop(request, None)
                raise WorkerLost("the training worker is gone") from error
        shown = None
        poll = min(timeout, 0.1 if alive or progress else 0.5)
        while not reply.event.wait(poll):
            if alive is not None and gone is not None and not alive():
                alive = None
                with contextlib.suppress(WorkerLost):
                    gone()
            if progress is not None and reply.progress is not None and reply.progress != shown:
                shown = reply.progress
                progress(shown)
            if not self.process.is_alive():
                self._lose()
            elif time.monotonic() - reply.heard > timeout:
                self.abandon(f"no answer to {op!r} in {timeout:g} s")
        if progress is not None and reply.progress is not None and reply.progress != shown:
            progress(reply.progress)  # the last progress, which came just before the answer
        if reply.kind == "lost":
            raise WorkerLost("the training worker is gone")
        if reply.kind == "error":
            raise WorkerError(*reply.value)
        return reply.value

    def abandon(self, reason: str) -> None:
        """Give this worker up (it stopped answering): lost, every waiting request failed, the
        process killed, so that the pool starts a new one for the next run."""
        if not self.lost:
            log.error("training worker %s: %s; stopping it", self.pid, reason)
        self._lose()
        with contextlib.suppress(Exception):
            self.process.kill()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)


class Pool:
    """The training workers of this server: started on first use, replaced when one dies."""

    def __init__(self, size: int | None = None, budget: float | None = None) -> None:
        self.budget = training_cores() if budget is None else budget
        self.size = size or worker_count(self.budget)
        self._workers: list[Worker | None] = [None] * self.size
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    @property
    def cap(self) -> float:
        """Part of a core each worker may use."""
        return min(1.0, self.budget / self.size)

    def warm(self) -> None:
        """Start every worker now (they import torch in the background, ~2 s)."""
        with self._lock:
            for index in range(self.size):
                self._alive(index)

    def _alive(self, index: int) -> Worker:
        worker = self._workers[index]
        if worker is None or worker.lost or not worker.process.is_alive():
            if worker is not None:  # a lost worker may still be running: never leave it behind
                worker.lost = True
                with contextlib.suppress(Exception):
                    worker.process.kill()
            worker = self._workers[index] = Worker(self.cap)
        return worker

    def workers(self) -> list[Worker]:
        with self._lock:
            return [w for w in self._workers if w is not None]

    def pick(self) -> Worker:
        """The live worker with the fewest live runs (running, refreshed in the last 2 s, or being
        opened), then the fewest labs."""
        with self._lock:
            workers = [self._alive(index) for index in range(self.size)]
            now = time.monotonic()

            def load(worker: Worker) -> tuple[int, int]:
                live = sum(1 for r in list(worker.remotes) if r.view.running and now - r.seen < 2.0)
                return live + worker.opening, worker.labs

            worker = min(workers, key=load)
            worker.opening += 1
            worker.labs += 1
            return worker

    def open(
        self, config: Any, replay: Sequence[int] = (), pace: float | None = None, start: bool = False
    ) -> RemoteLab:
        """A lab for ``config`` in the least busy worker, after ``replay`` (the steps of each Step
        press before it came here); with ``start``, running already."""
        worker = self.pick()
        lab_id = next(self._ids)
        try:
            reply = worker.request("open", lab_id, config, tuple(replay), pace, start)
            remote = RemoteLab(worker, lab_id, reply)
        except WorkerError:
            worker.labs -= 1
            raise
        finally:
            worker.opening -= 1
        worker.remotes.add(remote)
        return remote

    def born_dead(
        self,
        x: Any,
        width: int,
        depth: int,
        trials: int,
        options: dict,
        progress: Callable[[float], object] | None = None,
        timeout: float = REQUEST_TIMEOUT_S,
    ) -> Any:
        """:func:`~activations.training.born_dead.born_dead` in the least busy worker, ``progress``
        called here as it goes; :class:`WorkerLost` if that worker dies or stays silent for
        ``timeout`` seconds."""
        with self._lock:
            workers = [self._alive(index) for index in range(self.size)]
            worker = min(workers, key=lambda w: (w.active, w.labs))
        return worker.request(
            "born_dead", x, width, depth, trials, options, timeout=timeout, progress=progress
        )

    def stats(self, timeout: float = REQUEST_TIMEOUT_S) -> list[dict]:
        """Each worker's pid, labs, active runs and cap (a worker that doesn't answer within
        ``timeout`` is given up, so not less than a worker's start-up: it imports torch first)."""
        out = []
        for worker in self.workers():
            try:
                out.append(worker.request("stats", timeout=timeout))
            except WorkerLost:
                out.append({"pid": worker.pid, "lost": True})
        return out

    def stop(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, [None] * self.size
        for worker in workers:
            if worker is not None:
                worker.stop()


def _close_later(worker: Worker, lab_id: int) -> None:
    """A lab's session is gone: close it with the next message to its worker (a finalizer may run
    inside any thread, even one holding the send lock, so it must not send)."""
    worker.closing.append(lab_id)
    worker.labs -= 1


class RemoteLab:
    """The server's handle on a lab in a worker: commands out, :class:`LabView` in."""

    def __init__(self, worker: Worker, lab_id: int, reply: dict) -> None:
        self.worker, self.lab_id = worker, lab_id
        self.histories = reply["histories"]
        self._seq = 0
        self._lock = threading.Lock()
        self._refreshes: deque[float] = deque()
        self.seen = time.monotonic()  # when the worker last answered
        self.view = self._apply(reply, first=True)
        self._finalizer = weakref.finalize(self, _close_later, worker, lab_id)

    def _apply(self, reply: dict, first: bool = False) -> Any:
        from activations.training.lab import LabView, RunView

        with self._lock:
            if reply["seq"] <= self._seq and not first:
                return self.view
            self._seq = reply["seq"]
            config = reply["config"]
            runs = []
            for spec, history, (latest, *arrays) in zip(
                config.runs, self.histories, reply["runs"], strict=True
            ):
                if not first:
                    history.add(latest)
                runs.append(RunView(spec.arch, latest, history, *arrays))
            self.worker.active = reply["active"]
            self.seen = time.monotonic()
            now = time.monotonic()
            self._refreshes.append(now)
            while len(self._refreshes) > 2 and now - self._refreshes[0] > SPEED_WINDOW_S:
                self._refreshes.popleft()
            span = self._refreshes[-1] - self._refreshes[0]
            refreshes = (
                (len(self._refreshes) - 1) / span if span > 0 and reply["status"] == "running" else None
            )
            self.view = LabView(
                config, reply["extent"], reply["status"], reply["steps"], None, tuple(runs),
                reply["steps_per_s"], refreshes, reply["share"],
            )  # fmt: skip
            return self.view

    def _call(self, op: str, *args: Any) -> Any:
        return self._apply(self.worker.request(op, self.lab_id, *args))

    def start(self, pace: float | None) -> Any:
        self._refreshes.clear()
        return self._call("start", pace)

    def pause(self) -> Any:
        return self._call("pause")

    def step(self, n: int = 1) -> Any:
        return self._call("step", n)

    def tick(
        self, pace: float | None, interval: float = REFRESH_S, alive: Callable[[], bool] | None = None
    ) -> Any:
        """Renew the lease and wait for the next view. ``alive``: whether the page is still open
        (a closed tab then stops its run at once, not after the refresh interval and the lease)."""
        lapse = lambda: self.worker.send("lapse", self.lab_id)  # noqa: E731
        return self._apply(self.worker.request("tick", self.lab_id, pace, interval, alive=alive, gone=lapse))

    def close(self) -> None:
        if self._finalizer.detach() is not None:
            self.worker.labs -= 1
            with contextlib.suppress(WorkerLost):
                self.worker.send("close", self.lab_id)


_pool: Pool | None = None
_pool_lock = threading.Lock()


def pool() -> Pool:
    """This process's pool: plain module state, not a Streamlit cache (any client can clear those
    for everyone)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = Pool()
        return _pool
