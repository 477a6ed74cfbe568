"""Widgets generated from an activation's spec, shared by the pages that configure activations."""

from __future__ import annotations

import streamlit as st

from activations.core.registry import Param
from ui.frame import tr


def param_widget(param: Param, key: str) -> object:
    """A URL-bound slider (or choice) for one parameter, under its torch name.

    Keys are shared by activations with different ranges (Softplus's ``threshold`` is 1 … 50,
    Threshold's -5 … 5), so a value left over from another activation is reset to this one's
    default before the widget exists (Streamlit raises on an out-of-range value).
    """
    if param.is_choice:
        return st.segmented_control(
            param.name, param.choices, default=param.default, key=key, bind="query-params", required=True
        )
    value = st.session_state.get(key)
    if value is not None and not (isinstance(value, float) and param.low <= value <= param.high):
        st.session_state[key] = float(param.default)
    return st.slider(
        param.name,
        param.low,
        param.high,
        float(param.default),
        param.step,
        key=key,
        bind="query-params",
        help=tr(f"param.{param.name}"),
    )
