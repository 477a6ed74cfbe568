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
    "pandas",
    "plotly.graph_objects",
    "activations.explorer.chart",
    "activations.explorer.tables",
)


_started = threading.Event()
_done = threading.Event()


def _import_all() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
        _default_view()
    finally:
        _done.set()


def _default_view() -> None:
    """What every new visitor's first run computes, computed once here (the library caches it):
    the Activations chart's first message, the probe and the properties of the default view."""
    from activations.explorer import chart, link
    from activations.explorer.curves import probe
    from activations.explorer.properties import compute

    values = link.check({})[0]
    chart.message(values, "en", 1, 0, sent=set())
    probe(str(values["act"]), float(values["x0"]), link.params_of(values))  # type: ignore[arg-type]
    compute(str(values["act"]), link.params_of(values), float(values["xmin"]), float(values["xmax"]))  # type: ignore[arg-type]


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
