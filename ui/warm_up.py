"""Import the heavy libraries while the server starts, before the first visitor's script needs them.

``import torch`` takes ~1.8 s here and would otherwise start only when the first session runs the
script, after the server has started and the browser has loaded the page. ``app.py`` hands
:func:`lifespan` to ``st.App`` so that it runs at server start-up; a session that imports torch
meanwhile simply waits for the same import (Python's import lock) instead of starting its own.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

MODULES = (
    "torch",
    "plotly.graph_objects",
    "activations.explorer.curves",
    "activations.explorer.figures",
    "pandas",
)


_started = threading.Event()
_done = threading.Event()


def _import_all() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
        from activations.explorer.curves import curve  # the default view's curve: torch's first autograd call

        curve("relu", -6.0, 6.0)
    finally:
        _done.set()


def wait_until_warm(timeout: float = 30.0) -> None:
    """Block a script run until the warm-up imports are done, if they were started.

    Not only an optimisation: plotly looks pandas up in ``sys.modules`` without importing it, so a
    figure built while the warm-up thread is half-way through ``import pandas`` fails.
    """
    if _started.is_set():
        _done.wait(timeout)


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    _started.set()
    threading.Thread(target=_import_all, name="warm-up imports", daemon=True).start()
    yield
