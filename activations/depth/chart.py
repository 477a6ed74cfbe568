"""What the Depth page's chart component (ui/components/depth*.js) is sent on a run.

The component draws, per hidden layer (x: layer 1 … depth), one panel for each of :data:`METRICS`
and a layer × value heatmap of the activations, for up to three overlaid configurations; the visitor
picks in the browser which panel is drawn large, a log or linear y axis and whose heatmap is shown,
and the chart redraws within a frame, with no rerun. The message is JSON (a few kB at the defaults,
at most ~3 × 200 layers × (6 numbers + the histogram's bins)):

* ``configs``: for each configuration its ``name`` ("ReLU · Kaiming normal"), ``color``, the layer
  from which its values overflow (``overflow_at``, 1-based, or None), ``layers`` (each metric's list,
  index 0 = the first hidden layer; a value that is not finite is sent as None, so NaN never reaches
  the screen) and ``histogram`` (depth rows of counts over the bins);
* ``edges``: the bins' edges (:data:`activations.depth.measure.EDGES`); ``depth``;
* ``metrics``: each panel's ``key``, whether a log axis suits it (``log``: a positive quantity spanning
  decades) and whether it is a share (``percent``);
* ``view``: the large panel, the scale and whose heatmap (:data:`VIEW_FIELDS`, from the link) a new
  chart starts with; the chart writes its choices to the URL (``link``: the keys it ``owns`` and their
  ``fields``, :func:`activations.core.rules.written`), so a link restores them too;
* ``labels``, ``colors``, ``style`` (theme.CHART_STYLE), ``layout`` (:data:`LAYOUT`), ``alt`` (what
  screen readers announce), ``stem`` (the saved picture's file name) and ``hidden`` (the chart's own
  buttons a classroom link hides).

"Train through depth" draws its loss curves with ECharts (:func:`loss_figure`, :func:`loss_alt`) and
names each configuration's final loss or the step where it diverged (:func:`loss_lines`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from activations.core import theme
from activations.core.fields import Choice, Problem, validate
from activations.core.i18n import t
from activations.core.registry import get
from activations.core.rules import written
from activations.depth.measure import EDGES, DepthConfig, DepthResult
from activations.depth.train import Curve

# The panels, in the order they are drawn small; ``log``: a log y axis makes it readable (a positive
# quantity that grows or shrinks geometrically with depth); ``percent``: a share in [0, 1].
METRICS = (
    {"key": "preact_std", "log": True, "percent": False},
    {"key": "act_rms", "log": True, "percent": False},
    {"key": "act_std", "log": True, "percent": False},
    {"key": "act_mean", "log": False, "percent": False},
    {"key": "zero_grad", "log": False, "percent": True},
    {"key": "grad_norm", "log": True, "percent": False},
)
METRIC_KEYS = tuple(metric["key"] for metric in METRICS)  # measure.STATS, in the panels' order
HISTOGRAM = "histogram"  # the heatmap's panel key
PANELS = (*METRIC_KEYS, HISTOGRAM)
COLORS = (theme.BLUE, theme.RED, theme.TEAL)  # configurations A, B and C
RUNS = ("a", "b", "c")
# The chart's own view, chosen in the browser and written to the link by the chart (kit.js's
# writeLink): the large panel, the y scale of the panels that may be logarithmic, whose heatmap.
PANEL = Choice("panel", "act_rms", PANELS)
SCALE = Choice("scale", "log", ("log", "linear"))
HEAT = Choice("heat", "a", RUNS)
VIEW_FIELDS = (PANEL, SCALE, HEAT)
LABEL_KEYS = (
    *(f"depth_page.metric.{key}" for key in PANELS),
    *(f"depth_page.metric.{key}_help" for key in PANELS),
    "depth_page.chart.layer", "depth_page.chart.large", "depth_page.chart.log", "depth_page.chart.log_suffix",
    "depth_page.chart.heatmap_of", "depth_page.chart.overflow", "depth_page.chart.not_finite",
    "depth_page.chart.probe_hint", "chart.save_png", "chart.save_svg",
)  # fmt: skip
# How the chart lays out (ui/components/depth-draw.js), with theme.CHART_STYLE: the large panel's height and
# each small panel's (px), the small panels' columns by the chart's width (px, widest first), the margin
# of a panel's plot, the gap between panels, the lines' width (the large panel's, a small one's) and the
# heatmap's lightest visible share of a layer's samples.
LAYOUT = {
    "large_height": 300,
    "small_height": 170,
    "columns": [[900, 3], [560, 2], [0, 1]],
    "margin": {"left": 56, "right": 12, "top": 24, "bottom": 30},
    "gap": 14,
    "line": {"large": 2.5, "small": 1.75},
    "heat_floor": 1e-3,
}


def _finite(values: np.ndarray) -> list[float | None]:
    """The values as JSON numbers, None where one is not finite (the chart leaves a gap there)."""
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=float).tolist()]


def _params_text(act: str, params: dict[str, float | str]) -> str:
    """The parameters that differ from PyTorch's defaults: ``negative_slope=0.2``."""
    spec = get(act)
    changed = [f"{name}={value:g}" if isinstance(value, float | int) else f"{name}={value}"
               for name, value in params.items() if spec.defaults.get(name) != value]  # fmt: skip
    return f"({', '.join(changed)})" if changed else ""


def config_name(config: DepthConfig, lang: str) -> str:
    """The legend's name: "ReLU · Kaiming normal", "LeakyReLU(negative_slope=0.2) · Normal (σ=0.05)"."""
    act = get(config.act).label + _params_text(config.act, dict(config.act_params))
    init = t(f"depth_page.init.{config.init}", lang)
    if config.init == "normal":
        init += f" (σ={config.init_std:g})"
    return f"{act} · {init}"


def series(config: DepthConfig, result: DepthResult, index: int, lang: str) -> dict:
    """One configuration as the chart draws it (see the module's documentation)."""
    return {
        "name": config_name(config, lang),
        "color": COLORS[index % len(COLORS)],
        "overflow_at": None if result.diverged_at is None else result.diverged_at + 1,
        "layers": {key: _finite(getattr(result, key)) for key in METRIC_KEYS},
        "histogram": result.histogram.astype(int).tolist(),
    }


def view(raw: Mapping[str, Sequence[str]]) -> tuple[dict[str, str], list[Problem]]:
    """The chart's view from a link's raw query (:data:`VIEW_FIELDS`), and what had to be replaced."""
    return validate(raw, VIEW_FIELDS)


def message(
    configs: Sequence[DepthConfig],
    results: Sequence[DepthResult],
    lang: str,
    *,
    alt: str,
    stem: str,
    shown: Mapping[str, str] | None = None,
    hidden: Sequence[str] = (),
) -> dict:
    """See the module's documentation; ``configs[i]`` gave ``results[i]`` (all of one shape);
    ``shown``: the chart's view a new chart starts from (:func:`view`)."""
    return {
        "view": dict(shown or view({})[0]),
        "link": {"owns": [f.key for f in VIEW_FIELDS], "fields": [written(f) for f in VIEW_FIELDS]},
        "configs": [series(c, r, i, lang) for i, (c, r) in enumerate(zip(configs, results, strict=True))],
        "edges": _finite(EDGES),
        "depth": len(results[0].act_rms),
        "metrics": list(METRICS),
        "labels": {key: t(key, lang) for key in LABEL_KEYS},
        "style": theme.CHART_STYLE,
        "layout": LAYOUT,
        "alt": alt,
        "stem": stem,
        "hidden": list(hidden),
    }


def loss_figure(names: Sequence[str], curves: Sequence[Curve], lang: str) -> dict:
    """The training losses of the configurations ``names`` (an ECharts option, log y axis): one line
    per configuration, ending where it diverged."""
    return {
        "animation": False,
        "color": list(COLORS),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 56, "right": 16, "top": 36, "bottom": 44},
        "xAxis": {"type": "value", "name": t("depth_page.step", lang), "nameLocation": "middle",
                  "nameGap": 28},
        "yAxis": {"type": "log", "name": t("depth_page.loss", lang)},
        "series": [
            {"type": "line", "name": name, "showSymbol": False,
             "data": [[step, float(f"{loss:.5g}")] for step, loss in enumerate(curve.losses)]}
            for name, curve in zip(names, curves, strict=True)
        ],
    }  # fmt: skip


def loss_lines(names: Sequence[str], curves: Sequence[Curve], lang: str) -> list[str]:
    """One line per configuration: its final loss, or the step where it diverged (never NaN)."""
    return [
        t("depth_page.train_diverged", lang, name=name, step=curve.diverged_at)
        if curve.diverged_at is not None
        else t("depth_page.train_final", lang, name=name, loss=f"{curve.losses[-1]:.3g}")
        for name, curve in zip(names, curves, strict=True)
    ]


def loss_alt(names: Sequence[str], curves: Sequence[Curve], steps: int, lang: str) -> str:
    """What screen readers announce for :func:`loss_figure`."""
    return t("depth_page.loss_alt", lang, steps=steps, finals="; ".join(loss_lines(names, curves, lang)))
