"""The Depth page's per-layer numbers as a CSV file, the name its files take, and the runs' names.

* :func:`layer_csv`: one row per layer (``layer`` 1 … depth), then for each shown configuration
  (letter ``a``, ``b``, ``c``) its six numbers, ``a_preact_std`` … ``a_grad_norm``, written with
  ``repr`` (the shortest text that reads back as the same float64); a layer whose numbers overflow
  float32 has empty cells there.
* The chart's PNG and SVG are made by the chart itself in the browser, named by :func:`file_stem` too.

File names say what they hold:
``depth30_width128_relu-kaiming_normal_relu-xavier_normal_sigmoid-xavier_normal``, an activation's
non-default parameters after its name (``leaky_relu0.2``), ``normal`` with its std (``normal0.5``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

from activations.core.export import Download
from activations.core.i18n import t
from activations.core.registry import get
from activations.depth.link import DepthState
from activations.depth.measure import STATS, DepthConfig, DepthResult, measure

LETTERS = "abc"


def run_name(index: int, config: DepthConfig) -> str:
    """``A (ReLU, kaiming_normal)``; non-default parameters after the activation, ``normal``'s std in
    brackets: ``B (LeakyReLU negative_slope=0.3, normal(0.5))``."""
    spec, params = get(config.act), dict(config.act_params)
    changed = [
        f"{p.name}={params[p.name]}" for p in spec.params if params.get(p.name, p.default) != p.default
    ]
    act = " ".join([spec.label, *changed])
    init = f"normal({config.init_std:g})" if config.init == "normal" else config.init
    return f"{LETTERS[index].upper()} ({act}, {init})"


def _run_stem(config: DepthConfig) -> str:
    spec, params = get(config.act), dict(config.act_params)
    values = [params[p.name] for p in spec.params if params.get(p.name, p.default) != p.default]
    act = "".join([config.act, *(f"{v:g}" if isinstance(v, float) else str(v) for v in values)])
    init = f"normal{config.init_std:g}" if config.init == "normal" else config.init
    return f"{act}-{init}"


def file_stem(state: DepthState) -> str:
    """``depth<d>_width<w>_<run>_<run>…`` (see the module's documentation)."""
    return "_".join([f"depth{state.depth}_width{state.width}", *(_run_stem(c) for c in state.configs())])


def file_name(state: DepthState, extension: str) -> str:
    return f"{file_stem(state)}.{extension}"


def _cell(value: float) -> str:
    return "" if math.isnan(value) else repr(float(value))


def layer_csv(state: DepthState, results: Sequence[DepthResult] | None = None) -> str:
    """The CSV text (see the module's documentation); ``results``: the shown configurations'
    measurements when the caller has them, else measured here (cached)."""
    if results is None:
        results = [measure(config, state.shape()) for config in state.configs()]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["layer", *(f"{LETTERS[i]}_{name}" for i in range(len(results)) for name in STATS)])
    for layer in range(state.depth):
        cells = [_cell(getattr(result, name)[layer]) for result in results for name in STATS]
        writer.writerow([layer + 1, *cells])
    return out.getvalue()


def csv_download(state: DepthState, lang: str, results: Sequence[DepthResult] | None = None) -> Download:
    """The download button of the per-layer CSV (key ``export_csv``)."""
    return Download(
        key="export_csv",
        label=t("depth.export_csv", lang),
        help=t("depth.export_csv_help", lang),
        file_name=file_name(state, "csv"),
        mime="text/csv",
        data=layer_csv(state, results).encode(),
    )
