"""The JSON answer of ``GET /api/depth?<the Depth page's query string>``.

For a link the page accepts, the per-layer numbers of configuration A, as torch computed them
(:mod:`activations.depth.measure`)::

    {"act", "params", "init", "init_std", "depth", "width", "batch", "seed", "diverged_at",
     "layers": {"preact_std", "act_mean", "act_std", "act_rms", "zero_grad", "grad_norm"},
     "others": [...]}

``params``: the activation's parameters by torch name; each array in ``layers`` has ``depth``
numbers, index 0 being the first hidden layer; ``diverged_at``: the index of the first layer whose
numbers overflow float32 (they are null from there on), else null. ``others`` holds the other shown
configurations (B, then C: ``count`` in the link), each ``{"act", "params", "init", "init_std",
"diverged_at", "layers"}``; empty when the link shows one. For a link the page would correct (a bad
value, or more work than the compute budget allows), status 400 and ``{"error": ...}`` with the page's
own warnings, one per line: :func:`~activations.depth.link.check` is all it runs, so it answers at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from activations.core.fields import Problem
from activations.core.i18n import problem_message
from activations.depth import link
from activations.depth.measure import DepthConfig, DepthResult, measure


def configuration(config: DepthConfig, result: DepthResult) -> dict[str, object]:
    """One configuration's part of the answer."""
    return {
        "act": config.act,
        "params": dict(config.act_params),
        "init": config.init,
        "init_std": config.init_std,
        "diverged_at": result.diverged_at,
        "layers": result.layers(),
    }


def depth_reply(
    raw: Mapping[str, Sequence[str]], lang: str, problems: Sequence[Problem] = ()
) -> tuple[int, dict]:
    """HTTP status and JSON body for the query ``raw``; ``problems`` found elsewhere (the language)
    are reported with the page's."""
    state, found = link.check(raw)
    messages = [problem_message(problem, lang) for problem in [*problems, *found]]
    if messages:
        return 400, {"error": "\n".join(messages)}
    shape = state.shape()
    first, *others = [configuration(config, measure(config, shape)) for config in state.configs()]
    layers, diverged_at = first.pop("layers"), first.pop("diverged_at")
    return 200, {
        **first,
        "depth": shape.depth,
        "width": shape.width,
        "batch": shape.batch,
        "seed": shape.seed,
        "diverged_at": diverged_at,
        "layers": layers,
        "others": others,
    }
