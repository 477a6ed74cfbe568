"""The curves the Activations chart can reach without a round trip, computed by PyTorch in blocks.

The chart's x grid is a decimal lattice: every multiple of 1/D inside [xmin, xmax], plus the two
ends when they fall between lattice points, with the largest D in ``DENOMINATORS`` that keeps at
most ``MAX_INTERVALS`` intervals (D = 100 on [-6, 6]: 1,201 points, 0 among them). Points are
computed as k / D, the correctly rounded decimal, so a probe at x0 = k / D falls exactly on one.

A block is one kind of data for one window, in float64 from torch, f' by autograd:

* ``defaults``: every registry activation at PyTorch's defaults, f_a(x) and f_a'(x);
* ``family``: one activation along one parameter's slider grid v_0 … v_K-1 (plus the current
  value if it is between steps), the other parameters fixed: f(x; v_k) and ∂f/∂x(x; v_k);
* ``draws``: a stochastic activation (RReLU) in training mode, five seeded draws on 121 points.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from activations.core.params import param_field
from activations.core.registry import NAMES, ActivationSpec, Param, get
from activations.explorer.curves import random_draws, value_and_grad
from activations.explorer.link import ExplorerState

MAX_INTERVALS = 1200
DENOMINATORS = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10)
DRAW_POINTS = 121


def lattice(xmin: float, xmax: float) -> int:
    """D: the finest lattice 1/D with at most ``MAX_INTERVALS`` steps across the window."""
    return next((d for d in DENOMINATORS if (xmax - xmin) * d <= MAX_INTERVALS), DENOMINATORS[-1])


def chart_grid(xmin: float, xmax: float) -> torch.Tensor:
    """The chart's float64 x grid: k / D for every k with xmin <= k / D <= xmax, plus the ends."""
    d = lattice(xmin, xmax)
    first, last = math.ceil(xmin * d - 1e-6), math.floor(xmax * d + 1e-6)
    inside = torch.arange(first, last + 1, dtype=torch.float64) / d
    inside = inside[(inside >= xmin) & (inside <= xmax)]
    ends = (
        [torch.tensor([xmin], dtype=torch.float64)] if not len(inside) or inside[0] > xmin else [],
        [torch.tensor([xmax], dtype=torch.float64)] if not len(inside) or inside[-1] < xmax else [],
    )
    return torch.cat([*ends[0], inside, *ends[1]])


@lru_cache(maxsize=64)
def slider_values(param: Param) -> tuple:
    """The values a parameter's slider can take: low, low + step, …, high, each rounded to the
    decimals the slider shows (0.07, not 0.07000000000000001); a choice's options as they are."""
    if param.is_choice:
        return param.choices
    count = round((param.high - param.low) / param.step) + 1
    decimals = param_field(param).decimals
    return tuple(sorted({round(param.low + i * param.step, decimals) for i in range(count)}))


def allowed(spec: ActivationSpec, name: str, value: object, params: dict) -> bool:
    """Whether ``name=value`` keeps the activation's ordered pairs strictly ordered."""
    trial = {**params, name: value}
    return all(trial[low] < trial[high] for low, high in spec.ordered)


@dataclass(frozen=True)
class Block:
    """One block: its description (JSON-ready ``meta``), x (float64) and f, f' of shape (K, N)."""

    meta: dict
    x: np.ndarray
    f: np.ndarray
    df: np.ndarray

    @property
    def id(self) -> str:
        return block_id(self.meta)


def block_id(meta: dict) -> str:
    """A stable name for what a block holds (everything but its numbers)."""
    keys = ("kind", "act", "param", "fixed", "extra", "xmin", "xmax")
    return json.dumps([meta.get(key) for key in keys], sort_keys=True)


def family_of(spec: ActivationSpec, name: str, params: dict, x: torch.Tensor, values) -> tuple:
    """f(x; v) and ∂f/∂x(x; v) for each v in ``values`` of parameter ``name``, the others fixed:
    one forward per member on its own leaf, one backward for all (each output depends on its own
    input only, so each leaf's gradient is f' elementwise)."""
    leaves = x.expand(len(values), len(x)).clone().requires_grad_(True).unbind(0)
    outputs = [spec(leaf, **{**params, name: value}) for leaf, value in zip(leaves, values, strict=True)]
    grads = torch.autograd.grad(sum(y.sum() for y in outputs), leaves)
    return torch.stack(outputs).detach().numpy(), torch.stack(grads).numpy()


@lru_cache(maxsize=8)
def defaults_block(xmin: float, xmax: float) -> Block:
    """Every registry activation at PyTorch's defaults: f_a(x) and f_a'(x), one row per name."""
    x = chart_grid(xmin, xmax)
    pairs = [value_and_grad(name, x) for name in NAMES]
    meta = {"kind": "defaults", "acts": list(NAMES), "xmin": xmin, "xmax": xmax}
    f, df = (torch.stack(column).numpy() for column in zip(*pairs, strict=True))
    return Block(meta, x.numpy(), f, df)


@lru_cache(maxsize=32)
def family_block(act: str, name: str, fixed: tuple, extra: tuple, xmin: float, xmax: float) -> Block:
    """The family of ``act`` along ``name``: slider grid plus ``extra`` values, ``fixed`` the rest."""
    spec = get(act)
    params = dict(fixed)
    values = [v for v in (*slider_values(spec.param(name)), *extra) if allowed(spec, name, v, params)]
    values = sorted(set(values)) if not spec.param(name).is_choice else values
    x = chart_grid(xmin, xmax)
    f, df = family_of(spec, name, params, x, values)
    meta = {"kind": "family", "act": act, "param": name, "fixed": dict(fixed), "extra": list(extra),
            "values": values, "xmin": xmin, "xmax": xmax}  # fmt: skip
    return Block(meta, x.numpy(), f, df)


@lru_cache(maxsize=8)
def draws_block(act: str, fixed: tuple, xmin: float, xmax: float) -> Block:
    """Five seeded training-mode draws of a stochastic activation (f only; f' is not drawn)."""
    x = torch.linspace(xmin, xmax, DRAW_POINTS, dtype=torch.float64)
    ys = random_draws(act, xmin, xmax, dict(fixed), points=DRAW_POINTS)
    meta = {"kind": "draws", "act": act, "fixed": dict(fixed), "xmin": xmin, "xmax": xmax}
    f = np.stack(ys)
    return Block(meta, x.numpy(), f, np.zeros_like(f))


def blocks_for(state: ExplorerState) -> list[tuple]:
    """Which blocks the chart needs for page state ``state`` (``link.check``'s output): the
    defaults of the window, each parameter's family with the others fixed, training draws."""
    spec = state.spec
    window = (state.xmin, state.xmax)
    params = dict(state.params)
    wanted: list[tuple] = [("defaults", *window)]
    for param in spec.params:
        fixed = tuple(sorted((k, v) for k, v in params.items() if k != param.name))
        extra = () if params[param.name] in slider_values(param) else (params[param.name],)
        wanted.append(("family", spec.key, param.name, fixed, extra, *window))
    if spec.stochastic and state.training:
        wanted.append(("draws", spec.key, tuple(sorted(params.items())), *window))
    return wanted


def build(request: tuple) -> Block:
    """The block for one entry of :func:`blocks_for` (cached: the same request is computed once)."""
    kind, *args = request
    return {"defaults": defaults_block, "family": family_block, "draws": draws_block}[kind](*args)


def main_curve(state: ExplorerState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, f and f' of the activation shown for ``state``, on the chart grid (float64)."""
    x = chart_grid(state.xmin, state.xmax)
    f, df = value_and_grad(state.act, x, dict(state.params))
    return x.numpy(), f.numpy(), df.numpy()
