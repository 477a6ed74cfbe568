"""The Depth chart's alt text, built from the numbers it draws, in English or Korean.

One sentence on the network, then one per shown configuration: the activations' rms and the weight
gradient's norm at the first and last layers, and the mean share of (unit, sample) pairs with
f'(z) = 0; a configuration whose forward values overflow says from which layer instead, and a
gradient that overflows is "too large for float32".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from activations.core.i18n import t
from activations.depth.export import run_name
from activations.depth.link import DepthState
from activations.depth.measure import DepthResult


def _number(value: float, lang: str) -> str:
    return t("depth.too_large", lang) if math.isnan(value) else f"{value:.3g}"


def _run(index: int, state: DepthState, result: DepthResult, lang: str) -> str:
    name = run_name(index, state.configs()[index])
    if result.diverged_at is not None:
        return t("depth.alt_overflow", lang, name=name, layer=result.diverged_at + 1)
    return t(
        "depth.alt_run", lang, name=name, depth=state.depth,
        rms_first=_number(result.act_rms[0], lang), rms_last=_number(result.act_rms[-1], lang),
        grad_first=_number(result.grad_norm[0], lang), grad_last=_number(result.grad_norm[-1], lang),
        dead=f"{result.zero_grad.mean():.0%}",
    )  # fmt: skip


def alt_text(state: DepthState, results: Sequence[DepthResult], lang: str) -> str:
    """The alt text of the chart showing ``results`` (the shown configurations' measurements)."""
    runs = " ".join(_run(index, state, result, lang) for index, result in enumerate(results))
    return t("depth.alt", lang, count=len(results), depth=state.depth, width=state.width, batch=state.batch,
             runs=runs)  # fmt: skip
