"""Born dead: how often a freshly initialised deep, narrow network is dead before any training.

Lu et al. 2019 ("Dying ReLU and Initialization: Theory and Numerical Examples") show that a deep
ReLU network of small width is, with high probability, *born dead*: at initialisation some layer has
every unit dead on every input, so the output is a constant and no gradient reaches the layers
below. With Kaiming-normal weights and zero biases, most width-2, depth-10 networks are born dead,
while width-10 networks almost never are.

:func:`born_dead` draws ``trials`` networks (many at once, as a batch of weight tensors), runs the
training inputs through them and reports the fraction born dead and the mean fraction of dead units.
Only initialisation is involved, so the depth may go to 50.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import torch

from activations.training.data import derive_seed
from activations.training.model import INPUTS, init_weights
from activations.training.units import make_unit

MAX_INPUTS = 256  # points used: enough to see a constant output, bounded work
CHUNK_ELEMENTS = 2_000_000  # trials per batch are chosen so that one layer's z stays this small


@dataclass(frozen=True)
class BornDead:
    """``p_born_dead``: fraction of networks with an entirely dead layer. ``by_layer[l]``: fraction
    with an entirely dead layer among the first l + 1 (how born-dead grows with depth)."""

    trials: int
    p_born_dead: float
    mean_dead_fraction: float
    by_layer: tuple[float, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "p_born_dead": round(self.p_born_dead, 6),
            "mean_dead_fraction": round(self.mean_dead_fraction, 6),
            "trials": self.trials,
        }


def born_dead(
    x: torch.Tensor | np.ndarray,
    width: int,
    depth: int,
    trials: int,
    *,
    act: str = "relu",
    act_params: Mapping[str, object] | None = None,
    init: str = "kaiming_normal",
    init_std: float = 0.1,
    bias_init: float = 0.0,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
) -> BornDead:
    """Initialise ``trials`` networks of ``depth`` hidden layers of ``width`` units and look at ``x``.

    Dead means what it means in training: f'(z) exactly 0 at every input point (PReLU at its initial
    slope, RReLU in eval mode). The result depends only on the arguments, not on timing.
    """
    inputs = torch.as_tensor(x[:MAX_INPUTS]).float()  # a tensor, or an array from another process
    n = len(inputs)
    unit = make_unit(act, act_params)
    generator = torch.Generator().manual_seed(derive_seed(seed, 4))
    chunk = max(1, min(trials, CHUNK_ELEMENTS // max(1, n * width)))
    any_dead_by_layer = torch.zeros(depth)
    dead_fraction_sum = 0.0
    done = 0
    while done < trials:
        size = min(chunk, trials - done)
        h = inputs.expand(size, n, INPUTS)
        dead_units = torch.zeros(size)
        dead_so_far = torch.zeros(size, dtype=torch.bool)
        for layer in range(depth):
            fan_in = INPUTS if layer == 0 else width
            weight = init_weights(torch.empty(size, width, fan_in), init, init_std, generator)
            bias = torch.full((size, 1, width), float(bias_init))
            z = torch.baddbmm(bias, h, weight.transpose(1, 2))
            h = unit.forward(z)
            dead = (unit.derivative(z, h) == 0).all(1)  # (size, width)
            dead_units += dead.sum(1)
            dead_so_far |= dead.all(1)
            any_dead_by_layer[layer] += dead_so_far.sum()
        dead_fraction_sum += float((dead_units / (width * depth)).sum())
        done += size
        if progress is not None:
            progress(done / trials)
    by_layer = tuple(float(v) / trials for v in any_dead_by_layer)
    return BornDead(trials, by_layer[-1], dead_fraction_sum / trials, by_layer)
