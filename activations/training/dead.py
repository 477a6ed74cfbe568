"""Dead and saturated hidden units, counted on the full training set.

A unit is **dead** when its activation's derivative is exactly 0 at every training point: it passes
no gradient back, so its incoming weights never change again (for ReLU: its output is 0 on every
point). It is **saturated** when 0 < |f'| < ``SATURATION`` on every point: it still learns, barely.
The derivative comes from the activation's own backward kernel (:mod:`~activations.training.units`),
evaluated in float32 like the training itself.

:func:`profile` says where an activation's f' is exactly 0 in float32, which decides whether its
units can die at all: ReLU's for x <= 0; LeakyReLU's nowhere; ELU's only where e^x underflows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from activations.core.intervals import intervals
from activations.core.registry import get
from activations.training.units import Unit, make_unit

SATURATION = 1e-3
PROFILE_LIMIT = 200.0
NEAR = 5.0  # a zero zone this close to 0 is where units die in practice (ReLU: at 0, Hardswish: -3)
REACHABLE = 20.0  # a zero of f' farther out than this needs absurd pre-activations on every point


@dataclass(frozen=True)
class UnitStates:
    """Per hidden layer, a bool mask over its units."""

    dead: tuple[np.ndarray, ...]
    saturated: tuple[np.ndarray, ...]

    @property
    def dead_counts(self) -> list[int]:
        return [int(mask.sum()) for mask in self.dead]

    @property
    def saturated_counts(self) -> list[int]:
        return [int(mask.sum()) for mask in self.saturated]

    @property
    def born_dead(self) -> bool:
        """Some layer is entirely dead: nothing reaches the output, which is constant."""
        return any(mask.all() for mask in self.dead)


def unit_states(units: Sequence[Unit], zs: Sequence[torch.Tensor], hs: Sequence[torch.Tensor]) -> UnitStates:
    """Dead and saturated units from each layer's pre-activations ``z`` (points x units) and ``h``."""
    dead, saturated = [], []
    for unit, z, h in zip(units, zs, hs, strict=True):
        slope = unit.derivative(z, h)
        is_dead = (slope == 0).all(0)
        is_saturated = (slope.abs() < SATURATION).all(0) & ~is_dead
        dead.append(is_dead.cpu().numpy())
        saturated.append(is_saturated.cpu().numpy())
    return UnitStates(tuple(dead), tuple(saturated))


@dataclass(frozen=True)
class Profile:
    """Where f' is exactly 0 and where it is tiny, in float32, on [-200, 200].

    ``verdict``: ``"dies"`` when a zero zone comes within ``NEAR`` of the origin (ReLU, Hardswish),
    ``"far"`` when within ``REACHABLE`` (GELU below -6.16, tanh beyond ±9.01: float32 rounding),
    ``"underflow"`` when f' reaches 0 only where float32 underflows (ELU below -104), ``"never"`` when
    f' is never 0 (LeakyReLU).
    """

    zero: tuple[tuple[float, float], ...]
    tiny: tuple[tuple[float, float], ...]
    verdict: str
    reach: float  # distance from 0 to the nearest zero zone (inf when none)
    min_abs_grad: float  # smallest |f'| on [-REACHABLE, REACHABLE]

    @property
    def can_saturate(self) -> bool:
        return bool(self.tiny)


def _grid() -> torch.Tensor:
    x = torch.linspace(-PROFILE_LIMIT, PROFILE_LIMIT, 40_001)
    x[20_000] = 0.0
    return x


def _edge(unit: Unit, zero_at: float, nonzero_at: float) -> float:
    """The outermost x where f' is still exactly 0, between two grid points (bisection in float32)."""
    inside, outside = zero_at, nonzero_at
    for _ in range(40):
        middle = (inside + outside) / 2
        x = torch.tensor([[middle]])
        if float(unit.derivative(x, unit.forward(x))[0, 0]) == 0:
            inside = middle
        else:
            outside = middle
    return inside + 0.0  # -0.0 -> 0.0


@lru_cache(maxsize=128)
def _profile(name: str, params: tuple[tuple[str, object], ...]) -> Profile:
    unit = make_unit(name, dict(params))
    x = _grid().reshape(-1, 1)
    with torch.no_grad():
        slope = unit.derivative(x, unit.forward(x)).flatten().numpy()
    xs = x.flatten().numpy()
    step = float(xs[1] - xs[0])
    zero = tuple(
        (
            _edge(unit, a, a - step) if a > -PROFILE_LIMIT else a,
            _edge(unit, b, b + step) if b < PROFILE_LIMIT else b,
        )
        for a, b in intervals(xs, slope == 0)
    )
    tiny = intervals(xs, (np.abs(slope) < SATURATION) & (slope != 0))
    reach = min((0.0 if a <= 0 <= b else min(abs(a), abs(b)) for a, b in zero), default=float("inf"))
    if not zero:
        verdict = "never"
    else:
        verdict = "dies" if reach < NEAR else "far" if reach <= REACHABLE else "underflow"
    near = np.abs(xs) <= REACHABLE
    return Profile(zero, tiny, verdict, reach, float(np.abs(slope[near]).min()))


def profile(name: str, params: dict | None = None) -> Profile:
    """The :class:`Profile` of registry activation ``name`` with ``params`` (cached)."""
    values = {**get(name).defaults, **(params or {})}
    return _profile(name, tuple(sorted(values.items())))


def describe_zone(a: float, b: float) -> str:
    """``x ≤ 0``, ``x ≥ 9.01`` or ``-0.5 ≤ x ≤ 0.5`` for a zone of the profile grid."""
    if a <= -PROFILE_LIMIT and b >= PROFILE_LIMIT:
        return "all x"
    if a <= -PROFILE_LIMIT:
        return f"x ≤ {b:.3g}"
    if b >= PROFILE_LIMIT:
        return f"x ≥ {a:.3g}"
    return f"{a:.3g} ≤ x ≤ {b:.3g}"
