"""Process-wide settings for live training: a cap on concurrent runs with a queue behind it, one
torch thread per run, torch's threads within the container's CPU quota, and a heap the garbage
collector doesn't have to walk again and again.

A plain module-level object, not a Streamlit cache: any client can send a message that clears those
caches for everyone. A run holds a slot from Start until it pauses, stops or resets; every tick renews it. A
closed tab never says goodbye, so a slot whose holder hasn't sent a heartbeat for ``stale_after``
seconds (2 s: ticks come several times a second) goes to the next run that asks; a holder that
finds its slot gone must ask again.

**The cap** (:func:`default_capacity`) comes from memory, not from CPU: CPU is shared fairly
between however many runs are active (:mod:`activations.training.worker_process`), so a run is refused
only when the workers would hold more labs than they should keep in memory: ``RUNS_PER_WORKER``
(64) active runs per worker process, 128 on a 2-core machine. The largest lab the page allows
(compare mode: two networks of 6 layers of 64, 2,000 points, Adam, a full history) holds about
6.3 MiB in a worker (measured), so 64 of them add at most ~400 MiB to a worker's ~330 MiB (torch).
Without workers (``ACTIVATIONS_TRAINING_WORKERS=0``) runs share the server process and the cap is
one per core.
``ACTIVATIONS_MAX_RUNS`` overrides both. Past the cap, a run waits in a queue (first come, first
served) and starts by itself when a slot frees; a queued run that stops asking leaves the queue.

**Threads.** Importing this module caps torch's intra-op threads in this process at the CPUs it may
use (:func:`limit_threads`): torch starts one per core it sees, and in a container that is every
core of the host, however small the CPU quota.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import torch

from activations.core import capacity
from activations.training import budget

STALE_AFTER_S = 2.0
RUNS_PER_WORKER = 64


def default_capacity() -> int:
    """``ACTIVATIONS_MAX_RUNS`` if set, else ``RUNS_PER_WORKER`` per training worker, or one run per
    CPU core when runs train in the server process."""
    configured = os.environ.get("ACTIVATIONS_MAX_RUNS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if budget.enabled():
        return RUNS_PER_WORKER * budget.worker_count()
    return budget.cores()


class RunSlots:
    """At most ``capacity`` holders at once, each known by an opaque owner token, and a queue."""

    def __init__(
        self, capacity: int, stale_after: float = STALE_AFTER_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.stale_after = stale_after
        self._clock = clock
        self._lock = threading.Lock()
        self._last_seen: dict[str, float] = {}
        self._waiting: dict[str, float] = {}  # queued owners, first come first (dicts keep order)

    def _drop_stale(self, now: float) -> None:
        for table in (self._last_seen, self._waiting):
            for owner, seen in list(table.items()):
                if now - seen > self.stale_after:
                    del table[owner]

    def acquire(self, owner: str, queue: bool = False) -> bool:
        """Take a slot for ``owner`` (or keep the one it has); False when all are busy, or when others
        queued before it. With ``queue``, an owner that gets no slot waits in line (ask again to
        keep its place: :meth:`position`)."""
        with self._lock:
            now = self._clock()
            if owner not in self._last_seen:
                self._drop_stale(now)
                free = self.capacity - len(self._last_seen)
                ahead = list(self._waiting).index(owner) if owner in self._waiting else len(self._waiting)
                if ahead >= free:
                    if queue:
                        self._waiting[owner] = now
                    return False
                self._waiting.pop(owner, None)
            self._last_seen[owner] = now
            return True

    def position(self, owner: str) -> int | None:
        """1 for the next in line; None when ``owner`` isn't queued."""
        with self._lock:
            self._drop_stale(self._clock())
            return list(self._waiting).index(owner) + 1 if owner in self._waiting else None

    def waiting(self) -> int:
        with self._lock:
            self._drop_stale(self._clock())
            return len(self._waiting)

    def heartbeat(self, owner: str) -> bool:
        """Mark ``owner`` alive; False when it no longer holds a slot (it went stale and was taken)."""
        with self._lock:
            if owner not in self._last_seen:
                return False
            self._last_seen[owner] = self._clock()
            return True

    def release(self, owner: str) -> None:
        """Give the slot back, or leave the queue."""
        with self._lock:
            self._last_seen.pop(owner, None)
            self._waiting.pop(owner, None)

    def holders(self) -> int:
        with self._lock:
            self._drop_stale(self._clock())
            return len(self._last_seen)

    def clear(self) -> None:
        with self._lock:
            self._last_seen.clear()
            self._waiting.clear()


SLOTS = RunSlots(default_capacity())

_local = threading.local()
_thread_lock = threading.Lock()


@contextmanager
def one_thread() -> Iterator[None]:
    """Run torch on one intra-op thread inside the block, then restore the previous setting.

    With this torch build (OpenMP, MKL) the setting belongs to the calling thread, and Streamlit runs
    every script run on a thread of its own, so each tick sets it again. Nested blocks share it.
    """
    depth = getattr(_local, "depth", 0)
    if depth == 0:
        _local.saved = torch.get_num_threads()
        torch.set_num_threads(1)
    _local.depth = depth + 1
    try:
        yield
    finally:
        _local.depth -= 1
        if _local.depth == 0:
            torch.set_num_threads(_local.saved)


def limit_threads(threads: int | None = None) -> int:
    """Use at most ``threads`` torch intra-op threads (default: the plan's, the CPU quota rounded down,
    :mod:`activations.core.capacity`); return the number now used. With this torch build the
    setting made on one thread is the default of every thread started after it (Streamlit's script
    threads), so it is made once, early: when this module is imported."""
    threads = capacity.plan().threads if threads is None else threads
    if torch.get_num_threads() > threads:
        torch.set_num_threads(max(1, threads))
    return torch.get_num_threads()


limit_threads()

_frozen = False


def freeze_heap_once() -> None:
    """Exempt everything alive now from garbage collection, once per process (``gc.freeze``).

    With torch, Streamlit and pandas loaded, a full collection walks ~280,000 objects: ~145 ms
    measured here, and live training allocates enough to trigger one every few seconds, each a
    visible stall in the refreshes. Frozen objects are never collected, so this runs once, when the
    first run starts and the app's modules and data are loaded; what is created later is collected
    as usual.
    """
    global _frozen
    with _thread_lock:
        if not _frozen:
            gc.freeze()
            _frozen = True
