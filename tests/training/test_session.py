"""One session's lab without Streamlit: (re)built, started, streamed, paused, reset; slots and notices.

These train the lab in this process, on a stream thread (``pool=None``, as with
``ACTIVATIONS_TRAINING_WORKERS=0``); ``test_workers.py`` runs the same session in training workers."""

import threading

import pytest
import torch

from activations.training import session as session_module
from activations.training.data import DataConfig
from activations.training.lab import DIVERGED, PAUSED, READY, RUNNING, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture
from activations.training.session import BUSY, DEVICE, QUEUED, LabSession
from activations.training.slots import RunSlots
from tests.training.stream_client import next_frame


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def config(lr: float = 0.1, device: str = "cpu") -> LabConfig:
    run = RunConfig(architecture([8, 8]), Recipe("sgd", lr, 32))
    return LabConfig(DataConfig("moons", 200), (run,), device)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def slots(clock) -> RunSlots:
    return RunSlots(1, stale_after=30, clock=clock)


def test_a_configuration_builds_a_lab_that_waits(slots):
    session = LabSession(slots, owner="me", pool=None)
    lab = session.use(config(), pace=10.0)
    assert lab.status == READY and lab.steps == 0 and lab.pace == 10.0
    assert session.use(config(), pace=None) is lab and lab.pace is None  # same configuration, same lab
    assert slots.holders() == 0 and session.take_notice() is None


def test_start_stream_pause_step(slots):
    session = LabSession(slots, owner="me", pool=None)
    lab = session.use(config())
    session.start()
    assert lab.status == RUNNING and slots.holders() == 1
    frame = next_frame(session)  # trained for a frame interval on a stream thread, then encoded
    assert lab.steps > 0 and frame["steps"] == lab.steps and frame["status"] == RUNNING
    assert torch.get_num_threads() > 0  # this thread's torch setting untouched
    session.pause()
    assert lab.status == PAUSED and slots.holders() == 0
    paused = lab.steps
    assert next_frame(session)["status"] == PAUSED and lab.steps == paused  # a paused lab doesn't train
    session.step()
    assert lab.steps == paused + 1


def test_a_new_configuration_stops_the_run_and_frees_the_slot(slots):
    session = LabSession(slots, owner="me", pool=None)
    old = session.use(config())
    session.start()
    next_frame(session)
    new = session.use(config(lr=0.3))
    assert new is not old and old.status == PAUSED and new.status == READY and new.steps == 0
    assert slots.holders() == 0 and session.requested == config(lr=0.3)


def test_reset_builds_the_same_configuration_afresh(slots):
    session = LabSession(slots, owner="me", pool=None)
    lab = session.use(config())
    session.start()
    next_frame(session)
    session.reset()
    assert session.lab is None and lab.status == PAUSED and slots.holders() == 0
    again = session.use(config())
    assert again is not lab and again.steps == 0 and again.status == READY


def test_a_full_server_queues_the_run_and_starts_it_when_a_slot_frees(slots):
    slots.acquire("someone else")
    session = LabSession(slots, owner="me", pool=None)
    lab = session.use(config())
    session.start()
    assert lab.status == READY and session.queued and session.position == 1
    assert session.take_notice() == QUEUED and session.take_notice() is None
    assert session.tick() is False and session.position == 1  # still full: it keeps its place
    slots.release("someone else")
    assert session.tick() is True  # its turn: started (the page redraws its buttons)
    assert lab.status == RUNNING and not session.queued and slots.holders() == 1


def test_pausing_a_queued_run_leaves_the_queue(slots):
    slots.acquire("someone else")
    session = LabSession(slots, owner="me", pool=None)
    session.use(config())
    session.start()
    session.pause()
    assert not session.queued and session.position is None and slots.waiting() == 0


def test_a_frame_trains_for_a_share_of_a_longer_interval_when_runs_outnumber_cores(clock, monkeypatch):
    ticks = []
    real_tick = session_module.Lab.tick

    def tick(lab, period, share):
        ticks.append((period, share))
        return real_tick(lab, period, share)

    monkeypatch.setattr(session_module.Lab, "tick", tick)
    monkeypatch.setattr(session_module.budget, "training_cores", lambda: 1.75)
    many = RunSlots(64, stale_after=30, clock=clock)
    for owner in range(31):
        many.acquire(f"other-{owner}")
    session = LabSession(many, owner="me", pool=None)
    lab = session.use(config())
    session.start()
    alone = LabSession(RunSlots(64), owner="alone", pool=None)
    alone.use(config())
    alone.start()
    next_frame(session)
    next_frame(alone)
    (crowded, crowded_share), (solo, solo_share) = ticks
    assert crowded_share == pytest.approx(1.75 / 32) and solo_share == 1.0  # 32 runs share the cores
    assert solo == session_module.budget.FRAME_S < crowded  # and their frames come less often
    assert lab.steps > 0 and 0 < session.view().share < 0.1 and alone.view().share == 1.0


def test_a_run_whose_slot_went_to_someone_else_pauses(slots, clock):
    session = LabSession(slots, owner="me", pool=None)
    lab = session.use(config())
    session.start()
    clock.now = 31  # no heartbeat for 31 s (a want renews it): the slot is stale
    assert slots.acquire("someone else")
    assert next_frame(session)["status"] == PAUSED  # stopped: the chart asks the page to rerun
    assert lab.status == PAUSED and session.take_notice() == BUSY


def test_a_want_renews_the_slot(slots, clock):
    session = LabSession(slots, owner="me", pool=None)
    session.use(config())
    session.start()
    clock.now = 20
    next_frame(session)
    clock.now = 45  # 25 s after the last want: still held
    assert not slots.acquire("someone else")


def test_divergence_stops_and_frees_the_slot(slots):
    session = LabSession(slots, owner="me", pool=None)
    explodes = LabConfig(
        DataConfig("moons", 200),
        (
            RunConfig(
                architecture([64, 64], 2, "leaky_relu", {"negative_slope": 1.0}), Recipe("momentum", 10.0)
            ),
        ),
    )
    lab = session.use(explodes)
    session.start()
    for _ in range(200):
        if next_frame(session)["status"] != RUNNING:
            break
    assert lab.status == DIVERGED and slots.holders() == 0
    session.start()  # a diverged run can't start again, and takes no slot
    assert lab.status == DIVERGED and slots.holders() == 0


def test_a_gpu_that_fails_falls_back_to_the_cpu(slots, monkeypatch):
    real = session_module.Lab

    def gpu_fails(asked: LabConfig):
        if asked.device != "cpu":
            raise RuntimeError("CUDA error: out of memory")
        return real(asked)

    monkeypatch.setattr(session_module, "Lab", gpu_fails)
    session = LabSession(slots, owner="me", pool=None)
    lab = session.use(config(device="cuda"))
    assert lab.config.device == "cpu" and session.take_notice() == DEVICE
    assert session.use(config(device="cuda")) is lab  # asked for the same again: no new attempt
    assert session.take_notice() is None


def test_a_cpu_failure_is_not_hidden(slots, monkeypatch):
    def broken(asked: LabConfig):
        raise AssertionError("a bug")

    monkeypatch.setattr(session_module, "Lab", broken)
    with pytest.raises(AssertionError):
        LabSession(slots).use(config())


def test_every_session_has_its_own_owner():
    assert LabSession(pool=None).owner != LabSession(pool=None).owner


def test_born_dead_keeps_its_result_for_the_same_settings(slots):
    session = LabSession(slots, owner="me", pool=None)
    session.use(LabConfig(DataConfig(), (RunConfig(architecture([8], init="kaiming_normal"), Recipe()),)))
    seen = []
    result = session.born_dead(2, 10, 200, progress=seen.append)
    assert result is not None and result.p_born_dead > 0.7 and seen and slots.holders() == 0
    assert session.born_dead_result(2, 10, 200) is result
    assert session.born_dead_result(3, 10, 200) is None  # other settings: not this result
    session.use(LabConfig(DataConfig(), (RunConfig(architecture([8]), Recipe()),)))  # another init
    assert session.born_dead_result(2, 10, 200) is None


def test_born_dead_waits_for_a_free_slot(slots):
    slots.acquire("someone else")
    session = LabSession(slots, owner="me", pool=None)
    session.use(config())
    assert session.born_dead(2, 5, 10) is None and session.born_dead_result(2, 5, 10) is None


def test_pause_from_another_thread_stops_a_tick(slots):
    session = LabSession(slots, owner="me", pool=None)
    lab = session.use(config())
    session.start()
    ticking = threading.Thread(target=lambda: lab.tick(5.0))  # a long tick, as if mid-run
    ticking.start()
    threading.Event().wait(0.1)
    session.pause()  # the Pause button's callback, on the next script run's thread
    ticking.join(5)
    assert not ticking.is_alive() and lab.status == PAUSED and slots.holders() == 0


def test_the_page_polls_only_while_a_run_waits_in_the_queue(slots):
    session = LabSession(slots, owner="me", pool=None)
    session.use(config())
    assert session.tick_every() is None  # nothing to refresh
    session.start()
    assert session.tick_every() is None  # running: the stream draws it, the page never reruns
    session.pause()
    slots.acquire("someone else")
    session.start()
    assert session.queued and session.tick_every() == session_module.QUEUE_S
