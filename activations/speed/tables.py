"""What a benchmark result says, in words and rows: the conclusion is computed, not pre-written.

:func:`conclusion` picks each sentence by comparing measured numbers with fixed thresholds (how
much slower GELU and SiLU are than ReLU, how many activations run near copy speed, what the
in-place variants save, whether the size is too small to measure more than overhead, whether the
samples were noisy) and fills in the numbers, in English or Korean. :func:`results_table` and
:func:`inplace_table` are the page's two tables (:func:`styled` formats their numbers), and the
``format_*``, :func:`human_bytes` and :func:`short_count` helpers write numbers for people.
"""

from __future__ import annotations

import math
import statistics

import pandas as pd
from pandas.io.formats.style import Styler

from activations.core.i18n import t
from activations.speed.timing import BenchResult, Summary

OVERHEAD_BOUND_S = 20e-6  # a copy faster than this measures call overhead, not memory traffic
NEAR_COPY = 0.8  # at least 80 % of copy speed: memory-bound
SAME = 1.15  # ReLU less than 15 % faster than the smooth ones: no real speed edge
CLEAR = 2.0  # ReLU at least twice as fast: speed is a real argument
NOISY = 0.25  # interquartile range above 25 % of the median: say so
TOO_NOISY = 0.5  # ReLU's, GELU's or SiLU's forward + backward this scattered: no verdict
CHALLENGERS = ("gelu", "silu")


def format_seconds(seconds: float) -> str:
    """``850 ns``, ``12.3 µs``, ``1.23 ms``, ``123 ms``, ``1.23 s`` (three significant digits)."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{_three(seconds / scale)} {unit}"
    return f"{_three(seconds / 1e-9)} ns"


def _three(value: float) -> str:
    return f"{value:.3g}" if value < 1000 else f"{value:.0f}"


def format_number(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits with thousands separators: ``1,815``, ``1.37``."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


def human_bytes(count: float) -> str:
    """``4 MiB``, ``64 KiB``, ``512 B``."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.3g} {unit}" if unit != "B" else f"{int(count)} B"
        count /= 1024
    raise AssertionError("unreachable")


def short_count(count: int) -> str:
    """``1K``, ``16K``, ``1M``, ``16M`` for powers of two, else the number with separators."""
    for shift, suffix in ((20, "M"), (10, "K")):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift}{suffix}"
    return f"{count:,}"


def format_ms(ms: float | None) -> str:
    return "—" if ms is None else format_seconds(ms / 1e3)


def format_ratio(ratio: float | None) -> str:
    """``0.95×``; two significant digits below 0.1 (``0.0044×``), so slow ones don't read 0.00×."""
    if ratio is None:
        return "—"
    return f"{ratio:.2f}×" if ratio >= 0.095 else f"{ratio:.2g}×"


def time_unit(result: BenchResult) -> tuple[str, float]:
    """The unit for this result's time columns (µs below a 1 ms copy, else ms), and its factor
    from milliseconds."""
    return ("µs", 1e3) if result.copy.median < 1e-3 else ("ms", 1.0)


def ranked(result: BenchResult, key: str = "ratio_to_copy") -> list[Summary]:
    """Rows fastest first by ``key`` (a :class:`Summary` ratio); rows without it last."""
    measured = [s for s in result.summaries if getattr(s, key) is not None]
    missing = [s for s in result.summaries if getattr(s, key) is None]
    return sorted(measured, key=lambda s: -getattr(s, key)) + missing


def conclusion(result: BenchResult, lang: str) -> list[str]:
    """A few sentences drawn from the numbers of ``result``, in ``lang``."""
    sentences: list[str] = []
    copy_time = format_seconds(result.copy.median)
    if result.copy.median < OVERHEAD_BOUND_S:
        sentences.append(t("speed.c.overhead", lang, size=f"{result.config.size:,}", copy=copy_time))
    relu = result.summary("relu")
    by_speed = [s for s in ranked(result) if s.ratio_to_copy is not None]
    if relu is not None and relu.ratio_to_copy is not None:
        sentences.append(
            t(
                "speed.c.relu_rank",
                lang,
                relu=format_ms(relu.fwd_ms),
                ratio=format_ratio(relu.ratio_to_copy),
                copy=copy_time,
                rank=by_speed.index(relu) + 1,
                count=len(by_speed),
            )
        )
        verdict = _verdict(result, relu, lang)
        if verdict:
            sentences.append(verdict)
    sentences.append(_memory_bound(by_speed, relu, lang))
    inplace = _inplace(result, lang)
    if inplace:
        sentences.append(inplace)
    spreads = [s.spread for row in result.rows for s in (row.fwd, row.fwd_bwd) if s is not None]
    noisiest = max([result.copy.spread, statistics.median(spreads) if spreads else 0.0])
    if noisiest > NOISY:
        sentences.append(t("speed.c.noisy", lang, spread=f"{noisiest * 100:.0f}"))
    return sentences


def _verdict(result: BenchResult, relu: Summary, lang: str) -> str | None:
    """How much more a training step's activation costs with GELU and SiLU than with ReLU."""
    timed = [(s, s.fwd_bwd_ms) for s in (result.summary(name) for name in CHALLENGERS) if s and s.fwd_bwd_ms]
    base = relu.fwd_bwd_ms
    if not timed or not base:
        return None
    others = [s for s, _ in timed]
    factors = [ms / base for _, ms in timed]
    typical = math.exp(statistics.fmean(math.log(f) for f in factors))
    compared = t(
        "speed.c.compared",
        lang,
        items=", ".join(f"{s.label} {f:.2f}×" for s, f in zip(others, factors, strict=True)),
        relu=format_ms(relu.fwd_bwd_ms),
    )
    spreads = [
        row.fwd_bwd.spread for row in result.rows if row.name in ("relu", *CHALLENGERS) and row.fwd_bwd
    ]
    if max(spreads) > TOO_NOISY:
        key = "speed.c.verdict_noisy"
    elif typical < SAME:
        key = "speed.c.verdict_same"
    elif typical < CLEAR:
        key = "speed.c.verdict_modest"
    else:
        key = "speed.c.verdict_clear"
    return f"{compared} {t(key, lang, factor=f'{typical:.2f}', percent=f'{(1 - 1 / typical) * 100:.0f}')}"


def _memory_bound(by_speed: list[Summary], relu: Summary | None, lang: str) -> str:
    near = [s for s in by_speed if (s.ratio_to_copy or 0.0) >= NEAR_COPY]
    slowest = by_speed[-1]
    if near:
        text = t(
            "speed.c.near_copy",
            lang,
            count=len(near),
            total=len(by_speed),
            percent=f"{NEAR_COPY * 100:.0f}",
            names=", ".join(s.label for s in near[:6]) + (" …" if len(near) > 6 else ""),
        )
    else:
        text = t("speed.c.none_near_copy", lang, percent=f"{NEAR_COPY * 100:.0f}")
    if relu is not None and relu.fwd_ms and slowest.fwd_ms and slowest is not relu:
        text += " " + t(
            "speed.c.slowest",
            lang,
            name=slowest.label,
            ratio=format_ratio(slowest.ratio_to_copy),
            factor=f"{slowest.fwd_ms / relu.fwd_ms:.1f}",
        )
    return text


def _inplace(result: BenchResult, lang: str) -> str | None:
    speedups = [(s, s.inplace_speedup) for s in result.summaries if s.inplace_speedup is not None]
    if not speedups:
        return None
    pairs = [s for s, _ in speedups]
    relu = next((s for s in pairs if s.name == "relu"), pairs[0])
    typical = statistics.median(speedup for _, speedup in speedups)
    if typical > 1.1:
        key = "speed.c.inplace_faster"
    elif typical < 0.9:
        key = "speed.c.inplace_slower"
    else:
        key = "speed.c.inplace_same"
    return t(
        key,
        lang,
        call=relu.inplace_call,
        inplace=format_ms(relu.inplace_ms),
        label=relu.label,
        fwd=format_ms(relu.fwd_ms),
        count=len(pairs),
        factor=f"{typical:.2f}",
    )


def method_text(result: BenchResult, lang: str) -> str:
    """How ``result`` was measured (input, references, timing, threads), as Markdown in ``lang``."""
    config, settings = result.config, result.settings
    return t(
        "speed.method_text",
        lang,
        size=f"{config.size:,}",
        dtype=config.dtype,
        bytes=human_bytes(config.tensor_bytes),
        device=config.device,
        name=result.device_name,
        warmup=settings.warmup,
        repeats=settings.repeats,
        target=f"{settings.target * 1e3:g}",
        timer=result.timer,
        threads=result.threads,
        torch=result.torch_version,
    )


def table_records(result: BenchResult) -> list[dict[str, object]]:
    """One row per activation, fastest first, times in :func:`time_unit`; keys are column ids."""
    _, factor = time_unit(result)
    records = []
    for s in ranked(result):
        spread = None
        if s.fwd_ms and s.fwd_q1_ms is not None and s.fwd_q3_ms is not None:
            spread = (s.fwd_q3_ms - s.fwd_q1_ms) / s.fwd_ms
        records.append(
            {
                "activation": s.label,
                "fwd": _scaled(s.fwd_ms, factor),
                "fwd_spread": spread,
                "gbps": s.gbps,
                "ratio_to_copy": s.ratio_to_copy,
                "fwd_bwd": _scaled(s.fwd_bwd_ms, factor),
                "fwd_bwd_ratio_to_copy": s.fwd_bwd_ratio_to_copy,
                "error": s.error or "",
            }
        )
    return records


def inplace_records(result: BenchResult) -> list[dict[str, object]]:
    """One row per activation with an in-place variant, biggest speed-up first."""
    _, factor = time_unit(result)
    return [
        {
            "activation": s.label,
            "inplace_call": s.inplace_call,
            "fwd": _scaled(s.fwd_ms, factor),
            "inplace": _scaled(s.inplace_ms, factor),
            "inplace_speedup": s.inplace_speedup,
            "inplace_ratio_to_copy": s.inplace_ratio_to_copy,
            "inplace_verified": bool(s.inplace_verified),
        }
        for s in ranked(result, "inplace_speedup")
        if s.inplace_call
    ]


def _scaled(ms: float | None, factor: float) -> float | None:
    return None if ms is None else ms * factor


# How the tables show their numbers (``ratio_to_copy`` is drawn as a bar, with its own format).
FORMATS = {
    **dict.fromkeys(("fwd", "fwd_bwd", "inplace"), format_number),
    **dict.fromkeys(("fwd_bwd_ratio_to_copy", "inplace_speedup", "inplace_ratio_to_copy"), "{:.2f}×"),
    "fwd_spread": "{:.0%}",
    "gbps": "{:.1f}",
}


def results_table(result: BenchResult) -> pd.DataFrame:
    """:func:`table_records` as a frame; the ``error`` column only when something failed."""
    frame = pd.DataFrame(table_records(result))
    return frame if frame["error"].astype(bool).any() else frame.drop(columns="error")


def inplace_table(result: BenchResult) -> pd.DataFrame:
    """:func:`inplace_records` as a frame (empty when no activation has an in-place variant)."""
    return pd.DataFrame(inplace_records(result))


def styled(frame: pd.DataFrame) -> Styler:
    """``frame`` with its numbers written by :data:`FORMATS`, a dash where nothing was measured."""
    return frame.style.format({key: fmt for key, fmt in FORMATS.items() if key in frame}, na_rep="—")


def failed(result: BenchResult) -> list[str]:
    """The labels of the activations that could not run."""
    return [row.label for row in result.rows if row.error]


def unverified(result: BenchResult) -> list[str]:
    """The in-place calls that did not overwrite their input or did not match ``f(x)``."""
    return [row.inplace_call for row in result.rows if row.inplace_verified is False and row.inplace_call]
