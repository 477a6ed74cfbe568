"""The URL field of an activation parameter, made from its one declaration in the registry.

The Activations page and the Training lab both bind an activation's parameters to their links
(under the torch name, or a key of the page's own: the lab's ``prelu_init``); both take the field
from here, so bounds, step, choices and decimals are declared once, in
:mod:`activations.core.registry`.
"""

from __future__ import annotations

from activations.core.fields import Choice, Field, Number
from activations.core.registry import Param


def param_field(param: Param, key: str | None = None) -> Field:
    """The field of one activation parameter, under its torch name (or ``key``), shown with as many
    decimals as its step and default need (RReLU's ``lower`` is 0.125, not 0.13)."""
    key = key or param.name
    help_key = f"param.{param.name}"
    if param.is_choice:
        return Choice(
            key, str(param.default), param.choices, widget="segmented", help=help_key, name=param.name
        )
    return Number(
        key, float(param.default), param.low, param.high, step=param.step,
        decimals=max(decimals(param.step), decimals(float(param.default))), help=help_key, name=param.name,
    )  # fmt: skip


def decimals(value: float, most: int = 4) -> int:
    """How many decimals show ``value`` exactly (at most ``most``): 0.125 -> 3, 1/3 -> 4."""
    for places in range(most):
        if abs(round(value, places) - value) < 1e-12:
            return places
    return most
