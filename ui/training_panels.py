"""The Training lab's live view (``pages/training.py`` runs :func:`live` as a timed fragment).

Top to bottom: the status line (with the run's share of the training CPU and its speed, or its
place in the queue), the metrics, the decision boundary and the network (side by side, or one
column per run in compare mode), the curves, and why the dead count is what it is. Everything is
drawn from a :class:`~activations.training.lab.LabView`, which a training worker sends (or the lab
makes here, without workers): the page never touches the trainer itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pyarrow as pa
import streamlit as st

from activations.core.registry import get
from activations.training.data import DataConfig
from activations.training.dead import describe_zone, profile
from activations.training.figures import (
    boundary_alt,
    boundary_figure,
    curves_alt,
    curves_figure,
    data_series,
    network_alt,
    network_figure,
)
from activations.training.lab import DIVERGED, FINISHED, MAX_STEPS, PAUSED, RUNNING, LabView
from activations.training.link import format_lr
from activations.training.session import CRASHED, LabSession
from ui.language import tr

CHART_HEIGHT = 380


def live(session: LabSession, lang: str) -> None:
    """One tick: renew the run's lease, take its latest view (or train here), redraw what moves."""
    with session.frame():  # a click may start the next script run before this tick is over
        if session.tick(connected()):  # stopped or started: a full rerun redraws the buttons and timer
            st.rerun()
        lab = session.view()
        position = session.position
        if position is not None:
            st.info(tr("training.queued", position=position), icon=":material/hourglass_top:")
        status(lab)
        if len(lab.runs) > 1:
            for index, column in enumerate(st.columns(2)):
                with column:
                    st.markdown(f"**{run_label(lab, index)}**")
                    metrics(lab, index, compact=True)
                    run_charts(lab, index, lang)
        else:
            metrics(lab, 0, compact=False)
            run_charts(lab, 0, lang)
        curves(lab, lang)
        why(lab)


def connected() -> Callable[[], bool] | None:
    """Whether this browser session is still connected (its tab open), for a tick that waits on a
    training worker: a tab closed meanwhile stops its run at once. None outside a server (AppTest)."""
    try:
        from streamlit.runtime import get_instance
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        runtime, ctx = get_instance(), get_script_run_ctx()
    except Exception:  # no runtime: AppTest, bare mode
        return None
    if ctx is None:
        return None
    session_id = ctx.session_id
    return lambda: runtime.is_active_session(session_id)


def status(lab: LabView) -> None:
    on_device = tr("training.on_device", device=lab.config.device)
    if lab.status == RUNNING:
        speed, refreshes = lab.steps_per_s, lab.refreshes_per_s
        rate = "…"
        if speed:
            rate = tr("training.rate", speed=f"{speed:,.0f}", refreshes=f"{refreshes or 0:.1f}")
        if lab.share is not None:
            rate += " · " + tr("training.share", share=f"{lab.share:.0%}")
        running = tr("training.status.running")
        st.caption(f":green[:material/radio_button_checked:] {running} · {rate} · {on_device}")
    elif lab.status == CRASHED:
        st.error(tr("training.status.crashed"), icon=":material/error:")
    elif lab.status == DIVERGED:
        st.error(tr("training.status.diverged"), icon=":material/error:")
    elif lab.status == FINISHED:
        st.info(tr("training.status.finished", steps=f"{MAX_STEPS:,}"), icon=":material/flag:")
    else:
        key = "training.status.paused" if lab.status == PAUSED else "training.status.ready"
        st.caption(f":material/pause_circle: {tr(key)} · {on_device}")


def run_label(lab: LabView, index: int) -> str:
    """``A · ReLU [8,8] · sgd lr 3``: which run a column of the compare mode shows."""
    run = lab.config.runs[index]
    hidden = ",".join(str(w) for w in run.arch.hidden)
    recipe = f"{run.recipe.optimizer} lr {format_lr(run.recipe.lr)}"
    return f"{'AB'[index]} · {get(run.arch.act).label} [{hidden}] · {recipe}"


def metrics(lab: LabView, index: int, compact: bool) -> None:
    snap = lab.runs[index].latest
    units = snap.units
    items = [
        (tr("training.m.step"), f"{snap.step:,}"),
        (tr("training.m.epoch"), f"{snap.epoch:,.1f}"),
        (tr("training.m.loss"), f"{snap.train_loss:.4f}" if snap.finite else "NaN"),
        (tr("training.m.test_acc"), f"{snap.test_acc:.1%}"),
        (tr("training.m.dead"), f"{sum(units.dead_counts)} / {sum(len(mask) for mask in units.dead)}"),
    ]
    items = [items[0], items[3], items[4]] if compact else items
    saturated = sum(units.saturated_counts)
    note = tr("training.m.saturated", n=saturated) if saturated else None
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        delta = note if label == items[-1][0] else None
        column.metric(label, value, delta=delta, delta_color="off", delta_arrow="off")


@lru_cache(maxsize=32)
def point_layer(data: DataConfig, lang: str) -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """The data points of the boundary chart as (series, datasets): each series of
    :func:`~activations.training.figures.data_series` reads its points from an Arrow table
    (``dataset``), built once per data set and language.

    Why: the points don't move during a run, yet every refresh re-sends the whole option. A table
    travels as Arrow bytes (5 kB for 500 points, not 23 kB of JSON), and Streamlit neither copies
    nor JSON-encodes its 1,000 floats again on each refresh (0.3 ms instead of 0.6 ms per chart,
    measured). Shared between sessions: read only. A plain lru_cache: clear_cache can't empty it.
    """
    series, datasets = [], []
    for index, one in enumerate(data_series(data, lang)):
        xy = np.asarray(one["data"], dtype=np.float64).reshape(-1, 2)
        datasets.append({"source": pa.table({"x": xy[:, 0], "y": xy[:, 1]})})
        layer = {key: value for key, value in one.items() if key != "data"}
        series.append({**layer, "datasetIndex": index, "encode": {"x": "x", "y": "y"}})
    return tuple(series), tuple(datasets)


def run_charts(lab: LabView, index: int, lang: str) -> None:
    """The decision boundary and the network of one run."""
    run = lab.runs[index]
    points, datasets = point_layer(lab.config.data, lang)
    boundary = boundary_figure(run.probabilities, lab.extent, points, tr("training.fig.boundary"))
    boundary["dataset"] = list(datasets)
    network = network_figure(run.arch.sizes, run.weights, run.latest.units, lang, tr("training.fig.network"))
    left, right = (st, st) if len(lab.runs) > 1 else st.columns(2)
    # alt: what a screen reader announces, built from the same numbers
    names = lab.config.data.class_names
    left.echarts_chart(boundary, key=f"boundary_{index}", height=CHART_HEIGHT,
                       alt=boundary_alt(run.probabilities, lab.extent, lang, names))  # fmt: skip
    right.echarts_chart(network, key=f"network_{index}", height=CHART_HEIGHT,
                        alt=network_alt(run.arch.sizes, run.latest.units, lang))  # fmt: skip


def curves(lab: LabView, lang: str) -> None:
    """Loss, accuracy and dead (and saturated) units per layer over the steps, every run."""
    runs = [("AB"[i] if len(lab.runs) > 1 else "", run.history) for i, run in enumerate(lab.runs)]
    saturating = any(profile(run.arch.act, dict(run.arch.act_params)).can_saturate for run in lab.config.runs)
    figure, alt = curves_figure(runs, saturating, lang), curves_alt(runs, lang)
    st.echarts_chart(figure, key="curves", height=CHART_HEIGHT - 40, alt=alt)
    saturated_note = " " + tr("training.saturated_caption") if saturating else ""
    st.caption(tr("training.dead_caption") + saturated_note)


def why(lab: LabView) -> None:
    """Say why a count stays at 0 (LeakyReLU can't die), or where f' is 0 (ReLU can)."""
    for index, run in enumerate(lab.runs):
        arch = run.arch
        shape = profile(arch.act, dict(arch.act_params))
        dead_now = sum(run.latest.units.dead_counts)
        verdict = "dies" if shape.verdict == "far" and dead_now else shape.verdict
        text = tr(
            f"training.why.{verdict}",
            act=get(arch.act).label,
            zones=", ".join(describe_zone(a, b) for a, b in shape.zero),
            slope=f"{shape.min_abs_grad:.3g}",
        )
        prefix = f"{'AB'[index]} · " if len(lab.runs) > 1 else ""
        if dead_now == 0 and shape.verdict != "dies":
            st.info(prefix + text, icon=":material/shield:")
        else:
            st.caption(prefix + text)
