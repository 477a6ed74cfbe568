"""The measurement: bounded configurations, honest timing on tiny tensors, one run at a time."""

import math
import threading

import pytest
import torch

from activations.core.registry import NAMES, REGISTRY, get
from activations.speed import timing
from activations.speed.tables import conclusion, ranked
from activations.speed.timing import (
    DTYPES,
    MAX_ELEMENTS,
    QUICK,
    BenchResult,
    Busy,
    Clock,
    Config,
    ResultCache,
    Timing,
    dtype_supported,
    forward_callable,
    inplace_callable,
    run_benchmark,
    supported_dtypes,
)
from tests.speed.conftest import TINY, WITH_INPLACE


def test_config_sizes_in_bytes():
    assert Config().tensor_bytes == 2**20 * 4
    assert Config(dtype="bfloat16", size=10).tensor_bytes == 20 and Config(dtype="float16").element_bytes == 2


def test_dtype_support_is_tried_not_assumed():
    assert dtype_supported("cpu", "float32") and supported_dtypes("cpu")[0] == "float32"
    assert not dtype_supported("cpu", "float64")  # not offered
    assert not dtype_supported("no-such-device", "float32")
    assert set(supported_dtypes("cpu")) <= set(DTYPES)


def test_timing_quartiles_and_spread():
    timing_ = Timing.of([1.0, 2.0, 3.0, 4.0, 5.0], number=4)
    assert (timing_.q1, timing_.median, timing_.q3) == (2.0, 3.0, 4.0)
    assert timing_.spread == pytest.approx(2 / 3)
    assert timing_.number == 4


def test_cpu_clock_counts_every_call():
    calls = []
    elapsed = Clock(torch.device("cpu")).time(lambda: calls.append(1), 5)
    assert len(calls) == 5 and 0 <= elapsed < 1


def test_cuda_clock_synchronises_and_uses_events(monkeypatch):
    """The CUDA path, checked without a GPU: sync first, events around the calls, wait for the end."""
    log = []

    class FakeEvent:
        def __init__(self, enable_timing=False):
            assert enable_timing
            self.name = "start" if not any(e.startswith("event") for e in log) else "end"
            log.append(f"event {self.name}")

        def record(self):
            log.append(f"record {self.name}")

        def synchronize(self):
            log.append(f"synchronize {self.name}")

        def elapsed_time(self, other):
            return 2.0  # milliseconds, as CUDA reports them

    monkeypatch.setattr(torch.cuda, "synchronize", lambda device=None: log.append("cuda.synchronize"))
    monkeypatch.setattr(torch.cuda, "Event", FakeEvent)
    seconds = Clock(torch.device("cuda")).time(lambda: log.append("call"), 2)
    assert seconds == pytest.approx(0.002)
    assert log[0] == "cuda.synchronize"
    assert (
        log.index("record start") < log.index("call") < log.index("record end") < log.index("synchronize end")
    )
    assert log.count("call") == 2


def test_every_activation_is_measured(result):
    assert [row.name for row in result.rows] == list(NAMES)
    assert result.threads == torch.get_num_threads() >= 1
    assert result.config == TINY and result.device_name
    for row in result.rows:
        assert row.error is None, row
        for timing_ in (row.fwd, row.fwd_bwd):
            assert timing_ is not None
            assert 0 < timing_.q1 <= timing_.median <= timing_.q3 < 1
            assert all(math.isfinite(s) and s > 0 for s in timing_.samples)
            assert 2 <= len(timing_.samples) <= QUICK.repeats and 1 <= timing_.number <= QUICK.max_number


def test_ratios_positive_and_bounded(result):
    assert 0 < result.copy.median < 1 and result.copy_gbps > 0
    assert len(result.summaries) == len(NAMES)
    for s in result.summaries:
        for value in (s.ratio_to_copy, s.fwd_bwd_ratio_to_copy, s.gbps, s.fwd_ms, s.fwd_bwd_ms):
            assert value is not None and math.isfinite(value) and value > 0, s
        # sanity, not performance: on a loaded machine one call can stall for tens of milliseconds
        assert 1e-6 < s.ratio_to_copy < 1e4
        assert 1e-6 < s.fwd_bwd_ratio_to_copy < 1e4
        assert s.fwd_q1_ms <= s.fwd_ms <= s.fwd_q3_ms
        # ratio and bandwidth are two views of the same time: gbps = ratio * copy bandwidth
        assert s.gbps == pytest.approx(s.ratio_to_copy * result.copy_gbps)


def test_inplace_variants_timed_exactly_where_pytorch_has_them(result):
    assert len(WITH_INPLACE) >= 7
    for s in result.summaries:
        if s.name in WITH_INPLACE:
            assert s.inplace_call == get(s.name).inplace
            assert s.inplace_ms > 0 and s.inplace_speedup > 0 and s.inplace_verified is True
        else:
            assert s.inplace_call is None and s.inplace_ms is None and s.inplace_speedup is None


@pytest.mark.parametrize("name", WITH_INPLACE)
def test_inplace_variant_really_is_in_place(name):
    spec = get(name)
    x = torch.randn(1000, generator=torch.Generator().manual_seed(1))
    buffer = x.clone()
    returned = inplace_callable(spec)(buffer)
    assert returned is buffer or returned.data_ptr() == buffer.data_ptr()
    assert not torch.equal(buffer, x), "the input must have been overwritten"
    assert torch.equal(buffer, forward_callable(spec, x.device, x.dtype)(x))


def test_no_inplace_callable_without_variant():
    without = [name for name in NAMES if name not in WITH_INPLACE]
    assert without and all(inplace_callable(get(name)) is None for name in without)


def test_forward_callable_matches_the_registry():
    x = torch.linspace(-3, 3, 101)
    for name, spec in REGISTRY.items():
        assert torch.allclose(forward_callable(spec, x.device, x.dtype)(x), spec(x)), name


def test_progress_reaches_the_end_and_can_cancel():
    seen = []
    run_benchmark(TINY, settings=QUICK, names=("relu",), on_progress=lambda *a: seen.append(a))
    assert seen[-1][0] == seen[-1][1] and seen[-1][3] == "done"
    assert [d for d, *_ in seen] == sorted(d for d, *_ in seen)

    class Cancel(Exception):
        pass

    def cancel(done, total, label, phase):
        if done >= 3:
            raise Cancel

    with pytest.raises(Cancel):
        run_benchmark(TINY, settings=QUICK, names=("relu", "gelu"), on_progress=cancel)
    assert not timing.busy(), "a cancelled run must release the lock"


@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
def test_half_precision_runs(dtype):
    if not dtype_supported("cpu", dtype):
        pytest.skip(f"this PyTorch can't run {dtype} on the CPU")
    half = run_benchmark(Config(dtype=dtype, size=128), settings=QUICK, names=("relu", "gelu"))
    assert half.config.tensor_bytes == 256
    assert [row.name for row in half.rows] == ["relu", "gelu"]
    assert all(row.error is None and row.fwd.median > 0 for row in half.rows)


def test_an_op_that_fails_is_reported_not_raised(monkeypatch):
    real = timing.forward_callable

    def failing(spec, device, dtype):
        if spec.key == "gelu":

            def broken(x):
                raise RuntimeError("gelu_kernel not implemented for 'Half'\nmore detail")

            return broken
        return real(spec, device, dtype)

    monkeypatch.setattr(timing, "forward_callable", failing)
    run = run_benchmark(TINY, settings=QUICK, names=("relu", "gelu"))
    gelu = run.summary("gelu")
    assert gelu.error == "RuntimeError: gelu_kernel not implemented for 'Half'"
    assert gelu.fwd_ms is None and gelu.ratio_to_copy is None
    assert run.summary("relu").fwd_ms > 0
    assert ranked(run)[-1].name == "gelu"
    assert conclusion(run, "en")
    assert gelu.as_json(TINY, 1)["error"].startswith("RuntimeError")


def test_only_one_benchmark_at_a_time():
    assert not timing.busy()
    with timing._LOCK:
        assert timing.busy()
        with pytest.raises(Busy):
            run_benchmark(TINY, settings=QUICK, names=("relu",))
    assert not timing.busy()


def test_a_second_run_while_one_is_in_progress_is_told_busy():
    inside, release = threading.Event(), threading.Event()
    outcome = []

    def hold(*_):
        inside.set()
        release.wait(30)

    def first():
        outcome.append(run_benchmark(TINY, settings=QUICK, names=("relu",), on_progress=hold))

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert inside.wait(30)
        assert timing.busy()
        with pytest.raises(Busy):
            run_benchmark(TINY, settings=QUICK, names=("relu",))
    finally:
        release.set()
        thread.join(60)
    assert len(outcome) == 1 and outcome[0].summary("relu").fwd_ms > 0
    assert not timing.busy()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Config(size=0), "size must be within"),
        (Config(size=MAX_ELEMENTS + 1), "size must be within"),
        (Config(dtype="float64"), "dtype float64 is not supported"),
        (Config(device="tpu"), "device 'tpu' is not available"),
    ],
)
def test_run_refuses_configs_outside_the_bounds(bad, message):
    with pytest.raises(ValueError, match=message):
        run_benchmark(bad, settings=QUICK, names=("relu",))


def test_unknown_activation_name_is_refused():
    with pytest.raises(KeyError, match="choose one of"):
        run_benchmark(TINY, settings=QUICK, names=("relu", "nope"))


def _fields(result: BenchResult) -> dict:
    return {name: getattr(result, name) for name in BenchResult.__dataclass_fields__ if name != "summaries"}


def test_result_cache_is_bounded_and_keyed_by_config(result):
    cache = ResultCache(max_entries=2)
    assert cache.get(TINY) is None
    cache.put(result)
    assert cache.get(TINY) is result
    for size in (1, 2):
        cache.put(BenchResult(**{**_fields(result), "config": Config(size=size)}))
    assert cache.get(TINY) is None and cache.get(Config(size=2)) is not None
    cache.clear()
    assert cache.get(Config(size=2)) is None


def test_the_shared_store_is_a_plain_bounded_module_object():
    assert isinstance(timing.RESULTS, ResultCache) and timing.RESULTS.max_entries == 32


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_run():
    run = run_benchmark(Config(device="cuda", size=4096), settings=QUICK, names=("relu", "gelu"))
    assert run.timer.startswith("CUDA events") and run.device_name
    assert all(s.fwd_ms > 0 and s.ratio_to_copy > 0 for s in run.summaries)
