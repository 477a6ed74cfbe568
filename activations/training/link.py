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
with the prefix). :func:`check` turns raw query values into valid ones plus the
:class:`~activations.core.fields.Problem` list of what had to be replaced; :func:`lab_config` turns
valid values into the :class:`~activations.training.lab.LabConfig` that the lab and the command line
train. The learning rate is one of the log slider's values, written as the slider writes it
(``0.01``; ``0.010`` or ``1e-2`` is refused with that spelling as the value to use).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

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
    validate,
)
from activations.core.registry import NAMES, get
from activations.explorer.link import param_field
from activations.training.data import DATASETS, UPLOAD, DataConfig
from activations.training.lab import LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import INITS, architecture
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
    return f"{value:g}"


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


DATASET = Choice("dataset", "moons", (*DATASETS, UPLOAD), label="training.dataset")  # upload: a file
POINTS = Whole("points", 500, 20, MAX_POINTS, step=10, label="training.points")
NOISE = Number("noise", 0.1, 0.0, 0.5, step=0.01, label="training.noise")
TEST_FRAC = Number("test_frac", 0.2, 0.1, 0.9, step=0.05, label="training.test_frac")
SEED = Whole("seed", 0, 0, MAX_SEED, label="training.seed", help="training.seed_help")
DATA_FIELDS = (DATASET, POINTS, NOISE, TEST_FRAC, SEED)

HIDDEN = Widths("hidden", "8,8", label="training.hidden", help="training.hidden_help")
ACT = Choice("act", "relu", NAMES, label="training.act")
INIT = Choice("init", "default", INITS, label="training.init", help="training.init_help")
INIT_STD = Number(
    "init_std", 0.1, 0.001, 10.0, step=0.01, widget="number", decimals=3, label="training.init_std"
)
BIAS_INIT = Number(
    "bias_init", 0.0, -5.0, 5.0, step=0.1, label="training.bias_init", help="training.bias_init_help"
)
OPTIMIZER = Choice("optimizer", "adam", OPTIMIZERS, widget="segmented", label="training.optimizer",
                   help="training.optimizer_help")  # fmt: skip
LR = Steps("lr", "0.01", LR_STEPS, label="training.lr")
BATCH = Whole("batch", 32, 1, MAX_POINTS, label="training.batch", help="training.batch_help")
L2 = Number("l2", 0.0, 0.0, 0.1, step=0.0001, widget="number", decimals=4, label="training.l2")
RUN = {field.key: field for field in (HIDDEN, ACT, INIT, INIT_STD, BIAS_INIT, OPTIMIZER, LR, BATCH, L2)}
RUN_B = {name: replace(field, key=B + name) for name, field in RUN.items()}
RUN_B["act"] = B_ACT = replace(RUN_B["act"], default="leaky_relu")

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


def fields(act: str = "relu", compare: bool = False, b_act: str = "leaky_relu") -> tuple[Field, ...]:
    """Every key the page binds to the URL for this activation (and run B's in compare mode)."""
    b_fields = run_fields(b_act, B) if compare else ()
    return (*DATA_FIELDS, *run_fields(act), DEVICE, PACE, COMPARE, *b_fields, *BORN_DEAD_FIELDS)


def check(raw: Mapping[str, Sequence[str]]) -> tuple[dict[str, object], list[Problem]]:
    """Valid page state from raw query values, and the problems that had to be replaced."""
    head, problems = validate(raw, (ACT, COMPARE, B_ACT))
    every = fields(str(head["act"]), bool(head["compare"]), str(head["b_act"]))
    values, more = validate(raw, [f for f in every if f.key not in head])
    values.update(head if head["compare"] else {"act": head["act"], "compare": False})
    problems += more
    if not head["compare"]:
        problems = [p for p in problems if p.key != B_ACT.key]
    for prefix, act in (("", head["act"]), *(((B, head["b_act"]),) if head["compare"] else ())):
        for low, high in get(str(act)).ordered:
            low, high = prefix + param_key(str(act), low), prefix + param_key(str(act), high)
            problem = check_order(values, low, high, defaults(every))
            if problem:
                problems.append(problem)
    return values, problems


def pace(values: Mapping[str, object]) -> float | None:
    """The chosen pace in steps per second; None: as fast as it goes."""
    return None if values["pace"] == "max" else float(values["pace"])  # type: ignore[arg-type]


def run_config(values: Mapping[str, object], classes: int, prefix: str = "") -> RunConfig:
    act = str(values[prefix + "act"])
    params = {p.name: values[prefix + param_key(act, p.name)] for p in get(act).params}
    arch = architecture(
        parse_widths(str(values[prefix + "hidden"])),
        classes,
        act,
        params,
        str(values[prefix + "init"]),
        float(values[prefix + "init_std"]),  # type: ignore[arg-type]
        float(values[prefix + "bias_init"]),  # type: ignore[arg-type]
    )
    recipe = Recipe(
        str(values[prefix + "optimizer"]),
        float(values[prefix + "lr"]),  # type: ignore[arg-type]
        int(values[prefix + "batch"]),  # type: ignore[arg-type]
        float(values[prefix + "l2"]),  # type: ignore[arg-type]
    )
    return RunConfig(arch, recipe)


def lab_config(values: Mapping[str, object], which: str = "ab", upload: bytes = b"") -> LabConfig:
    """The :class:`LabConfig` of valid page values: run A, and run B too in compare mode.

    ``which`` picks runs when both exist: ``"a"``, ``"b"`` or ``"ab"``. ``upload``: the CSV file of
    ``dataset=upload`` (a link can't carry it; :class:`~activations.training.upload.UploadError`
    when it is missing or refused).
    """
    data = DataConfig(
        str(values["dataset"]),
        int(values["points"]),  # type: ignore[arg-type]
        float(values["noise"]),  # type: ignore[arg-type]
        float(values["test_frac"]),  # type: ignore[arg-type]
        int(values["seed"]),  # type: ignore[arg-type]
        upload if values["dataset"] == UPLOAD else b"",
    )
    classes = data.classes
    runs = [run_config(values, classes)]
    if values.get("compare"):
        runs.append(run_config(values, classes, B))
        runs = [run for run, name in zip(runs, "ab", strict=True) if name in which]
    return LabConfig(data, tuple(runs), str(values["device"]))
