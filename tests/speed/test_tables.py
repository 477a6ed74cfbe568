"""What a result says: the conclusion follows the numbers, the tables are sorted, numbers read well."""

import pytest
import torch

from activations.core.i18n import t
from activations.core.registry import NAMES, get
from activations.speed.tables import (
    FORMATS,
    conclusion,
    failed,
    format_number,
    format_ratio,
    format_seconds,
    human_bytes,
    inplace_records,
    inplace_table,
    method_text,
    ranked,
    results_table,
    short_count,
    styled,
    table_records,
    time_unit,
    unverified,
)
from activations.speed.timing import BenchResult, Config, Row, Settings, Timing
from tests.speed.conftest import WITH_INPLACE


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


def test_conclusion_in_korean():
    korean = " ".join(conclusion(_run_with(3e-3, 9e-3), "ko"))
    assert "결론" in korean and "ReLU" in korean and "배" in korean


def test_conclusion_without_relu_or_challengers():
    run = synthetic({"mish": 2e-3, "tanh": 1e-3}, {"mish": 5e-3, "tanh": 3e-3})
    assert conclusion(run, "en") == [
        "1 of 2 activations runs at 80% of copy speed or better (Tanh): for it memory traffic, not "
        "arithmetic, sets the time."
    ]  # no ReLU sentence, no verdict, no slowest-vs-ReLU comparison


def test_records_are_sorted_and_complete(result):
    rows = table_records(result)
    assert [r["activation"] for r in rows] == [s.label for s in ranked(result)]
    ratios = [r["ratio_to_copy"] for r in rows]
    assert ratios == sorted(ratios, reverse=True) and len(rows) == len(NAMES)
    inplace = inplace_records(result)
    assert {r["inplace_call"] for r in inplace} == {get(n).inplace for n in WITH_INPLACE}
    assert all(r["inplace_verified"] for r in inplace)


def test_time_columns_are_in_the_unit_of_the_copy(result):
    unit, factor = time_unit(result)
    assert (unit, factor) == (("µs", 1e3) if result.copy.median < 1e-3 else ("ms", 1.0))
    relu = next(r for r in table_records(result) if r["activation"] == "ReLU")
    assert relu["fwd"] == pytest.approx(result.summary("relu").fwd_ms * factor)


def test_tables_drop_the_error_column_unless_something_failed(result):
    frame = results_table(result)
    assert "error" not in frame and len(frame) == len(NAMES) and failed(result) == []
    broken = BenchResult(
        **{
            **{k: getattr(result, k) for k in BenchResult.__dataclass_fields__ if k != "summaries"},
            "rows": (*result.rows[:-1], Row("mish", "Mish", "smooth", error="RuntimeError: no")),
        }
    )
    assert list(results_table(broken)["error"])[-1] == "RuntimeError: no" and failed(broken) == ["Mish"]
    assert len(inplace_table(result)) == len(WITH_INPLACE) and unverified(result) == []


def test_styled_tables_format_only_their_own_columns(result):
    html = styled(results_table(result)).to_html()
    assert "×" in html and "%" in html
    assert set(FORMATS) >= set(results_table(result).columns) - {"activation", "ratio_to_copy"}
    assert set(FORMATS) >= set(inplace_table(result).columns) - {
        "activation",
        "inplace_call",
        "inplace_verified",
    }


def test_method_text_describes_the_run(result):
    text = method_text(result, "en")
    assert "256 standard-normal values (float32, 1 KiB) on cpu" in text
    warmup = result.settings.warmup
    assert f"{warmup} warm-up {'call' if warmup == 1 else 'calls'} per op" in text and result.timer in text
    assert "2 × 1 KiB" in method_text(result, "ko")


def test_format_ratio_keeps_small_ratios_readable():
    assert [format_ratio(r) for r in (1.234, 0.1, 0.0044, None)] == ["1.23×", "0.10×", "0.0044×", "—"]


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


@pytest.mark.parametrize(
    ("count", "text"),
    [(512, "512 B"), (1024, "1 KiB"), (4 * 2**20, "4 MiB"), (1536, "1.5 KiB"), (2**33, "8 GiB")],
)
def test_human_bytes(count, text):
    assert human_bytes(count) == text


@pytest.mark.parametrize(
    ("count", "text"), [(2**10, "1K"), (2**14, "16K"), (2**20, "1M"), (2**24, "16M"), (5000, "5,000")]
)
def test_short_count(count, text):
    assert short_count(count) == text
