"""ECharts option objects for the Training lab (shown with ``st.echarts_chart``), redrawn 5 times a second.

* :func:`boundary_figure`: the decision boundary (each class's colour, fading out where the network
  is unsure) with training points filled and test points hollow;
* :func:`network_figure`: the network, dead units grey, saturated ones amber, edge width ~ |w|;
* :func:`curves_figure`: loss (log scale), accuracy and dead (and saturated) units per layer over the
  steps, three panels in one chart;
* :func:`born_dead_figure`: the born-dead fraction as depth grows.

Why ECharts and not plotly (used elsewhere in the app): Streamlit keys a plotly chart by a hash of
its whole figure, so every refresh with new data mounts a new chart and the browser redraws it from
scratch (blank for a moment, five times a second). A keyed ``st.echarts_chart`` keeps its chart and
ECharts updates it in place. Options are plain JSON-ready dicts (NaN becomes ``None``: a gap).
What a refresh costs was measured: lists beat DataFrames here (Streamlit's Arrow conversion takes
~2 ms a frame), so the history is thinned (:data:`~activations.training.lab.MAX_RECORDS`) and sent
as rows, and the heatmap is a small PNG that the browser scales up, coloured through a palette.
(The live page hands Streamlit the data points, which never change during a run, as ready-made
pyarrow tables instead: ``ui.training_panels.point_layer``.) Colours are the app's
(:mod:`activations.core.theme`); only the saturated units' amber and the input/output nodes' dark
grey are this chart's own.
"""

from __future__ import annotations

import base64
import struct
import weakref
import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from activations.core.i18n import t
from activations.core.theme import BLUE, GREY, MUTED, ORANGE, PURPLE, RED, SERIES, TEAL
from activations.training.born_dead import BornDead
from activations.training.data import DataConfig
from activations.training.dead import UnitStates
from activations.training.lab import History

# hex, one per class up to upload.MAX_CLASSES: the heatmap mixes them into white
CLASS_COLORS = (ORANGE, BLUE, TEAL, PURPLE, SERIES[4], SERIES[3], SERIES[6], SERIES[7])
RUN_COLORS = (BLUE, RED)
LAYER_COLORS = (BLUE, ORANGE, TEAL, PURPLE, *SERIES[3:5])
POSITIVE, NEGATIVE, GREY_EDGE = BLUE, ORANGE, MUTED
NODE_COLORS = {"alive": BLUE, "dead": GREY, "saturated": "#ffbf00", "io": "#666666"}  # amber: saturated
MAX_EDGES = 800
PLOT_SIDE = 300  # pixels: the decision-boundary plot is a square this big
HEATMAP_PIXELS = 120  # the boundary image's side: the coarse grid is interpolated up to it
TITLE = {"left": 0, "top": 0, "textStyle": {"fontSize": 14, "fontWeight": "bold"}}


def _rounded(values: np.ndarray, digits: int = 4) -> list:
    """JSON-ready floats, NaN and infinity as None (a gap)."""
    array = np.asarray(values, dtype=np.float64)
    rounded = np.round(array, digits)
    return [None if not np.isfinite(v) else float(v) for v in rounded.ravel()]


def _heatmap_png(probabilities: np.ndarray) -> str:
    """The decision boundary as a PNG data URL, one pixel per grid cell, top row = largest y.

    Each pixel is its winning class's colour mixed into white, deeper the surer the network is
    (white: a tie). The browser scales it up smoothly, like TensorFlow Playground's canvas.
    """
    classes = probabilities.shape[0]
    probabilities = np.where(np.isfinite(probabilities), probabilities, 1 / classes)  # a diverged net
    probabilities = _upsample(probabilities, HEATMAP_PIXELS)
    # argmax and max over the classes, one class at a time: numpy's reductions over the first axis
    # of a (classes, 120, 120) array cost ~5x more here (measured)
    best, winner = probabilities[0].copy(), np.zeros(probabilities.shape[1:], np.intp)
    for k in range(1, classes):
        winner[probabilities[k] > best] = k  # a tie goes to the lower class, as with argmax
        np.maximum(best, probabilities[k], out=best)
    confidence = np.clip((best - 1 / classes) / (1 - 1 / classes), 0.0, 1.0)
    level = np.rint(confidence * (CONFIDENCE_LEVELS - 1)).astype(np.intp)
    png = _png(np.flipud(_palette(classes)[winner, level]))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


CONFIDENCE_LEVELS = 256  # the palette's steps of confidence: finer than a colour channel's (0.5 / 255)


@lru_cache(maxsize=4)
def _palette(classes: int) -> np.ndarray:
    """(classes, CONFIDENCE_LEVELS, 3) uint8: each class's colour mixed into white, from a tie (6 %)
    to sure (56 %). A look-up per pixel instead of float arithmetic on every pixel, every refresh."""
    colors = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in CLASS_COLORS[:classes]], float)
    amount = 0.06 + 0.5 * np.linspace(0.0, 1.0, CONFIDENCE_LEVELS)
    palette = 255 - (255 - colors[:, None, :]) * amount[None, :, None]
    palette = palette.round().astype(np.uint8)
    palette.flags.writeable = False  # shared by every session's refreshes
    return palette


def _upsample(values: np.ndarray, pixels: int) -> np.ndarray:
    """(classes, rows, columns) cell-centre values interpolated bilinearly to (classes, pixels, pixels).

    Elementwise on purpose: a matrix product would go through numpy's BLAS and its own threads.
    """

    def along(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        position = np.clip((np.arange(pixels) + 0.5) * n / pixels - 0.5, 0, n - 1)
        low = np.floor(position).astype(int)
        return low, np.minimum(low + 1, n - 1), position - low

    low, high, weight = along(values.shape[1])
    rows = values[:, low, :] * (1 - weight)[None, :, None] + values[:, high, :] * weight[None, :, None]
    low, high, weight = along(values.shape[2])
    return rows[:, :, low] * (1 - weight) + rows[:, :, high] * weight


def _png(rgb: np.ndarray) -> bytes:
    """A minimal PNG (8-bit RGB, no filter) of a (height, width, 3) uint8 array."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), np.uint8)  # each row: filter type 0, then its pixels
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    rows = rows.tobytes()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )


def point_series(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    classes: int,
    lang: str,
    names: Sequence[str] = (),
) -> list[dict]:
    """The data points of the decision-boundary chart: training points filled, test points hollow.

    Both series of a class are named after it ("class cat", from ``names``, else "class 0"), so the
    legend shows each class once and a click on it hides both. They don't change during a run:
    build them once and pass them to every :func:`boundary_figure`.
    """
    series: list[dict] = []
    labels = [class_label(k, names, lang) for k in range(classes)]
    for split, xs, ys in (("train", x_train, y_train), ("test", x_test, y_test)):
        train = split == "train"
        for k in range(classes):
            series.append(
                {
                    "type": "scatter",
                    "name": labels[k],
                    "data": np.round(xs[ys == k], 4).tolist(),
                    "symbol": "circle" if train else "emptyCircle",
                    "symbolSize": 6 if train else 7,
                    "itemStyle": {
                        "color": CLASS_COLORS[k],
                        "borderColor": "#ffffff" if train else CLASS_COLORS[k],
                        "borderWidth": 0.8 if train else 1.6,
                    },
                    "silent": True,
                    "z": 3 if train else 2,
                }
            )
    return series


@lru_cache(maxsize=32)
def data_series(data: DataConfig, lang: str) -> tuple[dict, ...]:
    """:func:`point_series` of the data set ``data``, made once per data set and language (the
    points don't move during a run; a live page redraws them five times a second). Shared: read only.
    """
    made = data.make()
    arrays = (made.x_train.numpy(), made.y_train.numpy(), made.x_test.numpy(), made.y_test.numpy())
    return tuple(point_series(*arrays, made.classes, lang, data.class_names))


def class_label(k: int, names: Sequence[str], lang: str) -> str:
    """ "class cat" (``names[k]``, an uploaded file's label as written), else "class 0". Plain text:
    a chart draws it as text, never as HTML; Markdown must escape it."""
    return t("training.fig.class", lang, k=names[k] if k < len(names) else k)


def boundary_figure(
    probabilities: np.ndarray, extent: float, points: Sequence[dict], title: str = ""
) -> dict:
    """The decision boundary under the data ``points`` (from :func:`point_series`).

    ``probabilities`` is (classes, size, size) at the centres of a size x size grid of cells
    covering [-extent, extent]² (row = y, column = x; see ``Trainer.probabilities``)."""
    axis = {
        "type": "value",
        "min": -extent,
        "max": extent,
        "interval": 0.5,
        "splitLine": {"show": False},
        "axisLine": {"onZero": False},
    }
    label = {"hideOverlap": True}
    top = 34
    return {
        "animation": False,
        "title": {**TITLE, "text": title},
        # the grid and the image are both centred and PLOT_SIDE square: the image fills the plot
        "grid": {
            "left": "center",
            "top": top,
            "width": PLOT_SIDE,
            "height": PLOT_SIDE,
            "outerBoundsMode": "none",
        },
        "graphic": [
            {
                "type": "image",
                "left": "center",
                "top": top,
                "z": -10,
                "silent": True,
                "style": {"image": _heatmap_png(probabilities), "width": PLOT_SIDE, "height": PLOT_SIDE},
            }
        ],
        "xAxis": {**axis, "name": "x₁", "nameLocation": "middle", "nameGap": 22, "axisLabel": label},
        "yAxis": {**axis, "name": "x₂", "nameLocation": "middle", "nameGap": 30, "axisLabel": label},
        # one entry per class (train and test share a name), right of the title; scrolls when long
        "legend": {
            "data": list(dict.fromkeys(one["name"] for one in points)),
            "top": 0,
            "right": 0,
            "width": "55%",
            "type": "scroll",
            "itemWidth": 10,
            "itemHeight": 10,
            "textStyle": {"fontSize": 11},
        },
        "series": list(points),
    }


def _node_positions(sizes: Sequence[int]) -> list[np.ndarray]:
    widest = max(sizes)
    spread = 2.0 / max(widest - 1, 1)
    return [(np.arange(n) - (n - 1) / 2) * spread for n in sizes]


def network_figure(
    sizes: Sequence[int],
    weights: Sequence[np.ndarray],
    states: UnitStates,
    lang: str,
    title: str = "",
) -> dict:
    """The MLP: one column per layer; edges coloured by sign, width ~ |w|; dead units grey.

    ``weights[l]`` is (sizes[l + 1], sizes[l]). Edges into or out of a dead unit are grey: nothing
    flows back through them. Above ``MAX_EDGES`` edges, only the largest |w| are drawn.
    """
    ys = _node_positions(sizes)
    layers = len(sizes)
    weights = [np.where(np.isfinite(w), w, 0.0) for w in weights]  # a diverged net draws no edges
    dead = [np.zeros(sizes[0], bool), *states.dead, np.zeros(sizes[-1], bool)]
    saturated = [np.zeros(sizes[0], bool), *states.saturated, np.zeros(sizes[-1], bool)]
    largest = max((float(np.abs(w).max()) for w in weights if w.size), default=1.0) or 1.0

    states_text = {state: t(f"training.fig.{state}", lang) for state in ("alive", "dead", "saturated")}
    node_size = max(6.0, min(18.0, 240.0 / max(sizes)))
    nodes: list[dict] = []
    for layer, n in enumerate(sizes):
        for unit in range(n):
            if layer in (0, layers - 1):
                state = "io"
                name = t("training.fig.input" if layer == 0 else "training.fig.output", lang)
                name += f" {unit + 1}" if n > 1 else ""
            else:
                state = "dead" if dead[layer][unit] else "saturated" if saturated[layer][unit] else "alive"
                name = (
                    f"{t('training.fig.layer', lang, n=layer)} · {t('training.fig.unit', lang, n=unit + 1)}: "
                    f"{states_text[state]}"
                )
            nodes.append(
                {
                    "name": name,
                    "value": [layer, round(float(ys[layer][unit]), 4)],
                    "itemStyle": {"color": NODE_COLORS[state]},
                }
            )
    labels = []
    for layer in range(layers):  # a label under each column
        count = int(dead[layer].sum())
        text = f"{sizes[layer]}" + (f" · {t('training.fig.dead_count', lang, n=count)}" if count else "")
        if layer in (0, layers - 1):
            text = t("training.fig.input" if layer == 0 else "training.fig.output", lang)
        labels.append({"value": [layer, 1.2], "label": {"show": True, "formatter": text}})

    columns = []  # per layer: |w|, x0, y0, x1, y1, greyed, positive
    for layer, w in enumerate(weights):
        target, source = (index.ravel() for index in np.indices(w.shape))
        flat = w.ravel()
        greyed = dead[layer][source] | dead[layer + 1][target]
        columns.append(
            np.stack(
                [
                    np.abs(flat),
                    np.full(flat.shape, layer),
                    ys[layer][source],
                    np.full(flat.shape, layer + 1),
                    ys[layer + 1][target],
                    greyed,
                    flat >= 0,
                ],
                1,
            )
        )
    edges = np.concatenate(columns) if columns else np.zeros((0, 7))
    if len(edges) > MAX_EDGES:
        edges = edges[np.argpartition(-edges[:, 0], MAX_EDGES)[:MAX_EDGES]]
    widths = np.round(0.3 + 4.2 * edges[:, 0] / largest, 2)
    lines = [
        {
            "coords": [[x0, round(y0, 4)], [x1, round(y1, 4)]],
            "lineStyle": {
                "width": width,
                "color": GREY_EDGE if greyed else POSITIVE if positive else NEGATIVE,
                "opacity": 1.0 if greyed else 0.75,
            },
        }
        for (_, x0, y0, x1, y1, greyed, positive), width in zip(edges.tolist(), widths.tolist(), strict=True)
    ]
    hidden_axis = {"type": "value", "show": False}
    return {
        "animation": False,
        "title": {**TITLE, "text": title},
        "tooltip": {"trigger": "item", "formatter": "{b}"},
        "grid": {"left": 16, "right": 16, "top": 40, "bottom": 10},
        "xAxis": {**hidden_axis, "min": -0.35, "max": layers - 0.65},
        "yAxis": {**hidden_axis, "min": -1.12, "max": 1.32, "inverse": True},
        "series": [
            {"type": "lines", "coordinateSystem": "cartesian2d", "data": lines, "silent": True, "z": 1},
            {
                "type": "scatter",
                "data": nodes,
                "symbolSize": node_size,
                "itemStyle": {"opacity": 1, "borderColor": "#ffffff", "borderWidth": 1},
                "emphasis": {"scale": 1.3},
                "z": 2,
            },
            {
                "type": "scatter",
                "data": labels,
                "symbolSize": 0,
                "silent": True,
                "label": {"position": "inside", "fontSize": 11, "color": GREY},
                "tooltip": {"show": False},
                "z": 3,
            },
        ],
    }


_ROWS: weakref.WeakKeyDictionary[History, tuple[int, list[list]]] = weakref.WeakKeyDictionary()


def _dimensions(history: History) -> list[str]:
    kinds = [f"{kind}_{layer + 1}" for kind in ("dead", "saturated") for layer in range(len(history.widths))]
    return [*History.SERIES, *kinds]


def _rows(history: History, start: int) -> list[list]:
    """Records ``start``... of ``history`` as JSON-ready rows (None where a value isn't finite)."""
    columns = {name: history.series(name)[start:] for name in History.SERIES}
    for loss in ("train_loss", "test_loss"):  # a log axis can't show 0, a gap says more than a fake value
        columns[loss] = np.where(columns[loss] > 0, columns[loss], np.nan)
    for name in ("train_loss", "test_loss", "train_acc", "test_acc"):
        columns[name] = _significant(columns[name])
    columns["epoch"] = np.round(columns["epoch"], 3)
    counts = [history.per_layer(kind)[start:] for kind in ("dead", "saturated")]
    table = np.column_stack([*columns.values(), *counts])
    rows = table.tolist()
    if not np.isfinite(table).all():
        rows = [[None if value != value else value for value in row] for row in rows]
    return rows


def _dataset(history: History) -> dict:
    """The run's history as an ECharts dataset: named columns, one row per record.

    The rows are kept between refreshes and only new records are formatted: a refresh then makes
    almost no new Python objects, which keeps the garbage collector (and its pauses) away.
    """
    generation, rows = _ROWS.get(history, (-1, []))
    if generation != history.generation or len(rows) > len(history):
        rows = []
    if len(rows) < len(history):
        rows.extend(_rows(history, len(rows)))
    _ROWS[history] = (history.generation, rows)
    return {"dimensions": _dimensions(history), "source": rows}


def _significant(values: np.ndarray, digits: int = 5) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits (shorter JSON, same picture)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(values))))
        rounded = np.round(values * scale) / scale
    return np.where(np.isfinite(rounded), rounded, values)


def curves_figure(runs: Sequence[tuple[str, History]], show_saturated: bool, lang: str) -> dict:
    """Three panels over the steps: loss (log scale), accuracy, dead units per layer.

    Training solid and test dotted; run B in another colour (loss, accuracy) or dotted (dead units);
    saturated units dashed when ``show_saturated``.
    """
    series = []
    for index, (label, history) in enumerate(runs):
        color = RUN_COLORS[index % len(RUN_COLORS)]
        prefix = f"{label} · " if label else ""
        lone = len(history) == 1
        for metric, panel in (("loss", 0), ("acc", 1)):
            for split, dash in (("train", "solid"), ("test", "dotted")):
                series.append(
                    {
                        "type": "line",
                        "name": f"{prefix}{t('training.fig.' + split, lang)}",
                        "datasetIndex": index,
                        "encode": {"x": "step", "y": f"{split}_{metric}"},
                        "xAxisIndex": panel,
                        "yAxisIndex": panel,
                        "showSymbol": lone,
                        "lineStyle": {"color": color, "type": dash, "width": 2},
                        "itemStyle": {"color": color},
                    }
                )
        for kind in ("dead", "saturated") if show_saturated else ("dead",):
            for layer in range(len(history.widths)):
                layer_color = LAYER_COLORS[layer % len(LAYER_COLORS)]
                name = f"{prefix}{t('training.fig.layer', lang, n=layer + 1)}"
                if kind == "saturated":
                    name += f" · {t('training.fig.saturated', lang)}"
                dash = ("solid", "dotted")[min(index, 1)] if kind == "dead" else "dashed"
                series.append(
                    {
                        "type": "line",
                        "name": name,
                        "datasetIndex": index,
                        "encode": {"x": "step", "y": f"{kind}_{layer + 1}"},
                        "xAxisIndex": 2,
                        "yAxisIndex": 2,
                        "step": "end",
                        "showSymbol": lone,
                        "lineStyle": {
                            "color": layer_color,
                            "type": dash,
                            "width": 2.5 if kind == "dead" else 1.5,
                        },
                        "itemStyle": {"color": layer_color},
                    }
                )
    widest = max((max(history.widths) for _, history in runs), default=1)
    step_axis = {
        "type": "value",
        "min": 0,
        "max": "dataMax",
        "name": t("training.fig.step", lang),
        "nameLocation": "middle",
        "nameGap": 26,
        "axisLabel": {"hideOverlap": True},
    }
    titles = ("training.fig.loss", "training.fig.accuracy", "training.fig.dead_units")
    return {
        "animation": False,
        "dataset": [_dataset(history) for _, history in runs],
        "title": [
            {"text": t(key, lang), "left": f"{2 + 34 * panel}%", "top": 0, "textStyle": {"fontSize": 13}}
            for panel, key in enumerate(titles)
        ],
        "legend": {"bottom": 0, "left": 0, "type": "scroll"},
        "tooltip": {"trigger": "axis", "valueFormatter": "%.4g"},
        "grid": [
            {"left": f"{4 + 34 * panel}%", "width": "26%", "top": 34, "bottom": 74, "containLabel": False}
            for panel in range(3)
        ],
        "xAxis": [{**step_axis, "gridIndex": panel} for panel in range(3)],
        "yAxis": [
            {"type": "log", "gridIndex": 0},
            {"type": "value", "gridIndex": 1, "min": 0, "max": 1},
            {"type": "value", "gridIndex": 2, "min": 0, "max": widest, "minInterval": 1},
        ],
        "series": series,
    }


def born_dead_figure(result: BornDead, lang: str) -> dict:
    """Fraction of networks born dead within the first l layers, l = 1 ... depth."""
    depths = [str(d) for d in range(1, len(result.by_layer) + 1)]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis", "valueFormatter": "percent"},
        "grid": {"left": 56, "right": 16, "top": 24, "bottom": 44},
        "xAxis": {
            "type": "category",
            "data": depths,
            "name": t("training.fig.depth", lang),
            "nameLocation": "middle",
            "nameGap": 28,
        },
        "yAxis": {"type": "value", "min": 0, "max": 1, "name": t("training.fig.born_dead_share", lang)},
        "series": [
            {
                "type": "bar",
                "name": t("training.fig.born_dead_share", lang),
                "data": _rounded(np.asarray(result.by_layer)),
                "itemStyle": {"color": NODE_COLORS["dead"]},
            }
        ],
    }


# Alt text for the charts above (``st.echarts_chart(..., alt=...)``): short descriptions built from
# the same numbers, for screen readers. Pure functions; the option builders are unchanged.

SURE = 0.9  # a grid cell's largest class probability from which the boundary map counts as sure


def _g(value: float) -> str:
    return f"{value:.3g}" if np.isfinite(value) else "—"


def boundary_alt(probabilities: np.ndarray, extent: float, lang: str, names: Sequence[str] = ()) -> str:
    """Like "Decision boundary on [−1.2, 1.2]² for 2 classes: the network predicts class 0 on 52%,
    class 1 on 48%; it is sure (p ≥ 0.9) on 81% of the area." ``probabilities`` as for
    :func:`boundary_figure`: (classes, size, size); ``names``: the classes' names (``cat`` for
    "class cat"), else their numbers."""
    classes = len(probabilities)
    finite = np.nan_to_num(probabilities, nan=0.0)
    winners = finite.argmax(axis=0)
    percents = [f"{100 * np.mean(winners == k):.0f}" for k in range(classes)]
    shares = ", ".join(
        t("alt.training.share", lang, k=names[k] if k < len(names) else k, percent=p)
        for k, p in enumerate(percents)
    )
    sure = f"{100 * float(np.mean(finite.max(axis=0) >= SURE)):.0f}"
    return t("alt.training.boundary", lang, extent=f"{extent:g}", classes=classes, shares=shares, sure=sure)


def network_alt(sizes: Sequence[int], states: UnitStates, lang: str) -> str:
    """Like "Network 2 → 8 → 8 → 1: 3 of 16 hidden units dead, 1 saturated (layer 1: 3 of 8 dead, layer 2:
    0 of 8 dead)."
    """
    dead, saturated = states.dead_counts, states.saturated_counts
    layers = "; ".join(
        t("alt.training.layer", lang, n=n, dead=count, width=width)
        for n, (count, width) in enumerate(zip(dead, sizes[1:-1], strict=False), 1)
    )
    return t(
        "alt.training.network", lang, sizes=" → ".join(str(n) for n in sizes), dead=sum(dead),
        hidden=sum(sizes[1:-1]), saturated=sum(saturated), layers=layers,
    )  # fmt: skip


def curves_alt(runs: Sequence[tuple[str, History]], lang: str) -> str:
    """The last record of each run: "Loss, accuracy and dead units over the steps. A: After 300
    steps: loss 0.123 (test 0.145), accuracy 96.0% (test 94.0%), dead units per layer 0, 3."
    """
    parts = [t("alt.training.curves_title", lang)]
    for label, history in runs:
        run = f"{label}: " if label else ""
        if not len(history):
            parts.append(t("alt.training.curves_empty", lang, run=run))
            continue
        last = {name: float(history.series(name)[-1]) for name in History.SERIES}
        dead = ", ".join(str(int(count)) for count in history.per_layer("dead")[-1])
        numbers = {
            "loss": _g(last["train_loss"]),
            "test_loss": _g(last["test_loss"]),
            "accuracy": f"{last['train_acc']:.1%}" if np.isfinite(last["train_acc"]) else "—",
            "test_accuracy": f"{last['test_acc']:.1%}" if np.isfinite(last["test_acc"]) else "—",
        }
        parts.append(t("alt.training.curves", lang, run=run, steps=int(last["step"]), dead=dead, **numbers))
    return " ".join(part.strip() for part in parts)


def born_dead_alt(result: BornDead, lang: str) -> str:
    by_layer = result.by_layer or (0.0,)
    return t(
        "alt.training.born_dead", lang, first=f"{by_layer[0]:.0%}", last=f"{by_layer[-1]:.0%}",
        depth=len(by_layer),
    )  # fmt: skip
