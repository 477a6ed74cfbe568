"""Stream tokens: which session's lab a live-lab stream may read and steer.

A token is minted per lab (:func:`secrets.token_urlsafe`, 192 random bits) and given only to the
session's page, which hands it to its chart; the stream's routes look it up here. No token, no
frames, no commands. A Reset or a new configuration retires the lab's token and mints another.

The registry is plain process state (not a Streamlit cache, which any client can clear), bounded:

* it holds sessions by weak reference, so a session the server forgot disappears with its token;
* it keeps at most ``capacity`` live tokens (the oldest forgotten first) and remembers the last
  ``retired`` ones, so that a stream can tell a run that is gone (:data:`GONE`: a Reset, a new
  configuration, a forgotten session) from a token that never was (:data:`UNKNOWN`).
"""

from __future__ import annotations

import secrets
import threading
import weakref
from collections import OrderedDict
from typing import Any

TOKEN_BYTES = 24  # 32 URL-safe characters
MAX_TOKEN_CHARS = 64  # a longer token is refused unread
MAX_TOKENS = 4096
MAX_RETIRED = 4096

LIVE, GONE, UNKNOWN = "live", "gone", "unknown"


class Streams:
    """Tokens and the sessions they open, by weak reference; bounded."""

    def __init__(self, capacity: int = MAX_TOKENS, retired: int = MAX_RETIRED) -> None:
        self.capacity, self.retired = capacity, retired
        self._live: OrderedDict[str, weakref.ref] = OrderedDict()
        self._retired: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._live)

    def register(self, owner: Any) -> str:
        """A new token for ``owner`` (held weakly)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._lock:
            if len(self._live) >= self.capacity:
                for stale in [t for t, ref in self._live.items() if ref() is None]:
                    self._retire(stale)
            while len(self._live) >= self.capacity:
                self._retire(next(iter(self._live)))
            self._live[token] = weakref.ref(owner)
        return token

    def lookup(self, token: str) -> Any | None:
        """The owner of ``token``, or None (unknown, retired, or its owner is gone)."""
        if len(token) > MAX_TOKEN_CHARS:
            return None
        with self._lock:
            ref = self._live.get(token)
            owner = ref() if ref is not None else None
            if ref is not None and owner is None:
                self._retire(token)
            return owner

    def state(self, token: str) -> str:
        """:data:`LIVE`, :data:`GONE` (retired, or its owner is gone) or :data:`UNKNOWN`."""
        if self.lookup(token) is not None:
            return LIVE
        with self._lock:
            return GONE if token in self._retired else UNKNOWN

    def forget(self, token: str | None) -> None:
        """Retire ``token``: its stream is told the run is gone."""
        if token is None:
            return
        with self._lock:
            if token in self._live:
                self._retire(token)

    def _retire(self, token: str) -> None:
        del self._live[token]
        self._retired[token] = None
        while len(self._retired) > self.retired:
            self._retired.popitem(last=False)


STREAMS = Streams()
