"""Signal and gradients through a deep MLP at initialisation, measured layer by layer with torch.

The network: input ``x ~ N(0, 1)`` of shape (batch, width); ``depth`` hidden layers
``z_l = h_{l-1} W_lᵀ`` (zero biases), ``h_l = f(z_l)`` with the registry activation ``f`` and its
parameters; weights drawn by :func:`activations.core.inits.init_weights`. The loss is a fixed random
readout of the last layer, ``L = (1/batch) Σ_{n,j} r_{nj} h_{L,nj}`` with ``r ~ N(0, 1)``: its gradient
with respect to the last activations, ``r / batch``, does not depend on the forward pass, so the
gradient norms show what the backward pass does through depth, for any activation (a loss such as
``mean(h_L²)`` would scale them with the last layer's size, and ``sum(h_L)`` would send the same
gradient to every unit). ``x``, the weights and ``r`` are drawn in that order from one generator
seeded with ``seed``, so configurations of the same shape see the same input and readout.

Per layer (index 0 = the first hidden layer), computed in float32 by torch and reduced in float64:

* ``preact_std``: the standard deviation of z over all (sample, unit) pairs (population, no
  correction); ``act_mean``, ``act_std``, ``act_rms`` (``sqrt(mean h²)``) likewise of h;
* ``zero_grad``: the share of (sample, unit) pairs with f'(z) = 0 exactly, f' from autograd on f at
  the layer's z ("dead here": no gradient flows through that unit for that sample);
* ``grad_norm``: the Frobenius norm of ∂L/∂W_l, from autograd;
* ``histogram``: counts of h over :data:`EDGES` (:data:`BINS` equal bins on [-3, 3]; values beyond
  count in the end bins, NaN in none).

Where float32 overflows, the numbers are NaN, never shown: ``diverged_at`` is the first layer whose
forward values (z or h) are not all finite (None: all are), and every forward number from there on is
NaN; ``grad_norm`` is NaN where the gradient is not finite (a backward pass that explodes overflows in
the first layers while the forward numbers are fine); ``overflow`` marks the layers with any NaN.
Callers say "overflows from layer N" instead. Results are cached on the frozen arguments.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import torch

from activations.core.inits import init_weights
from activations.core.registry import get

BINS = 60
EDGES = np.linspace(-3.0, 3.0, BINS + 1)
STATS = ("preact_std", "act_mean", "act_std", "act_rms", "zero_grad", "grad_norm")


@dataclass(frozen=True)
class DepthConfig:
    """One configuration: the activation and its parameters (sorted (name, value) pairs, torch names)
    and the init scheme (``init_std``: the std of ``normal``)."""

    act: str = "relu"
    act_params: tuple[tuple[str, float | str], ...] = ()
    init: str = "kaiming_normal"
    init_std: float = 0.1

    @classmethod
    def of(
        cls, act: str, params: Mapping[str, float | str] | None = None, init: str = "kaiming_normal",
        init_std: float = 0.1,
    ) -> DepthConfig:  # fmt: skip
        """A config from plain arguments (parameters sorted, so equal configs compare equal)."""
        return cls(act, tuple(sorted((params or {}).items())), init, float(init_std))


@dataclass(frozen=True)
class Shape:
    """The network's depth and width, the batch of inputs and the seed of every draw."""

    depth: int = 30
    width: int = 128
    batch: int = 256
    seed: int = 0


@dataclass(frozen=True, eq=False)
class DepthResult:
    """The per-layer numbers of one configuration (read-only arrays of length ``depth``; see the
    module's documentation)."""

    preact_std: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    act_rms: np.ndarray
    zero_grad: np.ndarray
    grad_norm: np.ndarray
    histogram: np.ndarray  # (depth, BINS) counts
    overflow: np.ndarray  # (depth,) bool
    diverged_at: int | None = field(default=None)

    def layers(self) -> dict[str, list[float | None]]:
        """The six arrays by name as lists, None where a number overflowed (JSON has no NaN)."""
        return {name: [None if math.isnan(v) else v for v in getattr(self, name).tolist()] for name in STATS}


@lru_cache(maxsize=64)
def measure(config: DepthConfig, shape: Shape) -> DepthResult:
    """The per-layer numbers of ``config`` at ``shape`` (see the module's documentation)."""
    spec, params = get(config.act), dict(config.act_params)
    generator = torch.Generator().manual_seed(shape.seed)
    x = torch.randn(shape.batch, shape.width, generator=generator)
    weights = torch.empty(shape.depth, shape.width, shape.width)
    init_weights(weights, config.init, config.init_std, generator)
    readout = torch.randn(shape.batch, shape.width, generator=generator)
    weights.requires_grad_()

    pre, post, h = [], [], x
    for weight in weights:
        z = h @ weight.t()
        h = spec(z, **params)
        pre.append(z)
        post.append(h)
    ((h * readout).sum() / shape.batch).backward()

    assert weights.grad is not None
    with torch.no_grad():
        zs, hs = torch.stack(pre).flatten(1), torch.stack(post).flatten(1)
    z_leaf = zs.requires_grad_()
    (slopes,) = torch.autograd.grad(spec(z_leaf, **params).sum(), z_leaf)
    with torch.no_grad():
        zs.requires_grad_(False)
        stats = _stats(zs, hs, slopes)
        stats["grad_norm"] = weights.grad.flatten(1).norm(dim=1, dtype=torch.float64)
        # a non-finite value anywhere in a layer makes its sums, and so its numbers, non-finite
        forward = (
            torch.stack([torch.isfinite(stats[name]) for name in STATS[:-1]]).all(dim=0).cumprod(0).bool()
        )
        backward = torch.isfinite(stats["grad_norm"])
        histogram = _histogram(hs)
    kept = {name: forward for name in STATS[:-1]} | {"grad_norm": backward}
    arrays = {name: np.where(kept[name].numpy(), value.numpy(), np.nan) for name, value in stats.items()}
    arrays["histogram"] = histogram
    arrays["overflow"] = ~(forward & backward).numpy()
    for array in arrays.values():
        array.setflags(write=False)
    diverged = np.flatnonzero(~forward.numpy())
    return DepthResult(**arrays, diverged_at=int(diverged[0]) if diverged.size else None)


def _stats(zs: torch.Tensor, hs: torch.Tensor, slopes: torch.Tensor) -> dict[str, torch.Tensor]:
    """The forward numbers of every layer (rows: layers), summed in float64."""
    n = zs.shape[1]
    z_mean, h_mean = zs.sum(dim=1, dtype=torch.float64) / n, hs.sum(dim=1, dtype=torch.float64) / n
    z_square = zs.square().sum(dim=1, dtype=torch.float64) / n
    h_square = hs.square().sum(dim=1, dtype=torch.float64) / n
    return {
        "preact_std": (z_square - z_mean.square()).clamp_min(0).sqrt(),
        "act_mean": h_mean,
        "act_std": (h_square - h_mean.square()).clamp_min(0).sqrt(),
        "act_rms": h_square.sqrt(),
        "zero_grad": (slopes == 0).sum(dim=1, dtype=torch.float64) / n,
    }


def _histogram(values: torch.Tensor) -> np.ndarray:
    """Counts of each row of ``values`` over :data:`EDGES`, beyond the ends in the end bins, NaN in
    none (they go to an extra bin, dropped)."""
    low, high = float(EDGES[0]), float(EDGES[-1])
    index = ((values - low) * (BINS / (high - low))).floor_().clamp_(0, BINS - 1)
    index = torch.where(torch.isnan(index), BINS, index).long()
    index += torch.arange(values.shape[0]).unsqueeze(1) * (BINS + 1)
    counts = torch.bincount(index.flatten(), minlength=values.shape[0] * (BINS + 1))
    return counts.view(values.shape[0], BINS + 1)[:, :BINS].numpy()
