"""The server's side of the training workers: the pool of worker processes and a handle per lab.

Why workers: a run trains with many tiny torch calls that hold Python's GIL most of the time, so
inside the Streamlit process two runs made less than one core's worth of steps and every other
visitor's script run waited behind them (issue 10). Each worker process
(:mod:`~activations.training.worker_process`) hosts many labs and trains them; the Streamlit process
only sends commands and relays frames.

* **Pool.** :func:`~activations.training.budget.worker_count` processes, started with the ``spawn``
  context (no fork of a threaded server), as daemons, niced (``ACTIVATIONS_WORKER_NICE``, default
  10) so that page script runs win the CPU when both want it. Each may use ``budget / workers`` of a
  core. A new run goes to the worker with the fewest live runs.
* **Handles.** :class:`RemoteLab` is the server's handle on one lab in a worker: it sends commands
  and keeps only the lab's status and steps; frames (:mod:`~activations.training.frames`) come back
  as bytes to relay, and the whole :class:`~activations.training.lab.LabView` (histories included)
  only when asked for (:meth:`RemoteLab.view`: a download, a page that draws it). A want for a
  frame doesn't block a thread: its answer is handed to a callback on the pipe's reader thread
  (:meth:`Worker.submit`). A lab whose session is gone is closed when its handle is collected.
* **No orphans.** Workers are daemons (stopped at a clean exit), and ask the kernel for SIGTERM when
  the server dies.
* **Crashes.** A worker that dies fails only the requests waiting on it (:class:`WorkerLost`); the
  runs it hosted are lost with a message, the server goes on, and the next run starts a new worker.
  A worker that doesn't answer a request within its timeout (:data:`REQUEST_TIMEOUT_S`) is treated
  the same way: marked lost, its other requests failed, its process killed. A command that fails
  inside a worker costs that command only (:class:`WorkerError`); its traceback is logged.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import multiprocessing
import os
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from activations.training.budget import training_cores, worker_count
from activations.training.lab import RUNNING, LabConfig, LabView
from activations.training.worker_process import serve

REQUEST_TIMEOUT_S = 60.0  # a worker that doesn't answer for this long is treated as lost

log = logging.getLogger(__name__)


def _env_float(name: str) -> float | None:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


class WorkerLost(RuntimeError):
    """The worker process hosting a run died (or stopped answering): the run is gone."""


class WorkerError(RuntimeError):
    """A command failed inside the worker (the message says why); the worker itself goes on.
    ``details``: the worker's traceback."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


class _Reply:
    __slots__ = ("done", "event", "heard", "kind", "progress", "value")

    def __init__(self, done: Callable[[str, Any], None] | None = None) -> None:
        self.done = done  # called with (kind, value) on the reader thread, instead of a waiting thread
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
                self._settle(reply, kind, value)
        self._lose()

    @staticmethod
    def _settle(reply: _Reply, kind: str, value: Any) -> None:
        reply.kind, reply.value = kind, value
        reply.event.set()
        if reply.done is not None:
            try:
                reply.done(kind, value)
            except Exception:  # a callback's bug must not stop the reader
                log.exception("a callback for a training worker's answer failed")

    def _lose(self) -> None:
        """Gone: fail every request waiting on it."""
        self.lost = True
        with self._pending_lock:
            pending, self._pending = list(self._pending.values()), {}
        for reply in pending:
            self._settle(reply, "lost", None)
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

    def _post(self, op: str, args: tuple, reply: _Reply) -> None:
        """Register ``reply`` under a new request number and send the command, after the closes queued
        before it. A broken pipe marks the worker lost, answers ``reply`` "lost" (unless the reader,
        losing the worker, took it first: then it did) and raises :class:`WorkerLost`."""
        request = next(self._ids)
        with self._pending_lock:
            self._pending[request] = reply
        with self._send_lock:
            try:
                while self.closing:
                    self.conn.send((0, "close", self.closing.popleft()))
                self.conn.send((request, op, *args))
                return
            except (OSError, ValueError) as error:
                self.lost = True
                broken = error
        with self._pending_lock:
            unanswered = self._pending.pop(request, None) is not None
        if unanswered:
            self._settle(reply, "lost", None)
        raise WorkerLost("the training worker is gone") from broken

    def submit(self, op: str, *args: Any, done: Callable[[str, Any], None]) -> None:
        """Send a command; its answer goes to ``done(kind, value)`` on the pipe's reader thread
        (``kind``: ``"ok"``, ``"error"`` with (message, details), or ``"lost"``): nothing waits. ``done``
        must be quick (hand the value to another thread or an event loop)."""
        if self.lost:
            done("lost", None)
            return
        with contextlib.suppress(WorkerLost):  # ``done`` was told
            self._post(op, args, _Reply(done))

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
        reply = _Reply()
        self._post(op, args, reply)
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


_spawn_thread: ThreadPoolExecutor | None = None
_spawn_lock = threading.Lock()


def _spawner() -> ThreadPoolExecutor:
    """The one thread that starts workers, alive as long as the server. A worker asks the kernel for
    SIGTERM when its parent dies (``PR_SET_PDEATHSIG``), and the kernel means the parent *thread*:
    started from a script run's thread, or a thread pool's that idles out, a worker would die with
    that thread, seconds later."""
    global _spawn_thread
    with _spawn_lock:
        if _spawn_thread is None:
            _spawn_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="training-worker-spawner")
        return _spawn_thread


class Pool:
    """The training workers of this server: started on first use (from :func:`_spawner`'s thread),
    replaced when one dies."""

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
            worker = self._workers[index] = _spawner().submit(Worker, self.cap).result()
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
                live = sum(1 for r in list(worker.remotes) if r.status == RUNNING and now - r.seen < 2.0)
                return live + worker.opening, worker.labs

            worker = min(workers, key=load)
            worker.opening += 1
            worker.labs += 1
            return worker

    def open(
        self, config: LabConfig, replay: Sequence[int] = (), pace: float | None = None, start: bool = False
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

    def job(
        self,
        function: Callable[..., Any],
        *args: Any,
        progress: Callable[[float], object] | None = None,
        timeout: float = REQUEST_TIMEOUT_S,
        **options: Any,
    ) -> Any:
        """``function(*args, **options, progress=...)`` in the least busy worker, ``progress`` called
        here as it goes; :class:`WorkerLost` if that worker dies or stays silent for ``timeout``
        seconds. ``function`` must be a module-level function (it travels by name)."""
        with self._lock:
            workers = [self._alive(index) for index in range(self.size)]
            worker = min(workers, key=lambda w: (w.active, w.labs))
        return worker.request("job", function, args, options, timeout=timeout, progress=progress)

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
    """The server's handle on a lab in a worker: commands out; status and steps, frames (bytes) and
    views on demand in."""

    def __init__(self, worker: Worker, lab_id: int, state: dict) -> None:
        self.worker, self.lab_id = worker, lab_id
        self.status, self.steps = state["status"], state["steps"]
        self.seen = time.monotonic()  # when the worker last answered
        self.last_view: LabView | None = None  # the last view fetched (kept on screen if it crashes)
        self.last_frame: bytes | None = None  # the last frame relayed
        self._apply(state)
        self._finalizer = weakref.finalize(self, _close_later, worker, lab_id)

    def _apply(self, state: dict) -> dict:
        """Keep what a worker's answer says of the lab (status, steps) and of the worker's load."""
        self.status, self.steps = state["status"], state["steps"]
        self.worker.active = state["active"]
        self.seen = time.monotonic()
        if "frame" in state:
            self.last_frame = state["frame"]
        return state

    def _call(self, op: str, *args: Any) -> dict:
        return self._apply(self.worker.request(op, self.lab_id, *args))

    def start(self, pace: float | None) -> None:
        self._call("start", pace)

    def pause(self) -> None:
        self._call("pause")

    def step(self, n: int = 1) -> None:
        self._call("step", n)

    def pace(self, pace: float | None) -> None:
        """Train at ``pace`` steps per second from now on (None: full speed); doesn't wait."""
        self.worker.send("pace", self.lab_id, pace)

    def view(self) -> LabView:
        """The whole view of the lab now, from the worker (histories included)."""
        view = self.worker.request("view", self.lab_id)
        self.status, self.steps, self.last_view = view.status, view.steps, view
        return view

    def frame(self, lang: str) -> bytes:
        """A frame of the lab now, whole histories and alt texts included (for a page's rerun)."""
        return self._call("frame", lang)["frame"]

    def want(self, full: bool, lang: str, done: Callable[[bytes | None, Exception | None], None]) -> None:
        """Ask for the stream's next frame (see ``op_want``) and renew the lease; ``done(frame,
        None)`` is called on the pipe's reader thread with its bytes, or ``done(None, error)`` with
        :class:`WorkerLost` or :class:`WorkerError` (the lab was closed)."""

        def answered(kind: str, value: Any) -> None:
            if kind == "ok":
                done(self._apply(value)["frame"], None)
            elif kind == "error":
                done(None, WorkerError(*value))
            else:
                done(None, WorkerLost("the training worker is gone"))

        self.worker.submit("want", self.lab_id, full, lang, done=answered)

    def lapse(self) -> None:
        """Its stream closed: stop training now (a want waiting there is answered)."""
        with contextlib.suppress(WorkerLost):
            self.worker.send("lapse", self.lab_id)

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
