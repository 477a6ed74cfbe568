"""Shared by the Speed library's tests: one quick run on a tiny tensor, and a CPU-only machine."""

import pytest

from activations.core import devices
from activations.core.registry import NAMES, get
from activations.speed.timing import QUICK, BenchResult, Config, run_benchmark

TINY = Config(size=256)
WITH_INPLACE = tuple(name for name in NAMES if get(name).inplace)


@pytest.fixture(scope="package")
def result() -> BenchResult:
    """One quick run over every activation on 256 float32 elements, shared by these tests."""
    return run_benchmark(TINY, settings=QUICK)


@pytest.fixture
def cpu_only(monkeypatch):
    """Pretend this machine has only a CPU, whatever it really has."""
    monkeypatch.setattr(devices, "available_devices", lambda: ("cpu",))
