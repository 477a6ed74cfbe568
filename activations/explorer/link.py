"""The Activations page's URL contract: which keys a link may carry and what values they may take.

The fields depend on the activation (``threshold`` is Softplus's cut-off in [1, 50] but
Threshold's x-value in [-5, 5]), so :func:`check` reads ``act`` first, then that activation's
parameters, the plot window and the comparison list, into an :class:`ExplorerState`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from activations.core.fields import (
    Choice,
    Field,
    Flag,
    MultiChoice,
    Number,
    Problem,
    as_raw,
    check_order,
    defaults,
    validate,
)
from activations.core.params import param_field
from activations.core.registry import NAMES, ActivationSpec, get
from activations.core.state import State

WINDOW_LIMIT = 50.0
ACT = Choice("act", "relu", NAMES, label="act.choose")
COMPARE = MultiChoice("compare", NAMES, max_items=len(NAMES), label="act.compare")
XMIN = Number("xmin", -6.0, -WINDOW_LIMIT, WINDOW_LIMIT, step=0.5, widget="number", decimals=1)
XMAX = Number("xmax", 6.0, -WINDOW_LIMIT, WINDOW_LIMIT, step=0.5, widget="number", decimals=1)
X0 = Number("x0", 1.0, -WINDOW_LIMIT, WINDOW_LIMIT, step=0.1, widget="number", decimals=2, label="act.probe")
WINDOW = (XMIN, XMAX, X0)
TRAINING = Flag("training", False, label="act.training", help="act.training_help")
PARAM_KEYS = tuple(sorted({p.name for name in NAMES for p in get(name).params}))

# Classroom groups (activations.core.classroom): named sets of URL keys and of the page's controls.
GROUPS: dict[str, tuple[str, ...]] = {
    "window": (XMIN.key, XMAX.key),
    "params": PARAM_KEYS,
    # the CSV download under the chart; PNG and SVG are buttons inside the chart
    "export": ("export_csv", "export_png", "export_svg"),
}


def param_fields(spec: ActivationSpec) -> tuple[Field, ...]:
    return tuple(param_field(p) for p in spec.params)


def fields(spec: ActivationSpec) -> tuple[Field, ...]:
    """Every key the page binds to the URL while ``spec`` is shown."""
    extra = (TRAINING,) if spec.stochastic else ()
    return (ACT, *param_fields(spec), *extra, *WINDOW, COMPARE)


@dataclass(frozen=True)
class ExplorerState(State):
    """The Activations page's state: the activation and its parameters (by torch name), the window
    and probe, the overlaid activations and, for a stochastic activation only, ``training`` (RReLU's
    random slopes; None for the others, whose links have no such key)."""

    act: str
    params: Mapping[str, float | str]
    training: bool | None
    xmin: float
    xmax: float
    x0: float
    compare: tuple[str, ...]

    @property
    def spec(self) -> ActivationSpec:
        return get(self.act)

    def fields(self) -> tuple[Field, ...]:
        return fields(self.spec)


def check(raw: Mapping[str, Sequence[str]]) -> tuple[ExplorerState, list[Problem]]:
    """Valid page state from raw query values, and the problems that had to be replaced."""
    head, problems = validate(raw, (ACT,))
    spec = get(head["act"])
    values, more = validate(raw, fields(spec)[1:])
    problems += more
    for low, high in (*spec.ordered, ("xmin", "xmax")):
        problem = check_order(values, low, high, defaults(fields(spec)))
        if problem:
            problems.append(problem)
    state = ExplorerState(
        act=spec.key,
        params={p.name: values[p.name] for p in spec.params},
        training=values.get(TRAINING.key),
        xmin=values["xmin"],
        xmax=values["xmax"],
        x0=values["x0"],
        compare=values["compare"],
    )
    return state, problems


def reported(view: Mapping[str, object]) -> dict[str, list[str]]:
    """The view the chart reports (JSON values by URL key) as raw query values for :func:`check`,
    each in its field's format (the fields of the reported activation, else of the default one)."""
    act = view.get(ACT.key)
    spec = get(act if isinstance(act, str) and act in NAMES else ACT.default)
    return as_raw(view, fields(spec))


def jsonable(state: ExplorerState) -> dict[str, object]:
    """Page state by URL key with lists for repeated keys, ready for JSON."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in state.values().items()}
