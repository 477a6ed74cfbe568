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


# How the chart components (ui/components/kit.js) draw, sent to them in their data: sizes in CSS
# pixels, opacities from 0 to 1. No colour or size is typed in their JavaScript.
CHART_STYLE = {
    "font_px": 12,  # tick labels, legend, probe text
    "small_font_px": 11,  # class names and values on bars
    "grid_alpha": 0.12,  # grid lines
    "axis_alpha": 0.45,  # the x = 0 and y = 0 axes, a panel's base line
    "tick_alpha": 0.8,  # tick labels
    "pending_alpha": 0.45,  # a nearest curve shown while the exact one is on its way
    "tick_gap": 6,  # between a tick label and the plot
    "x_tick_px": 90,  # one x tick per this many pixels of plot width at most
    "y_ticks": 6,  # about this many y ticks
    "range_pad": 0.06,  # the y range grows by this share of itself on each side
    "export_ratio": 2,  # a saved PNG's pixels per CSS pixel, at least
    "legend_row": 22,  # a saved picture's legend: row height
    "legend_swatch": 20,  # ... a key's line or band width
    "legend_gap": 16,  # ... space after an entry
    "probe_radius": 5.5,
    "probe_ring": "#ffffff",  # around the probe's dots, on either theme
    "background": {"light": "#ffffff", "dark": "#0e1117"},  # Streamlit's, when its variable is unset
}
