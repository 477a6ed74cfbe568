"""A browser tab without a browser: Streamlit's own WebSocket protocol, for load and fault checks.

A :class:`Tab` opens ``/_stcore/stream`` like the frontend does (subprotocol ``streamlit``), sends a
``BackMsg`` ``rerun_script`` with the page's name and query string, and reads ``ForwardMsg`` frames:
the page's hash (``navigation``), the elements it is sent (the first chart, the buttons' widget ids,
the Step metric, exceptions, "busy" and queue notices), ``script_finished``, and the fragment timers
(``auto_rerun`` / ``stop_auto_rerun``), which it honours like the browser's ``setInterval``. Like
the browser, it tells the Activations chart that it has drawn when the page asks (``ask_drawn``),
which brings the tabs below it in a fragment rerun; ``settled`` is when that rerun is done. It can
press a button (a ``trigger_value`` for its widget id) and send anything else, valid or not
(:meth:`Tab.send`). It keeps the Training lab component's data (its page header: the run's token,
the stream's paths) and reports to it as the chart does (:meth:`Tab.report`): ``harness/lab_client.py``
pulls the lab's frames with them. Used by ``benchmarks/load.py`` and ``tests/faults/``; asyncio, no
pytest.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from activations.explorer.payload import unpack
from activations.training import chart

T = TypeVar("T")
CHARTS = ("echarts_chart", "plotly_chart", "bidi_component", "vega_lite_chart")
EXPLORER = "activation_explorer_chart"  # ui/components/explorer.py
LAB = "training_lab"  # ui/components/lab.py
FINISHED = ForwardMsg.ScriptFinishedStatus


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: it works where this thread already runs an event loop
    (Playwright's sync API keeps one running in pytest's main thread while a browser is open)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def clear_cache() -> bytes:
    """The ``BackMsg`` Streamlit's "Clear cache" menu item sends (any client may send it)."""
    msg = BackMsg()
    msg.clear_cache = True
    return msg.SerializeToString()


@dataclass
class Tab:
    """One simulated browser tab on the app at ``url`` (``page`` "" is the default page at ``/``)."""

    url: str
    page: str = ""
    query: str = ""
    started: float = 0.0
    first_chart: float | None = None  # seconds from open() to the first chart element
    finished: float | None = None  # seconds from open() to the first script_finished
    settled: float | None = None  # ... to the end of the run that brings the tabs (or = finished)
    drawn: tuple[str, str] | None = None  # (widget id, fragment id) of a chart asking to hear it drew
    errors: list[str] = field(default_factory=list)
    page_hash: str = ""
    buttons: dict[str, str] = field(default_factory=dict)  # label -> widget id
    steps: list[tuple[float, int]] = field(default_factory=list)  # (time, Step metric)
    captions: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    auto: dict[str, asyncio.Task] = field(default_factory=dict)
    runs: int = 0  # script_finished messages, fragment runs included
    refreshes: int = 0  # fragment runs finished
    closed: bool = False  # the server closed the connection
    lab: dict | None = None  # the lab component's newest page header (activations/training/chart.py)
    lab_widget: tuple[str, str] | None = None  # its (widget id, fragment id)
    reports: int = 0  # reports sent to the lab component's state
    ws: object = None

    def rerun(
        self, widgets: dict[str, bool] | None = None, fragment: str = "", states: dict[str, str] | None = None
    ) -> bytes:
        """A ``rerun_script`` BackMsg: the whole page, or one fragment's timer run; ``widgets`` maps
        button widget ids to a trigger value (a click), ``states`` a component's id to its JSON state
        (then ``fragment`` is the fragment it lives in, rerun as the browser does, not as a timer)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.page_script_hash = self.page_hash
        if fragment:
            state.fragment_id = fragment
            state.is_auto_rerun = not states
        for widget_id, value in (widgets or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.trigger_value = value
        for widget_id, text in (states or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.json_value = text
        return msg.SerializeToString()

    async def send(self, data: bytes) -> None:
        try:
            await self.ws.send(data)
        except Exception as error:  # a closed connection: counted by the reader
            self.errors.append(f"send: {type(error).__name__}")

    async def timer(self, fragment: str, interval: float) -> None:
        """The browser's setInterval for a fragment's run_every."""
        while True:
            await asyncio.sleep(interval)
            await self.send(self.rerun(fragment=fragment))

    def handle(self, msg: ForwardMsg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":  # the page this session is on, for the next reruns
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            if what in CHARTS and self.first_chart is None:
                self.first_chart = now - self.started
            if what == "bidi_component" and element.bidi_component.component_name == EXPLORER:
                if unpack(element.bidi_component.bytes)[0].get("ask_drawn"):
                    self.drawn = (element.bidi_component.id, msg.delta.fragment_id)
            elif what == "bidi_component" and element.bidi_component.component_name == LAB:
                self.lab = chart.read(element.bidi_component.bytes)[0]
                self.lab_widget = (element.bidi_component.id, msg.delta.fragment_id)
            elif what == "button":
                self.buttons[element.button.label] = element.button.id
            elif what == "metric" and element.metric.label == "Step":
                self.steps.append((now, int(element.metric.body.replace(",", ""))))
            elif what == "exception":
                self.errors.append(f"exception: {element.exception.type}: {element.exception.message[:80]}")
            elif what == "markdown" and "steps/s" in element.markdown.body:
                self.captions.append(element.markdown.body)
            elif what == "alert":
                body = element.alert.body
                if "busy" in body:
                    self.errors.append("refused: busy")
                if "in line" in body:
                    self.infos.append(body)
        elif kind == "script_finished":
            self.runs += 1
            if self.finished is not None:  # a fragment run that another timer rerun follows at once
                self.refreshes += 1  # ends FINISHED_EARLY_FOR_RERUN: its elements were sent all the same
            if msg.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("compile error")
            if self.finished is None and msg.script_finished == FINISHED.FINISHED_SUCCESSFULLY:
                self.finished = now - self.started
                if self.drawn is None:
                    self.settled = self.finished
                else:  # the chart is on screen: say so, as explorer.js does after its first frame
                    widget_id, fragment = self.drawn
                    tell = self.rerun(fragment=fragment, states={widget_id: json.dumps({"drawn": 1.0})})
                    self.auto["drawn"] = asyncio.get_running_loop().create_task(self.send(tell))
            elif self.settled is None and self.finished is not None:
                self.settled = now - self.started
        elif kind == "auto_rerun":
            fragment = msg.auto_rerun.fragment_id
            task = self.auto.pop(fragment, None)
            if task:
                task.cancel()
            self.auto[fragment] = asyncio.create_task(self.timer(fragment, msg.auto_rerun.interval))
        elif kind == "stop_auto_rerun":
            for fragment in msg.stop_auto_rerun.fragment_ids:
                task = self.auto.pop(fragment, None)
                if task:
                    task.cancel()

    async def read(self) -> None:
        try:
            async for frame in self.ws:
                if isinstance(frame, str):
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                self.handle(msg, time.perf_counter())
        except Exception as error:
            if not isinstance(error, asyncio.CancelledError):
                self.errors.append(f"read: {type(error).__name__}")
        self.closed = True

    async def connect(self) -> None:
        """Open the WebSocket only (no script run yet)."""
        self.started = time.perf_counter()
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = await connect(ws_url, subprotocols=["streamlit"], max_size=None, compression=None,
                                open_timeout=60, ping_interval=None)  # fmt: skip
        self.reader = asyncio.create_task(self.read())

    async def open(self) -> None:
        """Connect and ask for the page's first run, like a new tab."""
        await self.connect()
        await self.send(self.rerun())

    async def wait(self, what: Callable[[], object], timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while not what():
            if time.perf_counter() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    async def press(self, label: str) -> bool:
        """Click the button labelled ``label`` (False when the page has none)."""
        widget = self.buttons.get(label)
        if widget is None:
            return False
        await self.send(self.rerun({widget: True}))
        return True

    async def report(self, **fields: object) -> bool:
        """Report ``fields`` from the lab component, as lab.js does (``{"report": {..., "n": count}}``,
        one rerun); False when the page has no lab component."""
        if self.lab_widget is None:
            return False
        widget_id, fragment = self.lab_widget
        self.reports += 1
        state = json.dumps({"report": {**fields, "n": self.reports}})
        await self.send(self.rerun(fragment=fragment, states={widget_id: state}))
        return True

    async def close(self) -> None:
        for task in self.auto.values():
            task.cancel()
        self.auto.clear()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if getattr(self, "reader", None):
            self.reader.cancel()

    def rate(self, since: float, until: float) -> float | None:
        """Steps/s shown by the Step metric between ``since`` and ``until`` (perf_counter)."""
        inside = [(t, s) for t, s in self.steps if since <= t <= until]
        if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
            return None
        return (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])


async def visitors(url: str, n: int, page: str = "", timeout: float = 120, query: str = "") -> list[Tab]:
    """``n`` new tabs at once on ``page``, each until its first view is complete (its first script run
    finished, and the tabs' rerun when the chart asks for it) or the deadline; then closed. A tab that
    didn't finish has an error saying so."""
    tabs = [Tab(url, page, query) for _ in range(n)]
    results = await asyncio.gather(*(tab.open() for tab in tabs), return_exceptions=True)
    for tab, result in zip(tabs, results, strict=True):
        if isinstance(result, Exception):
            tab.errors.append(f"connect: {type(result).__name__}: {result}")
    await asyncio.gather(
        *(tab.wait(lambda t=tab: t.settled is not None or t.errors, timeout) for tab in tabs)
    )
    for tab in tabs:
        if tab.settled is None and not tab.errors:
            tab.errors.append("no script completion before the deadline")
    await asyncio.gather(*(tab.close() for tab in tabs))
    return tabs


async def first_runs(url: str, n: int, page: str = "", timeout: float = 60) -> list[float]:
    """Seconds to the first finished script run of ``n`` new tabs opened one after another."""
    times = []
    for _ in range(n):
        (tab,) = await visitors(url, 1, page, timeout)
        if tab.finished is None:
            raise AssertionError(f"a new tab on /{page} got no finished run: {tab.errors}")
        times.append(tab.finished)
    return times
