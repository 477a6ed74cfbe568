"""Import the heavy libraries while the server starts, before the first visitor's script needs them.

``import torch`` takes ~1.8 s here and would otherwise start only when the first session runs the
script, after the server has started and the browser has loaded the page. ``app.py`` hands
:func:`lifespan` to ``st.App`` so that it runs at server start-up; a session that imports torch
meanwhile simply waits for the same import (Python's import lock) instead of starting its own.

Two stages, so that a cold server's first visitor on the default page waits only for what that
page needs: torch and the Activations chart, then the default view computed once; after that
pandas and plotly (~0.5 s more), which the other pages and the Activations tabs use.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

# activations.training.slots caps torch's threads at the container's CPU quota when imported: before
# most script threads start (each thread started later takes the setting).
DEFAULT_PAGE_MODULES = ("torch", "activations.training.slots", "activations.explorer.chart")
OTHER_MODULES = ("pandas", "plotly.graph_objects", "activations.explorer.tables")


_started = threading.Event()
_default_page_ready = threading.Event()
_done = threading.Event()


def _import(names: Iterable[str]) -> None:
    for name in names:
        importlib.import_module(name)


def _import_all() -> None:
    try:
        _import(DEFAULT_PAGE_MODULES)
        _default_view()
    finally:
        _default_page_ready.set()
        try:
            _import(OTHER_MODULES)
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
    probe(values.act, values.x0, dict(values.params))
    compute(values.act, dict(values.params), values.xmin, values.xmax)


def wait_until_warm(default_page: bool = False, timeout: float = 30.0) -> None:
    """Block a script run until the warm-up imports it needs are done, if they were started: the
    first stage for the default page, all of them for the others.

    Not only an optimisation: plotly looks pandas up in ``sys.modules`` without importing it, so a
    figure built while the warm-up thread is half-way through ``import pandas`` fails. The default
    page builds no plotly figure; its tabs import pandas themselves (and wait for the import lock).
    """
    if _started.is_set():
        (_default_page_ready if default_page else _done).wait(timeout)


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    _started.set()
    threading.Thread(target=_import_all, name="warm-up imports", daemon=True).start()
    yield
