"""The Training lab's URL contract: which keys a link may carry, what values they take, and checks.

Widget keys equal URL keys. Data: ``dataset``, ``points``, ``noise``, ``test_frac``, ``seed``.
Network and training (run A): ``hidden`` (widths such as ``8,8``), ``act`` and that activation's
parameters by their torch names, ``init``, ``init_std``, ``bias_init``, ``optimizer``, ``lr``,
``batch``, ``l2`` (PReLU's own ``init``, its starting slope, is ``prelu_init`` here: ``init`` is
the weight init scheme). ``device``. Compare mode: ``compare=true`` and run B's keys, the same with a
``b_`` prefix (``b_act``, ``b_lr``, ``b_negative_slope``...). Born-dead experiment: ``bd_width``,
``bd_depth``, ``bd_trials``. ``pace`` slows the live run down to watch units die step by step (it is
not part of the run: ``max``, 1000, 100, 10 or 1 steps per second).

Every key is declared once below, as a :mod:`activations.core.fields` field (run B's are run A's
with the prefix). :func:`check` turns raw query values into a :class:`TrainingState` plus the
:class:`~activations.core.fields.Problem` list of what had to be replaced; :func:`lab_config` turns
that state into the :class:`~activations.training.lab.LabConfig` that the lab and the command line
train. The defaults are those of the library's own configurations
(:class:`~activations.training.data.DataConfig`, :class:`~activations.training.loop.Recipe`,
:class:`~activations.training.model.Architecture`). The learning rate is one of the log slider's
values, written as the slider writes it (``0.01``; ``0.010`` or ``1e-2`` is refused with that
spelling as the value to use).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from activations.core.devices import Device
from activations.core.fields import (
    Choice,
    Field,
    Flag,
    InvalidValue,
    Number,
    Problem,
    Steps,
    Text,
    Whole,
    check_order,
    defaults,
    url_number,
    validate,
)
from activations.core.inits import INIT, INIT_STD
from activations.core.params import param_field
from activations.core.registry import NAMES, get
from activations.core.state import State
from activations.training.data import DATASETS, UPLOAD, DataConfig
from activations.training.lab import LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import Architecture, architecture
from activations.training.optim import OPTIMIZERS

MAX_LAYERS = 6
MAX_WIDTH = 64
MAX_POINTS = 2000
MAX_DEPTH = 50  # born-dead experiment only: initialisation is cheap
MAX_TRIALS = 1000
MAX_SEED = 2**32 - 1
B = "b_"  # prefix of run B's keys in compare mode
LR_STEPS = (
    "0.0001", "0.0002", "0.0003", "0.0005", "0.001", "0.002", "0.003", "0.005", "0.01", "0.02", "0.03",
    "0.05", "0.1", "0.2", "0.3", "0.5", "1", "2", "3", "5", "10",
)  # fmt: skip
PACES = ("max", "1000", "100", "10", "1")  # steps per second; "max": as fast as it goes


def format_lr(value: float) -> str:
    """A learning rate as the slider writes it: ``0.0003``, ``10``."""
    return url_number(value)


def parse_widths(text: str, max_layers: int = MAX_LAYERS, max_width: int = MAX_WIDTH) -> tuple[int, ...]:
    """``"8, 8"`` -> (8, 8); :class:`InvalidValue` for anything else (signs, decimals, empty items)."""
    if len(text) > 8 * max_layers or not re.fullmatch(r"\s*\d{1,4}\s*(,\s*\d{1,4}\s*)*", text, re.ASCII):
        raise InvalidValue("training.reason.widths")
    widths = tuple(int(item) for item in text.split(","))
    if len(widths) > max_layers or not all(1 <= w <= max_width for w in widths):
        raise InvalidValue("training.reason.widths")
    return widths


@dataclass(frozen=True)
class Widths(Text):
    """Hidden layer widths, ``8,8``: 1 to ``max_layers`` whole numbers in [1, ``max_width``].

    A :class:`~activations.core.fields.Text` (``ui.fields`` shows it as a text box) that only takes
    such lists, normalised (``16, 8`` -> ``16,8``).
    """

    max_chars: int = 8 * MAX_LAYERS
    max_layers: int = MAX_LAYERS
    max_width: int = MAX_WIDTH

    def parse(self, raw: Sequence[str]) -> str:
        return ",".join(str(w) for w in parse_widths(raw[-1], self.max_layers, self.max_width))

    def describe(self) -> str:
        return f"1–{self.max_layers} × 1–{self.max_width}, e.g. 8,8"


# The defaults are the library's own: a link left at its defaults trains what the code does by default.
_DATA, _RECIPE, _ARCH = DataConfig(), Recipe(), Architecture(hidden=(8, 8))
DATASET = Choice("dataset", _DATA.dataset, (*DATASETS, UPLOAD), label="training.dataset")  # upload: a file
POINTS = Whole("points", _DATA.points, 20, MAX_POINTS, step=10, label="training.points")
NOISE = Number("noise", _DATA.noise, 0.0, 0.5, step=0.01, label="training.noise")
TEST_FRAC = Number("test_frac", _DATA.test_frac, 0.1, 0.9, step=0.05, label="training.test_frac")
SEED = Whole("seed", _DATA.seed, 0, MAX_SEED, label="training.seed", help="training.seed_help")
DATA_FIELDS = (DATASET, POINTS, NOISE, TEST_FRAC, SEED)

# INIT and INIT_STD are the shared init field of activations.core.inits (the same for the Depth page).
HIDDEN = Widths(
    "hidden", ",".join(map(str, _ARCH.hidden)), label="training.hidden", help="training.hidden_help"
)
ACT = Choice("act", _ARCH.act, NAMES, label="training.act")
BIAS_INIT = Number(
    "bias_init",
    _ARCH.bias_init,
    -5.0,
    5.0,
    step=0.1,
    label="training.bias_init",
    help="training.bias_init_help",
)
OPTIMIZER = Choice("optimizer", _RECIPE.optimizer, OPTIMIZERS, widget="segmented", label="training.optimizer",
                   help="training.optimizer_help")  # fmt: skip
LR = Steps("lr", format_lr(_RECIPE.lr), LR_STEPS, label="training.lr")
BATCH = Whole("batch", _RECIPE.batch, 1, MAX_POINTS, label="training.batch", help="training.batch_help")
L2 = Number("l2", _RECIPE.l2, 0.0, 0.1, step=0.0001, widget="number", decimals=4, label="training.l2")
RUN = {field.key: field for field in (HIDDEN, ACT, INIT, INIT_STD, BIAS_INIT, OPTIMIZER, LR, BATCH, L2)}
RUN_B = {name: replace(field, key=B + name) for name, field in RUN.items()}
B_ACT = replace(ACT, key=B + ACT.key, default="leaky_relu")  # compare mode starts with a second activation
RUN_B[ACT.key] = B_ACT

DEVICE = Device(label="training.device", help="training.device_help")
PACE = Choice("pace", "max", PACES, widget="segmented", label="training.pace", help="training.pace_help")
COMPARE = Flag("compare", False, label="training.compare", help="training.compare_help")

BD_WIDTH = Whole("bd_width", 2, 1, MAX_WIDTH, label="training.bd_width")
BD_DEPTH = Whole("bd_depth", 10, 1, MAX_DEPTH, label="training.bd_depth")
BD_TRIALS = Whole("bd_trials", 200, 1, MAX_TRIALS, step=50, label="training.bd_trials")
BORN_DEAD_FIELDS = (BD_WIDTH, BD_DEPTH, BD_TRIALS)


def param_key(act: str, name: str) -> str:
    """The URL key of an activation parameter: its torch name, except PReLU's ``init`` (its
    starting slope), which would clash with the weight init scheme's key ``init``: ``prelu_init``."""
    return "prelu_init" if (act, name) == ("prelu", "init") else name


PARAM_KEYS = tuple(sorted({param_key(name, p.name) for name in NAMES for p in get(name).params}))

# Classroom groups (activations.core.classroom): named sets of URL keys and of the page's controls.
_NETWORK = (HIDDEN.key, ACT.key, *PARAM_KEYS, INIT.key, INIT_STD.key, BIAS_INIT.key)
_LEARNING = (OPTIMIZER.key, LR.key, BATCH.key, L2.key)
GROUPS: dict[str, tuple[str, ...]] = {
    "data": tuple(field.key for field in DATA_FIELDS),
    "network": _NETWORK,
    "params": PARAM_KEYS,
    "learning": _LEARNING,
    "run_a": (*_NETWORK, *_LEARNING),
    "run_b": (COMPARE.key, *(B + key for key in (*RUN, *PARAM_KEYS))),
    # Start and Pause are one toggle (``Classroom.visible("start", "pause")``): either name shows it
    "buttons": ("start", "pause", "step", "reset"),
    "presets": ("preset",),
    "born_dead": (*(field.key for field in BORN_DEAD_FIELDS), "bd_lu", "bd_run"),
    # the download buttons (ui/training_exports.py; in compare mode weights and script per run)
    "export": ("download_history", "download_config", "download_weights", "download_script"),
}


def param_keys(prefix: str = "") -> tuple[str, ...]:
    """Every activation parameter's key of one run: what to forget when its activation changes."""
    return tuple(prefix + key for key in PARAM_KEYS)


def run_field(name: str, prefix: str = "") -> Field:
    """The field of run A's key ``name`` (``lr``) in run A (no prefix) or run B (``b_``: ``b_lr``)."""
    return (RUN_B if prefix else RUN)[name]


def param_fields(act: str, prefix: str = "") -> tuple[Field, ...]:
    """The fields of activation ``act``'s parameters in one run (A: no prefix, B: ``b_``)."""
    return tuple(param_field(p, prefix + param_key(act, p.name)) for p in get(act).params)


def run_fields(act: str, prefix: str = "") -> tuple[Field, ...]:
    """The network and training keys of one run (A: no prefix, B: ``b_``) for activation ``act``."""
    own = RUN_B if prefix else RUN
    return (*own.values(), *param_fields(act, prefix))


def fields(act: str = ACT.default, compare: bool = False, b_act: str = B_ACT.default) -> tuple[Field, ...]:
    """Every key the page binds to the URL for this activation (and run B's in compare mode)."""
    b_fields = run_fields(b_act, B) if compare else ()
    return (*DATA_FIELDS, *run_fields(act), DEVICE, PACE, COMPARE, *b_fields, *BORN_DEAD_FIELDS)


@dataclass(frozen=True)
class Run(State):
    """One run's network and training keys, without run B's prefix; ``params``: its activation's
    parameters by URL key (PReLU's ``init`` as ``prelu_init``, see :func:`param_key`)."""

    hidden: str
    act: str
    init: str
    init_std: float
    bias_init: float
    optimizer: str
    lr: str
    batch: int
    l2: float
    params: Mapping[str, float | str]

    def act_params(self) -> dict[str, float | str]:
        """The activation's parameters by their torch names."""
        return {p.name: self.params[param_key(self.act, p.name)] for p in get(self.act).params}

    def config(self, classes: int) -> RunConfig:
        """The network and recipe this run trains, for data of ``classes`` classes."""
        arch = architecture(
            parse_widths(self.hidden),
            classes,
            self.act,
            self.act_params(),
            self.init,
            self.init_std,
            self.bias_init,
        )
        return RunConfig(arch, Recipe(self.optimizer, float(self.lr), self.batch, self.l2))


@dataclass(frozen=True)
class TrainingState(State):
    """The Training lab's state: the data, run A, the device, the pace, compare mode with run B
    (None unless ``compare``; its keys carry the ``b_`` prefix) and the born-dead experiment's shape."""

    dataset: str
    points: int
    noise: float
    test_frac: float
    seed: int
    run_a: Run
    device: str
    pace: str
    compare: bool
    run_b: Run | None = dataclasses.field(metadata={"prefix": B})
    bd_width: int
    bd_depth: int
    bd_trials: int

    def fields(self) -> tuple[Field, ...]:
        b_act = self.run_b.act if self.run_b else B_ACT.default
        return fields(self.run_a.act, self.compare, b_act)

    @property
    def steps_per_second(self) -> float | None:
        """The chosen pace; None: as fast as it goes."""
        return None if self.pace == "max" else float(self.pace)

    def data_config(self, upload: bytes = b"") -> DataConfig:
        """The data set to make; ``upload``: the CSV file of ``dataset=upload``."""
        return DataConfig(
            self.dataset,
            self.points,
            self.noise,
            self.test_frac,
            self.seed,
            upload if self.dataset == UPLOAD else b"",
        )


def _run(values: Mapping[str, Any], act: str, prefix: str = "") -> Run:
    """Run A's (or with ``prefix``, run B's) keys out of checked values by URL key."""
    own = {name: values[prefix + name] for name in RUN}
    params = {param_key(act, p.name): values[prefix + param_key(act, p.name)] for p in get(act).params}
    return Run(**own, params=params)


def check(raw: Mapping[str, Sequence[str]]) -> tuple[TrainingState, list[Problem]]:
    """Valid page state from raw query values, and the problems that had to be replaced."""
    head, problems = validate(raw, (ACT, COMPARE, B_ACT))
    act, compare, b_act = head["act"], head["compare"], head["b_act"]
    every = fields(act, compare, b_act)
    values, more = validate(raw, [f for f in every if f.key not in head])
    problems += more
    if not compare:
        problems = [p for p in problems if p.key != B_ACT.key]
    values.update(act=act, b_act=b_act)
    for prefix, run_act in (("", act), *(((B, b_act),) if compare else ())):
        for low, high in get(run_act).ordered:
            low, high = prefix + param_key(run_act, low), prefix + param_key(run_act, high)
            problem = check_order(values, low, high, defaults(every))
            if problem:
                problems.append(problem)
    state = TrainingState(
        **{f.key: values[f.key] for f in (*DATA_FIELDS, DEVICE, PACE, *BORN_DEAD_FIELDS)},
        run_a=_run(values, act),
        compare=compare,
        run_b=_run(values, b_act, B) if compare else None,
    )
    return state, problems


def lab_config(state: TrainingState, which: str = "ab", upload: bytes = b"") -> LabConfig:
    """The :class:`LabConfig` of a checked state: run A, and run B too in compare mode.

    ``which`` picks runs when both exist: ``"a"``, ``"b"`` or ``"ab"``. ``upload``: the CSV file of
    ``dataset=upload`` (a link can't carry it; :class:`~activations.training.upload.UploadError`
    when it is missing or refused).
    """
    data = state.data_config(upload)
    classes = data.classes
    runs = [state.run_a]
    if state.run_b is not None:
        runs = [run for run, name in zip((state.run_a, state.run_b), "ab", strict=True) if name in which]
    return LabConfig(data, tuple(run.config(classes) for run in runs), state.device)
