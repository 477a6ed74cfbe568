"""Values and gradients of an activation on a grid, both from PyTorch.

f comes from ``torch.nn.functional`` and f' from autograd (``y.sum().backward()``): each output
depends only on its own input, so ``x.grad`` holds f'(x) elementwise, with PyTorch's own conventions
at kinks (ReLU'(0) = 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from activations.core.registry import get

GRID_POINTS = 1001


@dataclass(frozen=True)
class Curve:
    """f and f' sampled at ``x`` (float64 numpy arrays of equal length)."""

    x: np.ndarray
    y: np.ndarray
    grad: np.ndarray


def value_and_grad(
    name: str, x: torch.Tensor, params: dict | None = None, *, training: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    """f(x) and f'(x) for activation ``name``; ``training`` only matters for RReLU."""
    spec = get(name)
    leaf = x.detach().clone().requires_grad_(True)
    extra = {"training": True} if (training and spec.stochastic) else {}
    y = spec(leaf, **(params or {}), **extra)
    (grad,) = torch.autograd.grad(y.sum(), leaf)
    return y.detach(), grad


def grid(xmin: float, xmax: float, points: int = GRID_POINTS) -> torch.Tensor:
    """``points`` evenly spaced float64 values from xmin to xmax, with 0 included when in range."""
    x = torch.linspace(xmin, xmax, points, dtype=torch.float64)
    if xmin < 0 < xmax:  # so the plotted kink of ReLU & co. sits exactly at 0
        x[torch.argmin(x.abs())] = 0.0
    return x


@lru_cache(maxsize=256)
def _cached_curve(name: str, xmin: float, xmax: float, points: int, params: tuple) -> Curve:
    x = grid(xmin, xmax, points)
    y, g = value_and_grad(name, x, dict(params))
    return Curve(x.numpy(), y.numpy(), g.numpy())


def curve(
    name: str, xmin: float, xmax: float, params: dict | None = None, points: int = GRID_POINTS
) -> Curve:
    """f and f' of ``name`` on ``points`` grid points over [xmin, xmax] (deterministic, cached)."""
    return _cached_curve(name, float(xmin), float(xmax), points, tuple(sorted((params or {}).items())))


def random_draws(
    name: str, xmin: float, xmax: float, params: dict, draws: int = 5, points: int = 121, seed: int = 0
) -> list[np.ndarray]:
    """``draws`` outputs of a stochastic activation in training mode (RReLU), seeded."""
    x = torch.linspace(xmin, xmax, points, dtype=torch.float64)
    with torch.random.fork_rng(devices=[]):  # F.rrelu takes no generator; leave the global one be
        torch.manual_seed(seed)
        return [value_and_grad(name, x, params, training=True)[0].numpy() for _ in range(draws)]


def probe(name: str, x0: float, params: dict | None = None) -> tuple[float, float]:
    """f(x0) and f'(x0) from PyTorch."""
    y, g = value_and_grad(name, torch.tensor([float(x0)], dtype=torch.float64), params)
    return float(y[0]), float(g[0])
