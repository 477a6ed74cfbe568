"""The live-lab stream's routes (ui/stream.py) on a real server: tokens, frames, fallback, limits.

The routes run on uvicorn in a thread, with sessions made here (their tokens in the process's
registry, as the page's would be); one test checks that app.py serves them on ``streamlit run``.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import uvicorn
from starlette.applications import Starlette
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from activations.training import worker_pool
from activations.training.data import DataConfig
from activations.training.frames import decode
from activations.training.lab import PAUSED, RUNNING, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture
from activations.training.session import LabSession
from activations.training.slots import RunSlots
from harness import Server, free_port
from ui.stream import CLOSE_BAD_TOKEN, CLOSE_GONE, CLOSE_POLICY, CLOSE_REPLACED, STREAM_ROUTES

T = TypeVar("T")

CONFIG = LabConfig(DataConfig("moons", 200), (RunConfig(architecture([8, 8]), Recipe("sgd", 0.3, 32)),))


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(Starlette(routes=STREAM_ROUTES), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def pool() -> Iterator[worker_pool.Pool]:
    pool = worker_pool.Pool(size=1, budget=1.0)
    pool.warm()
    yield pool
    pool.stop()


def lab(pool: worker_pool.Pool | None = None) -> LabSession:
    session = LabSession(RunSlots(8), pool=pool)
    session.use(CONFIG)
    return session


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` on a thread of its own: a browser test before this one (Playwright's
    sync API) may have left an event loop running on this thread."""
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


async def pull(ws, count: int, full: bool = True) -> list[dict]:
    """What the chart does: a want, then its frame, ``count`` times."""
    frames = []
    for index in range(count):
        await ws.send(json.dumps({"want": 1, "full": full and index == 0}))
        frames.append(decode(await ws.recv()))
    return frames


async def closed_with(ws) -> int:
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(ws.recv(), 30)
    return ws.close_code


def stream_url(url: str, token: str, lang: str = "en") -> str:
    return f"ws://{url}/api/lab/stream?token={token}&lang={lang}"


def http(url: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://{url}{path}", data=body, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_bad_token_is_refused(url):
    async def go() -> list[int]:
        codes = []
        for token in ("nope", "x" * 500, ""):
            async with connect(stream_url(url, token)) as ws:
                codes.append(await closed_with(ws))
        return codes

    assert run(go()) == [CLOSE_BAD_TOKEN] * 3
    assert http(url, "/api/lab/frame?token=nope")[0] == 401
    assert http(url, "/api/lab/command?token=nope", b"start")[0] == 401


def test_a_reset_makes_the_token_stale(url):
    session = lab()
    token = session.token
    session.reset()

    async def go() -> int:
        async with connect(stream_url(url, token)) as ws:
            return await closed_with(ws)

    assert run(go()) == CLOSE_GONE
    assert http(url, f"/api/lab/frame?token={token}")[0] == 410


def test_frames_arrive_and_steps_grow_then_a_reset_ends_the_stream(url):
    session = lab()
    session.start()

    async def go() -> tuple[list[dict], int]:
        async with connect(stream_url(url, session.token, "ko")) as ws:
            frames = await pull(ws, 5)
            while frames[-1]["steps"] <= frames[0]["steps"]:
                frames += await pull(ws, 1, full=False)
            session.reset()
            await ws.send(json.dumps({"want": 1}))
            return frames, await closed_with(ws)

    frames, code = run(go())
    assert [frame["status"] for frame in frames] == [RUNNING] * len(frames)
    assert frames[0]["history_replace"] and not frames[1]["history_replace"] and "alt" in frames[0]
    assert [frame["seq"] for frame in frames] == sorted({frame["seq"] for frame in frames})
    assert code == CLOSE_GONE


def test_commands_over_the_socket_and_limits(url):
    session = lab()

    async def go() -> tuple[dict, int, int]:
        async with connect(stream_url(url, session.token)) as ws:
            await ws.send(json.dumps({"cmd": "start"}))
            (frame,) = await pull(ws, 1)
            while frame["status"] != RUNNING:
                (frame,) = await pull(ws, 1)
            await ws.send(json.dumps({"cmd": "pause"}))
            (paused,) = await pull(ws, 1, full=False)
            await ws.send("x" * 1000)  # too long
            too_long = await closed_with(ws)
        async with connect(stream_url(url, session.token)) as ws:
            await ws.send(json.dumps({"cmd": "reset"}))  # not a stream's command
            unknown = await closed_with(ws)
        return paused, too_long, unknown

    paused, too_long, unknown = run(go())
    assert paused["status"] == PAUSED and session.status == PAUSED
    assert too_long == unknown == CLOSE_POLICY


def test_a_second_stream_replaces_the_first(url):
    session = lab()

    async def go() -> tuple[int, dict]:
        async with connect(stream_url(url, session.token)) as first:
            await pull(first, 1)
            async with connect(stream_url(url, session.token)) as second:
                code = await closed_with(first)
                (frame,) = await pull(second, 1)
        return code, frame

    code, frame = run(go())
    assert code == CLOSE_REPLACED and frame["status"] == "ready"


def test_a_sockets_first_frame_has_whole_histories_whatever_its_want_says(url):
    session = lab()
    session.step()

    async def go() -> list[dict]:
        async with connect(stream_url(url, session.token)) as ws:
            first = await pull(ws, 1, full=False)
        async with connect(stream_url(url, session.token)) as ws:
            return first + await pull(ws, 2, full=False)

    frames = run(go())
    assert [frame["history_replace"] for frame in frames] == [True, True, False]
    assert frames[0]["arrays"]["history.0"][:, 0].tolist() == [0, 1]


def test_the_http_fallback_serves_frames_and_commands(url):
    session = lab()
    token = session.token
    assert http(url, f"/api/lab/command?token={token}", b"start") == (204, b"")
    status, data = http(url, f"/api/lab/frame?token={token}&lang=ko&full=1")
    first = decode(data)
    assert status == 200 and first["status"] == RUNNING and first["history_replace"]
    second = decode(http(url, f"/api/lab/frame?token={token}&lang=ko&full=0")[1])  # a long poll
    assert second["seq"] > first["seq"] and not second["history_replace"]
    assert http(url, f"/api/lab/command?token={token}", b"reset")[0] == 400
    assert http(url, f"/api/lab/command?token={token}", b"pause" * 100)[0] == 413
    assert http(url, f"/api/lab/command?token={token}", b"pause")[0] == 204
    assert (
        session.status == PAUSED and decode(http(url, f"/api/lab/frame?token={token}")[1])["status"] == PAUSED
    )


def test_a_closed_socket_stops_the_run_within_a_second(url, pool):
    session = lab(pool)
    session.start()

    async def go() -> None:
        async with connect(stream_url(url, session.token)) as ws:
            await pull(ws, 3)

    run(go())
    closed = time.monotonic()
    while pool.stats()[0]["active"] and time.monotonic() - closed < 30:
        time.sleep(0.02)
    stopped = time.monotonic() - closed
    assert pool.stats()[0]["active"] == 0 and stopped < 1.0  # told at once, not when the lease ran out
    assert session.status == RUNNING  # its next stream trains it again
    session.reset()


def test_the_app_serves_the_stream(server: Server):
    async def go() -> int:
        async with connect(stream_url(server.url.removeprefix("http://"), "nope")) as ws:
            return await closed_with(ws)

    assert run(go()) == CLOSE_BAD_TOKEN
    assert http(server.url.removeprefix("http://"), "/api/lab/frame?token=nope")[0] == 401


@pytest.fixture
def gated() -> Iterator[tuple[LabSession, threading.Event, threading.Event]]:
    """A lab whose Start waits (as for a worker that starts) until released: (session, entered,
    release); reset afterwards."""
    session = lab()
    entered, release, command = threading.Event(), threading.Event(), session.command

    def slow(name: str) -> None:
        if name == "start":
            entered.set()
            release.wait(30)
        command(name)

    session.command = slow
    yield session, entered, release
    release.set()
    session.reset()


def test_a_want_after_a_start_is_answered_once_the_run_started(url, gated):
    session, entered, release = gated

    async def go() -> dict:
        async with connect(stream_url(url, session.token)) as ws:
            await ws.send(json.dumps({"cmd": "start"}))
            await ws.send(json.dumps({"want": 1, "full": True}))
            await asyncio.to_thread(entered.wait, 30)
            release.set()
            return decode(await ws.recv())

    assert run(go())["status"] == RUNNING


def test_a_slow_start_doesnt_stop_the_socket_from_listening(url, gated):
    session, entered, release = gated

    async def go() -> int:
        async with connect(stream_url(url, session.token)) as ws:
            await ws.send(json.dumps({"cmd": "start"}))
            await asyncio.to_thread(entered.wait, 30)
            await ws.send("not json")  # read and refused while the Start still waits
            code = await closed_with(ws)
            release.set()
            return code

    assert run(go()) == CLOSE_POLICY
