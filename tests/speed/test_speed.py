"""The Speed page's library: bounded settings, honest timing on tiny tensors, the report, the CLI."""

import json
import math
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch

from activations.core.i18n import t
from activations.core.registry import NAMES, REGISTRY, get
from activations.speed import cli, timing
from activations.speed import link as config
from activations.speed.figures import VIEWS, ratio_figure
from activations.speed.link import MAX_ELEMENTS, Config, check, parse_query
from activations.speed.tables import (
    conclusion,
    format_number,
    format_ratio,
    format_seconds,
    inplace_records,
    ranked,
    table_records,
)
from activations.speed.timing import (
    QUICK,
    BenchResult,
    Busy,
    Clock,
    ResultCache,
    Row,
    Settings,
    Timing,
    forward_callable,
    inplace_callable,
    run_benchmark,
)

ROOT = Path(__file__).resolve().parents[2]
TINY = Config(size=256)
WITH_INPLACE = tuple(name for name in NAMES if get(name).inplace)


@pytest.fixture(scope="module")
def result() -> BenchResult:
    """One quick run over every activation on 256 float32 elements, shared by the module."""
    return run_benchmark(TINY, settings=QUICK)


@pytest.fixture
def cpu_only(monkeypatch):
    """Pretend this machine has only a CPU, whatever it really has."""
    monkeypatch.setattr(config, "available_devices", lambda: ("cpu",))


# --- settings from a link -------------------------------------------------------------------------


def test_defaults_when_nothing_is_given():
    values, problems = check({})
    assert values == {"device": "cpu", "dtype": "float32", "size": 2**20} and problems == []


def test_good_values_pass():
    values, problems = check({"device": ["cpu"], "dtype": ["bfloat16"], "size": ["4096"]})
    assert values == {"device": "cpu", "dtype": "bfloat16", "size": 4096} and problems == []
    assert Config.of(values).tensor_bytes == 4096 * 2


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"device": ["cuda"]}, "speed.reason.device_unavailable"),
        ({"device": ["mps"]}, "speed.reason.device_unavailable"),
        ({"device": ["tpu"]}, "reason.unknown_option"),
        ({"device": ["**cpu**"]}, "reason.unknown_option"),
        ({"dtype": ["fp8"]}, "reason.unknown_option"),
        ({"dtype": ["float64"]}, "reason.unknown_option"),
        ({"size": ["nan"]}, "speed.reason.not_digits"),
        ({"size": ["inf"]}, "speed.reason.not_digits"),
        ({"size": ["1e3"]}, "speed.reason.not_digits"),
        ({"size": ["1_000"]}, "speed.reason.not_digits"),
        ({"size": ["٣"]}, "speed.reason.not_digits"),
        ({"size": ["-5"]}, "speed.reason.not_digits"),
        ({"size": ["4096.0"]}, "speed.reason.not_digits"),
        ({"size": ["0"]}, "reason.out_of_range"),
        ({"size": [str(MAX_ELEMENTS + 1)]}, "reason.out_of_range"),
        ({"size": ["9" * 12]}, "reason.out_of_range"),
        ({"size": ["9" * 400]}, "speed.reason.not_digits"),
        ({"size": ["x" * 5000]}, "reason.too_long"),
    ],
)
def test_bad_values_fall_back_with_a_reason(cpu_only, raw, reason):
    values, problems = check(raw)
    assert [p.reason for p in problems] == [reason]
    key = next(iter(raw))
    assert values[key] == {"device": "cpu", "dtype": "float32", "size": 2**20}[key]
    assert t(reason)  # every reason has a translation


def test_largest_size_is_allowed_and_capped():
    values, problems = check({"size": [str(MAX_ELEMENTS)]})
    assert values["size"] == MAX_ELEMENTS == 2**24 and not problems


def test_dtype_the_device_cant_run_falls_back_to_float32(monkeypatch):
    monkeypatch.setattr(config, "dtype_supported", lambda device, dtype: dtype != "bfloat16")
    values, problems = check({"dtype": ["bfloat16"]})
    assert values["dtype"] == "float32"
    assert [p.reason for p in problems] == ["speed.reason.dtype_unsupported"]


def test_dtype_support_is_tried_not_assumed():
    assert config.dtype_supported("cpu", "float32")
    assert not config.dtype_supported("cpu", "float64")  # not offered
    assert not config.dtype_supported("no-such-device", "float32")


@pytest.mark.parametrize(
    "text",
    [
        "size=4096&dtype=float16",
        "?size=4096&dtype=float16",
        "http://localhost:8501/speed?size=4096&dtype=float16",
        "https://example.org/app/speed?lang=ko&size=4096&dtype=float16",
        "/speed?size=4096&dtype=float16",
    ],
)
def test_query_from_url_or_bare_string(text):
    raw = parse_query(text)
    assert raw["size"] == ["4096"] and raw["dtype"] == ["float16"]


# --- timing ---------------------------------------------------------------------------------------


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
    assert all(inplace_callable(get(name)) is None for name in NAMES if name not in WITH_INPLACE)


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


def test_half_precision_runs():
    for dtype in ("bfloat16", "float16"):
        if not config.dtype_supported("cpu", dtype):
            continue
        half = run_benchmark(Config(dtype=dtype, size=128), settings=QUICK, names=("relu", "gelu"))
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
    assert json.loads(json.dumps(gelu.as_json(TINY, 1)))["error"].startswith("RuntimeError")


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
    "bad",
    [Config(size=0), Config(size=MAX_ELEMENTS + 1), Config(dtype="float64"), Config(device="tpu")],
)
def test_run_refuses_configs_outside_the_bounds(bad):
    with pytest.raises(ValueError):
        run_benchmark(bad, settings=QUICK, names=("relu",))


def test_unknown_activation_name_is_refused():
    with pytest.raises(KeyError, match="choose one of"):
        run_benchmark(TINY, settings=QUICK, names=("relu", "nope"))


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


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_run():
    run = run_benchmark(Config(device="cuda", size=4096), settings=QUICK, names=("relu", "gelu"))
    assert run.timer.startswith("CUDA events") and run.device_name
    assert all(s.fwd_ms > 0 and s.ratio_to_copy > 0 for s in run.summaries)


# --- the report -----------------------------------------------------------------------------------


def _fields(result: BenchResult) -> dict:
    return {name: getattr(result, name) for name in BenchResult.__dataclass_fields__ if name != "summaries"}


def _timing(seconds: float, spread: float = 0.02) -> Timing:
    return Timing.of([seconds * (1 - spread / 2), seconds, seconds * (1 + spread / 2)], number=1)


def synthetic(
    fwd: dict[str, float], fwd_bwd: dict[str, float], copy: float = 1e-3, spread=0.02
) -> BenchResult:
    """A result with chosen times (seconds), to drive the conclusion through each branch."""
    rows = tuple(
        Row(
            name,
            get(name).label,
            get(name).family,
            fwd=_timing(fwd[name], spread),
            fwd_bwd=_timing(fwd_bwd[name], spread),
            inplace_call=get(name).inplace,
            inplace=_timing(fwd[name] / 2, spread) if get(name).inplace else None,
            inplace_verified=True if get(name).inplace else None,
        )
        for name in fwd
    )
    return BenchResult(
        config=Config(size=2**20),
        copy=_timing(copy, spread),
        copy_fwd_bwd=_timing(3 * copy, spread),
        rows=rows,
        threads=2,
        device_name="test CPU",
        timer="time.perf_counter()",
        torch_version=torch.__version__,
        settings=Settings(),
        started_at=0.0,
        elapsed=1.0,
    )


def _run_with(relu_bwd: float, smooth_bwd: float, copy: float = 1e-3, spread: float = 0.02) -> BenchResult:
    fwd = {"relu": 1.05e-3, "gelu": 1.2e-3, "silu": 1.1e-3, "mish": 4e-3, "leaky_relu": 1.0e-3}
    fwd_bwd = {"relu": relu_bwd, "gelu": smooth_bwd, "silu": smooth_bwd, "mish": 9e-3, "leaky_relu": relu_bwd}
    return synthetic({k: v * copy / 1e-3 for k, v in fwd.items()}, fwd_bwd, copy, spread)


@pytest.mark.parametrize(
    ("smooth", "verdict"),
    [(3.1e-3, "verdict_same"), (4.5e-3, "verdict_modest"), (9e-3, "verdict_clear")],
)
def test_verdict_follows_the_numbers(smooth, verdict):
    run = _run_with(relu_bwd=3e-3, smooth_bwd=smooth)
    english = " ".join(conclusion(run, "en"))
    expected = t(f"speed.c.{verdict}", "en", factor="X", percent="Y").split("X")[0]
    assert expected in english
    assert "ReLU's forward pass took 1.05 ms, 0.95× the speed of a copy (1 ms): number 2 of 5." in english
    assert f"GELU {smooth / 3e-3:.2f}×" in english


def test_conclusion_mentions_memory_bound_inplace_and_slowest():
    english = " ".join(conclusion(_run_with(3e-3, 3.1e-3), "en"))
    assert "4 of 5 activations run at 80% of copy speed or better" in english
    assert "The slowest, Mish, runs at 0.25× copy speed, 3.8× ReLU's time." in english
    assert "median speed-up is 2.00×" in english
    assert "(ReLU: `torch.relu_` took 525 µs, out of place 1.05 ms)" in english
    assert "fixed cost of a call" not in english and "busy" not in english


def test_conclusion_flags_overhead_and_noise():
    tiny = _run_with(3e-6, 3.2e-6, copy=2e-6, spread=0.8)
    english = " ".join(conclusion(tiny, "en"))
    assert "fixed cost of a call" in english and "the machine was busy" in english


def test_no_verdict_when_the_compared_samples_scatter():
    english = " ".join(conclusion(_run_with(3e-3, 9e-3, spread=1.5), "en"))
    assert "**No verdict:**" in english and "clearly faster" not in english


def test_format_ratio_keeps_small_ratios_readable():
    assert [format_ratio(r) for r in (1.234, 0.1, 0.0044, None)] == ["1.23×", "0.10×", "0.0044×", "—"]


def test_conclusion_in_korean():
    korean = " ".join(conclusion(_run_with(3e-3, 9e-3), "ko"))
    assert "결론" in korean and "ReLU" in korean and "배" in korean


def test_conclusion_without_relu_or_challengers():
    run = synthetic({"mish": 2e-3, "tanh": 1e-3}, {"mish": 5e-3, "tanh": 3e-3})
    sentences = conclusion(run, "en")
    assert sentences and not any("Verdict" in s for s in sentences)


def test_tables_are_sorted_and_complete(result):
    rows = table_records(result)
    assert [r["activation"] for r in rows] == [s.label for s in ranked(result)]
    ratios = [r["ratio_to_copy"] for r in rows]
    assert ratios == sorted(ratios, reverse=True) and len(rows) == len(NAMES)
    inplace = inplace_records(result)
    assert {r["inplace_call"] for r in inplace} == {get(n).inplace for n in WITH_INPLACE}
    assert all(r["inplace_verified"] for r in inplace)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(8.5e-7, "850 ns"), (1.234e-6, "1.23 µs"), (5.5e-5, "55 µs"), (1.5e-3, "1.5 ms"), (2.0, "2 s")],
)
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


def test_format_number():
    assert [format_number(v) for v in (1814.794, 151.2, 1.3746, 0.012345)] == [
        "1,815",
        "151",
        "1.37",
        "0.0123",
    ]


@pytest.mark.parametrize("view", VIEWS)
def test_figures_sorted_fastest_first_with_relu_highlighted(result, view):
    figure = ratio_figure(result, "en", view)
    bars = figure.data
    assert bars and all(bar.type == "bar" for bar in bars)
    values = list(bars[-1].x) if view == "inplace" else list(bars[0].x)
    assert values == sorted(values, reverse=True)
    labels = list(bars[0].y)
    assert "<b>ReLU</b>" in labels
    if view != "inplace":
        assert len(labels) == len(NAMES)
        colors = bars[0].marker.color
        assert colors[labels.index("<b>ReLU</b>")] != colors[labels.index("GELU")]
    else:
        assert len(bars) == 2 and len(labels) == len(WITH_INPLACE)
    assert any(shape.x0 == 1 for shape in figure.layout.shapes), "the copy line at 1.0"


# --- command line ---------------------------------------------------------------------------------


def test_cli_prints_one_json_line_per_activation(capsys):
    assert cli.main(["device=cpu&dtype=float32&size=256", "--repeats", "1", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["name"] for r in records] == list(NAMES)
    for record in records:
        assert list(record)[:5] == ["name", "fwd_ms", "fwd_bwd_ms", "gbps", "ratio_to_copy"]
        assert all(record[k] > 0 for k in ("fwd_ms", "fwd_bwd_ms", "gbps", "ratio_to_copy"))
        assert (record["device"], record["dtype"], record["size"]) == ("cpu", "float32", 256)
        assert (record["inplace"] is None) == (record["name"] not in WITH_INPLACE)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["size=nan"], "size='nan': not a whole number"),
        (["size=99999999"], "size='99999999': out of range"),
        (["dtype=float128"], "dtype='float128': unknown name"),
        (["device=tpu"], "device='tpu': unknown name"),
        (["size=1", "--repeats", "0"], "--repeats must be within"),
        (["x" * 5000], "too long"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(capsys, argv, message):
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and not captured.out and "Traceback" not in captured.err


def test_cli_unavailable_device(capsys, cpu_only):
    assert cli.main(["device=cuda&size=64"]) == 2
    assert "device='cuda': not available on this machine (allowed: cpu)" in capsys.readouterr().err


def test_cli_help_and_bad_option(capsys):
    assert cli.main(["--help"]) == 0
    assert "ratio_to_copy" in capsys.readouterr().out
    assert cli.main(["--no-such-option"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_cli_as_a_subprocess_with_a_full_url():
    url = "http://localhost:8501/speed?lang=ko&size=64&dtype=float32&utm=x"
    done = subprocess.run(
        [sys.executable, "-m", "activations", "bench", url, "--repeats", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "ignoring unknown key 'utm'" in done.stderr and "lang" not in done.stderr
    assert len(done.stdout.splitlines()) == len(NAMES)
    bad = subprocess.run(
        [sys.executable, "-m", "activations", "bench", "size=1e9"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "size=" in bad.stderr and "Traceback" not in bad.stderr
