"""Plotly figures of the Activations page, built from :class:`~activations.explorer.curves.Curve` data."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from activations.core import theme
from activations.core.i18n import t
from activations.explorer.curves import Curve
from activations.explorer.properties import intervals, saturated_mask

VALUE_COLOR, GRAD_COLOR, OVERLAY_COLORS = theme.BLUE, theme.RED, theme.SERIES


def _zones(curve: Curve, mask: np.ndarray, name: str, fill: str) -> list[dict]:
    """Shaded vertical bands over the runs of ``mask``, one legend entry for all of them."""
    half_step = (curve.x[1] - curve.x[0]) / 2
    return [
        dict(
            type="rect",
            xref="x",
            yref="paper",
            x0=a - half_step,
            x1=b + half_step,
            y0=0,
            y1=1,
            fillcolor=fill,
            line_width=0,
            layer="below",
            name=name,
            legendgroup=name,
            showlegend=i == 0,
        )
        for i, (a, b) in enumerate(intervals(curve.x, mask))
    ]


def activation_figure(
    label: str,
    curve: Curve,
    lang: str,
    probe: tuple[float, float, float] | None = None,
    overlays: Sequence[tuple[str, Curve]] = (),
    draws: Sequence[tuple[np.ndarray, np.ndarray]] = (),
) -> go.Figure:
    """f and f' of one activation, shaded where f' is exactly 0 (dead) or tiny (saturated).

    ``probe`` is (x0, f(x0), f'(x0)); ``overlays`` are (label, curve) of other activations, drawn
    dashed (their f' hidden until clicked in the legend); ``draws`` are (x, y) scatter points of a
    stochastic activation in training mode.
    """
    traces: list[dict] = [
        dict(
            type="scatter",
            x=curve.x,
            y=curve.y,
            name=f"{label}(x)",
            mode="lines",
            line=dict(color=VALUE_COLOR, width=3),
        ),
        dict(
            type="scatter",
            x=curve.x,
            y=curve.grad,
            name=f"{label}'(x)",
            mode="lines",
            line=dict(color=GRAD_COLOR, width=2, dash="dash"),
        ),
    ]
    for i, (other_label, other) in enumerate(overlays):
        color = OVERLAY_COLORS[i % len(OVERLAY_COLORS)]
        traces.append(
            dict(
                type="scatter",
                x=other.x,
                y=other.y,
                name=f"{other_label}(x)",
                mode="lines",
                line=dict(width=2, dash="dot", color=color),
                legendgroup=other_label,
            )
        )
        traces.append(
            dict(
                type="scatter",
                x=other.x,
                y=other.grad,
                name=f"{other_label}'(x)",
                mode="lines",
                line=dict(width=1.5, dash="dashdot", color=color),
                legendgroup=other_label,
                visible="legendonly",
            )
        )
    for i, (x, y) in enumerate(draws):
        traces.append(
            dict(
                type="scatter",
                x=x,
                y=y,
                mode="markers",
                marker=dict(size=4, opacity=0.6),
                name=t("chart.training_draws", lang),
                legendgroup="draws",
                showlegend=i == 0,
            )
        )
    shapes = _zones(curve, curve.grad == 0, t("chart.dead_zone", lang), theme.DEAD_FILL)
    shapes += _zones(curve, saturated_mask(curve.grad), t("chart.saturated", lang), theme.SATURATED_FILL)
    if probe is not None:
        x0, y0, g0 = probe
        traces.append(
            dict(
                type="scatter",
                x=[x0, x0],
                y=[y0, g0],
                mode="markers",
                marker=dict(size=11, color=[VALUE_COLOR, GRAD_COLOR], line=dict(width=2, color="white")),
                name=f"x0 = {x0:g}",
                hovertemplate="x0=%{x:.4g}<br>%{y:.6g}<extra></extra>",
            )
        )
        shapes.append(
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=x0,
                x1=x0,
                y0=0,
                y1=1,
                line=dict(width=1, dash="dot", color="gray"),
            )
        )
    layout = theme.plotly_layout(
        460,
        shapes=shapes,
        xaxis=dict(title="x", range=[float(curve.x[0]), float(curve.x[-1])], zeroline=True),
        yaxis=dict(zeroline=True),
        hovermode="x unified",
    )
    return go.Figure(data=traces, layout=layout)
