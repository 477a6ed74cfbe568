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
