"""State of the Activations page: which keys a link may carry and what values they may take.

The fields depend on the activation (``threshold`` is Softplus's cut-off in [1, 50] but
Threshold's x-value in [-5, 5]), so :func:`check` reads ``act`` first, then that activation's
parameters, the plot window and the comparison list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from activations.core.fields import Choice, Field, Flag, MultiChoice, Number, Problem, check_order, validate
from activations.core.registry import NAMES, ActivationSpec, get

WINDOW_LIMIT = 50.0
ACT = Choice("act", "relu", NAMES)
COMPARE = MultiChoice("compare", NAMES, max_items=len(NAMES))
WINDOW = (
    Number("xmin", -6.0, -WINDOW_LIMIT, WINDOW_LIMIT),
    Number("xmax", 6.0, -WINDOW_LIMIT, WINDOW_LIMIT),
    Number("x0", 1.0, -WINDOW_LIMIT, WINDOW_LIMIT),
)
TRAINING = Flag("training", False)
PARAM_KEYS = tuple(sorted({p.name for name in NAMES for p in get(name).params}))


def param_fields(spec: ActivationSpec) -> tuple[Field, ...]:
    return tuple(
        Choice(p.name, p.default, p.choices) if p.is_choice else Number(p.name, p.default, p.low, p.high)
        for p in spec.params
    )


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
    defaults = {f.key: f.default for f in fields(spec)}
    for low, high in (*spec.ordered, ("xmin", "xmax")):
        problem = check_order(values, low, high, defaults)
        if problem:
            problems.append(problem)
    return values, problems


def params_of(values: Mapping[str, object]) -> dict[str, object]:
    """The activation's own parameters out of the page state."""
    return {p.name: values[p.name] for p in get(values["act"]).params}
