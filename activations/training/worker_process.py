"""What runs inside a training worker process: its labs, trained in turns within the worker's budget.

A worker (started by :mod:`~activations.training.worker_pool`) hosts many labs
(:class:`~activations.training.lab.Lab`) and trains them round-robin in short slices, answering the
server's commands on its pipe: open, start, pause, step, pace, want, frame, view, lapse, close,
stats and job (a long computation). A command is ``(request id, op, *args)``; each answer
``(request id, kind, value)``, ``kind`` being ``"ok"``, ``"error"`` (the message, the op and the
traceback) or ``"progress"``.

* **Budget and fair share.** The worker uses at most ``cap`` of a core (its part of
  :func:`~activations.training.budget.training_cores`): a duty cycle split evenly between its
  active runs in slices of :data:`SLICE_S`, the active lab that has used the least CPU first (its
  frames count as its CPU too). A frame carries the run's share (of a core) and its steps/s.
* **Lease.** A run trains only while its stream asks for frames (``want``): it trains while a want
  waits for its answer and for :data:`LEASE_S` after; a closed stream says so (``lapse``) and its
  run stops at once; a tab that vanished without a word sends no more wants, so its run stops
  within :data:`LEASE_S` and frees its share.
* **Frames.** A want is answered with the lab's next frame (:mod:`~activations.training.frames`,
  built and encoded here: the server only relays its bytes) once the lab has trained for a frame
  interval since the last one: :func:`~activations.training.budget.frame_interval`, 1/60 s, longer
  when this worker is crowded or its frames are costly (it measures their CPU as it goes). A run
  that isn't running gets its frame at once.
* **No orphans.** The process asks the kernel for SIGTERM when the server dies
  (``PR_SET_PDEATHSIG``), and exits when its pipe closes or its parent changes.
* **Errors.** A command that fails costs that command only: it is answered with its error and
  traceback, and the worker goes on.
* **Jobs.** A long computation such as the born-dead experiment
  (:mod:`activations.training.born_dead`, up to ~13 s of a core) runs on a thread of its own beside
  the training loop, one job at a time, and reports its progress (``op_job``).

Determinism is untouched: a worker runs the same :class:`~activations.training.lab.Lab`, and a run
that took Step presses before its first Start is rebuilt here by replaying them.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import torch

from activations.training import budget
from activations.training.frames import ALT_S, Cursor, encode
from activations.training.lab import SPEED_WINDOW_S, Lab, LabConfig, LabView, run_view
from activations.training.slots import one_thread

LEASE_S = 1.0  # a run trains this long after its last want was answered (or while one waits)
SLICE_S = 0.01  # the longest turn of a run inside a worker
MIN_SLICE_S = 0.002  # the shortest (a frame due sooner than a whole turn cuts it short)
BURST_S = 0.05  # how far a worker's duty cycle may run ahead of its budget


class HostedLab:
    """One lab in a worker, with its lease, pace credit, speed window, stream and waiting want."""

    def __init__(self, lab: Lab, now: float) -> None:
        self.lab = lab
        self.lease_until = 0.0
        self.credit = 0.0
        self.last_credit = now
        self.last_frame = 0.0  # when the last frame was built
        self.seq = 0  # frames built for this lab
        self.cursor: Cursor | None = None  # what the stream's client holds of the histories
        self.alt_at = -ALT_S  # when a frame last carried the alt texts
        self.used = 0.0  # CPU seconds trained (virtual time: the least-served active lab goes next)
        self.speed: deque[tuple[float, int]] = deque()
        self.waiter: tuple[int, float, str] | None = None  # (request id, when to answer, language)

    def active(self, now: float) -> bool:
        """Running, and its session is alive: a want arrived or was answered less than ``LEASE_S``
        ago, or one is waiting for its answer."""
        return self.lab.running and (now < self.lease_until or self.waiter is not None)

    def renew(self, now: float, floor: float) -> None:
        """A sign of life; ``floor``: the least CPU any active lab of the worker has used, which a
        lab that stood still starts from: it takes its share from now on, neither catching up on
        the time it stood still nor paying for what it used before (alone, it may have used a lot)."""
        if self.lab.running and now >= self.lease_until and self.waiter is None:
            self.speed.clear()  # it stood still: measure afresh
            self.last_credit = now
            self.used = floor
        self.lease_until = now + LEASE_S


class WorkerLoop:
    """The loop of one worker: answer commands, train the active labs in turns, keep the budget."""

    def __init__(self, conn: Any, cap: float) -> None:
        self.conn = conn
        self.cap = cap  # part of a core this worker may use
        self.labs: dict[int, HostedLab] = {}
        self.tokens = BURST_S
        self.refilled = time.monotonic()
        self.frame_cost = budget.FRAME_COST_S  # CPU seconds of one frame, measured (moving average)
        self._send_lock = threading.Lock()  # the loop and the job thread both answer
        self._jobs: queue.SimpleQueue[tuple[int, str, Callable[[], Any]]] | None = None

    def send(self, message: tuple) -> None:
        with self._send_lock:
            self.conn.send(message)

    # views and frames ------------------------------------------------------------------------

    def floor(self, now: float) -> float:
        used = [hosted.used for hosted in self.labs.values() if hosted.active(now)]
        return min(used) if used else 0.0

    def _active(self, now: float) -> int:
        return sum(hosted.active(now) for hosted in self.labs.values())

    def share(self, now: float) -> float:
        return self.cap / max(1, self._active(now))

    def interval(self, now: float) -> float:
        """The least time between two frames of a lab now (:func:`.budget.frame_interval`)."""
        return budget.frame_interval(self._active(now), self.frame_cost, self.cap)

    def view(self, lab_id: int) -> LabView:
        """The lab now: its runs measured at their latest step (once per step), speed and share."""
        hosted = self.labs[lab_id]
        lab, now = hosted.lab, time.monotonic()
        with one_thread():
            for run in lab.runs:
                if run.trainer.steps != run.latest.step:
                    run.record()
            lab.update_status()
            extent = lab.data.extent
            runs = tuple(run_view(run, extent) for run in lab.runs)
        hosted.speed.append((now, lab.steps))
        while len(hosted.speed) > 2 and now - hosted.speed[0][0] > SPEED_WINDOW_S:
            hosted.speed.popleft()
        (t0, s0), (t1, s1) = hosted.speed[0], hosted.speed[-1]
        running = lab.running
        speed = (s1 - s0) / (t1 - t0) if t1 > t0 and running else None
        share = self.share(now) if running else None
        return LabView(lab.config, extent, lab.status, lab.steps, lab.pace, runs, speed, share)

    def state(self, lab_id: int) -> dict:
        """What the server keeps of a lab after a command: its status and steps, and this worker's load."""
        lab = self.labs[lab_id].lab
        return {"status": lab.status, "steps": lab.steps, "active": self._active(time.monotonic())}

    def frame(self, lab_id: int, lang: str, stream: bool = True) -> dict:
        """The lab's next frame (:func:`~activations.training.frames.encode`) with its state. For the
        stream (``stream``), only the history rows its client lacks, and the alt texts at most every
        ``ALT_S``; else (a page's rerun) whole histories and the alt texts. Its CPU is measured
        (``frame_cost``) and counted against the lab's share and the worker's budget."""
        hosted = self.labs[lab_id]
        started = time.thread_time()
        view = self.view(lab_id)
        now = time.monotonic()
        hosted.seq += 1
        alt = not stream or hosted.cursor is None or now - hosted.alt_at >= ALT_S
        data, cursor = encode(view, hosted.seq, hosted.cursor if stream else None, lang if alt else None)
        if stream:
            hosted.cursor, hosted.last_frame = cursor, now
            if alt:
                hosted.alt_at = now
        spent = time.thread_time() - started
        self.frame_cost = 0.8 * self.frame_cost + 0.2 * spent
        hosted.used += spent
        if self.cap < 1:
            self.tokens -= spent
        return {**self.state(lab_id), "frame": data}

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
        self,
        request: int,
        lab_id: int,
        config: LabConfig,
        replay: Sequence[int],
        pace: float | None,
        start: bool,
    ) -> dict:
        lab = Lab(config)
        for steps in replay:
            lab.step(steps)
        lab.pace = pace
        hosted = self.labs[lab_id] = HostedLab(lab, time.monotonic())
        if start:
            lab.start()
            hosted.renew(time.monotonic(), self.floor(time.monotonic()))
        return self.state(lab_id)

    def op_start(self, request: int, lab_id: int, pace: float | None) -> dict:
        hosted = self.labs[lab_id]
        hosted.lab.pace = pace
        hosted.lab.start()
        hosted.credit, hosted.last_credit = 0.0, time.monotonic()
        hosted.speed.clear()
        hosted.renew(time.monotonic(), self.floor(time.monotonic()))
        return self.state(lab_id)

    def op_pause(self, request: int, lab_id: int) -> dict:
        hosted = self.labs[lab_id]
        hosted.lab.pause()
        self._answer_waiter(lab_id)
        return self.state(lab_id)

    def op_step(self, request: int, lab_id: int, n: int) -> dict:
        lab = self.labs[lab_id].lab
        if not lab.running:
            lab.step(n)
        return self.state(lab_id)

    def op_pace(self, request: int, lab_id: int, pace: float | None) -> None:
        """Steps per second to slow down to (None: full speed); sent without waiting for an answer."""
        if lab_id in self.labs:
            self.labs[lab_id].lab.pace = pace
        return None

    def op_want(self, request: int, lab_id: int, full: bool, lang: str) -> None:
        """The stream's client drew its last frame and wants the next: renew the lease and answer
        with a frame once the lab has trained for a frame interval since the last one (at once if it
        isn't running). ``full``: send whole histories (the client starts afresh)."""
        hosted, now = self.labs[lab_id], time.monotonic()
        hosted.renew(now, self.floor(now))
        self._answer_waiter(lab_id)  # a want superseded by a newer one (a new stream)
        if full:
            hosted.cursor = None
        if not hosted.lab.running:
            self.send((request, "ok", self.frame(lab_id, lang)))
            return None
        hosted.waiter = (request, max(now, hosted.last_frame + self.interval(now)), lang)
        return None

    def op_frame(self, request: int, lab_id: int, lang: str) -> dict:
        """A frame with whole histories and the alt texts (the page's data on a rerun); the lease
        and the stream's cursor are left as they are."""
        return self.frame(lab_id, lang, stream=False)

    def op_view(self, request: int, lab_id: int) -> LabView:
        """The whole :class:`~activations.training.lab.LabView` (histories, biases: the downloads)."""
        return self.view(lab_id)

    def op_lapse(self, request: int, lab_id: int) -> None:
        """Its stream closed (the tab is gone): answer a waiting want, and stop training now."""
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
        return {
            "pid": os.getpid(), "labs": len(self.labs), "active": self._active(now), "cap": self.cap,
            "frame_cost": self.frame_cost, "interval": self.interval(now),
        }  # fmt: skip

    def op_die(self, request: int) -> None:  # tests: a worker that crashes
        os._exit(3)

    def op_hang(self, request: int, seconds: float) -> None:  # tests: a worker that stops answering
        time.sleep(seconds)

    def op_job(self, request: int, function: Callable[..., Any], args: tuple, options: dict) -> None:
        """``function(*args, **options, progress=...)`` on the job thread: answered with its result,
        after progress messages (``"progress"``, a fraction). ``function`` travels by reference (a
        module-level function, pickled by name), so any feature can run its heavy work here, for
        example the born-dead experiment (:func:`~activations.training.born_dead.born_dead`)."""

        def job() -> Any:
            def progress(fraction: float) -> None:
                self.send((request, "progress", fraction))

            return function(*args, **options, progress=progress)

        if self._jobs is None:
            self._jobs = queue.SimpleQueue()
            threading.Thread(target=self._run_jobs, name="worker-jobs", daemon=True).start()
        self._jobs.put((request, getattr(function, "__qualname__", "job"), job))
        return None

    def _run_jobs(self) -> None:
        """One job at a time, beside the training loop (torch's heavy kernels release the GIL)."""
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
            (request, _, lang), hosted.waiter = hosted.waiter, None
            self.send((request, "ok", self.frame(lab_id, lang)))
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

    def train_one(self, lab_id: int, seconds: float = SLICE_S) -> None:
        hosted = self.labs[lab_id]
        lab = hosted.lab
        limit = None
        if lab.pace:
            limit = int(hosted.credit)
        started = time.thread_time()
        with one_thread():
            done = lab.advance(seconds, limit)
        if lab.pace:
            hosted.credit -= done
        spent = time.thread_time() - started
        hosted.used += spent
        if self.cap < 1:
            self.tokens -= spent
        lab.update_status()

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
                now = time.monotonic()
                if hosted is not None and hosted.active(now):
                    dues = [h.waiter[1] - now for h in self.labs.values() if h.waiter is not None]
                    self.train_one(lab_id, max(MIN_SLICE_S, min([SLICE_S, *dues])))


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the parent dies (a ``kill -9`` of the server included)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def serve(conn: Any, cap: float, parent: int, nice: int) -> None:
    """A worker process's entry point: its loop on ``conn`` until the server (``parent``) is gone.

    Torch and the lab were imported when this process unpickled its target (this module), at full
    priority: the first run waits for them. Training runs niced by ``nice``, on one torch thread."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before we could ask
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the server's terminal: the server decides
    torch.set_num_threads(1)
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    WorkerLoop(conn, cap).serve(parent)
