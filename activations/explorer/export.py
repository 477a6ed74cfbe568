"""The Activations chart's curves as a file to download, and the name its pictures take.

* :func:`curve_csv`: the chart's curves as CSV, on exactly the chart's grid
  (:func:`activations.explorer.family.chart_grid`): ``x``, ``f``, ``df``, then ``f_<name>``,
  ``df_<name>`` per overlay (at PyTorch's defaults, as the chart draws them). f comes from
  ``torch.nn.functional``, f' from autograd, in float64, written with ``repr`` (the shortest text
  that reads back as the same float64). RReLU is in eval mode (the line the chart draws).
* The chart's PNG and SVG are made by the chart itself in the browser (ui/components/explorer.js),
  named by :func:`file_stem` too.

File names say what they hold: the activation, its non-default parameters (a choice by its value,
a number after its name) and the window: ``gelu_tanh_x-6_6.csv``, ``elu_alpha2_x-3_2.png``.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import torch

from activations.core.export import Download
from activations.core.i18n import t
from activations.explorer.curves import value_and_grad
from activations.explorer.family import chart_grid
from activations.explorer.link import ExplorerState


def _number(value: float) -> str:
    return f"{float(value):g}"


def file_stem(state: ExplorerState) -> str:
    """``<act>[_<param>]_x<xmin>_<xmax>``: non-default parameters only, e.g. ``gelu_tanh_x-6_6``."""
    parts = [state.act]
    for param in state.spec.params:
        value = state.params[param.name]
        if value == param.default:
            continue
        parts.append(str(value) if isinstance(value, str) else f"{param.name}{_number(value)}")
    parts.append(f"x{_number(state.xmin)}_{_number(state.xmax)}")
    return "_".join(parts)


def file_name(state: ExplorerState, extension: str) -> str:
    return f"{file_stem(state)}.{extension}"


def overlays(state: ExplorerState) -> list[str]:
    """The overlaid activations, as the chart draws them: other than the shown one, in order."""
    return [name for name in dict.fromkeys(state.compare) if name != state.act]


def columns(state: ExplorerState) -> dict[str, np.ndarray]:
    """The CSV's columns by name, float64 from torch on the chart's grid."""
    x = chart_grid(state.xmin, state.xmax)
    f, df = value_and_grad(state.act, x, dict(state.params))
    result = {"x": x.numpy(), "f": f.numpy(), "df": df.numpy()}
    for name in overlays(state):
        g, dg = value_and_grad(name, x)
        result[f"f_{name}"], result[f"df_{name}"] = g.numpy(), dg.numpy()
    return result


def curve_csv(state: ExplorerState) -> bytes:
    """The chart's curves as UTF-8 CSV with a header row (see the module's documentation)."""
    data = columns(state)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(data)
    matrix = torch.from_numpy(np.stack(list(data.values()), axis=1)).tolist()
    writer.writerows([repr(value) for value in row] for row in matrix)
    return buffer.getvalue().encode()


def downloads(state: ExplorerState, lang: str, key: str = "export_csv") -> list[Download]:
    """The page's downloads: the curves as CSV (button ``key``), made when the button is pressed."""
    name = file_name(state, "csv")
    return [
        Download(key, t("act.export.csv", lang), t("act.export.csv_help", lang, name=name), name,
                 "text/csv", lambda: curve_csv(state)),
    ]  # fmt: skip
