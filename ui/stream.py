"""The live-lab stream: a session's Training lab to its chart, frame by frame, with no Streamlit rerun.

Served next to Streamlit by ``st.App(routes=...)`` (app.py); docs/stream.md tells the whole story.

* ``WebSocket /api/lab/stream?token=<the lab's token>&lang=<en|ko>``. The client sends text JSON:
  ``{"want": 1, "full": <bool>}`` ("I drew; send the next frame"; ``full``: whole histories again)
  and ``{"cmd": "start"|"pause"}``; the server answers each want with one binary frame (a
  socket's first with whole histories, whatever its want says)
  (:mod:`activations.training.frames`) and sends nothing unasked, so a slow browser simply asks
  less often. A bad token closes the socket with :data:`CLOSE_BAD_TOKEN` (4401), a run that is gone
  (Reset, a new configuration, a forgotten session) with :data:`CLOSE_GONE` (4410), a second stream
  of the same token replaces the first (:data:`CLOSE_REPLACED`, 4409), a malformed or too frequent
  message closes it with 1008. A closed socket stops the run at once (``LabSession.lapse``).
* HTTP fallback, for a proxy that strips WebSockets: ``GET /api/lab/frame?token=..&lang=..&full=0|1``
  answers one frame (a long poll: it waits for the next frame like a want; 401 / 410 / 429 as above)
  and ``POST /api/lab/command?token=..`` with the body ``start`` or ``pause``.

The server relays bytes: frames are built and encoded in the training workers, and a want's answer
comes back on a worker's pipe-reader thread, handed to the event loop with ``call_soon_threadsafe``.
What may block (a command's round trip to a worker) runs in Starlette's thread pool; a want never
blocks (``LabSession.want``), so it is sent from the loop: a thread hop would cost a third of a
frame's server CPU.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from activations.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from activations.training.streams import GONE, MAX_TOKEN_CHARS, STREAMS

CLOSE_BAD_TOKEN, CLOSE_GONE, CLOSE_REPLACED, CLOSE_POLICY = 4401, 4410, 4409, 1008
MAX_MESSAGE_CHARS = 64  # the longest message a client has a reason to send is 25 characters
WANTS_PER_S = 120  # a client may ask this often on average (the worker answers at most 60 a second)
WANT_BURST = 30
FRAME_TIMEOUT_S = 30.0  # a want not answered in this long: the worker is stuck, the stream ends
COMMANDS = ("start", "pause")
FRAME_HEADERS = {"Cache-Control": "no-store", "Content-Encoding": "identity"}  # relayed as is, not gzipped


class Rate:
    """A token bucket: ``rate`` messages a second on average, ``burst`` at once."""

    def __init__(self, rate: float = WANTS_PER_S, burst: float = WANT_BURST) -> None:
        self.rate, self.burst, self.level, self.at = rate, burst, burst, time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level < 1:
            return False
        self.level -= 1
        return True


class Tap:
    """What the server holds for one token: its open socket (one at a time), its rate, its poll."""

    def __init__(self) -> None:
        self.socket: WebSocket | None = None
        self.rate = Rate()
        self.polling = False


_taps: dict[str, Tap] = {}


def _tap(token: str) -> Tap:
    """The token's tap (for a live token only: the dict is pruned of the others as it grows)."""
    tap = _taps.get(token)
    if tap is None:
        if len(_taps) >= 2 * len(STREAMS) + 64:
            for stale in [t for t in _taps if STREAMS.lookup(t) is None]:
                del _taps[stale]
        tap = _taps[token] = Tap()
    return tap


def _language(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _refusal(token: str) -> int:
    """4410 for a token whose run is gone, 4401 for one that never was."""
    return CLOSE_GONE if len(token) <= MAX_TOKEN_CHARS and STREAMS.state(token) == GONE else CLOSE_BAD_TOKEN


def _message(text: str) -> dict | None:
    """A client's message, or None when it is neither a want nor a known command."""
    if len(text) > MAX_MESSAGE_CHARS:
        return None
    try:
        message = json.loads(text)
    except ValueError:
        return None
    if not isinstance(message, dict):
        return None
    if message.get("want") == 1 and isinstance(message.get("full", False), bool):
        return {"want": True, "full": message.get("full", False)}
    if message.get("cmd") in COMMANDS:
        return {"cmd": message["cmd"]}
    return None


async def next_frame(session: Any, full: bool, lang: str) -> bytes | None:
    """The session's next frame (None: its lab is gone), awaited without holding a thread."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[bytes | None] = loop.create_future()

    def settle(frame: bytes | None) -> None:
        if not answer.done():
            answer.set_result(frame)

    def done(frame: bytes | None) -> None:  # on a worker's reader thread or a stream thread
        loop.call_soon_threadsafe(settle, frame)

    session.want(full, lang, done)  # never blocks: it answers from another thread
    return await asyncio.wait_for(answer, FRAME_TIMEOUT_S)


async def _relay(
    websocket: WebSocket, session: Any, full: bool, lang: str, after: asyncio.Task | None
) -> None:
    """Answer one want (once the command sent before it, ``after``, is done): its frame, or close the
    socket when the run is gone or stuck."""
    if after is not None:
        with contextlib.suppress(Exception):
            await after
    try:
        frame = await next_frame(session, full, lang)
    except TimeoutError:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError):
            await websocket.close(1011)
        return
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):  # the socket closed meanwhile
        if frame is None:  # the lab is gone
            await websocket.close(CLOSE_GONE)
        else:
            await websocket.send_bytes(frame)


async def _command(session: Any, name: str, after: asyncio.Task | None) -> None:
    """Apply a command in the thread pool, after the one sent before it."""
    if after is not None:
        with contextlib.suppress(Exception):
            await after
    await run_in_threadpool(session.command, name)


async def stream(websocket: WebSocket) -> None:
    """``WebSocket /api/lab/stream``: see the module's docstring."""
    token = websocket.query_params.get("token", "")
    lang = _language(websocket.query_params.get("lang"))
    await websocket.accept()
    session = STREAMS.lookup(token)
    if session is None:
        await websocket.close(_refusal(token))
        return
    tap = _tap(token)
    previous, tap.socket = tap.socket, websocket
    if previous is not None:
        with contextlib.suppress(Exception):
            await previous.close(CLOSE_REPLACED)
    pending: asyncio.Task | None = None  # the want being answered
    commanded: asyncio.Task | None = None  # the last command (a Start may wait for a worker to start)
    full = True  # a new socket's first frame carries whole histories, whatever its want says
    try:
        while True:
            message = _message(await websocket.receive_text())
            if message is None or not tap.rate.allow():
                await websocket.close(CLOSE_POLICY)
                return
            session = STREAMS.lookup(token)
            if session is None:
                await websocket.close(_refusal(token))
                return
            if "cmd" in message:  # not awaited here: a Pause must get through while a Start waits
                commanded = asyncio.create_task(_command(session, message["cmd"], commanded))
            elif pending is None or pending.done():  # at most one want outstanding
                pending = asyncio.create_task(
                    _relay(websocket, session, full or message["full"], lang, commanded)
                )
                full = False
    except (WebSocketDisconnect, KeyError, RuntimeError):  # closed, or a binary message
        pass
    finally:
        if pending is not None:
            pending.cancel()
        if commanded is not None:  # a Start still on its way would outlive the lapse below
            with contextlib.suppress(Exception):
                await commanded
        if tap.socket is websocket:  # not replaced by a newer stream: the tab is gone, so is the run
            tap.socket = None
            session = STREAMS.lookup(token)
            if session is not None:
                await run_in_threadpool(session.lapse)


def _http_refusal(token: str) -> Response:
    status = 410 if _refusal(token) == CLOSE_GONE else 401
    return Response(status_code=status, headers={"Cache-Control": "no-store"})


async def frame(request: Request) -> Response:
    """``GET /api/lab/frame``: the next frame, as a long poll (one at a time per token)."""
    token = request.query_params.get("token", "")
    session = STREAMS.lookup(token)
    if session is None:
        return _http_refusal(token)
    tap = _tap(token)
    if tap.polling or not tap.rate.allow():
        return Response(status_code=429, headers={"Retry-After": "1"})
    tap.polling = True
    try:
        data = await next_frame(
            session, request.query_params.get("full") == "1", _language(request.query_params.get("lang"))
        )
    except TimeoutError:
        return Response(status_code=503, headers={"Retry-After": "1"})
    finally:
        tap.polling = False
    if data is None:  # the lab is gone
        return Response(status_code=410, headers={"Cache-Control": "no-store"})
    return Response(data, media_type="application/octet-stream", headers=FRAME_HEADERS)


async def command(request: Request) -> Response:
    """``POST /api/lab/command``: ``start`` or ``pause`` in the body."""
    token = request.query_params.get("token", "")
    session = STREAMS.lookup(token)
    if session is None:
        return _http_refusal(token)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_MESSAGE_CHARS:
            return Response(status_code=413)
    name = body.decode("utf-8", "replace").strip()
    if name not in COMMANDS:
        return Response(f"one of {', '.join(COMMANDS)}", status_code=400)
    if not _tap(token).rate.allow():
        return Response(status_code=429, headers={"Retry-After": "1"})
    await run_in_threadpool(session.command, name)
    return Response(status_code=204)


STREAM_ROUTES = [
    WebSocketRoute("/api/lab/stream", stream),
    Route("/api/lab/frame", frame, methods=["GET"]),
    Route("/api/lab/command", command, methods=["POST"]),
]
