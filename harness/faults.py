"""Faults one client can cause, over Streamlit's protocol (``tests/faults/`` and ``benchmarks/load.py``).

Each returns what happened, for a test to assert and a benchmark to print: nothing here asserts.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import urllib.request
from dataclasses import dataclass, field

from harness.lab_client import Student
from harness.streamlit_client import Tab, clear_cache, first_runs


def healthy(url: str) -> bool:
    """``/_stcore/health`` answers 200."""
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as reply:
            return reply.status == 200
    except OSError:
        return False


async def first_run(url: str, n: int = 3) -> float:
    """Median seconds of ``n`` new visitors' first runs on ``/``, one after another."""
    return statistics.median(await first_runs(url, n, ""))


async def trainer(url: str) -> Student:
    """A student on the Training lab whose run has started and streams frames with steps (errors say
    why not)."""
    student = Student(url)
    if await student.open(60) and await student.start():  # each says why not in student.errors
        moving = lambda: bool(student.frames) and student.frames[-1][1] > 0  # noqa: E731
        if not await student.tab.wait(moving, 60):
            student.errors.append("the run did not train")
    return student


async def still_training(student: Student, timeout: float = 30) -> bool:
    """The run's frames go on arriving with more steps than now, and its page still shows it running."""
    last = student.frames[-1][1] if student.frames else 0
    moved = await student.tab.wait(lambda: bool(student.frames) and student.frames[-1][1] > last, timeout)
    return moved and student.running


async def rerun_finishes(tab: Tab, timeout: float = 60) -> bool:
    """A full rerun of ``tab``'s page (the same query) finishes and draws a chart again."""
    runs, tab.first_chart = tab.runs, None
    await tab.send(tab.rerun())
    return await tab.wait(lambda: tab.runs > runs and tab.first_chart is not None, timeout)


@dataclass
class Outcome:
    """What a fault did: the server's health after it, another session's fate, timings, errors."""

    healthy: bool = False
    other_ok: bool = False  # the other session went on as before
    seconds: dict[str, float] = field(default_factory=dict)
    close_codes: dict[str, int | None] = field(default_factory=dict)  # how the server ended a connection
    errors: list[str] = field(default_factory=list)


async def clear_cache_spam(url: str, times: int = 20) -> Outcome:
    """One tab sends ``clear_cache`` ``times`` times while another tab's run trains and streams: that
    run must go on (frames with more steps, still shown as running)."""
    outcome = Outcome()
    other = await trainer(url)
    spammer = Tab(url, "")
    await spammer.open()
    await spammer.wait(lambda: spammer.finished is not None, 60)
    started = time.perf_counter()
    for _ in range(times):
        await spammer.send(clear_cache())
    outcome.seconds[f"{times} clear_cache"] = time.perf_counter() - started
    if not await rerun_finishes(spammer):  # a session's messages are handled in order: the spam first
        spammer.errors.append("a rerun after the clear_cache messages did not finish")
    outcome.other_ok = await still_training(other)
    outcome.healthy = healthy(url)
    outcome.errors = other.errors + other.tab.errors + spammer.errors
    await asyncio.gather(other.close(), spammer.close())
    return outcome


def malformed_frames(valid: bytes) -> dict[str, bytes | str]:
    """Frames no frontend sends: garbage, a truncated ``BackMsg``, a text frame, 10 MB."""
    return {
        "garbage bytes": b"\x00\xff\xfe garbage \x07" * 10,
        "truncated protobuf": valid[: len(valid) // 2],
        "text frame": "not a protobuf",
        "10 MB frame": b"\x0a" + b"\xff" * (10 * 2**20),
    }


async def abuse(url: str, reruns: int = 500, seconds: float = 5.0) -> Outcome:
    """Malformed frames (each on its own connection), then ``reruns`` reruns spread over ``seconds``
    from one session (0: all at once), while another session stays open; then that session reruns."""
    outcome = Outcome()
    other = Tab(url, "", "act=gelu")
    await other.open()
    await other.wait(lambda: other.finished is not None, 60)
    for name, frame in malformed_frames(other.rerun()).items():
        rogue = Tab(url, "")
        started = time.perf_counter()
        try:
            await rogue.connect()
            await rogue.send(frame)  # type: ignore[arg-type]
            await rogue.wait(lambda tab=rogue: tab.closed, 0.5)
        except OSError as error:
            outcome.errors.append(f"{name}: {type(error).__name__}")
        outcome.close_codes[name] = getattr(rogue.ws, "close_code", None)
        await rogue.close()
        outcome.seconds[name] = time.perf_counter() - started
    flood = Tab(url, "")
    await flood.open()
    await flood.wait(lambda: flood.finished is not None, 60)
    started = time.perf_counter()
    for _ in range(reruns):
        await flood.send(flood.rerun())
        if seconds:
            await asyncio.sleep(seconds / reruns)
    outcome.seconds[f"{reruns} reruns sent"] = time.perf_counter() - started
    await flood.wait(lambda: flood.runs >= 2, 60)
    outcome.seconds[f"{reruns} reruns, until served"] = time.perf_counter() - started
    outcome.healthy = healthy(url)
    outcome.other_ok = await rerun_finishes(other) and not other.errors
    outcome.errors += other.errors + flood.errors
    await asyncio.gather(other.close(), flood.close())
    return outcome
