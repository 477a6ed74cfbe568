"""The Depth page's URL contract: its keys, declared once as fields, and :func:`check`.

Up to three configurations are overlaid (``count``: how many are shown). Run A's keys are ``act``,
its activation's parameters by their torch names (PReLU's starting slope as ``prelu_init``: ``init``
is the weight init), ``init`` and ``init_std`` (the shared field of :mod:`activations.core.inits`);
runs B and C have the same keys with the prefixes ``b_`` and ``c_``. The network's shape is shared:
``depth``, ``width``, ``batch`` and ``seed``. Training through depth: ``optimizer``, ``lr``,
``steps`` and ``dataset``.

Every key is bounded, and so is the work of the shown configurations together: the forward pass
costs ``depth × batch × width²`` multiply-adds per configuration (the backward pass twice that), and
their sum must stay within :data:`MAX_WORK` (about a second here); beyond it :func:`check` lowers
the batch to the largest that fits (or, when none does, takes the default shape) and says so.
Training is bounded likewise by :data:`MAX_TRAIN_WORK` (per training point): beyond it, fewer steps,
and when even the fewest steps are too many, no training (:attr:`DepthState.trainable`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from activations.core.fields import Choice, Field, Problem, Steps, Whole, check_order, defaults, validate
from activations.core.inits import INIT, INIT_STD
from activations.core.params import param_field
from activations.core.registry import NAMES, get
from activations.core.state import State
from activations.depth.measure import DepthConfig, Shape
from activations.depth.train import OPTIMIZERS

MAX_DEPTH = 200
MAX_WIDTH = 1024
MAX_BATCH = 4096
MAX_SEED = 999_999
MAX_WORK = 4_000_000_000  # multiply-adds of the forward passes of the shown configurations
MAX_TRAIN_WORK = 1_000_000_000  # steps × depth × width² of the trained configurations, per point
PREFIXES = ("", "b_", "c_")  # runs A, B and C
DATASETS = ("moons", "circles", "xor", "spiral", "blobs", "spiral3")  # the Training lab's toy data
LR_STEPS = (
    "0.0001", "0.0003", "0.001", "0.003", "0.01", "0.02", "0.03", "0.05", "0.1", "0.2", "0.3", "0.5", "1",
)  # fmt: skip

# The story the defaults tell: He init keeps ReLU's signal, Glorot halves it per layer, and Sigmoid
# with Glorot init loses the gradient on its way back.
_STORY = (("relu", "kaiming_normal"), ("relu", "xavier_normal"), ("sigmoid", "xavier_normal"))
ACTS = tuple(
    Choice(prefix + "act", act, NAMES, label="depth.act")
    for prefix, (act, _) in zip(PREFIXES, _STORY, strict=True)
)
INITS = tuple(
    replace(INIT, key=prefix + INIT.key, default=init)
    for prefix, (_, init) in zip(PREFIXES, _STORY, strict=True)
)
INIT_STDS = tuple(replace(INIT_STD, key=prefix + INIT_STD.key) for prefix in PREFIXES)
COUNT = Whole("count", len(PREFIXES), 1, len(PREFIXES), label="depth.count", help="depth.count_help")
DEPTH = Whole("depth", 30, 1, MAX_DEPTH, label="depth.depth")
WIDTH = Whole("width", 128, 2, MAX_WIDTH, label="depth.width")
BATCH = Whole("batch", 128, 1, MAX_BATCH, label="depth.batch", help="depth.batch_help")
SEED = Whole("seed", 0, 0, MAX_SEED, label="depth.seed", help="depth.seed_help")
SHAPE_FIELDS = (DEPTH, WIDTH, BATCH, SEED)
OPTIMIZER = Choice("optimizer", "sgd", tuple(OPTIMIZERS), widget="segmented", label="depth.optimizer")
LR = Steps("lr", "0.01", LR_STEPS, label="depth.lr")
STEPS = Whole("steps", 300, 10, 1000, step=10, label="depth.steps")
DATASET = Choice("dataset", "moons", DATASETS, label="depth.dataset")
TRAIN_FIELDS = (OPTIMIZER, LR, STEPS, DATASET)


def param_key(act: str, name: str) -> str:
    """An activation parameter's URL key: its torch name, except PReLU's ``init`` (``prelu_init``)."""
    return "prelu_init" if (act, name) == ("prelu", "init") else name


PARAM_KEYS = tuple(sorted({param_key(name, p.name) for name in NAMES for p in get(name).params}))

# Classroom groups (activations.core.classroom): named sets of URL keys and of the page's controls.
GROUPS: dict[str, tuple[str, ...]] = {
    "runs": (COUNT.key, *(prefix + key for prefix in PREFIXES for key in ("act", "init", "init_std"))),
    "params": tuple(prefix + key for prefix in PREFIXES for key in PARAM_KEYS),
    "shape": tuple(f.key for f in SHAPE_FIELDS),
    "training": (*(f.key for f in TRAIN_FIELDS), "train"),
    "export": ("export_csv", "export_png", "export_svg"),
}


def param_fields(act: str, prefix: str = "") -> tuple[Field, ...]:
    """The fields of activation ``act``'s parameters in run ``prefix`` (A: ``""``, B: ``b_``, C: ``c_``)."""
    return tuple(param_field(p, prefix + param_key(act, p.name)) for p in get(act).params)


def run_fields(run: int, act: str) -> tuple[Field, ...]:
    """Run ``run``'s keys (0 = A) while it shows activation ``act``."""
    return (ACTS[run], *param_fields(act, PREFIXES[run]), INITS[run], INIT_STDS[run])


def fields(acts: Sequence[str] = tuple(f.default for f in ACTS)) -> tuple[Field, ...]:
    """Every key of the link while runs A, B, C show ``acts``, shown or not (``count``): a hidden run's
    keys stay in the link, so showing it again brings it back."""
    runs = tuple(f for run, act in enumerate(acts) for f in run_fields(run, act))
    return (COUNT, *runs, *SHAPE_FIELDS, *TRAIN_FIELDS)


@dataclass(frozen=True)
class Run(State):
    """One configuration's keys without its prefix; ``params``: its activation's parameters by URL key."""

    act: str
    params: Mapping[str, float | str]
    init: str
    init_std: float

    def config(self) -> DepthConfig:
        return DepthConfig.of(
            self.act, {p.name: self.params[param_key(self.act, p.name)] for p in get(self.act).params},
            self.init, self.init_std,
        )  # fmt: skip


@dataclass(frozen=True)
class DepthState(State):
    """The Depth page's state: how many runs are shown, runs A, B and C, the shape and the training."""

    count: int
    run_a: Run = field(metadata={"prefix": ""})
    run_b: Run = field(metadata={"prefix": "b_"})
    run_c: Run = field(metadata={"prefix": "c_"})
    depth: int
    width: int
    batch: int
    seed: int
    optimizer: str
    lr: str
    steps: int
    dataset: str

    @property
    def runs(self) -> tuple[Run, Run, Run]:
        return (self.run_a, self.run_b, self.run_c)

    def fields(self) -> tuple[Field, ...]:
        return fields([run.act for run in self.runs])

    def configs(self) -> tuple[DepthConfig, ...]:
        """The shown configurations, A first."""
        return tuple(run.config() for run in self.runs[: self.count])

    def shape(self) -> Shape:
        return Shape(self.depth, self.width, self.batch, self.seed)

    @property
    def trainable(self) -> bool:
        """Whether training the shown configurations fits :data:`MAX_TRAIN_WORK`."""
        return train_work(self.count, self.steps, self.depth, self.width) <= MAX_TRAIN_WORK


def work(count: int, depth: int, width: int, batch: int) -> int:
    """Multiply-adds of the forward passes of ``count`` configurations (see :data:`MAX_WORK`)."""
    return count * depth * batch * width * width


def train_work(count: int, steps: int, depth: int, width: int) -> int:
    """Multiply-adds per training point of ``count`` trainings (see :data:`MAX_TRAIN_WORK`)."""
    return count * steps * depth * width * width


def check(raw: Mapping[str, Sequence[str]]) -> tuple[DepthState, list[Problem]]:
    """Valid page state from raw query values, and the problems that had to be replaced (see the
    module's documentation for the budgets)."""
    heads, problems = validate(raw, ACTS)
    acts = [heads[f.key] for f in ACTS]
    all_fields = fields(acts)
    values, more = validate(raw, [f for f in all_fields if f not in ACTS])
    values.update(heads)
    problems += more
    for run, act in enumerate(acts):
        for low, high in get(act).ordered:
            keys = [PREFIXES[run] + param_key(act, name) for name in (low, high)]
            problem = check_order(values, *keys, defaults(all_fields))
            if problem:
                problems.append(problem)
    problems += _budget(values)
    runs = [
        Run(
            act=act,
            params={key: values[prefix + key] for key in (param_key(act, p.name) for p in get(act).params)},
            init=values[prefix + "init"],
            init_std=values[prefix + "init_std"],
        )
        for prefix, act in zip(PREFIXES, acts, strict=True)
    ]
    shared = {f.key: values[f.key] for f in (*SHAPE_FIELDS, *TRAIN_FIELDS)}
    return DepthState(values[COUNT.key], *runs, **shared), problems


def _budget(values: dict) -> list[Problem]:
    """Keep the work within the budgets, lowering ``batch`` (or ``steps``) in ``values``; what changed."""
    problems = []
    count, depth, width, batch = (values[f.key] for f in (COUNT, DEPTH, WIDTH, BATCH))
    if work(count, depth, width, batch) > MAX_WORK:
        fits = MAX_WORK // work(count, depth, width, 1)
        if fits < 1:
            values.update({f.key: f.default for f in (DEPTH, WIDTH, BATCH)})
            keys, raw = (COUNT, DEPTH, WIDTH, BATCH), f"{count}, {depth}, {width}, {batch}"
            fallback = f"{DEPTH.default}, {WIDTH.default}, {BATCH.default}"
        else:
            values[BATCH.key] = fits
            keys, raw, fallback = (BATCH,), str(batch), str(fits)
        problems.append(
            Problem(tuple(f.key for f in keys), raw, "depth.reason.budget", fallback, BUDGET_RULE)
        )
    count, depth, width, steps = (values[f.key] for f in (COUNT, DEPTH, WIDTH, STEPS))
    fits = MAX_TRAIN_WORK // train_work(count, 1, depth, width) // STEPS.step * STEPS.step
    if steps > fits >= STEPS.low:  # when even the fewest steps don't fit, the state is not trainable
        values[STEPS.key] = fits
        problems.append(Problem((STEPS.key,), str(steps), "depth.reason.train_budget", str(fits), TRAIN_RULE))
    return problems


BUDGET_RULE = f"count × depth × batch × width² ≤ {MAX_WORK:.0e}".replace("e+0", "e")
TRAIN_RULE = f"count × steps × depth × width² ≤ {MAX_TRAIN_WORK:.0e}".replace("e+0", "e")
