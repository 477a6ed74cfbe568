"""Plotly bar charts of a benchmark: speed relative to a copy, fastest at the top.

Colours and layout defaults come from :mod:`activations.core.theme`: bars in blue, ReLU (the
activation in question) in red, in-place bars in teal, the copy line and whiskers in grey.
"""

from __future__ import annotations

import plotly.graph_objects as go

from activations.core.i18n import t
from activations.core.theme import BLUE, GREY, RED, TEAL, plotly_layout
from activations.speed.tables import format_ms, format_ratio, ranked
from activations.speed.timing import BenchResult, Summary

VIEWS = ("fwd", "fwd_bwd", "inplace")
_ROW_HEIGHT = 26
_NUMBERS_WIDTH = 150  # px right of the plot for the numbers column


def _numbers_column(labels: list[str], texts: list[str]) -> list[dict]:
    """One right-aligned note per bar, outside the plot area, so whiskers never cover a number."""
    return [
        dict(x=1, y=label, xref="paper", yref="y", xanchor="left", xshift=8, showarrow=False,
             text=text, font=dict(size=12), align="left")
        for label, text in zip(labels, texts, strict=True)
    ]  # fmt: skip


def _copy_line(lang: str) -> tuple[dict, dict]:
    line = dict(type="line", xref="x", yref="paper", x0=1, x1=1, y0=0, y1=1,
                line=dict(color=GREY, width=1.5, dash="dash"))  # fmt: skip
    note = dict(x=1, y=1, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                text=t("speed.chart.copy_line", lang), font=dict(size=12, color=GREY))  # fmt: skip
    return line, note


def _layout(rows: int, lang: str, title_key: str, *, top: int = 36, **extra: object) -> dict:
    """The theme's layout with room on the right for the numbers column, and the copy line at 1."""
    line, note = _copy_line(lang)
    chart = dict(
        xaxis=dict(title=t(title_key, lang), rangemode="tozero", zeroline=True),
        yaxis=dict(autorange="reversed", automargin=True),
        shapes=[line],
        annotations=[note],
        bargap=0.25,
        showlegend=False,
        hoverlabel=dict(align="left"),
    )
    height = max(260, 90 + rows * _ROW_HEIGHT)
    return plotly_layout(height, top=top, right=_NUMBERS_WIDTH, **{**chart, **extra})


def _label(summary: Summary) -> str:
    return f"<b>{summary.label}</b>" if summary.name == "relu" else summary.label


def _error_bars(ratios: list[float], low_ms: list[float], high_ms: list[float], mid_ms: list[float]) -> dict:
    """Interquartile range of the time, turned into the range of the ratio (slower = lower)."""
    plus = [r * (m / lo - 1) if lo else 0 for r, m, lo in zip(ratios, mid_ms, low_ms, strict=True)]
    minus = [r * (1 - m / hi) if hi else 0 for r, m, hi in zip(ratios, mid_ms, high_ms, strict=True)]
    return dict(
        type="data", symmetric=False, array=plus, arrayminus=minus, color=GREY, thickness=1.2, width=3
    )


def ratio_figure(result: BenchResult, lang: str, view: str = "fwd") -> go.Figure:
    """Speed relative to the copy for every activation, sorted, ReLU highlighted.

    ``view`` is ``"fwd"`` (forward, labelled with GB/s), ``"fwd_bwd"`` (forward + backward against a
    ``-x``, a copy that flips the sign both ways) or ``"inplace"`` (out-of-place vs in-place forward).
    """
    if view == "inplace":
        return _inplace_figure(result, lang)
    key = "ratio_to_copy" if view == "fwd" else "fwd_bwd_ratio_to_copy"
    rows = [s for s in ranked(result, key) if getattr(s, key) is not None]
    ratios = [getattr(s, key) for s in rows]
    mid = [s.fwd_ms if view == "fwd" else s.fwd_bwd_ms for s in rows]
    low = [s.fwd_q1_ms if view == "fwd" else s.fwd_bwd_q1_ms for s in rows]
    high = [s.fwd_q3_ms if view == "fwd" else s.fwd_bwd_q3_ms for s in rows]
    if view == "fwd":
        text = [f"{format_ratio(s.ratio_to_copy)} · {s.gbps:.3g} GB/s" for s in rows]
    else:
        text = [format_ratio(r) for r in ratios]
    hover = [
        f"<b>{s.label}</b><br>{t('speed.chart.time', lang)}: {format_ms(m)} "
        f"({format_ms(lo)} … {format_ms(hi)})<br>{t('speed.chart.ratio', lang)}: {format_ratio(r)}"
        + (f"<br>{s.gbps:.3g} GB/s" if view == "fwd" and s.gbps else "")
        for s, m, lo, hi, r in zip(rows, mid, low, high, ratios, strict=True)
    ]
    bar = dict(
        type="bar",
        orientation="h",
        x=ratios,
        y=[_label(s) for s in rows],
        marker=dict(color=[RED if s.name == "relu" else BLUE for s in rows]),
        error_x=_error_bars(ratios, low, high, mid),
        hovertext=hover,
        hoverinfo="text",
        name=t(f"speed.view.{view}", lang),
    )
    title = "speed.chart.axis_fwd" if view == "fwd" else "speed.chart.axis_fwd_bwd"
    layout = _layout(len(rows), lang, title)
    layout["xaxis"]["range"] = [0, max([1.0, *ratios]) * 1.15]
    layout["annotations"] += _numbers_column(bar["y"], text)
    return go.Figure(data=[bar], layout=layout)


def _inplace_figure(result: BenchResult, lang: str) -> go.Figure:
    """Forward speed of each activation that has an in-place variant, both ways, vs the copy."""
    rows = [s for s in ranked(result, "inplace_ratio_to_copy") if s.inplace_ratio_to_copy is not None]
    labels = [_label(s) for s in rows]
    traces = []
    for name_key, attribute, ms_attribute, color in (
        ("speed.chart.out_of_place", "ratio_to_copy", "fwd_ms", BLUE),
        ("speed.chart.in_place", "inplace_ratio_to_copy", "inplace_ms", TEAL),
    ):
        values = [getattr(s, attribute) or 0.0 for s in rows]
        traces.append(
            dict(
                type="bar",
                orientation="h",
                x=values,
                y=labels,
                name=t(name_key, lang),
                marker=dict(color=color),
                hovertext=[
                    f"<b>{s.inplace_call if attribute.startswith('inplace') else s.label}</b><br>"
                    f"{t('speed.chart.time', lang)}: {format_ms(getattr(s, ms_attribute))}<br>"
                    f"{t('speed.chart.ratio', lang)}: {format_ratio(v)}"
                    for s, v in zip(rows, values, strict=True)
                ],
                hoverinfo="text",
            )
        )
    # The legend sits at the top of the figure, above the copy line's note.
    layout = _layout(2 * len(rows), lang, "speed.chart.axis_fwd", top=70, barmode="group", showlegend=True,
                     legend=dict(orientation="h", yref="container", y=1, yanchor="top", x=0))  # fmt: skip
    peak = max([1.0, *(v for trace in traces for v in trace["x"])])
    layout["xaxis"]["range"] = [0, peak * 1.15]
    layout["annotations"] += _numbers_column(
        labels,
        [
            t("speed.chart.speedup", lang, factor=f"{s.inplace_speedup:.2f}") if s.inplace_speedup else ""
            for s in rows
        ],
    )
    return go.Figure(data=traces, layout=layout)


def ratio_alt(result: BenchResult, lang: str, view: str = "fwd") -> str:
    """Alt text of :func:`ratio_figure` (for screen readers), from the same numbers: the fastest and
    the slowest activation and ReLU's place; for ``"inplace"`` the median and largest speed-up."""
    name = t(f"speed.view.{view}", lang)
    if view == "inplace":
        rows = [s for s in result.summaries if s.inplace_speedup is not None]
        if not rows:
            return t("speed.alt.empty", lang, view=name)
        top = max(rows, key=lambda s: s.inplace_speedup or 0.0)
        speedups = sorted(s.inplace_speedup or 0.0 for s in rows)
        middle = len(speedups) // 2
        median = speedups[middle] if len(speedups) % 2 else (speedups[middle - 1] + speedups[middle]) / 2
        return t(
            "speed.alt.inplace", lang, count=len(rows), median=f"{median:.2f}", top=top.label,
            factor=f"{top.inplace_speedup:.2f}",
        )  # fmt: skip
    key = "ratio_to_copy" if view == "fwd" else "fwd_bwd_ratio_to_copy"
    rows = [s for s in ranked(result, key) if getattr(s, key) is not None]
    if not rows:
        return t("speed.alt.empty", lang, view=name)
    fastest, slowest = rows[0], rows[-1]
    text = t(
        "speed.alt.ratio", lang, view=name, count=len(rows), fastest=fastest.label,
        fastest_ratio=format_ratio(getattr(fastest, key)), slowest=slowest.label,
        slowest_ratio=format_ratio(getattr(slowest, key)),
    )  # fmt: skip
    for rank, summary in enumerate(rows, 1):
        if summary.name == "relu":
            ratio = format_ratio(getattr(summary, key))
            text += t("speed.alt.relu", lang, ratio=ratio, rank=rank, count=len(rows))
    return text
