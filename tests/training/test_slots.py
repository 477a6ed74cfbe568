"""The process-wide cap on concurrent runs, and one torch thread per run."""

import threading

import torch

from activations.training.slots import RunSlots, one_thread


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_cap_refuses_beyond_capacity_and_frees_on_release():
    slots = RunSlots(2, clock=Clock())
    assert slots.acquire("a") and slots.acquire("b")
    assert not slots.acquire("c") and slots.holders() == 2
    assert slots.acquire("a")  # a holder asking again keeps its slot
    slots.release("b")
    assert slots.acquire("c") and not slots.acquire("d")


def test_a_silent_holder_goes_stale_and_must_ask_again():
    clock = Clock()
    slots = RunSlots(1, stale_after=30, clock=clock)
    assert slots.acquire("closed-tab")
    clock.now = 20
    assert not slots.acquire("other") and slots.heartbeat("closed-tab")
    clock.now = 51  # 31 s without a heartbeat
    assert slots.acquire("other")
    assert not slots.heartbeat("closed-tab") and not slots.acquire("closed-tab")


def test_past_the_cap_owners_queue_first_come_first_served():
    clock = Clock()
    slots = RunSlots(1, stale_after=2, clock=clock)
    assert slots.acquire("a")
    assert not slots.acquire("b", queue=True) and not slots.acquire("c", queue=True)
    assert slots.position("b") == 1 and slots.position("c") == 2 and slots.waiting() == 2
    assert not slots.acquire("d")  # without queueing: refused, and not in line
    assert slots.position("d") is None
    slots.release("a")
    assert not slots.acquire("c", queue=True)  # b is first in line
    assert slots.acquire("b", queue=True) and slots.position("c") == 1
    slots.release("b")
    assert slots.acquire("c", queue=True) and slots.waiting() == 0


def test_a_closed_tab_frees_its_slot_and_its_place_within_two_seconds():
    clock = Clock()
    slots = RunSlots(1, clock=clock)  # the default: stale after 2 s
    assert slots.acquire("closed-tab")
    assert not slots.acquire("waiting-tab-closed", queue=True)
    clock.now = 1.5
    assert not slots.acquire("next", queue=True)  # still held, and someone is ahead
    clock.now = 2.1  # neither closed tab has asked for 2.1 s; "next" asked 0.6 s ago
    assert slots.acquire("next", queue=True) and slots.holders() == 1 and slots.waiting() == 0


def test_the_default_cap_is_memory_bound_with_workers(monkeypatch):
    from activations.training import budget
    from activations.training import slots as module

    monkeypatch.delenv("ACTIVATIONS_MAX_RUNS", raising=False)
    monkeypatch.setenv("ACTIVATIONS_TRAINING_WORKERS", "1")
    assert module.default_capacity() == module.RUNS_PER_WORKER * budget.worker_count()
    monkeypatch.setenv("ACTIVATIONS_TRAINING_WORKERS", "0")
    assert module.default_capacity() == budget.cores()
    monkeypatch.setenv("ACTIVATIONS_MAX_RUNS", "7")
    assert module.default_capacity() == 7


def test_one_thread_is_scoped_and_nested_blocks_share_it():
    before = torch.get_num_threads()
    with one_thread():
        assert torch.get_num_threads() == 1
        with one_thread():
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_concurrent_runs_each_get_one_thread():
    before = torch.get_num_threads()
    seen, ready, leave = [], threading.Event(), threading.Event()

    def run() -> None:
        with one_thread():
            seen.append(torch.get_num_threads())
            ready.set()
            leave.wait(5)

    other = threading.Thread(target=run)
    other.start()
    ready.wait(5)
    with one_thread():
        seen.append(torch.get_num_threads())
    leave.set()
    other.join(5)
    assert seen == [1, 1] and torch.get_num_threads() == before
