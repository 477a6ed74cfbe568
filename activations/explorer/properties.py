"""Properties of an activation computed from the function itself, never typed by hand.

Everything is measured numerically in float64 on a fine grid (values from torch, f' from autograd):

* output range on the window: [min f, max f];
* monotonic: f' >= 0 everywhere on the window (or <= 0);
* zero at the origin: f(0) = 0;
* zero-centred: for standard-normal inputs the mean output is near 0, |E f(X)| < 0.1 sd f(X);
* continuity: f jumps where |f(b) - f(a)| exceeds what the slopes at a and b allow; f' has a kink
  where it changes by more than ``KINK_JUMP`` between neighbouring grid points;
* saturation: |f'(x)| < ``SATURATION_GRAD`` at x = -/+ ``FAR`` (gradient vanishes on that side);
* dead zone: the parts of the window where f'(x) is exactly 0;
* max |f'| on the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from activations.core.intervals import intervals
from activations.explorer.curves import grid, value_and_grad

FINE_POINTS = 20_001
KINK_JUMP = 0.05
SATURATION_GRAD = 1e-3
TINY_GRAD = 1e-2  # the chart shades 0 < |f'| < TINY_GRAD as saturated where it reaches an edge
FAR = 40.0


@dataclass(frozen=True)
class Properties:
    output_min: float
    output_max: float
    monotonic: bool
    zero_at_origin: bool
    zero_centred: bool
    continuous: bool
    jumps: tuple[float, ...]
    smooth: bool
    kinks: tuple[float, ...]
    saturates_left: bool
    saturates_right: bool
    dead_zone: tuple[tuple[float, float], ...]
    max_abs_grad: float


def _places(x: np.ndarray, between: np.ndarray) -> tuple[float, ...]:
    """Midpoints of the grid intervals flagged in ``between``, one per cluster of neighbours."""
    places: list[float] = []
    step = x[1] - x[0]
    for i in np.flatnonzero(between):
        mid = float((x[i] + x[i + 1]) / 2)
        if not places or mid - places[-1] > 2.5 * step:
            places.append(mid)
    return tuple(round(p, 3) + 0.0 for p in places)


def _zero_centred(name: str, params: dict) -> bool:
    # Expectation under N(0, 1) by a fixed quadrature on [-8, 8].
    z = torch.linspace(-8, 8, 4001, dtype=torch.float64)
    weight = torch.exp(-(z**2) / 2)
    weight = weight / weight.sum()
    y, _ = value_and_grad(name, z, params)
    mean = float((weight * y).sum())
    sd = float((weight * (y - mean) ** 2).sum().sqrt())
    return abs(mean) < 0.1 * sd


def compute(name: str, params: dict | None = None, xmin: float = -6.0, xmax: float = 6.0) -> Properties:
    """All properties of ``name`` with ``params`` on the window [xmin, xmax] (cached: every rerun of
    the page asks again for the view it shows)."""
    return _compute(name, tuple(sorted((params or {}).items())), float(xmin), float(xmax))


@lru_cache(maxsize=256)
def _compute(name: str, param_items: tuple, xmin: float, xmax: float) -> Properties:
    params = dict(param_items)
    x_t = grid(xmin, xmax, FINE_POINTS)
    y_t, g_t = value_and_grad(name, x_t, params)
    x, y, g = x_t.numpy(), y_t.numpy(), g_t.numpy()
    step = x[1] - x[0]

    allowed = np.maximum(np.abs(g[:-1]), np.abs(g[1:])) * step * 1.5 + 1e-9
    jump_between = np.abs(np.diff(y)) > allowed + 1e-3
    kink_between = np.abs(np.diff(g)) > KINK_JUMP
    far_grads = value_and_grad(name, torch.tensor([-FAR, FAR], dtype=torch.float64), params)[1]
    origin = value_and_grad(name, torch.zeros(1, dtype=torch.float64), params)[0]
    slopes = np.diff(y)

    return Properties(
        output_min=float(y.min()),
        output_max=float(y.max()),
        monotonic=bool((slopes >= -1e-12).all() or (slopes <= 1e-12).all()),
        zero_at_origin=bool(abs(float(origin[0])) < 1e-9),
        zero_centred=_zero_centred(name, params),
        continuous=not jump_between.any(),
        jumps=_places(x, jump_between),
        smooth=not (kink_between | jump_between).any(),
        kinks=_places(x, kink_between & ~jump_between),
        saturates_left=bool(abs(float(far_grads[0])) < SATURATION_GRAD),
        saturates_right=bool(abs(float(far_grads[1])) < SATURATION_GRAD),
        dead_zone=intervals(x, g == 0),
        max_abs_grad=float(np.abs(g).max()),
    )
