"""A student in the Training lab without a browser: the page over Streamlit's protocol, the frames over
the lab's stream (docs/stream.md), pulled as the chart (ui/components/lab.js) pulls them.

A :class:`Student` opens ``/training`` in a :class:`~harness.streamlit_client.Tab` and reads the lab
component's page header from its data (the run's ``token``, the stream's path). :meth:`Student.start`
presses Start as the chart does: a report to the page (one rerun) and ``{"cmd": "start"}`` over the
stream at once. The pull: one ``{"want": 1}`` after each frame received (``full`` on the first), never
two outstanding. Each frame's header gives the run's steps and status; only the header is read, so the
load generator stays light. A frame that says the run isn't running is followed by a want once the
page shows the run running again (as the chart waits for the page's rerun).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import struct
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from websockets.asyncio.client import connect

from harness.streamlit_client import Tab


def header(frame: bytes) -> dict:
    """A frame's JSON header (activations/training/frames.py), without its sections."""
    (length,) = struct.unpack_from("<I", frame)
    return json.loads(frame[4 : 4 + length])


@dataclass
class Student:
    """One simulated student on ``url``'s Training lab (``query``: the page's query string)."""

    url: str
    query: str = ""
    lang: str = "en"
    tab: Tab = field(init=False)
    frames: list[tuple[float, int, str]] = field(default_factory=list)  # (perf_counter, steps, status)
    frame_bytes: int = 0
    last: dict = field(default_factory=dict)  # the newest frame's header
    close_code: int | None = None  # how the server closed the stream (4401 bad token, 4410 gone)
    errors: list[str] = field(default_factory=list)
    socket: object = None
    puller: asyncio.Task | None = None

    def __post_init__(self) -> None:
        self.tab = Tab(self.url, "training", self.query)

    async def open(self, timeout: float = 120) -> bool:
        """The page's first run, with its lab component (False, with an error, when it has none)."""
        try:
            await self.tab.open()
        except Exception as error:
            self.errors.append(f"connect: {type(error).__name__}: {error}")
            return False
        ready = lambda: self.tab.finished is not None and self.tab.lab is not None  # noqa: E731
        if not await self.tab.wait(ready, timeout):
            self.errors.append("no lab component before the deadline")
            return False
        return True

    @property
    def running(self) -> bool:
        return bool(self.tab.lab and self.tab.lab.get("running"))

    @property
    def queued(self) -> bool:
        return bool(self.tab.lab and self.tab.lab.get("queued"))

    async def start(self, timeout: float = 60) -> bool:
        """Press Start (the page's report and the stream's fast path) and pull frames from then on."""
        token = self.tab.lab.get("token") if self.tab.lab else None
        if not token:  # no lab yet: the page makes one on its next run
            await self.tab.report(command="start")
            if not await self.tab.wait(lambda: bool(self.tab.lab.get("token")), timeout):
                self.errors.append("no stream token before the deadline")
                return False
            token = self.tab.lab["token"]
        else:
            await self.tab.report(command="start")
        paths = self.tab.lab["paths"]
        query = urlencode({"token": token, "lang": self.lang})
        address = self.url.replace("http", "ws", 1) + f"{paths['stream']}?{query}"
        try:
            self.socket = await connect(address, max_size=None, compression=None, open_timeout=timeout,
                                        ping_interval=None)  # fmt: skip
        except Exception as error:
            self.errors.append(f"stream: {type(error).__name__}: {str(error)[:80]}")
            return False
        await self.socket.send(json.dumps({"cmd": "start"}))
        self.puller = asyncio.create_task(self.pull())
        return True

    async def pull(self) -> None:
        full = True
        try:
            while True:
                await self.socket.send(json.dumps({"want": 1, "full": full}))
                full = False
                frame = await self.socket.recv()
                head = self.last = header(frame)
                self.frames.append((time.perf_counter(), int(head["steps"]), head["status"]))
                self.frame_bytes += len(frame)
                if head["status"] != "running":  # asks again once the page shows it running
                    await self.tab.wait(lambda: self.running, 3600)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            code = getattr(self.socket, "close_code", None)
            self.close_code = code
            if code not in (1000, None):
                self.errors.append(f"stream closed: {code}")
            elif not isinstance(error, ConnectionError) and "ConnectionClosed" not in type(error).__name__:
                self.errors.append(f"stream: {type(error).__name__}: {str(error)[:80]}")

    def window(self, since: float, until: float) -> tuple[int, float | None]:
        """Frames received between ``since`` and ``until`` (perf_counter), and the run's steps/s then."""
        inside = [(t, steps) for t, steps, _ in self.frames if since <= t <= until]
        if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
            return len(inside), None
        return len(inside), (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])

    async def close(self) -> None:
        if self.puller:
            self.puller.cancel()
            with contextlib.suppress(BaseException):
                await self.puller
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.socket.close()
        await self.tab.close()
