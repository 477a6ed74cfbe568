"""The CPU that live training may use, and its pace: how many training workers, how often runs send frames.

* **Budget.** All live runs together use at most :func:`training_cores` cores: the CPUs this process
  may use (its container's quota, see :mod:`activations.core.capacity`) minus a reserve for page
  script runs, or ``ACTIVATIONS_TRAINING_CORES``.
* **Workers.** :func:`worker_count` processes train them (the budget rounded up, no more than fit in
  the container's memory beside the server); :func:`enabled` says whether runs train in workers at
  all (:mod:`~activations.training.worker_pool`) or on the page's script thread.
* **Frames.** A streamed run gets its next frame (:mod:`~activations.training.frames`) once it has
  trained for :func:`frame_interval`: 1/60 s while the worker has few runs and frames are cheap,
  longer when building all its runs' frames would take more than ``FRAME_SHARE`` of its CPU.
"""

from __future__ import annotations

import math
import os

from activations.core import capacity

FRAME_S = 1 / 60  # the least time between two frames of a run: a screen's refresh
MAX_FRAME_S = 1.0  # the most (well inside a run slot's 2 s heartbeat, which each frame's request renews)
FRAME_SHARE = 0.25  # what building the frames of all its runs may take of a worker's CPU
FRAME_COST_S = 0.002  # the CPU of one frame before any was measured


def cores() -> int:
    """The CPUs this process may use, rounded up: the cores it sees, bounded by its container's CPU
    quota (:mod:`activations.core.capacity`)."""
    return max(1, math.ceil(capacity.plan().cpus))


def training_cores() -> float:
    """The CPU all live runs together may use, in cores: ``ACTIVATIONS_TRAINING_CORES`` if set, else
    the CPUs (the container's quota, if any) minus a reserve for page script runs
    (``ACTIVATIONS_RESERVE_CORES``, default 0.25)."""
    return capacity.plan().training_cores


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


def frame_interval(streams: int, cost: float, cores: float) -> float:
    """Seconds between two frames of each of ``streams`` runs whose frame costs ``cost`` seconds of
    CPU, so that all frames together take at most ``FRAME_SHARE`` of ``cores``:
    ``max(FRAME_S, streams * cost / (FRAME_SHARE * cores))``, at most ``MAX_FRAME_S``. One run whose
    frame costs 1 ms on a whole core: 1/60 s; 15 runs on 0.9 of a core: 67 ms (15 frames a second)."""
    return min(MAX_FRAME_S, max(FRAME_S, streams * cost / (FRAME_SHARE * max(cores, 0.01))))
