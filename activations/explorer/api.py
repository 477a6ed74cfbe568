"""The JSON answer of ``GET /api/curve?<the Activations page's query string>``.

For a link the page accepts, the curve it draws, as torch computed it (float64): ``{"act",
"params", "x", "f", "df"}`` on the chart's grid (:func:`activations.explorer.family.chart_grid`),
f from torch.nn.functional and f' from autograd. For a link the page would correct, status 400 and
``{"error": ...}`` with the page's own warnings, one per line. The page's ``check`` bounds every
value, so no link makes the server do more than one 1,203-point curve.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from activations.core.fields import Problem
from activations.core.i18n import problem_message
from activations.explorer import family, link


def _numbers(values: np.ndarray) -> list[float | None]:
    """JSON has no NaN or infinity: those become null."""
    return [float(v) if np.isfinite(v) else None for v in values]


def curve_reply(
    raw: Mapping[str, Sequence[str]], lang: str, problems: Sequence[Problem] = ()
) -> tuple[int, dict]:
    """HTTP status and JSON body for the query ``raw``; ``problems`` found elsewhere (the language)
    are reported with the page's."""
    state, found = link.check(raw)
    problems = [*problems, *found]
    if problems:
        return 400, {"error": "\n".join(problem_message(problem, lang) for problem in problems)}
    x, f, df = family.main_curve(state)
    body = {"act": state.act, "params": dict(state.params)}
    return 200, {**body, "x": _numbers(x), "f": _numbers(f), "df": _numbers(df)}
