"""The Depth page's "Train through depth": its settings' widgets and the run, in a training worker.

The shown configurations are trained on the Training lab's toy data (:data:`POINTS` points, the
page's seed) by :func:`activations.depth.train.train_depth`: in a training worker
(``activations.training.worker_pool.pool().job``) when the server has workers, never in the server
process then; without workers (``budget.enabled()`` false) here, on one torch thread. A run holds one
of the process's run slots (``activations.training.slots.SLOTS``) while it trains, renewed as it
reports progress, as the lab's born-dead experiment holds one: when none is free the page says it is
busy and nothing runs. The curves are kept in the session for the settings they were trained with.
"""

from __future__ import annotations

import uuid

import streamlit as st

from activations.core.fields import Field
from activations.depth import chart, link
from activations.depth.link import DepthState
from activations.depth.train import Curve, train_depth
from activations.training import budget, worker_pool
from activations.training.data import DataConfig
from activations.training.slots import SLOTS, one_thread
from activations.training.worker_pool import WorkerLost
from ui.classroom import container, visible
from ui.fields import widget
from ui.language import tr

_RESULT, _OWNER = "_depth_training", "_depth_training_owner"
# The data of docs/depth.md's training table: the lab's data set of 200 points (its default noise and
# test share), trained on its 160 training points: the table's numbers are what the button shows.
POINTS = 200


def training_controls(where) -> dict[Field, object]:
    """The training settings' bound widgets (optimizer, learning rate, steps, data) in ``where``."""
    with where, container("training"):
        st.subheader(tr("depth_page.train_title"), anchor=False)
        st.markdown(tr("depth_page.train_intro"))
        columns = st.columns(len(link.TRAIN_FIELDS), vertical_alignment="bottom")
        return {field: widget(field, where) for field, where in zip(link.TRAIN_FIELDS, columns, strict=True)}


def _settings(state: DepthState) -> tuple:
    """What a training's curves depend on."""
    return (state.configs(), state.depth, state.width, state.seed, state.optimizer, state.lr, state.steps,
            state.dataset)  # fmt: skip


def train(state: DepthState, progress) -> list[Curve] | str:
    """The curves of the shown configurations, or ``"busy"`` (no run slot free) or ``"lost"`` (the
    worker died)."""
    owner = st.session_state.setdefault(_OWNER, f"depth-{uuid.uuid4().hex}")
    if not SLOTS.acquire(owner):
        return "busy"

    def report(share: float) -> None:
        SLOTS.acquire(owner)  # a heartbeat: the slot stays this run's while it reports
        progress(min(max(share, 0.0), 1.0))

    data = DataConfig(state.dataset, points=POINTS, seed=state.seed).make()
    args = (state.configs(), state.shape(), data.x_train.numpy(), data.y_train.numpy())
    options = {"optimizer": state.optimizer, "lr": float(state.lr), "steps": state.steps}
    try:
        if budget.enabled():
            return worker_pool.pool().job(train_depth, *args, progress=report, **options)
        with one_thread():
            return train_depth(*args, progress=report, **options)
    except WorkerLost:
        return "lost"
    finally:
        SLOTS.release(owner)


def training_panel(state: DepthState, lang: str) -> None:
    """The button (unless a classroom link hides ``train``) and, once trained, the loss curves of the
    shown configurations (unless it hides the ``training`` group)."""
    if not visible("training"):
        return
    if not state.trainable:
        st.caption(tr("depth_page.train_too_big"))
    pressed = visible("train") and st.button(
        tr("depth_page.train_run"), key="train", icon=":material/model_training:", type="primary",
        disabled=not state.trainable,
    )  # fmt: skip
    if pressed:
        bar = st.progress(0.0)
        outcome = train(state, bar.progress)
        bar.empty()
        if outcome == "busy":
            st.warning(tr("depth_page.train_busy"), icon=":material/hourglass_top:")
        elif outcome == "lost":
            st.warning(tr("depth_page.train_lost"), icon=":material/error:")
        else:
            st.session_state[_RESULT] = (_settings(state), outcome)
    kept = st.session_state.get(_RESULT)
    if kept is None or kept[0] != _settings(state):
        return
    curves = kept[1]
    names = [chart.config_name(config, lang) for config in state.configs()]
    st.echarts_chart(chart.loss_figure(names, curves, lang), key="depth_loss", height=320,
                     alt=chart.loss_alt(names, curves, state.steps, lang))  # fmt: skip
    for line, curve in zip(chart.loss_lines(names, curves, lang), curves, strict=True):
        (st.warning if curve.diverged_at is not None else st.caption)(line)
