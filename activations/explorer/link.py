"""The Activations page's URL contract: which keys a link may carry and what values they may take.

The fields depend on the activation (``threshold`` is Softplus's cut-off in [1, 50] but
Threshold's x-value in [-5, 5]), so :func:`check` reads ``act`` first, then that activation's
parameters, the plot window and the comparison list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from activations.core.fields import (
    Choice,
    Field,
    Flag,
    MultiChoice,
    Number,
    Problem,
    check_order,
    defaults,
    validate,
)
from activations.core.registry import NAMES, ActivationSpec, Param, get

WINDOW_LIMIT = 50.0
ACT = Choice("act", "relu", NAMES, label="act.choose")
COMPARE = MultiChoice("compare", NAMES, max_items=len(NAMES), label="act.compare")
XMIN = Number("xmin", -6.0, -WINDOW_LIMIT, WINDOW_LIMIT, step=0.5, widget="number", decimals=1)
XMAX = Number("xmax", 6.0, -WINDOW_LIMIT, WINDOW_LIMIT, step=0.5, widget="number", decimals=1)
X0 = Number("x0", 1.0, -WINDOW_LIMIT, WINDOW_LIMIT, step=0.1, widget="number", decimals=2, label="act.probe")
WINDOW = (XMIN, XMAX, X0)
TRAINING = Flag("training", False, label="act.training", help="act.training_help")
PARAM_KEYS = tuple(sorted({p.name for name in NAMES for p in get(name).params}))


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
        decimals=max(_decimals(param.step), _decimals(float(param.default))), help=help_key, name=param.name,
    )  # fmt: skip


def param_fields(spec: ActivationSpec) -> tuple[Field, ...]:
    return tuple(param_field(p) for p in spec.params)


def fields(spec: ActivationSpec) -> tuple[Field, ...]:
    """Every key the page binds to the URL while ``spec`` is shown."""
    extra = (TRAINING,) if spec.stochastic else ()
    return (ACT, *param_fields(spec), *extra, *WINDOW, COMPARE)


def check(raw: Mapping[str, Sequence[str]]) -> tuple[dict[str, object], list[Problem]]:
    """Valid page state from raw query values, and the problems that had to be replaced."""
    act_values, problems = validate(raw, (ACT,))
    spec = get(act_values["act"])
    values, more = validate(raw, fields(spec)[1:])
    values.update(act_values)
    problems += more
    for low, high in (*spec.ordered, ("xmin", "xmax")):
        problem = check_order(values, low, high, defaults(fields(spec)))
        if problem:
            problems.append(problem)
    return values, problems


def params_of(values: Mapping[str, object]) -> dict[str, object]:
    """The activation's own parameters out of the page state."""
    return {p.name: values[p.name] for p in get(values["act"]).params}


def _decimals(value: float, most: int = 4) -> int:
    """How many decimals show ``value`` exactly (at most ``most``): 0.125 -> 3, 1/3 -> 4."""
    for places in range(most):
        if abs(round(value, places) - value) < 1e-12:
            return places
    return most


def raw(values: Mapping[str, object]) -> dict[str, list[str]]:
    """Page state back as raw query values, as :func:`check` reads them (lists repeat the key)."""
    result: dict[str, list[str]] = {}
    for key, value in values.items():
        if isinstance(value, (list, tuple)):
            result[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            result[key] = ["true" if value else "false"]
        elif isinstance(value, float):
            result[key] = [repr(value)]
        elif value is not None:
            result[key] = [str(value)]
    return result


def jsonable(values: Mapping[str, object]) -> dict[str, object]:
    """Page state with lists for repeated keys, ready for JSON."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in values.items()}
