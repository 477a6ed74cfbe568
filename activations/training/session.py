"""One browser session's Training lab: its live run, its run slot, and what to tell the user.

The page keeps one :class:`LabSession` per browser session and hands it the configuration its
widgets ask for on every script run; the rest of a run's life is here, without Streamlit:

* the lab is built here when the requested configuration changes (the device included) or after a
  reset, and never started by that: a link restores a configuration, it doesn't train. Its first
  Start opens the same lab in a training worker (:mod:`activations.training.worker_pool`; Step presses
  made before are replayed there), which trains it from then on. Without workers
  (``ACTIVATIONS_TRAINING_WORKERS=0``) the lab trains here, on a thread of the stream's;
* each lab has a stream token (:attr:`LabSession.token`, :mod:`activations.training.streams`), minted
  with it and retired with it (Reset, a new configuration). The live-lab stream (``ui/stream.py``)
  looks the session up by it and pulls frames (:meth:`LabSession.want`): each want renews the run's
  lease and its run slot, and is answered once the lab has trained for a frame interval; the
  page itself reruns only on user actions, taking the current frame (:meth:`LabSession.frame`);
* a GPU that torch lists but that can't build the run (memory, driver, build) falls back to the CPU,
  with the notice ``"device"``;
* a running lab holds one of the process's run slots (:data:`~activations.training.slots.SLOTS`):
  taken on Start, renewed by every want, given back on Pause, Reset, a new configuration, divergence,
  the step limit or a lost worker. When every slot is taken, Start queues the run (notice
  ``"queued"``, :attr:`LabSession.position`) and the page's slow poll (:meth:`LabSession.tick`) starts
  it when its turn comes; a run whose slot went stale and was taken pauses with the notice ``"busy"``;
* a worker that dies costs this run only: the status ``"crashed"``, the notice ``"lost"``, the last
  frame kept on screen until Reset.

Commands may come from the page's script thread and from the stream (its fast path for Start and
Pause) at once: they are idempotent and run one at a time, and a Pause stops a training slice at its
next step.
"""

from __future__ import annotations

import functools
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from activations.training import budget, frames, worker_pool
from activations.training.born_dead import MAX_INPUTS, BornDead, born_dead
from activations.training.lab import PAUSED, READY, RUNNING, Lab, LabConfig, LabView
from activations.training.slots import SLOTS, RunSlots, freeze_heap_once, one_thread
from activations.training.streams import STREAMS, Streams
from activations.training.worker_pool import Pool, RemoteLab, WorkerError, WorkerLost

BUSY, DEVICE, QUEUED, LOST = "busy", "device", "queued", "lost"  # notices (see take_notice)
CRASHED = "crashed"  # the status of a run whose worker died
QUEUE_S = 0.5  # a queued run asks for a slot twice a second (and so keeps its place in line)
MAX_REPLAY = 1000  # Step presses kept for a worker's replay; at this many the lab moves there, paused
COMMANDS = ("start", "pause")  # what a stream may ask of a lab (see command)

Done = Callable[[bytes | None], None]  # a want's answer: a frame, or None when the lab is gone

_here: ThreadPoolExecutor | None = None  # trains labs without workers, one want at a time each
_here_lock = threading.Lock()


def _here_threads() -> ThreadPoolExecutor:
    global _here
    with _here_lock:
        if _here is None:
            _here = ThreadPoolExecutor(max_workers=2 * budget.cores(), thread_name_prefix="lab-stream")
        return _here


def _one_at_a_time(command: Callable) -> Callable:
    """A session's commands run one at a time: the page's rerun and the stream's fast path may send
    the same Start at once, and it must open one lab in a worker, not two."""

    @functools.wraps(command)
    def serialized(self: LabSession, *args: object) -> object:
        with self._commands:
            return command(self, *args)

    return serialized


class LabSession:
    """The lab of one session and its run slot. ``owner`` identifies the session to ``slots``.

    ``pool``: the training workers that run it (:mod:`activations.training.worker_pool`); None trains in
    this process, on a stream thread (``ACTIVATIONS_TRAINING_WORKERS=0``, and the tests of that path).
    By default the process's pool, when workers are enabled. ``streams``: the token registry."""

    def __init__(
        self,
        slots: RunSlots = SLOTS,
        owner: str | None = None,
        pool: Pool | bool | None = True,
        streams: Streams = STREAMS,
    ) -> None:
        self.slots = slots
        self.streams = streams
        self.token: str | None = None  # the stream's key to this lab (None before a lab exists)
        self.owner = owner or uuid.uuid4().hex
        self.pool: Pool | None = (
            (worker_pool.pool() if budget.enabled() else None) if pool is True else pool or None
        )
        if self.pool is not None:
            self.pool.warm()  # the workers import torch in the background while the visitor looks
        self.lab: Lab | None = None  # built here: the configuration, the data, the view before a run
        self.remote: RemoteLab | None = None  # the same lab in a worker, from its first Start on
        self.requested: LabConfig | None = None  # what was asked for (the lab may run on the CPU instead)
        self.queued = False
        self.pace: float | None = None
        self._replay: list[int] = []  # Step presses before the first Start, replayed in the worker
        self._crashed: LabView | None = None
        self._crashed_frame: bytes | None = None
        self._seq = 0  # frames made here (without workers, or of a crashed run)
        self._cursor: frames.Cursor | None = None  # what the stream's client holds (without workers)
        self._alt_at = -frames.ALT_S
        self._frame_cost = budget.FRAME_COST_S  # CPU seconds of a frame made here (moving average)
        self._lock = threading.RLock()
        self._commands = threading.RLock()  # start, pause, step, reset: one at a time
        self._notice: str | None = None
        self._born_dead: tuple[tuple, BornDead] | None = None

    def use(self, config: LabConfig, pace: float | None = None) -> Lab:
        """The lab for ``config``: the current one, or a new one (not started) when ``config`` differs
        from the last one asked for or after :meth:`reset`. ``pace``: steps per second, None: max."""
        if self.lab is None or self.requested != config:
            self.reset()
            self.lab, self.requested = self._build(config), config
            self.token = self.streams.register(self)
        if self.remote is not None and pace != self.pace:
            try:
                self.remote.pace(pace)
            except WorkerLost:
                self._lose()
        self.lab.pace = self.pace = pace
        return self.lab

    def _build(self, config: LabConfig) -> Lab:
        try:
            return Lab(config)
        except (RuntimeError, AssertionError):  # a GPU torch lists but can't use (memory, driver, build)
            if config.device == "cpu":
                raise
            self._notice = DEVICE
            return Lab(replace(config, device="cpu"))

    # what the page shows ------------------------------------------------------------------------

    @property
    def status(self) -> str:
        if self._crashed is not None:
            return CRASHED
        if self.remote is not None:
            return self.remote.status
        return self.lab.status if self.lab is not None else READY

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    @property
    def steps(self) -> int:
        if self.remote is not None:
            return self.remote.steps
        return self.lab.steps if self.lab is not None else 0

    @property
    def position(self) -> int | None:
        """This run's place in the queue for a slot (1: next), None when it isn't waiting."""
        return self.slots.position(self.owner) if self.queued else None

    def tick_every(self) -> float | None:
        """How often the page should poll (its fragment's ``run_every``): only while the run waits in
        the queue, for its turn (:meth:`tick`). A running lab needs no rerun: its stream draws it."""
        return QUEUE_S if self.queued else None

    def view(self) -> LabView:
        """The whole view of the lab now (histories included: the downloads), from its worker or here."""
        if self._crashed is not None:
            return self._crashed
        if self.remote is not None:
            try:
                return replace(self.remote.view(), pace=self.pace)
            except WorkerLost:
                self._lose()
                return self._crashed
        if self.lab is None:
            raise RuntimeError("no lab: call use() first")
        return self.lab.view(self._share())

    def _share(self) -> float | None:
        """The part of a core a run training here may use now (None when it doesn't run)."""
        if not self.lab.running:
            return None
        return min(1.0, budget.training_cores() / max(1, self.slots.holders()))

    def frame(self, lang: str) -> bytes:
        """The lab's frame now (:mod:`~activations.training.frames`), whole histories and alt texts in
        ``lang`` included: the chart's data when the page reruns."""
        if self._crashed is not None:
            return self._crashed_frame or self._encode(self._crashed, None, lang)[0]
        if self.remote is not None:
            try:
                return self.remote.frame(lang)
            except WorkerLost:
                self._lose()
                return self.frame(lang)
        return self._encode(self.view(), None, lang)[0]

    def _encode(
        self, view: LabView, cursor: frames.Cursor | None, lang: str | None
    ) -> tuple[bytes, frames.Cursor]:
        with self._lock:
            self._seq += 1
            seq = self._seq
        return frames.encode(view, seq, cursor, lang)

    # commands -------------------------------------------------------------------------------------

    def command(self, name: str) -> None:
        """``"start"`` or ``"pause"`` (the stream's fast path; idempotent); anything else is refused."""
        if name not in COMMANDS:
            raise ValueError(f"unknown command {name!r}: one of {', '.join(COMMANDS)}")
        if name == "start":
            self.start()
        else:
            self.pause()

    @_one_at_a_time
    def start(self) -> None:
        if self.lab is None or self.status not in (READY, PAUSED):  # diverged or finished: Reset first
            return
        if self.slots.acquire(self.owner, queue=True):
            self.queued = False
            self._run()
        else:
            self.queued = True
            self._notice = QUEUED

    def _run(self) -> None:
        """Start training (a slot is held)."""
        if self.pool is None:
            freeze_heap_once()
            self.lab.start()
            return
        try:
            if self.remote is None:
                self.remote = self._open()  # running already
            else:
                self.remote.start(self.pace)
        except WorkerLost:
            self._lose()

    def _open(self, start: bool = True) -> RemoteLab:
        config = self.lab.config
        try:
            remote = self.pool.open(config, self._replay, self.pace, start=start)
        except WorkerError:
            if config.device == "cpu":
                raise
            self._notice = DEVICE  # the worker couldn't use the GPU: the CPU runs it
            remote = self.pool.open(replace(config, device="cpu"), self._replay, self.pace, start=start)
        self._replay = []  # the worker holds those steps now
        return remote

    def _lose(self, lost: RemoteLab | None = None) -> None:
        """The worker died: keep the last frame (and view) on screen, say so once, free the slot.
        ``lost``: the handle whose worker died, when it may no longer be this session's (a want's
        late answer after a Reset): then nothing happens."""
        with self._lock:
            if lost is not None and lost is not self.remote:
                return  # an earlier run's worker: this run is fine
            remote, self.remote = self.remote, None
            if remote is None and self._crashed is not None:
                return  # already lost (the stream and the page both noticed)
            self.slots.release(self.owner)
            last = remote.last_view if remote is not None else None
            if last is None and self.lab is not None:
                last = self.lab.view()
            if last is not None:
                self._crashed = replace(last, status=CRASHED, steps_per_s=None, share=None)
            if remote is not None and remote.last_frame is not None:
                self._crashed_frame = frames.restamped(
                    remote.last_frame, status=CRASHED, steps_per_s=None, share=None
                )
            self._notice = LOST

    @_one_at_a_time
    def pause(self) -> None:
        self.queued = False
        if self.remote is not None:
            try:
                self.remote.pause()  # a tick waiting in the worker is answered at once
            except WorkerLost:
                self._lose()
            except WorkerError:  # already closed there
                pass
        elif self.lab is not None:
            self.lab.pause()  # a tick running on another thread stops at its next step
        self.slots.release(self.owner)

    @_one_at_a_time
    def step(self) -> None:
        """One optimizer step of a lab that isn't running (the Step button)."""
        if self.running or self._crashed is not None:
            return
        if self.remote is not None:
            try:
                self.remote.step(1)
            except WorkerLost:
                self._lose()
            except WorkerError:  # already closed there
                pass
        elif self.lab is not None:
            self.lab.step(1)
            if self.pool is not None:
                self._remember_step()

    def _remember_step(self) -> None:
        """Keep a Step press for the worker's replay: one entry per press (each press records one
        history point). The replay stays bounded: at :data:`MAX_REPLAY` presses the lab moves to a
        worker at once, paused, having replayed them, and the next presses go there."""
        self._replay.append(1)
        if len(self._replay) < MAX_REPLAY:
            return
        try:
            self.remote = self._open(start=False)
        except WorkerLost:
            self._lose()

    @_one_at_a_time
    def reset(self) -> None:
        """Forget the run: the next :meth:`use` builds a new lab (and mints a new token)."""
        self.pause()
        if self.remote is not None:
            self.remote.close()
        self.streams.forget(self.token)
        self.remote, self.lab, self._crashed, self._crashed_frame, self._replay = None, None, None, None, []
        self.token, self._cursor = None, None

    @_one_at_a_time
    def tick(self) -> bool:
        """The page's poll while the run waits in the queue: ask for a slot again (which keeps its
        place in line); True when its turn came and it started (the page redraws its buttons)."""
        if not self.queued or not self.slots.acquire(self.owner, queue=True):
            return False
        self.queued = False
        self._run()
        return True

    # the stream -----------------------------------------------------------------------------------

    def want(self, full: bool, lang: str, done: Done) -> None:
        """The stream's client wants its next frame: renew the run slot and the run's lease, and
        answer ``done(frame)`` once the lab has trained for a frame interval (at once when it isn't
        running), from a worker's reader thread or a stream thread, never the caller's.
        ``done(None)``: the lab is gone (reset meanwhile). ``full``: whole histories again.

        It never blocks (an event loop may call it): what waits runs on a stream thread."""
        if self.running and not self.slots.heartbeat(self.owner) and not self.slots.acquire(self.owner):
            _here_threads().submit(self._lost_slot, lang, done)  # its slot went stale and was taken
            return
        remote = self.remote
        if remote is None:
            _here_threads().submit(self._want_here, full, lang, done)
            return

        def answered(frame: bytes | None, error: Exception | None) -> None:
            if self.remote is not remote:  # a late answer for a run that is gone (Reset, a crash)
                frame = self._crashed_frame if self.remote is None and self._crashed is not None else None
            elif isinstance(error, WorkerLost):
                self._lose(remote)
                frame = self._crashed_frame
            elif frame is not None and remote.status != RUNNING and self.remote is remote:
                self.slots.release(self.owner)  # diverged, finished or paused: the slot goes back
            done(frame)

        remote.want(full, lang, answered)

    def _lost_slot(self, lang: str, done: Done) -> None:
        """Pause a run whose slot went to someone else, and answer with its (paused) frame."""
        self.pause()
        self._notice = BUSY
        done(self.frame(lang) if self.lab is not None else None)

    def _want_here(self, full: bool, lang: str, done: Done) -> None:
        """:meth:`want` without workers, on a stream thread: train for a frame interval, then encode."""
        lab = self.lab
        if lab is None or self._crashed is not None:
            done(self.frame(lang) if self._crashed is not None else None)
            return
        if lab.running:
            holders = max(1, self.slots.holders())
            cores = budget.training_cores()
            lab.tick(budget.frame_interval(holders, self._frame_cost, cores), min(1.0, cores / holders))
            if not lab.running:
                self.slots.release(self.owner)
        started, now = time.thread_time(), time.monotonic()
        alt = full or self._cursor is None or now - self._alt_at >= frames.ALT_S
        frame, cursor = self._encode(
            lab.view(self._share()), None if full else self._cursor, lang if alt else None
        )
        if self.lab is lab:
            self._cursor = cursor
            if alt:
                self._alt_at = now
        self._frame_cost = 0.8 * self._frame_cost + 0.2 * (time.thread_time() - started)
        done(frame)

    def lapse(self) -> None:
        """The stream closed: a run in a worker stops training now (here, it trains only for wants)."""
        if self.remote is not None:
            self.remote.lapse()

    def take_notice(self) -> str | None:
        """``"busy"``, ``"queued"``, ``"device"``, ``"lost"`` or None; each notice is given once."""
        notice, self._notice = self._notice, None
        return notice

    def born_dead(
        self, width: int, depth: int, trials: int, progress: Callable[[float], object] | None = None
    ) -> BornDead | None:
        """Lu et al.'s experiment with run A's activation, init and bias, on the lab's training
        points; None when every run slot is taken, or when the worker doing it was lost (a new one
        takes the next try). The result is kept (:meth:`born_dead_result`).

        It runs in a training worker (up to ~13 s of a core: the server's other visitors don't wait
        for it), ``progress`` called here as it goes; without workers, here."""
        lab = self.lab
        if lab is None:
            raise RuntimeError("no lab: call use() first")
        owner = self.owner + "-born-dead"
        if not self.slots.acquire(owner):  # without queueing: the button says "busy", try again
            return None
        arch = lab.config.runs[0].arch
        options = {
            "act": arch.act, "act_params": dict(arch.act_params), "init": arch.init,
            "init_std": arch.init_std, "bias_init": arch.bias_init, "seed": lab.config.data.seed,
        }  # fmt: skip
        try:
            if self.pool is not None:
                inputs = lab.data.x_train[:MAX_INPUTS].detach().cpu().numpy()  # a few KB through the pipe
                result = self.pool.job(born_dead, inputs, width, depth, trials, progress=progress, **options)
            else:
                with one_thread():
                    result = born_dead(lab.data.x_train, width, depth, trials, **options, progress=progress)
        except WorkerLost:
            return None
        finally:
            self.slots.release(owner)
        self._born_dead = (self._born_dead_key(width, depth, trials), result)
        return result

    def born_dead_result(self, width: int, depth: int, trials: int) -> BornDead | None:
        """The last experiment's result, if it had these settings and the lab's network and data."""
        if self._born_dead is None or self._born_dead[0] != self._born_dead_key(width, depth, trials):
            return None
        return self._born_dead[1]

    def _born_dead_key(self, width: int, depth: int, trials: int) -> tuple:
        """What an experiment's result depends on: its shape, run A's network and the data."""
        if self.lab is None:
            return (width, depth, trials)
        return (width, depth, trials, self.lab.config.runs[0].arch, self.lab.config.data)
