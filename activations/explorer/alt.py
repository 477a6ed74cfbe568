"""Alt text of the Activations chart, built from the curve torch computes on the chart's grid.

"GELU: f rises from -0.17 at x=-0.75 to 6 at x=6; f' between -0.129 and 1.13." A monotonic f
rises or falls from one end of the window to the other; any other f is described from its lowest
to its highest point (or the reverse, whichever comes first along x); a flat one is constant. Where
f' is exactly 0 on a run of grid points the dead zone is named; overlays are listed.
"""

from __future__ import annotations

import numpy as np

from activations.core.i18n import t
from activations.core.intervals import intervals
from activations.core.registry import get
from activations.explorer.export import columns, overlays
from activations.explorer.link import ExplorerState

MAX_ZONES = 3


def _n(value: float) -> str:
    """A value for reading: 3 significant digits, no exponent for ordinary sizes."""
    text = f"{float(value):.3g}"
    return "0" if text == "-0" else text


def _x(value: float) -> str:
    return f"{float(value):g}"


def shape(x: np.ndarray, f: np.ndarray, lang: str) -> str:
    """How f goes across the window: rises, falls or is constant, with where and how far."""
    finite = np.isfinite(f)
    x, f = x[finite], f[finite]
    if not len(f):
        return t("alt.undefined", lang)
    low, high = int(np.argmin(f)), int(np.argmax(f))
    if f[high] == f[low]:
        return t("alt.constant", lang, value=_n(f[0]))
    steps = np.diff(f)
    if np.all(steps >= 0):
        a, b, key = 0, len(f) - 1, "alt.rises"
    elif np.all(steps <= 0):
        a, b, key = 0, len(f) - 1, "alt.falls"
    else:
        a, b = min(low, high), max(low, high)
        key = "alt.rises" if a == low else "alt.falls"
    return t(key, lang, f0=_n(f[a]), x0=_x(x[a]), f1=_n(f[b]), x1=_x(x[b]))


def describe(state: ExplorerState, lang: str) -> str:
    """The chart's alt text for page state ``state`` in ``lang``."""
    spec = state.spec
    data = columns(state)
    x, f, df = data["x"], data["f"], data["df"]
    finite = df[np.isfinite(df)]
    text = f"{spec.label}: {shape(x, f, lang)}"
    if len(finite) and finite.min() == finite.max():
        text += t("alt.slope_constant", lang, value=_n(finite[0]))
    elif len(finite):
        text += t("alt.slope", lang, low=_n(finite.min()), high=_n(finite.max()))
    zones = intervals(x, df == 0)
    if zones:
        where = ", ".join(f"[{_x(a)}, {_x(b)}]" for a, b in zones[:MAX_ZONES])
        text += t("alt.dead", lang, where=where + (", …" if len(zones) > MAX_ZONES else ""))
    others = overlays(state)
    if others:
        text += t("alt.overlays", lang, names=", ".join(get(name).label for name in others))
    return text + "."
