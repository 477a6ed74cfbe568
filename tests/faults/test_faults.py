"""Faults one client can cause, against a real ``streamlit run app.py`` over Streamlit's protocol.

Each test measures a new visitor's first run (WebSocket open to ``script_finished`` on ``/``) before
and after the fault, and checks that another session goes on as before (the faults themselves live
in ``harness/faults.py``, shared with ``benchmarks/load.py``). Timings are compared with a generous
factor (the machine is shared); the figures are printed (``pytest -s``).
"""

from __future__ import annotations

import functools
import sys

import pytest

from harness import Server, faults, streamlit_client
from harness.streamlit_client import run_sync

SLACK = 3.0  # after / before, at most (plus half a second: single runs on a shared machine are noisy)


@pytest.fixture(scope="module")
def warm(server: Server) -> None:
    """The run's shared server (tests/conftest.py) warmed up: imports, the default view, torch's first
    calls (a fault's cost is measured against a warm server's first run)."""
    run_sync(faults.first_run(server.url, 1))


def first_run(server: Server) -> float:
    return run_sync(faults.first_run(server.url))


def assert_unchanged(before: float, after: float, what: str) -> None:
    print(f"{what}: a new visitor's first run {1000 * before:.0f} ms before, {1000 * after:.0f} ms after")
    assert after <= SLACK * before + 0.5, f"first run {after:.2f} s after {what}, {before:.2f} s before"


@pytest.mark.usefixtures("warm")
def test_clear_cache_spam_changes_nothing_for_anyone_else(server: Server) -> None:
    before = first_run(server)
    outcome = run_sync(faults.clear_cache_spam(server.url, 20))
    assert outcome.other_ok, "the other session's run stopped or lost its running state"
    assert outcome.healthy and server.process.poll() is None
    assert not outcome.errors, outcome.errors
    assert_unchanged(before, first_run(server), "20 clear_cache messages")


def lru_caches() -> dict[str, functools._lru_cache_wrapper]:
    """Every ``functools.lru_cache`` of the app's loaded modules (``activations.*``, ``ui.*``)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("activations", "ui"):
            for attribute, value in vars(module).items():
                if isinstance(value, functools._lru_cache_wrapper):
                    found[f"{name}.{attribute}"] = value
    return found


def test_clear_cache_leaves_the_apps_own_caches_warm() -> None:
    """What Streamlit's clear_cache handler clears (``st.cache_data``, ``st.cache_resource``) holds
    nothing the app relies on: the warm-up's default view and the lru_caches survive it."""
    from streamlit.runtime import caching

    from ui import warm_up

    warm_up._default_view()
    caches = lru_caches()
    sizes = {name: cache.cache_info().currsize for name, cache in caches.items()}
    assert sum(sizes.values()) > 0, sizes
    caching.cache_data.clear()
    caching.cache_resource.clear()
    assert {name: cache.cache_info().currsize for name, cache in caches.items()} == sizes
    misses = sum(cache.cache_info().misses for cache in caches.values())
    warm_up._default_view()  # computed again: every lookup a hit
    assert sum(cache.cache_info().misses for cache in caches.values()) == misses


@pytest.mark.usefixtures("warm")
def test_malformed_frames_a_huge_frame_and_a_rerun_flood_leave_the_server_up(server: Server) -> None:
    before = first_run(server)
    outcome = run_sync(faults.abuse(server.url, reruns=500, seconds=0))
    print({name: f"{seconds:.1f} s" for name, seconds in outcome.seconds.items()}, outcome.close_codes)
    assert outcome.healthy and server.process.poll() is None
    assert outcome.other_ok, "the other session was not served after the faults"
    assert all(code is not None for code in outcome.close_codes.values()), outcome.close_codes  # dropped
    assert not outcome.errors, outcome.errors
    assert outcome.seconds["500 reruns, until served"] < 60
    assert_unchanged(before, first_run(server), "malformed frames, a 10 MB frame and 500 reruns")


def test_the_protocol_client_brings_the_tabs_like_a_browser(server: Server) -> None:
    """A simulated tab on ``/`` answers the chart's ``ask_drawn``, so load figures include the rerun
    that brings the tabs (and a real visitor's cost)."""
    (tab,) = run_sync(streamlit_client.visitors(server.url, 1))
    assert not tab.errors and tab.drawn is not None
    assert tab.finished is not None and tab.settled is not None and tab.settled > tab.finished
    assert tab.runs == 2
