"""Step presses before the first Start are replayed in a training worker; the replay stays bounded.

A fake pool stands for the workers: it records what a worker is asked to open and the steps sent
to it afterwards."""

import pytest

from activations.training import session as session_module
from activations.training.data import DataConfig
from activations.training.lab import PAUSED, RUNNING, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture
from activations.training.session import LabSession
from activations.training.slots import RunSlots


class Remote:
    def __init__(self, replay: tuple[int, ...], start: bool) -> None:
        self.replay, self.steps_sent = replay, []
        self.status, self.steps = RUNNING if start else PAUSED, len(replay)

    def step(self, n: int) -> None:
        self.steps_sent.append(n)
        self.steps += n

    def start(self, pace) -> None:
        self.status = RUNNING


class Pool:
    def __init__(self) -> None:
        self.opened: list[Remote] = []

    def warm(self) -> None:
        pass

    def open(self, config, replay=(), pace=None, start=False) -> Remote:
        self.opened.append(Remote(tuple(replay), start))
        return self.opened[-1]


def config() -> LabConfig:
    run = RunConfig(architecture([4]), Recipe("sgd", 0.1, 32))
    return LabConfig(DataConfig("moons", 100), (run,), "cpu")


def test_presses_before_start_are_replayed_in_the_worker():
    pool = Pool()
    session = LabSession(RunSlots(1), owner="me", pool=pool)
    session.use(config())
    for _ in range(3):
        session.step()
    session.start()
    (remote,) = pool.opened
    assert remote.replay == (1, 1, 1) and remote.status == RUNNING
    assert session._replay == [], "the worker holds them now"


def test_the_replay_is_bounded_the_lab_moves_to_a_worker_at_the_cap(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(session_module, "MAX_REPLAY", 4)
    pool = Pool()
    session = LabSession(RunSlots(1), owner="me", pool=pool)
    lab = session.use(config())
    for _ in range(3):
        session.step()
    assert pool.opened == [] and len(session._replay) == 3
    session.step()  # the 4th press: the lab and its presses go to a worker, paused
    (remote,) = pool.opened
    assert remote.replay == (1, 1, 1, 1) and session._replay == []
    assert session.status == PAUSED and session.steps == lab.steps == 4
    for _ in range(10):
        session.step()
    assert len(pool.opened) == 1 and remote.steps_sent == [1] * 10 and session._replay == []
    assert session.steps == 14
    session.start()
    assert remote.status == RUNNING and len(pool.opened) == 1


def test_without_workers_nothing_is_kept_for_a_replay():
    session = LabSession(RunSlots(1), owner="me", pool=None)
    lab = session.use(config())
    for _ in range(5):
        session.step()
    assert lab.steps == 5 and session._replay == []
