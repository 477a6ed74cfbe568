"""One plotting theme for every figure: the app's colours and plotly's layout defaults.

Colours follow Streamlit's palette so charts sit well in its light and dark themes; semi-transparent
greys work on both backgrounds. Figure modules take colours and :func:`plotly_layout` from here and
add only what is particular to their chart.
"""

from __future__ import annotations

BLUE = "#1c83e1"  # the main series: f, p, a run, a bar
DARK_BLUE = "#0b4f9c"  # the emphasised one of a series (argmax)
RED = "#ff4b4b"  # the second series (f', a target) and ReLU in a ranking
TEAL = "#29b09d"
PURPLE = "#7d6bd6"
ORANGE = "#ff8c1a"
GREY = "rgba(128, 132, 149, 0.9)"  # marks and notes, readable on light and dark
MUTED = "rgba(128, 132, 149, 0.45)"  # context drawn behind the main series
DEAD_FILL = "rgba(214, 39, 40, 0.13)"  # f' == 0
SATURATED_FILL = "rgba(255, 160, 0, 0.14)"  # 0 < |f'| < 0.01
SERIES = (TEAL, "#9c4fd6", "#ff8700", "#7d8f2a", "#d6336c", "#5a6acf", "#8b5a2b", "#6d6d6d")  # overlays


def plotly_layout(height: int, *, top: int = 40, right: int = 10, **extra: object) -> dict:
    """Layout defaults: tight margins, a horizontal legend above the plot, then ``extra``."""
    return {
        "height": height,
        "margin": {"l": 10, "r": right, "t": top, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        **extra,
    }
