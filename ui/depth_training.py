"""The Depth page's "Train through depth": its settings' widgets and the run, in a training worker.

The overlaid configurations are trained on the Training lab's toy data in a training worker
(``activations.training.worker_pool.pool().job``) when the server has workers, never in the server
process's script thread otherwise busy drawing pages; without workers (``budget.enabled()`` false)
in this process on one torch thread. A run holds one of the process's run slots
(``activations.training.slots.SLOTS``) while it trains, as the lab's born-dead experiment does: when
none is free the button says so and nothing runs. The result is kept in the session for the settings
it was trained with.
"""

from __future__ import annotations

import streamlit as st

from activations.core.fields import Field
from activations.depth import link
from activations.depth.link import DepthState
from ui.classroom import container, visible
from ui.fields import widget
from ui.language import tr


def training_controls(where) -> dict[Field, object]:
    """The training settings' bound widgets (optimizer, learning rate, steps, data) in ``where``."""
    with where, container("training"):
        st.subheader(tr("depth_page.train_title"), anchor=False)
        st.markdown(tr("depth_page.train_intro"))
        columns = st.columns(len(link.TRAIN_FIELDS), vertical_alignment="bottom")
        return {field: widget(field, where) for field, where in zip(link.TRAIN_FIELDS, columns, strict=True)}


def training_panel(state: DepthState, lang: str) -> None:
    """The button and, once trained, the loss curves of the shown configurations."""
    if not visible("training"):
        return
    st.button(tr("depth_page.train_run"), key="train", icon=":material/model_training:", type="primary",
              disabled=not state.trainable)  # fmt: skip
