"""Process-wide settings for live training: a cap on concurrent runs, one torch thread per run, and
a heap the garbage collector doesn't have to walk again and again.

A plain module-level object, not a Streamlit cache: any client can clear those caches for everyone
(NOTES.md). A run holds a slot from Start until it pauses, stops or resets. A closed tab never says
goodbye, so a slot whose holder hasn't sent a heartbeat for ``stale_after`` seconds goes to the next
run that asks; a holder that finds its slot gone must ask again (and may be told "busy").
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import torch

STALE_AFTER_S = 30.0


def default_capacity() -> int:
    """``ACTIVATIONS_MAX_RUNS`` if set, else one run per CPU core."""
    configured = os.environ.get("ACTIVATIONS_MAX_RUNS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, os.cpu_count() or 1)


class RunSlots:
    """At most ``capacity`` holders at once, each known by an opaque owner token."""

    def __init__(
        self, capacity: int, stale_after: float = STALE_AFTER_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.stale_after = stale_after
        self._clock = clock
        self._lock = threading.Lock()
        self._last_seen: dict[str, float] = {}

    def _drop_stale(self, now: float) -> None:
        for owner, seen in list(self._last_seen.items()):
            if now - seen > self.stale_after:
                del self._last_seen[owner]

    def acquire(self, owner: str) -> bool:
        """Take a slot for ``owner`` (or keep the one it has); False when all are busy."""
        with self._lock:
            now = self._clock()
            if owner not in self._last_seen:
                self._drop_stale(now)
                if len(self._last_seen) >= self.capacity:
                    return False
            self._last_seen[owner] = now
            return True

    def heartbeat(self, owner: str) -> bool:
        """Mark ``owner`` alive; False when it no longer holds a slot (it went stale and was taken)."""
        with self._lock:
            if owner not in self._last_seen:
                return False
            self._last_seen[owner] = self._clock()
            return True

    def release(self, owner: str) -> None:
        with self._lock:
            self._last_seen.pop(owner, None)

    def holders(self) -> int:
        with self._lock:
            self._drop_stale(self._clock())
            return len(self._last_seen)

    def clear(self) -> None:
        with self._lock:
            self._last_seen.clear()


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
