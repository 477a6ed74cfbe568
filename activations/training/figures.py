"""The Training lab's figure outside the live view, and the live view's alt text.

* :func:`born_dead_figure`: an ECharts option (``st.echarts_chart``), the born-dead fraction as depth
  grows;
* :func:`boundary_alt`, :func:`network_alt`, :func:`curves_alt`, :func:`born_dead_alt`: what a screen
  reader announces, built from the same numbers. The live view itself is drawn in the browser
  (ui/components/lab.js); the training worker puts these texts into its frames
  (:mod:`activations.training.frames`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from activations.core.i18n import t
from activations.core.theme import GREY
from activations.training.born_dead import BornDead
from activations.training.dead import UnitStates
from activations.training.lab import History


def _rounded(values: np.ndarray, digits: int = 4) -> list:
    """JSON-ready floats, NaN and infinity as None (a gap)."""
    array = np.asarray(values, dtype=np.float64)
    rounded = np.round(array, digits)
    return [None if not np.isfinite(v) else float(v) for v in rounded.ravel()]


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
                "itemStyle": {"color": GREY},
            }
        ],
    }


# Alt text: short descriptions built from the same numbers, for screen readers. Pure functions.

SURE = 0.9  # a grid cell's largest class probability from which the boundary map counts as sure


def _g(value: float) -> str:
    return f"{value:.3g}" if np.isfinite(value) else "—"


def boundary_alt(probabilities: np.ndarray, extent: float, lang: str, names: Sequence[str] = ()) -> str:
    """Like "Decision boundary on [−1.2, 1.2]² for 2 classes: the network predicts class 0 on 52%,
    class 1 on 48%; it is sure (p ≥ 0.9) on 81% of the area." ``probabilities``: (classes, size, size)
    at the cell centres of [-extent, extent]² (``Trainer.probabilities``); ``names``: the classes'
    names (``cat`` for "class cat"), else their numbers."""
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
