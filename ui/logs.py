"""One JSON line on stderr per event an operator of a hosted demo wants to count.

Streamlit's own log is free text with multi-line tracebacks; behind a balancer, in ``docker logs``
or ``kubectl logs``, an operator wants to answer "how many runs were refused today, on which
replica, how many links were bad" with ``grep``/``jq``. So each event here is exactly one line,
one ``json.dumps`` written under a lock (threads: one per script run), with a fixed ``event``
name, a timestamp, the process id and a short session id to correlate lines from one visitor:

    {"ts": 1796000000.123, "event": "link_rejected", "pid": 7, "session": "3f2a9c1e", ...}

Events and who emits them:

* ``link_rejected``  ui.binder.bind, once per session and page whose link had unusable values.
* ``script_error``   app.py hands :func:`script_error` to ``st.App(on_script_error=...)``.
* ``run_refused``    the Training lab (or any limiter) calls :func:`run_refused` when it says "busy".
* ``run_queued``     the Training lab calls :func:`run_queued` when a run waits for a slot.
* ``device_fallback`` whoever moves work from a GPU to the CPU calls :func:`device_fallback`.

Values that come from visitors (link values, exception messages) are cut to :data:`MAX_TEXT`
characters: a log line must not grow with what a stranger typed.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from typing import Any, TextIO

MAX_TEXT = 120
_lock = threading.Lock()
stream: TextIO | None = None  # tests point this at a buffer; None means sys.stderr at call time


def event(name: str, **fields: Any) -> dict[str, Any]:
    """Write one line for event ``name`` with ``fields`` (JSON-able or str()-able); return the record."""
    record = {"ts": round(time.time(), 3), "event": name, "pid": os.getpid(), "session": _session(), **fields}
    line = json.dumps(record, ensure_ascii=False, default=str, separators=(",", ":"))
    with _lock:
        out = stream or sys.stderr
        out.write(line + "\n")
        out.flush()
    return record


def run_refused(page: str, reason: str, active: int, cap: int) -> None:
    """A run was not started: ``reason`` (e.g. ``"busy"``), with ``active`` runs of at most ``cap``."""
    event("run_refused", page=page, reason=reason, active=active, cap=cap)


def run_queued(page: str, position: int, active: int, cap: int) -> None:
    """A run waits for a slot at queue ``position`` (1 = next)."""
    event("run_queued", page=page, position=position, active=active, cap=cap)


def device_fallback(page: str, requested: str, used: str, reason: str) -> None:
    """Work asked for device ``requested`` (``cuda``, ``mps``) ran on ``used`` instead, because ``reason``."""
    event("device_fallback", page=page, requested=requested, used=used, reason=_cut(reason))


def link_rejected(page: str, problems: Iterable[Any]) -> None:
    """A link's values that could not be used (``activations.core.fields.Problem`` objects)."""
    items = [{"key": p.key, "raw": _cut(p.raw), "reason": p.reason} for p in problems]
    if items:
        event("link_rejected", page=page, problems=items[:20], count=len(items))


def script_error(exc: BaseException) -> None:
    """``st.App(on_script_error=...)``: log the exception as one line; return None so Streamlit still
    shows its error box (without details, see ``client.showErrorDetails``)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{os.path.relpath(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    event("script_error", type=type(exc).__name__, message=_cut(str(exc)), where=where)


def _cut(text: object) -> str:
    text = str(text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _session() -> str | None:
    """The first 8 characters of the current Streamlit session's id, or None outside a script run."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
    except Exception:  # logging must never break the page
        return None
    return ctx.session_id[:8] if ctx else None
