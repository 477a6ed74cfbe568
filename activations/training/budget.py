"""The CPU that live training may use, and its pace: how many training workers, how often runs refresh.

* **Budget.** All live runs together use at most :func:`training_cores` cores: the CPUs this process
  may use (its container's quota, see :mod:`activations.core.capacity`) minus a reserve for page
  script runs, or ``ACTIVATIONS_TRAINING_CORES``.
* **Workers.** :func:`worker_count` processes train them (the budget rounded up, no more than fit in
  the container's memory beside the server); :func:`enabled` says whether runs train in workers at
  all (:mod:`~activations.training.worker_pool`) or on the page's script thread.
* **Refreshes.** A live lab is redrawn every :func:`refresh_interval`: 0.2 s, longer when many runs
  are live, so that redrawing them all doesn't eat the server; inside a worker,
  :func:`worker_refresh_interval` slows a crowded worker's answers so that measuring its runs
  doesn't eat the worker.
"""

from __future__ import annotations

import math
import os

from activations.core import capacity

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


def refresh_interval(active: int) -> float:
    """Seconds between two refreshes of each of ``active`` live labs, so that redrawing them all
    costs the server at most ``REDRAW_CORES``: 0.2 s up to 5 runs, then in proportion (10 runs:
    0.4 s, 30 runs: 1.2 s)."""
    return min(MAX_REFRESH_S, max(REFRESH_S, active * REDRAW_S / REDRAW_CORES))


def worker_refresh_interval(active: int) -> float:
    """The least time between two answers to a lab's ticks in a worker training ``active`` runs:
    ``REFRESH_S`` up to ``REFRESH_RUNS`` runs, then in proportion (measuring a run costs the worker
    what it doesn't train)."""
    return min(MAX_REFRESH_S, REFRESH_S * max(1.0, active / REFRESH_RUNS))
