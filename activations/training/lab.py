"""A live run of the Training lab: one trainer (or two side by side), their history and speed.

A training worker (:mod:`activations.training.worker_process`) trains it in short slices and encodes
its view (:class:`LabView`) into the stream's frames (:mod:`activations.training.frames`). Without
workers, the session's stream drives it in time-boxed ticks on a stream thread
(:meth:`Lab.tick` trains for most of a frame interval and then measures: losses, accuracies, dead
units on the full sets), so nothing trains between two wants. In compare mode the two trainers
advance in lockstep, the same number of steps each, so their curves line up step for step.

A run stops by itself when its loss is no longer finite ("diverged") or after ``MAX_STEPS`` steps.

A command (a Pause click on the page, or over the stream) may come on one thread while a tick runs
on another: ticks, steps and reads take ``lock``, and a tick stops training as soon as the status is
no longer "running", so a Pause takes effect within a step.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

import numpy as np

from activations.training.data import DataConfig, Dataset
from activations.training.loop import Recipe, Snapshot, Trainer
from activations.training.model import Architecture
from activations.training.slots import one_thread

MAX_STEPS = 2_000_000
PERIOD_S = 0.19  # a tick's default length, training and measuring together
MAX_RECORDS = 400  # history points kept per run (plenty for a chart); beyond, every other one is dropped
SPEED_WINDOW_S = 3.0  # steps/s is measured over about this many last seconds

READY, RUNNING, PAUSED, DIVERGED, FINISHED = "ready", "running", "paused", "diverged", "finished"


@dataclass(frozen=True)
class RunConfig:
    """One network and how it trains."""

    arch: Architecture
    recipe: Recipe


@dataclass(frozen=True)
class LabConfig:
    """Everything a lab depends on; equal configs give identical runs (on the CPU)."""

    data: DataConfig
    runs: tuple[RunConfig, ...]
    device: str = "cpu"


GRID = 64  # decision-boundary grid of a view: cells per side (a frame sends it as float16)


@dataclass(frozen=True)
class RunView:
    """What the page draws of one run: its latest snapshot and history, the boundary grid and weights."""

    arch: Architecture
    latest: Snapshot
    history: History
    probabilities: np.ndarray  # (classes, GRID, GRID), see ``Trainer.probabilities``
    weights: tuple[np.ndarray, ...]  # (fan_out, fan_in) per layer, the output layer included
    biases: tuple[np.ndarray, ...] = ()  # per layer (for the weights download)
    slopes: tuple[float, ...] = ()  # PReLU's learned slope per hidden layer, else empty


@dataclass(frozen=True)
class LabView:
    """A lab as the page sees it, from the lab itself (in-process) or from a training worker.

    ``share`` is the part of a CPU core this run may use now (None in-process: a whole thread)."""

    config: LabConfig
    extent: float
    status: str
    steps: int
    pace: float | None
    runs: tuple[RunView, ...]
    steps_per_s: float | None = None
    share: float | None = None

    @property
    def running(self) -> bool:
        return self.status == RUNNING


def run_view(run: Run, extent: float, history: History | None = None) -> RunView:
    """The view of ``run`` now (one torch thread: call inside ``one_thread``)."""
    trainer = run.trainer
    return RunView(
        trainer.arch,
        run.latest,
        run.history if history is None else history,
        trainer.probabilities(extent, GRID),
        tuple(w.numpy().copy() for w in trainer.network.layer_weights()),
        tuple(b.detach().to("cpu", copy=True).numpy() for b in trainer.network.biases),
        tuple(trainer.network.slopes()),
    )


class History:
    """Snapshots of one run over time, as growing arrays, thinned to at most ``MAX_RECORDS``.

    Appending is O(1) amortised and reading a series is a view, so redrawing the curves costs the
    same after an hour as after a second. When full, every other record is dropped (the latest kept).
    """

    SERIES = ("step", "epoch", "train_loss", "test_loss", "train_acc", "test_acc")

    def __init__(self, widths: tuple[int, ...]) -> None:
        self.widths = widths
        self.generation = 0  # grows whenever a record already there changes (replaced or thinned)
        self._size = 0
        self._values = np.zeros((64, len(self.SERIES)))
        self._dead = np.zeros((64, len(widths)), dtype=np.int64)
        self._saturated = np.zeros((64, len(widths)), dtype=np.int64)

    def __len__(self) -> int:
        return self._size

    def add(self, snapshot: Snapshot) -> None:
        if self._size and self._values[self._size - 1, 0] == snapshot.step:
            self._size -= 1  # same step measured again: replace
            self.generation += 1
        if self._size == len(self._values):
            grow = lambda a: np.concatenate([a, np.zeros_like(a)])  # noqa: E731
            self._values, self._dead, self._saturated = map(grow, (self._values, self._dead, self._saturated))
        row = self._size
        self._values[row] = [getattr(snapshot, name) for name in self.SERIES]
        self._dead[row] = snapshot.units.dead_counts
        self._saturated[row] = snapshot.units.saturated_counts
        self._size += 1
        if self._size > MAX_RECORDS:
            keep = np.r_[np.arange(0, self._size - 1, 2), self._size - 1]
            for array in (self._values, self._dead, self._saturated):
                array[: len(keep)] = array[keep]
            self._size = len(keep)
            self.generation += 1

    def series(self, name: str) -> np.ndarray:
        return self._values[: self._size, self.SERIES.index(name)]

    def per_layer(self, name: str) -> np.ndarray:
        """(records, layers) of ``dead`` or ``saturated`` unit counts."""
        return {"dead": self._dead, "saturated": self._saturated}[name][: self._size]


class Run:
    """One trainer, its latest snapshot and history."""

    def __init__(self, trainer: Trainer) -> None:
        self.trainer = trainer
        self.history = History(trainer.arch.hidden)
        self.latest = trainer.snapshot()
        self.history.add(self.latest)

    @property
    def diverged(self) -> bool:
        return not self.latest.finite

    @property
    def active(self) -> bool:
        return not self.diverged and self.trainer.steps < MAX_STEPS

    def record(self) -> None:
        self.latest = self.trainer.snapshot()
        self.history.add(self.latest)


class Lab:
    """One or two runs on the same data and seed, with a status and a speed readout."""

    def __init__(self, config: LabConfig) -> None:
        self.config = config
        self.data: Dataset = config.data.make()
        seed = config.data.seed
        with one_thread():
            self.runs = [
                Run(Trainer(self.data, run.arch, run.recipe, seed, config.device)) for run in config.runs
            ]
        self.status = READY
        self.lock = threading.RLock()
        self.ticks = 0
        self._lockstep = 8
        self.pace: float | None = None  # steps per second to slow down to; None: full speed
        self._credit = 0.0
        self._overhead = 0.03
        self._last_tick_end: float | None = None
        self._speed: deque[tuple[float, int]] = deque()

    @property
    def steps(self) -> int:
        return max(run.trainer.steps for run in self.runs)

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    def start(self) -> None:
        if self.status in (READY, PAUSED):
            self.status = RUNNING
            self._last_tick_end = None
            self._speed.clear()

    def pause(self) -> None:
        if self.status == RUNNING:
            self.status = PAUSED

    def step(self, n: int = 1) -> None:
        """``n`` steps of every active run, then a refresh (the Step button)."""
        with self.lock, one_thread():
            for run in self.runs:
                if run.active:
                    run.trainer.step(min(n, MAX_STEPS - run.trainer.steps))
                    run.record()
        self.update_status()
        if self.status == READY:
            self.status = PAUSED

    def advance(self, seconds: float, max_steps: int | None = None) -> int:
        """Train every active run for about ``seconds`` in total (at most ``max_steps`` steps each);
        returns the steps each one did."""
        active = [run for run in self.runs if run.active]
        if not active or max_steps == 0:
            return 0
        room = min(MAX_STEPS - run.trainer.steps for run in active)
        if max_steps is not None:
            room = min(room, max_steps)
        if len(active) == 1:
            return active[0].trainer.run_for(seconds, max_steps=room, keep_going=lambda: self.running)
        deadline = time.perf_counter() + seconds
        done = 0
        while done < room:
            chunk = min(self._lockstep, room - done)
            started = time.perf_counter()
            for run in active:
                run.trainer.step(chunk)
            done += chunk
            now = time.perf_counter()
            # aim for chunks of ~2 ms: fine-grained enough to stop close to the deadline
            self._lockstep = max(1, min(4096, int(self._lockstep * 0.002 / max(now - started, 1e-6))))
            if now >= deadline or not self.running:
                break
        return done

    def tick(self, period: float = PERIOD_S, share: float = 1.0) -> int:
        """One refresh period of a running lab: train, then measure. Returns the steps trained.

        The training budget is the period minus what the rest of the cycle (measuring, drawing,
        sending) took last time, so that a full cycle lasts about ``period``; with a ``share`` below 1
        (more runs than training cores) only that part of it, so all runs together stay in budget.
        """
        with self.lock:
            return self._tick(period, share)

    def _tick(self, period: float, share: float = 1.0) -> int:
        if not self.running:
            return 0
        started = time.perf_counter()
        if self._last_tick_end is not None:
            outside = started - self._last_tick_end
            self._overhead = 0.7 * self._overhead + 0.3 * min(outside, period)
        with one_thread():
            budget = min(max(period - self._overhead - 0.004, 0.02), period) * min(max(share, 0.05), 1.0)
            done = self.advance(budget, self._paced_steps(started, period))
            for run in self.runs:
                if run.active or run.trainer.steps != run.latest.step:
                    run.record()
        self.ticks += 1
        now = time.perf_counter()
        self._speed.append((now, self.steps))
        while len(self._speed) > 2 and now - self._speed[0][0] > SPEED_WINDOW_S:
            self._speed.popleft()
        self.update_status()
        self._last_tick_end = time.perf_counter()
        return done

    def _paced_steps(self, now: float, period: float) -> int | None:
        """With a ``pace`` (steps per second), how many steps this tick may take; None: as many as fit."""
        if not self.pace:
            return None
        since = now - self._last_tick_end if self._last_tick_end is not None else period
        self._credit = min(self._credit + self.pace * since, self.pace * period * 2 + 1)
        allowed = int(self._credit)
        self._credit -= allowed
        return allowed

    def update_status(self) -> None:
        """Diverged when every run's loss stopped being finite, or when one did and no run can go on;
        finished when no run can go on (each diverged or at ``MAX_STEPS``); else left as it is."""
        if all(run.diverged for run in self.runs) or (
            any(run.diverged for run in self.runs) and not any(run.active for run in self.runs)
        ):
            self.status = DIVERGED
        elif not any(run.active for run in self.runs):
            self.status = FINISHED

    def view(self, share: float | None = None) -> LabView:
        """What the page draws now (boundary grid, weights, snapshots), as one picklable value."""
        extent = self.data.extent
        with self.lock, one_thread():
            runs = tuple(run_view(run, extent) for run in self.runs)
        return LabView(
            self.config, extent, self.status, self.steps, self.pace, runs, self.steps_per_s, share
        )  # fmt: skip

    @property
    def steps_per_s(self) -> float | None:
        """Steps per second over the last few ticks, wall time (training and refreshing together)."""
        if len(self._speed) < 2:
            return None
        (t0, s0), (t1, s1) = self._speed[0], self._speed[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 else None
