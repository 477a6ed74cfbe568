"""The Training lab's URL contract: which keys a link may carry, what values they take, and checks.

Widget keys equal URL keys. Data: ``dataset``, ``points``, ``noise``, ``test_frac``, ``seed``.
Network and training (run A): ``hidden`` (widths such as ``8,8``), ``act`` and that activation's
parameters by their torch names, ``init``, ``init_std``, ``bias_init``, ``optimizer``, ``lr``,
``batch``, ``l2`` (PReLU's own ``init``, its starting slope, is ``prelu_init`` here: ``init`` is
the weight init scheme). ``device``. Compare mode: ``compare=true`` and run B's keys, the same with a
``b_`` prefix (``b_act``, ``b_lr``, ``b_negative_slope``...). Born-dead experiment: ``bd_width``,
``bd_depth``, ``bd_trials``. ``pace`` slows the live run down to watch units die step by step (it is
not part of the run: ``max``, 1000, 100, 10 or 1 steps per second).

Everything is bounded; :func:`check` turns raw query values into valid ones plus the
:class:`~activations.core.fields.Problem` list of what had to be replaced. Whole numbers must be plain
digits (``5e2`` becomes 500, ``1_0`` and ``٣`` are refused), the learning rate must be one of the log
slider's values (in a link, written as the slider writes it: ``0.01``), and a device must exist here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from activations.core.devices import available_devices
from activations.core.fields import (
    Choice,
    Field,
    Flag,
    InvalidValue,
    Number,
    Problem,
    check_order,
    parse_number,
    shorten,
    validate,
)
from activations.core.registry import NAMES, get
from activations.explorer.link import param_fields
from activations.training.data import CLASSES, DATASETS
from activations.training.loop import Recipe
from activations.training.model import INITS, Architecture, architecture
from activations.training.optim import OPTIMIZERS

MAX_LAYERS = 6
MAX_WIDTH = 64
MAX_POINTS = 2000
MAX_DEPTH = 50  # born-dead experiment only: initialisation is cheap
MAX_TRIALS = 1000
MAX_SEED = 2**32 - 1
DEVICES = ("cpu", "cuda", "mps")
B = "b_"  # prefix of run B's keys in compare mode
LR_VALUES = (*(m * 10.0**e for e in range(-4, 1) for m in (1, 2, 3, 5)), 10.0)
LR_VALUES = tuple(float(f"{v:.1g}") for v in LR_VALUES)


def format_lr(value: float) -> str:
    """How the log slider shows a learning rate, and so how the URL carries it: ``0.0003``, ``10``."""
    return f"{value:g}"


@dataclass(frozen=True)
class Whole:
    """A whole number written as plain ASCII digits, in [low, high]."""

    key: str
    default: int
    low: int
    high: int

    def parse(self, raw: Sequence[str]) -> int:
        text = raw[-1].strip()
        value = parse_number(text)
        if value != int(value):
            raise InvalidValue("reason.not_an_integer")
        if not self.low <= value <= self.high:
            raise InvalidValue("reason.out_of_range")
        if not re.fullmatch(r"\d{1,12}", text, re.ASCII):  # 5e2, 500.0, +500: a number input can't show them
            raise InvalidValue("training.reason.digits", int(value))
        return int(value)

    def describe(self) -> str:
        return f"{self.low} … {self.high}"


@dataclass(frozen=True)
class Widths:
    """Hidden layer widths as text, ``8,8``: 1 to ``max_layers`` whole numbers in [1, ``max_width``]."""

    key: str
    default: str
    max_layers: int = MAX_LAYERS
    max_width: int = MAX_WIDTH

    def parse(self, raw: Sequence[str]) -> str:
        return ",".join(str(w) for w in parse_widths(raw[-1], self.max_layers, self.max_width))

    def describe(self) -> str:
        return f"1–{self.max_layers} × 1–{self.max_width}, e.g. 8,8"


def parse_widths(text: str, max_layers: int = MAX_LAYERS, max_width: int = MAX_WIDTH) -> tuple[int, ...]:
    """``"8, 8"`` -> (8, 8); :class:`InvalidValue` for anything else (signs, decimals, empty items)."""
    if len(text) > 8 * max_layers or not re.fullmatch(r"\s*\d{1,4}\s*(,\s*\d{1,4}\s*)*", text, re.ASCII):
        raise InvalidValue("training.reason.widths")
    widths = tuple(int(item) for item in text.split(","))
    if len(widths) > max_layers or not all(1 <= w <= max_width for w in widths):
        raise InvalidValue("training.reason.widths")
    return widths


@dataclass(frozen=True)
class LogScale:
    """One of ``values`` (a log slider): a number that equals one of them, ``0.1`` as well as ``1e-1``."""

    key: str
    default: float
    values: tuple[float, ...]

    def parse(self, raw: Sequence[str]) -> float:
        value = parse_number(raw[-1])
        if not self.values[0] <= value <= self.values[-1]:
            raise InvalidValue("reason.out_of_range")
        nearest = min(self.values, key=lambda v: abs(math.log(v / value)))
        if abs(nearest - value) > 1e-9 * nearest:
            raise InvalidValue("training.reason.scale", nearest)
        return nearest

    def describe(self) -> str:
        return f"{format_lr(self.values[0])} … {format_lr(self.values[-1])} (1, 2, 3, 5 × 10ⁿ)"


DATASET = Choice("dataset", "moons", DATASETS)
POINTS = Whole("points", 500, 20, MAX_POINTS)
NOISE = Number("noise", 0.1, 0.0, 0.5)
TEST_FRAC = Number("test_frac", 0.2, 0.1, 0.9)
SEED = Whole("seed", 0, 0, MAX_SEED)
DATA_FIELDS = (DATASET, POINTS, NOISE, TEST_FRAC, SEED)

HIDDEN = Widths("hidden", "8,8")
ACT = Choice("act", "relu", NAMES)
INIT = Choice("init", "default", INITS)
INIT_STD = Number("init_std", 0.1, 0.001, 10.0)
BIAS_INIT = Number("bias_init", 0.0, -5.0, 5.0)
OPTIMIZER = Choice("optimizer", "adam", OPTIMIZERS)
LR = LogScale("lr", 0.01, LR_VALUES)
BATCH = Whole("batch", 32, 1, MAX_POINTS)
L2 = Number("l2", 0.0, 0.0, 0.1)
DEVICE = Choice("device", "cpu", DEVICES)
PACES = ("max", "1000", "100", "10", "1")  # steps per second; "max": as fast as it goes
PACE = Choice("pace", "max", PACES)
COMPARE = Flag("compare", False)
B_ACT = Choice(B + "act", "leaky_relu", NAMES)

BD_WIDTH = Whole("bd_width", 2, 1, MAX_WIDTH)
BD_DEPTH = Whole("bd_depth", 10, 1, MAX_DEPTH)
BD_TRIALS = Whole("bd_trials", 200, 1, MAX_TRIALS)
BORN_DEAD_FIELDS = (BD_WIDTH, BD_DEPTH, BD_TRIALS)


def param_key(act: str, name: str) -> str:
    """The URL key of an activation parameter: its torch name, except PReLU's ``init`` (its
    starting slope), which would clash with the weight init scheme's key ``init``: ``prelu_init``."""
    return "prelu_init" if (act, name) == ("prelu", "init") else name


PARAM_KEYS = tuple(sorted({param_key(name, p.name) for name in NAMES for p in get(name).params}))


def run_fields(act: str, prefix: str = "") -> tuple[Field, ...]:
    """The network and training keys of one run (A: no prefix, B: ``b_``) for activation ``act``."""
    act_field = B_ACT if prefix == B else ACT
    params = tuple(replace(field, key=param_key(act, field.key)) for field in param_fields(get(act)))
    own = (HIDDEN, *params, INIT, INIT_STD, BIAS_INIT, OPTIMIZER, LR, BATCH, L2)
    return (act_field, *(replace(field, key=prefix + field.key) for field in own))


def fields(act: str = "relu", compare: bool = False, b_act: str = "leaky_relu") -> tuple[Field, ...]:
    """Every key the page binds to the URL for this activation (and run B's in compare mode)."""
    b_fields = run_fields(b_act, B) if compare else ()
    return (*DATA_FIELDS, *run_fields(act), DEVICE, PACE, COMPARE, *b_fields, *BORN_DEAD_FIELDS)


def check(
    raw: Mapping[str, Sequence[str]], devices: Sequence[str] | None = None, *, link: bool = False
) -> tuple[dict[str, object], list[Problem]]:
    """Valid page state from raw query values, and the problems that had to be replaced.

    ``link=True`` checks a link rather than the widgets' values: a learning rate must then be
    written exactly as the slider writes it (``0.1``, not ``0.10`` or ``1e-1``), because Streamlit
    matches the slider's URL value as text and would silently ignore another spelling.
    """
    devices = available_devices() if devices is None else tuple(devices)
    head, problems = validate(raw, (ACT, COMPARE, B_ACT))
    every = fields(str(head["act"]), bool(head["compare"]), str(head["b_act"]))
    values, more = validate(raw, [f for f in every if f.key not in head])
    values.update(head if head["compare"] else {"act": head["act"], "compare": False})
    problems += more
    if not head["compare"]:
        problems = [p for p in problems if p.key != B_ACT.key]
    defaults = {f.key: f.default for f in every}
    for prefix, act in (("", head["act"]), *(((B, head["b_act"]),) if head["compare"] else ())):
        for low, high in get(str(act)).ordered:
            low, high = param_key(str(act), low), param_key(str(act), high)
            problem = check_order(values, prefix + low, prefix + high, defaults)
            if problem:
                problems.append(problem)
    if link:
        problems += _lr_spelling(raw, values, problems)
    if values["device"] not in devices:
        problems.append(
            Problem(("device",), str(values["device"]), "training.reason.device", "cpu", ", ".join(devices))
        )
        values["device"] = "cpu"
    return values, problems


def _lr_spelling(
    raw: Mapping[str, Sequence[str]], values: Mapping[str, object], problems: Sequence[Problem]
) -> list[Problem]:
    """A valid learning rate spelled otherwise than the slider spells it (``0.10``): use its spelling."""
    found = []
    for key in ("lr", B + "lr"):
        given = raw.get(key)
        if key not in values or not given or any(key in p.keys for p in problems):
            continue
        spelled = format_lr(float(values[key]))  # type: ignore[arg-type]
        if given[-1].strip() != spelled:
            found.append(Problem((key,), shorten(given[-1]), "training.reason.lr_text", spelled))
    return found


@dataclass(frozen=True)
class DataConfig:
    dataset: str = "moons"
    points: int = 500
    noise: float = 0.1
    test_frac: float = 0.2
    seed: int = 0


@dataclass(frozen=True)
class RunConfig:
    arch: Architecture
    recipe: Recipe


@dataclass(frozen=True)
class LabConfig:
    """Everything a training run depends on; equal configs give identical runs (on the CPU)."""

    data: DataConfig
    runs: tuple[RunConfig, ...]
    device: str = "cpu"


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


def lab_config(values: Mapping[str, object], which: str = "ab") -> LabConfig:
    """The :class:`LabConfig` of valid page values: run A, and run B too in compare mode.

    ``which`` picks runs when both exist: ``"a"``, ``"b"`` or ``"ab"``.
    """
    data = DataConfig(
        str(values["dataset"]),
        int(values["points"]),  # type: ignore[arg-type]
        float(values["noise"]),  # type: ignore[arg-type]
        float(values["test_frac"]),  # type: ignore[arg-type]
        int(values["seed"]),  # type: ignore[arg-type]
    )
    classes = CLASSES[data.dataset]
    runs = [run_config(values, classes)]
    if values.get("compare"):
        runs.append(run_config(values, classes, B))
        runs = [run for run, name in zip(runs, "ab", strict=True) if name in which]
    return LabConfig(data, tuple(runs), str(values["device"]))
