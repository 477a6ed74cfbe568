"""Training through depth: the Depth page's deep stack trained on 2-D toy points, per configuration.

The network: ``depth`` hidden layers of ``width`` units (``Linear → f``; the first takes the 2
coordinates), then a linear readout to one logit per class; every weight drawn by the
configuration's init (:func:`activations.core.inits.init_weights`), every bias at 0, all from one
generator seeded with the shape's seed. The loss is the cross-entropy of the softmax over the classes
(``ln 2 ≈ 0.69`` for two classes when the network tells them apart no better than chance), on all the
points at once (full batch), optimised by ``torch.optim.SGD`` or ``torch.optim.Adam`` (its default
betas) for ``steps`` steps.

:func:`train_depth` is a job for the training workers (``Pool.job(train_depth, ...)``): a
module-level function of plain, picklable arguments that reports its progress. A configuration whose
loss stops being finite stops there: its curve ends at the last finite loss and ``diverged_at`` says
at which step (never NaN).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from activations.core.inits import init_weights
from activations.core.registry import get
from activations.depth.measure import DepthConfig, Shape

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}


@dataclass(frozen=True)
class Curve:
    """One configuration's losses, step 0 (before any update) first; ``diverged_at``: the step whose
    loss was not finite (the curve stops before it), else None."""

    losses: tuple[float, ...]
    diverged_at: int | None = None


def train_depth(
    configs: Sequence[DepthConfig],
    shape: Shape,
    points: np.ndarray,
    labels: np.ndarray,
    optimizer: str = "sgd",
    lr: float = 0.01,
    steps: int = 300,
    progress: Callable[[float], object] | None = None,
) -> list[Curve]:
    """Each configuration of ``configs`` trained on ``points`` (n, 2) and integer ``labels`` (n,) with
    ``shape``'s depth, width and seed (its batch is not used: every point is in every step)."""
    x = torch.as_tensor(np.asarray(points), dtype=torch.float32)
    y = torch.as_tensor(np.asarray(labels), dtype=torch.int64)
    classes = int(y.max()) + 1 if len(y) else 1
    curves = []
    for index, config in enumerate(configs):

        def report(step: int, index: int = index) -> None:
            if progress is not None:
                progress((index + step / steps) / len(configs))

        curves.append(_train(config, shape, x, y, classes, optimizer, lr, steps, report))
    if progress is not None:
        progress(1.0)
    return curves


def _train(
    config: DepthConfig, shape: Shape, x: torch.Tensor, y: torch.Tensor, classes: int, optimizer: str,
    lr: float, steps: int, report: Callable[[int], None],
) -> Curve:  # fmt: skip
    spec, params = get(config.act), dict(config.act_params)
    generator = torch.Generator().manual_seed(shape.seed)
    sizes = [x.shape[1], *[shape.width] * shape.depth, classes]
    weights = [
        init_weights(torch.empty(fan_out, fan_in), config.init, config.init_std, generator).requires_grad_()
        for fan_in, fan_out in itertools.pairwise(sizes)
    ]
    biases = [torch.zeros(fan_out, requires_grad=True) for fan_out in sizes[1:]]
    parameters = [*weights, *biases]
    step_rule = (
        torch.optim.SGD(parameters, lr=lr) if optimizer == "sgd" else torch.optim.Adam(parameters, lr=lr)
    )

    def loss() -> torch.Tensor:
        h = x
        for weight, bias in zip(weights[:-1], biases[:-1], strict=True):
            h = spec(F.linear(h, weight, bias), **params)
        return F.cross_entropy(F.linear(h, weights[-1], biases[-1]), y)

    losses: list[float] = []
    for step in range(steps + 1):
        step_rule.zero_grad()
        value = loss()
        number = float(value.detach())
        if not math.isfinite(number):
            return Curve(tuple(losses), step)
        losses.append(number)
        if step < steps:
            value.backward()
            step_rule.step()
        if step % 10 == 0:
            report(step)
    return Curve(tuple(losses))
