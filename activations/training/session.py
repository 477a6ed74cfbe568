"""One browser session's Training lab: its live run, its run slot, and what to tell the user.

The page keeps one :class:`LabSession` per browser session and hands it the configuration its
widgets ask for on every script run; the rest of a run's life is here, without Streamlit:

* the lab is built here when the requested configuration changes (the device included) or after a
  reset, and never started by that: a link restores a configuration, it doesn't train. Its first
  Start opens the same lab in a training worker (:mod:`activations.training.worker_pool`; Step presses
  made before are replayed there), which trains it from then on; the page draws the worker's
  views (:meth:`LabSession.view`). Without workers (``ACTIVATIONS_TRAINING_WORKERS=0``) the lab
  trains here, in time-boxed ticks on the page's script thread;
* a GPU that torch lists but that can't build the run (memory, driver, build) falls back to the CPU,
  with the notice ``"device"``;
* a running lab holds one of the process's run slots (:data:`~activations.training.slots.SLOTS`):
  taken on Start, renewed by every tick, given back on Pause, Reset, a new configuration, divergence,
  the step limit or a lost worker. When every slot is taken, Start queues the run (notice
  ``"queued"``, :attr:`LabSession.position`) and a later tick starts it when its turn comes; a run
  whose slot went stale and was taken pauses with the notice ``"busy"``;
* a worker that dies costs this run only: the status ``"crashed"``, the notice ``"lost"``, the last
  view kept on screen until Reset.

Streamlit may run a button's callback on one thread while the previous script run is still inside a
tick on another (see :mod:`activations.training.lab`): the page holds :meth:`LabSession.frame` for a
tick and its redraw, and :meth:`pause` doesn't wait for it (the tick stops at its next step, or the
worker answers the waiting tick at once).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from activations.training import budget, worker_pool
from activations.training.born_dead import MAX_INPUTS, BornDead, born_dead
from activations.training.lab import PAUSED, PERIOD_S, READY, RUNNING, Lab, LabConfig, LabView
from activations.training.slots import SLOTS, RunSlots, freeze_heap_once, one_thread
from activations.training.worker_pool import Pool, RemoteLab, WorkerError, WorkerLost

BUSY, DEVICE, QUEUED, LOST = "busy", "device", "queued", "lost"  # notices (see take_notice)
CRASHED = "crashed"  # the status of a run whose worker died
RERUN_S = 0.05  # in the server process: ask for the next tick early, ticks then run back to back
QUEUE_S = 0.5  # a queued run asks for a slot twice a second (and so keeps its place in line)
TICK_MAX_S = 0.25  # with workers: well inside a run's lease (1 s after its last refresh)
MAX_REPLAY = 1000  # Step presses kept for a worker's replay; at this many the lab moves there, paused


class LabSession:
    """The lab of one session and its run slot. ``owner`` identifies the session to ``slots``.

    ``pool``: the training workers that run it (:mod:`activations.training.worker_pool`); None trains on
    the caller's thread (``ACTIVATIONS_TRAINING_WORKERS=0``, and the tests of that path). By default
    the process's pool, when workers are enabled."""

    def __init__(
        self, slots: RunSlots = SLOTS, owner: str | None = None, pool: Pool | bool | None = True
    ) -> None:
        self.slots = slots
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
        self._lock = threading.RLock()
        self._notice: str | None = None
        self._born_dead: tuple[tuple, BornDead] | None = None

    def use(self, config: LabConfig, pace: float | None = None) -> Lab:
        """The lab for ``config``: the current one, or a new one (not started) when ``config`` differs
        from the last one asked for or after :meth:`reset`. ``pace``: steps per second, None: max."""
        if self.lab is None or self.requested != config:
            self.reset()
            self.lab, self.requested = self._build(config), config
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
            return self.remote.view.status
        return self.lab.status if self.lab is not None else READY

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    @property
    def steps(self) -> int:
        if self.remote is not None:
            return self.remote.view.steps
        return self.lab.steps if self.lab is not None else 0

    @property
    def position(self) -> int | None:
        """This run's place in the queue for a slot (1: next), None when it isn't waiting."""
        return self.slots.position(self.owner) if self.queued else None

    def tick_every(self) -> float | None:
        """How often the page's live fragment should tick (its ``run_every``); None: it needn't.

        In the server process, back to back (each tick is time-boxed by the lab), or 5 times a second
        at a chosen pace. With workers a tick waits for the worker's next view, so asking at half the
        refresh interval (at most 0.25 s) keeps them back to back without a stream of requests.
        """
        if self.queued:
            return QUEUE_S
        if not self.running:
            return None
        if self.pool is None:
            return PERIOD_S if self.pace else RERUN_S
        return min(TICK_MAX_S, max(RERUN_S, budget.refresh_interval(self.slots.holders()) / 2))

    def view(self) -> LabView:
        """What the page draws now: the worker's last view of the run, or the lab here."""
        if self._crashed is not None:
            return self._crashed
        if self.remote is not None:
            return replace(self.remote.view, pace=self.pace)
        if self.lab is None:
            raise RuntimeError("no lab: call use() first")
        share = None
        if self.lab.running:
            share = min(1.0, budget.training_cores() / max(1, self.slots.holders()))
        return self.lab.view(share)

    # commands -------------------------------------------------------------------------------------

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

    def _lose(self) -> None:
        """The worker died: keep the last view, say so once, free the slot."""
        last = self.remote.view if self.remote is not None else None
        self.remote = None
        self.slots.release(self.owner)
        if last is not None:
            self._crashed = replace(last, status=CRASHED, steps_per_s=None, refreshes_per_s=None, share=None)
        elif self.lab is not None:
            self._crashed = replace(self.lab.view(), status=CRASHED)
        self._notice = LOST

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

    def reset(self) -> None:
        """Forget the run: the next :meth:`use` builds a new lab."""
        self.pause()
        if self.remote is not None:
            self.remote.close()
        self.remote, self.lab, self._crashed, self._replay = None, None, None, []

    @contextmanager
    def frame(self) -> Iterator[LabSession]:
        """Held for one tick and its redraw (the redraw runs networks too: one torch thread)."""
        if self.lab is None:
            raise RuntimeError("no lab: call use() first")
        lock = self.lab.lock if self.remote is None else self._lock
        with lock, one_thread():
            yield self

    def tick(self, alive: Callable[[], bool] | None = None) -> bool:
        """One refresh period of a running (or queued) lab: renew the slot, train, measure.

        ``alive``: whether the page is still connected, asked while a worker's view is awaited.

        True when the run stopped or started here (its slot was lost, it diverged, it finished, its
        worker died, or its turn in the queue came): what the page shows around the live view (the
        buttons) must then be redrawn.
        """
        if self.queued:
            if not self.slots.acquire(self.owner, queue=True):
                return False
            self.queued = False
            self._run()
            return True
        if not self.running:
            return False
        if not self.slots.heartbeat(self.owner) and not self.slots.acquire(self.owner):
            self.pause()
            self._notice = BUSY
            return True
        if self.remote is not None:

            def waiting() -> bool:  # asked 10 times a second while the worker's view is awaited
                self.slots.heartbeat(self.owner)  # a refresh interval may be longer than a slot's 2 s
                return alive() if alive is not None else True

            try:
                view = self.remote.tick(self.pace, budget.refresh_interval(self.slots.holders()), waiting)
            except WorkerLost:
                self._lose()
                return True
            except WorkerError:  # closed meanwhile (a Reset or a new configuration, on another thread)
                return True
            running = view.running
        else:
            share = min(1.0, budget.training_cores() / max(1, self.slots.holders()))
            self.lab.tick(PERIOD_S, share)
            running = self.lab.running
        if not running:
            self.slots.release(self.owner)
            return True
        return False

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
