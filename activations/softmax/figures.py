"""Plotly figures of the Softmax page, built from the results of :mod:`activations.softmax.compute`.

Per-class charts take ``labels`` (one per class, already validated: no markup characters) and
``order`` (the class indices in the order to draw them, see
:func:`~activations.softmax.compute.display_order`). Value labels are written on the bars only
while there are few enough classes to read them (except on the probability chart, see there).
Colours and layout defaults come from :mod:`activations.core.theme`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas  # noqa: F401  # see below
import plotly.graph_objects as go

from activations.core.i18n import t
from activations.core.theme import BLUE, DARK_BLUE, GREY, MUTED, ORANGE, PURPLE, RED, plotly_layout
from activations.softmax.compute import (
    Distribution,
    Invariance,
    Jacobian,
    Loss,
    Sampling,
    SigmoidComparison,
    Sweep,
)

# plotly's validators look pandas up in sys.modules without importing it. While another thread is
# still importing pandas (the server's start-up warm-up, ui/warm_up.py), they would find a
# half-initialised module and raise AttributeError; the import above waits for it to finish.

TEXT_LIMIT = 16  # classes up to which values are written on the bars
SWEEP_LINES = 8
SWEEP_TICKS = (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20)


def _layout(height: int, *, top: int = 40, **extra: object) -> dict:
    """The theme's layout, with the bars of neighbouring classes a little apart."""
    return plotly_layout(height, top=top, bargap=0.2, **extra)


def _category_axis(labels: Sequence[str], **extra: object) -> dict:
    return dict(type="category", categoryorder="array", categoryarray=list(labels), **extra)


def _texts(values: np.ndarray, fmt: str) -> list[str] | None:
    return [format(v, fmt) for v in values] if len(values) <= TEXT_LIMIT else None


def _grouped_bars(
    names: list[str],
    order: np.ndarray,
    series: Sequence[tuple[str, np.ndarray, str]],
    height: int,
    top: float = 1.02,
    digits: str = ".4f",
) -> go.Figure:
    """One bar per class for each (name, values, color) in ``series``, side by side."""
    traces = [
        dict(
            type="bar",
            x=names,
            y=values[order],
            name=name,
            marker=dict(color=color),
            hovertemplate=f"%{{x}}: %{{y:{digits}}}<extra></extra>",
        )
        for name, values, color in series
    ]
    layout = _layout(
        height, barmode="group", xaxis=_category_axis(names), yaxis=dict(range=[0, top], title=dict(text="p"))
    )
    return go.Figure(data=traces, layout=layout)


def probability_figure(dist: Distribution, labels: Sequence[str], order: np.ndarray, lang: str) -> go.Figure:
    """Bars of softmax(z / T) above bars of log_softmax(z / T); the argmax bar is darker.

    No value labels on the bars: this chart is redrawn on every keystroke and plotly's text
    measuring was the largest part of its redraw (the values are in the hover and the table).
    """
    names = [labels[i] for i in order]
    probs, log_probs = dist.probs[order], dist.log_probs[order]
    colors = [DARK_BLUE if i in dist.argmax else BLUE for i in order]
    custom = np.stack([order, dist.logits[order], probs, log_probs], axis=1)
    hover = (
        "%{x} (#%{customdata[0]})<br>z = %{customdata[1]:.6g}<br>p = %{customdata[2]:.6g}"
        "<br>log p = %{customdata[3]:.6g}<extra></extra>"
    )
    traces = [
        dict(
            type="bar",
            x=names,
            y=probs,
            name=t("softmax.chart.probability", lang),
            marker=dict(color=colors),
            customdata=custom,
            hovertemplate=hover,
        ),
        dict(
            type="bar",
            x=names,
            y=log_probs,
            name="log_softmax",
            marker=dict(color=PURPLE),
            customdata=custom,
            hovertemplate=hover,
            xaxis="x2",
            yaxis="y2",
        ),
    ]
    top = float(probs.max())
    layout = _layout(
        500,
        top=20,
        showlegend=False,
        xaxis=_category_axis(names, anchor="y", showticklabels=False),
        yaxis=dict(
            domain=[0.42, 1.0],
            range=[0, min(1.0, top) * 1.05 + 1e-9],
            title=dict(text=t("softmax.chart.probability", lang)),
            tickformat=".2~f",
        ),
        xaxis2=_category_axis(names, anchor="y2", matches="x"),
        yaxis2=dict(domain=[0.0, 0.34], title=dict(text="log p"), rangemode="tozero"),
    )
    return go.Figure(data=traces, layout=layout)


def sweep_figure(sweep: Sweep, labels: Sequence[str], temperature: float, lang: str) -> go.Figure:
    """p_k(T) on a log T axis for the most likely classes (the rest summed), the current T marked.

    Softmax keeps the order of the logits at every T, so the top classes are the same everywhere.
    """
    size = sweep.probs.shape[1]
    top = np.argsort(-sweep.probs[-1], kind="stable")[:SWEEP_LINES]  # at T_MAX nothing underflows
    traces = [
        dict(
            type="scatter",
            x=sweep.temperatures,
            y=sweep.probs[:, k],
            mode="lines",
            name=labels[k],
            hovertemplate=f"{labels[k]}<br>T = %{{x:.3g}}<br>p = %{{y:.4f}}<extra></extra>",
        )
        for k in top
    ]
    rest = np.setdiff1d(np.arange(size), top)
    if len(rest):
        traces.append(
            dict(
                type="scatter",
                x=sweep.temperatures,
                y=sweep.probs[:, rest].sum(axis=1),
                mode="lines",
                line=dict(dash="dot", color=GREY),
                name=t("softmax.chart.others", lang, count=len(rest)),
                hovertemplate="%{y:.4f}<extra></extra>",
            )
        )
    layout = _layout(
        380,
        xaxis=dict(
            type="log",
            title=dict(text=t("softmax.chart.temperature", lang)),
            tickvals=SWEEP_TICKS,
            ticktext=[f"{tick:g}" for tick in SWEEP_TICKS],
        ),
        yaxis=dict(range=[0, 1.02], title=dict(text="p")),
        hovermode="x unified",
        shapes=[
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=temperature,
                x1=temperature,
                y0=0,
                y1=1,
                line=dict(width=1.5, dash="dash", color=GREY),
            )
        ],
        annotations=[
            dict(
                x=np.log10(temperature),
                y=0.5,
                xref="x",
                yref="paper",
                text=f"T = {temperature:g}",
                showarrow=False,
                xanchor="left",
                xshift=4,
                font=dict(color=GREY),
            )
        ],
    )
    return go.Figure(data=traces, layout=layout)


def limits_figure(
    sweep: Sweep, dist: Distribution, labels: Sequence[str], order: np.ndarray, lang: str
) -> go.Figure:
    """Grouped bars: the T -> 0 limit (argmax), the current T, the T -> inf limit (uniform)."""
    names = [labels[i] for i in order]
    series = (
        (t("softmax.chart.cold", lang), sweep.cold, DARK_BLUE),
        (f"T = {dist.temperature:g}", dist.probs, BLUE),
        (t("softmax.chart.hot", lang), sweep.hot, MUTED),
    )
    return _grouped_bars(names, order, series, 380)


def gradient_figure(loss: Loss, labels: Sequence[str], order: np.ndarray, lang: str) -> go.Figure:
    """Bars of d loss / d z from autograd, the closed form (p - onehot) / T as markers on top."""
    names = [labels[i] for i in order]
    grad = loss.grad[order]
    colors = [RED if i == loss.target else BLUE for i in order]
    traces = [
        dict(
            type="bar",
            x=names,
            y=grad,
            name=t("softmax.chart.autograd", lang),
            marker=dict(color=colors),
            text=_texts(grad, "+.3f"),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:.6g}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=names,
            y=loss.closed_form[order],
            mode="markers",
            name=t("softmax.chart.closed_form", lang),
            marker=dict(symbol="diamond", size=9, color="white", line=dict(width=2, color="black")),
            hovertemplate="%{x}: %{y:.6g}<extra></extra>",
        ),
    ]
    reach = max(float(np.max(np.abs(grad))) * 1.25, 0.01)  # all zero when p(target) = 1
    layout = _layout(
        380,
        xaxis=_category_axis(names),
        yaxis=dict(range=[-reach, reach], zeroline=True, title=dict(text="∂L/∂z")),
    )
    return go.Figure(data=traces, layout=layout)


def sampling_figure(sampling: Sampling, labels: Sequence[str], order: np.ndarray, lang: str) -> go.Figure:
    """Grouped bars: softmax p, the filtered and renormalised p, the empirical frequencies."""
    names = [labels[i] for i in order]
    series = (
        (t("softmax.chart.softmax_p", lang), sampling.probs, MUTED),
        (t("softmax.chart.filtered", lang), sampling.filtered, BLUE),
        (
            t("softmax.chart.empirical", lang, samples=f"{sampling.samples:,}"),
            sampling.frequencies,
            ORANGE,
        ),
    )
    top = max(float(sampling.filtered.max()), float(sampling.frequencies.max()))
    return _grouped_bars(names, order, series, 400, top=min(1.0, top) * 1.1)


def invariance_figure(inv: Invariance, labels: Sequence[str], order: np.ndarray, lang: str) -> go.Figure:
    """Grouped bars: softmax(z/T), softmax((z + c)/T) (identical) and softmax(a·z/T) (sharper)."""
    names = [labels[i] for i in order]
    series = (
        ("softmax(z / T)", inv.probs, BLUE),
        (f"softmax((z + {inv.shift:g}) / T)", inv.shifted, DARK_BLUE),
        (f"softmax({inv.scale:g}·z / T) = softmax(z / (T/{inv.scale:g}))", inv.scaled, ORANGE),
    )
    return _grouped_bars(names, order, series, 360, digits=".6g")


def sigmoid_figure(comparison: SigmoidComparison, labels: Sequence[str], lang: str) -> go.Figure:
    """The curves sigmoid(x) and softmax([x, 0])_0 on top of each other, the user's z/T marked."""
    traces = [
        dict(
            type="scatter",
            x=comparison.x,
            y=comparison.sigmoid,
            mode="lines",
            name="sigmoid(x)",
            line=dict(color=BLUE, width=6),
            opacity=0.45,
            hovertemplate="x = %{x:.4g}<br>sigmoid = %{y:.6g}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=comparison.x,
            y=comparison.softmax_pair,
            mode="lines",
            name="softmax([x, 0])₀",
            line=dict(color=RED, width=2, dash="dash"),
            hovertemplate="x = %{x:.4g}<br>softmax = %{y:.6g}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=comparison.points,
            y=comparison.at_points,
            mode="markers+text" if len(labels) <= TEXT_LIMIT else "markers",
            text=list(labels),
            textposition="top left",
            name=t("softmax.chart.your_logits", lang),
            marker=dict(size=10, color=ORANGE, line=dict(width=1.5, color="white")),
            hovertemplate="%{text}<br>z/T = %{x:.4g}<br>softmax([z/T, 0])₀ = %{y:.6g}<extra></extra>",
        ),
    ]
    layout = _layout(
        360, xaxis=dict(title=dict(text="x = z / T"), zeroline=True), yaxis=dict(range=[-0.05, 1.1])
    )
    return go.Figure(data=traces, layout=layout)


def multilabel_figure(
    comparison: SigmoidComparison, labels: Sequence[str], order: np.ndarray, lang: str
) -> go.Figure:
    """Per class: independent sigmoid(z/T) (multi-label) against softmax p (one of K), with sums."""
    names = [labels[i] for i in order]
    series = (
        (
            t("softmax.chart.sigmoid_each", lang, total=f"{comparison.sigmoid_points.sum():.3g}"),
            comparison.sigmoid_points,
            MUTED,
        ),
        (
            t("softmax.chart.softmax_all", lang, total=f"{comparison.probs.sum():.3g}"),
            comparison.probs,
            BLUE,
        ),
    )
    return _grouped_bars(names, order, series, 360, top=1.05)


def jacobian_figure(jac: Jacobian, labels: Sequence[str], order: np.ndarray, lang: str) -> go.Figure:
    """Heatmap of d p_i / d u_j (rows i, columns j), diverging around 0."""
    names = [labels[i] for i in order]
    matrix = jac.matrix[np.ix_(order, order)]
    reach = float(np.max(np.abs(matrix))) or 1.0
    trace = dict(
        type="heatmap",
        z=matrix,
        x=names,
        y=names,
        zmid=0,
        zmin=-reach,
        zmax=reach,
        colorscale="RdBu",
        reversescale=True,
        hovertemplate="∂p(%{y}) / ∂u(%{x}) = %{z:.6g}<extra></extra>",
        colorbar=dict(thickness=12),
    )
    if len(names) <= 8:
        trace["texttemplate"] = "%{z:.3g}"
    side = min(620, 220 + 18 * len(names))
    layout = _layout(
        side,
        top=60,
        xaxis=_category_axis(names, title=dict(text=t("softmax.chart.jac_column", lang)), side="top"),
        yaxis=_category_axis(names, title=dict(text=t("softmax.chart.jac_row", lang)), autorange="reversed"),
    )
    return go.Figure(data=[trace], layout=layout)


# Alt text: one sentence or two per figure, built from the same numbers, for screen readers
# (``st.plotly_chart(alt=...)``). Each takes the arguments of the figure builder above it.

ALT_ITEMS = 3  # classes named after the largest


def _n(value: float) -> str:
    return f"{value:.3g}"


def _item(label: str, value: float) -> str:
    return f"{label} ({_n(value)})"


def _by_probability(probs: np.ndarray) -> np.ndarray:
    return np.argsort(-probs, kind="stable")


def probability_alt(dist: Distribution, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    """Like "Bar chart of softmax probabilities for 3 classes at T = 1: p is largest for cat (0.659), then
    dog (0.242), bird (0.0986). Below it, log p runs from -2.32 to -0.417." Ties are named as such."""
    ranked = _by_probability(dist.probs)
    tied = [int(i) for i in ranked if dist.probs[i] == dist.probs[ranked[0]]]
    if len(tied) > 1:
        names = ", ".join(labels[i] for i in tied[:ALT_ITEMS]) + (", …" if len(tied) > ALT_ITEMS else "")
        top = t("softmax.alt.tied", lang, names=names, p=_n(dist.probs[tied[0]]))
    else:
        top = _item(labels[tied[0]], dist.probs[tied[0]])
    after = [int(i) for i in ranked[len(tied) :]]
    rest = ""
    if after:
        rest = t(
            "softmax.alt.then", lang, items=", ".join(_item(labels[i], dist.probs[i]) for i in after[:2])
        )
    if len(after) > 2:
        rest += t("softmax.alt.smallest", lang, item=_item(labels[after[-1]], dist.probs[after[-1]]))
    return t(
        "softmax.alt.probability",
        lang,
        count=dist.size,
        temperature=f"{dist.temperature:g}",
        top=top,
        rest=rest,
        low=_n(float(dist.log_probs.min())),
        high=_n(float(dist.log_probs.max())),
    )


def sweep_alt(sweep: Sweep, labels: Sequence[str], temperature: float, lang: str) -> str:
    """The coldest and hottest ends of the sweep, and the marked temperature."""
    coldest, hottest = sweep.probs[0], sweep.probs[-1]
    top = int(np.argmax(coldest))
    return t(
        "softmax.alt.sweep",
        lang,
        low=f"{sweep.temperatures[0]:g}",
        high=f"{sweep.temperatures[-1]:g}",
        count=sweep.probs.shape[1],
        top=labels[top],
        cold=_n(float(coldest[top])),
        hot=_n(float(hottest.max())),
        uniform=_n(1 / sweep.probs.shape[1]),
        temperature=f"{temperature:g}",
    )


def limits_alt(sweep: Sweep, dist: Distribution, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    top = int(_by_probability(dist.probs)[0])
    winners = ", ".join(labels[i] for i in np.flatnonzero(sweep.cold == sweep.cold.max()))
    return t(
        "softmax.alt.limits",
        lang,
        argmax=winners,
        temperature=f"{dist.temperature:g}",
        top=labels[top],
        p=_n(float(dist.probs[top])),
        uniform=_n(float(sweep.hot[0])),
    )


def gradient_alt(loss: Loss, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    others = np.delete(loss.grad, loss.target)
    values = {"target": labels[loss.target], "grad": f"{loss.grad[loss.target]:+.3g}"}
    if not len(others):
        return t("softmax.alt.gradient_one", lang, **values)
    return t(
        "softmax.alt.gradient",
        lang,
        **values,
        low=f"{others.min():+.3g}",
        high=f"{others.max():+.3g}",
        diff=f"{loss.max_difference:.2g}",
    )


def sampling_alt(sampling: Sampling, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    top = int(np.argmax(sampling.counts))
    return t(
        "softmax.alt.sampling",
        lang,
        samples=f"{sampling.samples:,}",
        kept=int(sampling.kept.sum()),
        count=len(sampling.kept),
        top=labels[top],
        frequency=_n(float(sampling.frequencies[top])),
        p=_n(float(sampling.filtered[top])),
        tv=f"{sampling.total_variation:.3g}",
    )


def invariance_alt(inv: Invariance, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    top = int(_by_probability(inv.probs)[0])
    return t(
        "softmax.alt.invariance",
        lang,
        shift=f"{inv.shift:g}",
        shift_error=f"{inv.shift_error:.2g}",
        scale=f"{inv.scale:g}",
        top=labels[top],
        p=_n(float(inv.probs[top])),
        sharper=_n(float(inv.scaled[top])),
    )


def sigmoid_alt(comparison: SigmoidComparison, labels: Sequence[str], lang: str) -> str:
    return t(
        "softmax.alt.sigmoid",
        lang,
        low=_n(float(comparison.x[0])),
        high=_n(float(comparison.x[-1])),
        diff=f"{comparison.max_difference:.2g}",
        count=len(comparison.points),
        first=_n(float(comparison.points.min())),
        last=_n(float(comparison.points.max())),
    )


def multilabel_alt(comparison: SigmoidComparison, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    top = int(np.argmax(comparison.sigmoid_points))
    return t(
        "softmax.alt.multilabel",
        lang,
        sigmoid_total=f"{comparison.sigmoid_points.sum():.3g}",
        softmax_total=f"{comparison.probs.sum():.3g}",
        top=labels[top],
        value=_n(float(comparison.sigmoid_points[top])),
    )


def jacobian_alt(jac: Jacobian, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    size = len(jac.matrix)
    diagonal = np.diag(jac.matrix)
    if size == 1:
        return t("softmax.alt.jacobian_one", lang, value=_n(float(diagonal[0])))
    off = jac.matrix[~np.eye(size, dtype=bool)]
    return t(
        "softmax.alt.jacobian",
        lang,
        count=size,
        diag_low=_n(float(diagonal.min())),
        diag_high=_n(float(diagonal.max())),
        off_low=_n(float(off.min())),
        off_high=_n(float(off.max())),
    )


# Each chart of the page by name: its builder and its alt text, which take the same arguments.
FIGURES = {
    "probability": (probability_figure, probability_alt),
    "sweep": (sweep_figure, sweep_alt),
    "limits": (limits_figure, limits_alt),
    "gradient": (gradient_figure, gradient_alt),
    "sampling": (sampling_figure, sampling_alt),
    "invariance": (invariance_figure, invariance_alt),
    "sigmoid": (sigmoid_figure, sigmoid_alt),
    "multilabel": (multilabel_figure, multilabel_alt),
    "jacobian": (jacobian_figure, jacobian_alt),
}
