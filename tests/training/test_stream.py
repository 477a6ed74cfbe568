"""The live-lab stream's library side: tokens, the session's stream API, and the frame rate's rules."""

import gc
import threading

import pytest

from activations.training import budget
from activations.training.data import DataConfig
from activations.training.frames import decode
from activations.training.lab import PAUSED, READY, RUNNING, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture
from activations.training.session import LabSession
from activations.training.slots import RunSlots
from activations.training.streams import GONE, LIVE, MAX_TOKEN_CHARS, UNKNOWN, Streams
from tests.training.stream_client import next_frame
from tests.training.test_session_replay import Pool


class Owner:
    pass


def config(lr: float = 0.1) -> LabConfig:
    return LabConfig(DataConfig("moons", 200), (RunConfig(architecture([8, 8]), Recipe("sgd", lr, 32)),))


def test_a_token_opens_its_owner_until_it_is_retired():
    streams, owner = Streams(), Owner()
    token = streams.register(owner)
    assert len(token) >= 32 and streams.lookup(token) is owner and streams.state(token) == LIVE
    assert streams.register(owner) != token  # unguessable: a new one each time
    streams.forget(token)
    assert streams.lookup(token) is None and streams.state(token) == GONE
    assert streams.state("never-minted") == UNKNOWN and streams.lookup("x" * (MAX_TOKEN_CHARS + 1)) is None


def test_a_forgotten_session_takes_its_token_with_it():
    streams, owner = Streams(), Owner()
    token = streams.register(owner)
    del owner
    gc.collect()
    assert streams.lookup(token) is None and streams.state(token) == GONE


def test_the_registry_is_bounded():
    streams = Streams(capacity=3, retired=1)
    owners = [Owner() for _ in range(5)]
    tokens = [streams.register(owner) for owner in owners]
    assert len(streams) == 3 and streams.lookup(tokens[0]) is None and streams.lookup(tokens[4]) is owners[4]
    assert streams.state(tokens[0]) == UNKNOWN  # retired before the last one: forgotten
    assert streams.state(tokens[1]) == GONE


def test_a_session_mints_a_token_per_lab():
    streams = Streams()
    session = LabSession(RunSlots(4), owner="me", pool=None, streams=streams)
    assert session.token is None  # no lab yet
    session.use(config())
    first = session.token
    assert streams.lookup(first) is session
    session.use(config())
    assert session.token == first  # the same lab
    session.use(config(lr=0.3))  # a new configuration: a new lab, a new token
    assert session.token != first and streams.state(first) == GONE
    second = session.token
    session.reset()
    assert session.token is None and streams.state(second) == GONE
    session.use(config(lr=0.3))
    assert session.token not in (None, first, second)


def test_the_pages_frame_has_whole_histories_and_alt_texts_in_its_language():
    session = LabSession(RunSlots(4), owner="me", pool=None, streams=Streams())
    session.use(config())
    session.step()
    session.step()
    frame = decode(session.frame("ko"))
    assert frame["status"] == PAUSED and frame["steps"] == 2 and frame["history_replace"]
    assert frame["arrays"][frame["runs"][0]["history"]][:, 0].tolist() == [0, 1, 2]
    assert "단계" in frame["alt"]["curves"] or "손실" in frame["alt"]["curves"]
    assert decode(session.frame("en"))["seq"] > frame["seq"]


def test_commands_start_and_pause_and_nothing_else():
    slots = RunSlots(4)
    session = LabSession(slots, owner="me", pool=None, streams=Streams())
    session.use(config())
    session.command("start")
    session.command("start")  # idempotent: the chart's fast path and the page's rerun both send it
    assert session.status == RUNNING and slots.holders() == 1
    session.command("pause")
    assert session.status == PAUSED and slots.holders() == 0
    with pytest.raises(ValueError):
        session.command("reset")


def test_a_stream_gets_whole_histories_first_then_new_rows_and_alt_at_most_every_second():
    session = LabSession(RunSlots(4), owner="me", pool=None, streams=Streams())
    session.use(config())
    assert next_frame(session, full=True)["status"] == READY  # answered at once: nothing trains
    session.start()
    first, second = next_frame(session, full=True), next_frame(session)
    assert first["history_replace"] and "alt" in first
    assert not second["history_replace"] and "alt" not in second  # within a second of the first
    rows = second["arrays"][second["runs"][0]["history"]]
    assert len(rows) >= 1 and rows[0, 0] > first["arrays"][first["runs"][0]["history"]][-1, 0]
    assert next_frame(session, full=True)["history_replace"]  # the chart remounted: whole again
    session.pause()


def test_a_frame_interval_is_a_screens_refresh_and_backs_off_when_crowded_or_costly():
    assert budget.frame_interval(1, 0.001, 1.0) == budget.FRAME_S
    assert budget.frame_interval(15, 0.001, 0.9) == pytest.approx(15 * 0.001 / (budget.FRAME_SHARE * 0.9))
    assert budget.frame_interval(1, 0.02, 1.0) > budget.FRAME_S  # costly frames come less often
    assert budget.frame_interval(10_000, 0.002, 1.0) == budget.MAX_FRAME_S
    for streams in (1, 8, 30, 64):  # all frames together stay within their share of the CPU
        interval = budget.frame_interval(streams, 0.002, 0.875)
        assert streams * 0.002 / interval <= budget.FRAME_SHARE * 0.875 + 1e-9


def test_a_start_from_the_page_and_one_from_the_stream_open_one_lab():
    class SlowPool(Pool):  # a worker that takes a while to open the lab
        def __init__(self) -> None:
            super().__init__()
            self.opening, self.release = threading.Event(), threading.Event()

        def open(self, *args, **kwargs):
            self.opening.set()
            self.release.wait(30)
            return super().open(*args, **kwargs)

    pool = SlowPool()
    session = LabSession(RunSlots(4), owner="me", pool=pool, streams=Streams())
    session.use(config())
    page = threading.Thread(target=session.start)
    page.start()
    assert pool.opening.wait(30)
    stream = threading.Thread(target=session.command, args=("start",))  # the chart's fast path, meanwhile
    stream.start()
    pool.release.set()
    page.join(30)
    stream.join(30)
    assert len(pool.opened) == 1 and session.status == RUNNING
