"""The Depth page's chart component: its files, registered once, and what it is sent.

The component (depth.js) draws what activations/depth/chart.py builds from torch's numbers; the
choices it offers (the large panel, a log or linear axis, whose heatmap) stay in the browser and
redraw there, so it reports nothing and never reruns the page. The page's own widgets change what
is computed. Its Save PNG and Save SVG buttons hide themselves when a classroom link hides them.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import classroom
from ui.components import sources

KEY = "depth_chart"
BUTTONS = ("export_png", "export_svg")  # the chart's own buttons a classroom link may hide

_mount = st.components.v2.component("depth_chart", **sources("depth"))


def depth_chart(data: dict, buttons: Sequence[str] = BUTTONS) -> None:
    """Mount (or update in place) the chart with ``data`` (:func:`activations.depth.chart.message`,
    whose ``hidden`` this fills from the classroom link)."""
    _mount(key=KEY, data={**data, "hidden": [key for key in buttons if classroom.hidden(key)]})
