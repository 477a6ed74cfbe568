"""What a Training lab run can be taken away as: history, configuration, weights and a script.

Pure functions returning text or bytes, used by the page's download buttons and by
``python -m activations export``:

* :func:`history_csv`: the run's history (the records the lab keeps: at most 400, thinned evenly
  over the run), one row per record: ``step``, ``epoch``, ``loss`` (training), ``test_loss``,
  ``train_acc``, ``test_acc``, then ``dead_1`` … and ``saturated_1`` … per hidden layer; in compare
  mode a first column ``run`` (``a``, ``b``);
* :func:`config_json`: the link's keys and values, **all of them** (defaults included) under
  ``values``, and the shareable query string, which leaves defaults out (``query``); with your own
  data, the file's row count, classes and digest (the file itself travels in the script);
* :func:`weights`: the trained parameters as a ``torch.save``'d ``state_dict`` of the
  ``nn.Sequential`` the script builds: ``0.weight``, ``0.bias``, ``2.weight`` … (``1.weight``,
  ``3.weight`` … are PReLU's slopes);
* :func:`training_script`: a standalone PyTorch script (torch only, none of this package) that
  rebuilds the data (the generator's code inlined, or the uploaded rows embedded), the
  ``nn.Sequential`` model, the initialisation and the ``torch.optim`` optimizer, and trains.

How close the script comes to the lab (tested in ``tests/training/test_export.py``): the data, the
initial weights, the batches and RReLU's random slopes are the same draws from the same seeds, bit
for bit. The training steps are the same maths computed by other kernels: autograd and
``torch.optim`` instead of the lab's hand-written backward and its fused Adam kernel. Each step
differs by float32 rounding (~1e-7 relative), which grows slowly with the steps: after a few hundred
steps the losses agree to about 1e-6 relative (the test allows 1e-4) and the dead counts are equal;
a chaotic run (a learning rate that makes the loss jump) can drift further.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import math
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np
import torch

from activations.core.fields import Field
from activations.core.registry import get
from activations.training import data as data_module
from activations.training import link
from activations.training.data import UPLOAD, DataConfig
from activations.training.dead import SATURATION
from activations.training.lab import History, LabConfig, RunConfig
from activations.training.model import Architecture, Network
from activations.training.optim import ADAM_BETAS, ADAM_EPS, MOMENTUM

DEFAULT_STEPS = 1000
RUN_NAMES = "ab"


def stem(config: LabConfig, run: int | None = 0) -> str:
    """What a file holds, for its name: ``training_relu_8-8_moons``; ``run=None`` in compare mode
    names both runs (``training_relu-vs-leaky_relu_moons``)."""
    if run is None and len(config.runs) > 1:
        acts = "-vs-".join(r.arch.act for r in config.runs)
        return f"training_{acts}_{config.data.dataset}"
    arch = config.runs[run or 0].arch
    widths = "-".join(str(w) for w in arch.hidden)
    suffix = f"_{RUN_NAMES[run]}" if run is not None and len(config.runs) > 1 else ""
    return f"training_{arch.act}_{widths}_{config.data.dataset}{suffix}"


def file_name(config: LabConfig, what: str, run: int | None = 0) -> str:
    """``training_relu_8-8_moons_history.csv`` for ``what`` in history, config, weights, script."""
    ending = {
        "history": "history.csv",
        "config": "config.json",
        "weights": "weights.pt",
        "script": "train.py",
    }
    return f"{stem(config, run)}_{ending[what]}"


# --- history -------------------------------------------------------------------------------------


def history_csv(histories: Sequence[History]) -> str:
    """The records of one run (or two, with a ``run`` column) as CSV text."""
    layers = max(len(h.widths) for h in histories)
    named = len(histories) > 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["step", "epoch", "loss", "test_loss", "train_acc", "test_acc"]
    header += [f"dead_{k + 1}" for k in range(layers)] + [f"saturated_{k + 1}" for k in range(layers)]
    writer.writerow((["run"] if named else []) + header)
    for index, history in enumerate(histories):
        series = [history.series(name) for name in History.SERIES]
        dead, saturated = history.per_layer("dead"), history.per_layer("saturated")
        pad = [""] * (layers - len(history.widths))
        for row in range(len(history)):
            step, epoch, *measured = (float(s[row]) for s in series)
            cells = [int(step), _number(epoch), *(_number(v) for v in measured)]
            cells += [int(d) for d in dead[row]] + pad + [int(s) for s in saturated[row]] + pad
            writer.writerow(([RUN_NAMES[index]] if named else []) + cells)
    return out.getvalue()


def _number(value: float) -> str:
    """Shortest text that reads back as the same float; ``nan`` and ``inf`` as such."""
    return repr(float(value)) if math.isfinite(value) else str(float(value))


# --- configuration -------------------------------------------------------------------------------


def link_fields(values: Mapping[str, object]) -> tuple[Field, ...]:
    """Every key of the link that ``values`` (from :func:`~activations.training.link.check`) hold."""
    return link.fields(str(values["act"]), bool(values["compare"]), str(values.get("b_act", "leaky_relu")))


def url_text(value: object) -> str:
    """A value as the link writes it: ``true``, ``500``, ``0.0005`` (never an exponent), ``8,8``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return np.format_float_positional(value, trim="-")
    return str(value)


def query(values: Mapping[str, object]) -> str:
    """The shareable query string of ``values``: only the keys that differ from their default."""
    return "&".join(
        f"{field.key}={url_text(values[field.key])}"
        for field in link_fields(values)
        if field.key in values and values[field.key] != field.default
    )


def config_json(values: Mapping[str, object], data: DataConfig | None = None) -> str:
    """Every key and value of the link (defaults included), the query string (defaults left out)
    and, for your own data, what the file was (``data``: the lab's data configuration)."""
    every = {field.key: values[field.key] for field in link_fields(values) if field.key in values}
    document: dict[str, object] = {"page": "/training", "query": query(values), "values": every}
    if data is not None and data.dataset == UPLOAD:
        upload = data.uploaded()
        document["upload"] = {
            "rows": upload.rows,
            "classes": upload.classes,
            "class_names": list(upload.class_names),
            "sha256_16": upload.digest,
        }
    return json.dumps(document, indent=2) + "\n"


# --- weights -------------------------------------------------------------------------------------


def parameters_state(
    arch: Architecture, weights: Sequence, biases: Sequence, slopes: Sequence[float] = ()
) -> OrderedDict[str, torch.Tensor]:
    """The parameters (tensors or numpy arrays, one per layer; ``slopes``: PReLU's, one per hidden
    layer) named as in the ``nn.Sequential`` of :func:`training_script`, as CPU float32 copies: each
    one its own storage, so a saved file holds only what it names."""
    state: OrderedDict[str, torch.Tensor] = OrderedDict()
    hidden = len(arch.hidden)
    for layer, (weight, bias) in enumerate(zip(weights, biases, strict=True)):
        state[f"{2 * layer}.weight"] = _copy(weight)
        state[f"{2 * layer}.bias"] = _copy(bias)
        if len(slopes) and layer < hidden:
            state[f"{2 * layer + 1}.weight"] = torch.tensor([float(slopes[layer])])
    return state


def _copy(values: object) -> torch.Tensor:
    tensor = values.detach() if isinstance(values, torch.Tensor) else torch.from_numpy(np.asarray(values))
    return tensor.to("cpu", torch.float32, copy=True).contiguous()


def state_dict(network: Network) -> OrderedDict[str, torch.Tensor]:
    """:func:`parameters_state` of a live network."""
    return parameters_state(network.arch, network.weights, network.biases, network.slopes())


def _saved(state: Mapping[str, torch.Tensor]) -> bytes:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def weights(network: Network) -> bytes:
    """:func:`state_dict` as ``torch.save`` writes it (load with ``torch.load(path)``)."""
    return _saved(state_dict(network))


def weights_from_arrays(
    arch: Architecture, weights: Sequence, biases: Sequence, slopes: Sequence[float] = ()
) -> bytes:
    """:func:`parameters_state` as ``torch.save`` writes it (a run seen through its view)."""
    return _saved(parameters_state(arch, weights, biases, slopes))


# --- the standalone script -----------------------------------------------------------------------

_HELPERS = {
    "moons": ("_uniform", "_moons"),
    "circles": ("_uniform", "_ring", "_circles"),
    "xor": ("_uniform", "_xor"),
    "spiral": ("_spiral_arm", "_spiral"),
    "blobs": ("_blobs",),
    "spiral3": ("_spiral3",),
}

_INIT_LINES = {
    "default": (
        "weight.uniform_(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), generator=generator)",
        "nn.Linear's own: U(±1/sqrt(fan_in))",
    ),
    "kaiming_normal": (
        "weight.normal_(0.0, math.sqrt(2.0 / fan_in), generator=generator)",
        "nn.init.kaiming_normal_(weight, nonlinearity='relu')",
    ),
    "kaiming_uniform": (
        "weight.uniform_(-math.sqrt(6.0 / fan_in), math.sqrt(6.0 / fan_in), generator=generator)",
        "nn.init.kaiming_uniform_(weight, nonlinearity='relu')",
    ),
    "xavier_normal": (
        "weight.normal_(0.0, math.sqrt(2.0 / (fan_in + fan_out)), generator=generator)",
        "nn.init.xavier_normal_(weight)",
    ),
    "xavier_uniform": (
        "weight.uniform_(-math.sqrt(6.0 / (fan_in + fan_out)), math.sqrt(6.0 / (fan_in + fan_out)), "
        "generator=generator)",
        "nn.init.xavier_uniform_(weight)",
    ),
    "normal": ("weight.normal_(0.0, INIT_STD, generator=generator)", "nn.init.normal_(weight, 0, INIT_STD)"),
}


@cache
def _source(name: str) -> str:
    return inspect.getsource(getattr(data_module, name)).rstrip() + "\n"


def _generator_code(data: DataConfig) -> str:
    """The data set's generator, as this package runs it, and the points it makes."""
    helpers = "\n\n".join(_source(name) for name in ("derive_seed", "_sizes", *_HELPERS[data.dataset]))
    maker = _HELPERS[data.dataset][-1]
    return f'''{helpers}

def make_points():
    """POINTS shuffled points (float32, (n, 2)) and their labels (int64)."""
    gen = torch.Generator().manual_seed(derive_seed(SEED, 0))
    parts = {maker}(_sizes(POINTS, CLASSES), gen)
    x = torch.cat(parts).float()
    y = torch.cat([torch.full((len(part),), k, dtype=torch.int64) for k, part in enumerate(parts)])
    if NOISE > 0:
        x = x + NOISE * torch.randn(x.shape, generator=gen)
    order = torch.randperm(len(x), generator=gen)
    return x[order].contiguous(), y[order].contiguous()
'''


def _upload_code(data: DataConfig) -> str:
    """The uploaded rows, embedded, and the standardising and shuffling the lab applies to them."""
    upload = data.uploaded()
    rows = upload.source
    lines = []
    for start in range(0, len(rows), 4):
        lines.append(
            "    " + " ".join(f"({x1!r}, {x2!r}, {label!r})," for x1, x2, label in rows[start : start + 4])
        )
    return f'''{_source("derive_seed")}

# Your file, {len(rows)} rows of (x1, x2, label) as read.
ROWS = [
{chr(10).join(lines)}
]
# The classes 0 … k-1 in the lab's order: whole-number labels ascending, names as they first appear.
LABELS = {list(upload.labels)!r}


def make_points():
    """The rows centred on their mean and divided by their largest absolute coordinate (float32),
    labels renumbered 0 … k-1 in the order of LABELS, shuffled with the seed."""
    x = torch.tensor([(x1, x2) for x1, x2, _ in ROWS], dtype=torch.float64)
    x = x - x.mean(dim=0)
    x = (x / x.abs().max().clamp_min(1e-12)).float()
    y = torch.tensor([LABELS.index(label) for _, _, label in ROWS], dtype=torch.int64)
    gen = torch.Generator().manual_seed(derive_seed(SEED, 0))
    order = torch.randperm(len(x), generator=gen)
    return x[order].contiguous(), y[order].contiguous()
'''


def _activation(run: RunConfig) -> str:
    """``nn.LeakyReLU(negative_slope=0.01)``: the registry activation as its ``torch.nn`` module."""
    arch = run.arch
    params = dict(arch.act_params)
    spec = get(arch.act)
    arguments = ", ".join(f"{p.name}={params.get(p.name, p.default)!r}" for p in spec.params)
    return f"nn.{spec.label}({arguments})"


def _optimizer(run: RunConfig) -> str:
    recipe = run.recipe
    match recipe.optimizer:
        case "sgd":
            return "torch.optim.SGD(groups, lr=LR)"
        case "momentum":
            return f"torch.optim.SGD(groups, lr=LR, momentum={MOMENTUM!r})"
    return f"torch.optim.Adam(groups, lr=LR, betas={ADAM_BETAS!r}, eps={ADAM_EPS!r})"


def training_script(
    config: LabConfig, run: int = 0, steps: int = DEFAULT_STEPS, link_query: str | None = None
) -> str:
    """A standalone script that trains run ``run`` of ``config`` with torch.nn and torch.optim.

    ``python train.py`` trains ``steps`` steps (``--steps N`` for others) on the CPU and prints a
    line every tenth of the way and the final loss and dead units; ``--json`` prints the lines of
    ``python -m activations train`` instead.
    """
    data, chosen = config.data, config.runs[run]
    arch, recipe = chosen.arch, chosen.recipe
    init_line, init_note = _INIT_LINES[arch.init]
    uploaded = data.dataset == UPLOAD
    what = (
        f"your own data ({data.uploaded().rows} rows, {data.classes} classes)"
        if uploaded
        else f"{data.dataset} ({data.points} points, noise {data.noise!r})"
    )
    origin = f"/training?{link_query}" if link_query else "/training"
    loss = (
        "F.binary_cross_entropy_with_logits(logits.squeeze(1), labels.float())"
        if arch.classes == 2
        else "F.cross_entropy(logits, labels)"
    )
    correct = (
        "(logits.squeeze(1) > 0).long() == labels" if arch.classes == 2 else "logits.argmax(1) == labels"
    )
    rrelu_seed = (
        "    torch.manual_seed(derive_seed(SEED, 3))  # RReLU's random slopes: the only global RNG use\n"
        if arch.act == "rrelu"
        else ""
    )
    network = f"{get(arch.act).label} network {list(arch.hidden)}"
    title = f"{network} on {what}, {recipe.optimizer} at lr {recipe.lr!r}."
    return f'''#!/usr/bin/env python3
"""{title}

Exported from the Training lab of Activation Explorer ({origin}).
Needs only torch: the data, the nn.Sequential model, its initialisation and the torch.optim
optimizer are all built below. Usage:

    python train.py [--steps N] [--every K] [--json] [--device cpu]

It prints the loss, accuracies and dead / saturated units per hidden layer, measured on the full
training set, every K steps and at the end. A unit is dead when its activation's derivative is
exactly 0 on every training point (it gets no gradient, its weights freeze), saturated when
0 < |f'| < {SATURATION!r} on every point.

The data, initial weights, batches (and RReLU's random slopes) are the lab's, draw for draw. The lab
computes the same steps with its own kernels (a hand-written backward, a fused Adam), so its numbers
and these differ by float32 rounding: about 1e-6 relative after a few hundred steps, more when
the loss jumps around chaotically.
"""

import argparse
import json
import math

import torch
import torch.nn.functional as F
from torch import nn

# The configuration
DATASET = {data.dataset!r}
POINTS = {data.points!r}  # ignored for your own data: every row is used
NOISE = {data.noise!r}  # standard deviation of Gaussian noise on both coordinates (not for your own data)
TEST_FRAC = {data.test_frac!r}  # share of the points held out for testing
SEED = {data.seed!r}  # every random draw below derives from it
CLASSES = {arch.classes!r}
HIDDEN = {list(arch.hidden)!r}  # units per hidden layer
INIT = {arch.init!r}
INIT_STD = {arch.init_std!r}  # for INIT = "normal"
BIAS_INIT = {arch.bias_init!r}  # every hidden bias starts here; the output bias at 0
LR = {recipe.lr!r}
BATCH = {recipe.batch!r}  # >= training points: full batch
L2 = {recipe.l2!r}  # weight_decay on every weight and bias (not on PReLU's slopes)
DEFAULT_STEPS = {steps!r}


# The data
{_upload_code(data) if uploaded else _generator_code(data)}

def split(x, y):
    """The first points for training, the last TEST_FRAC for testing (at least one of each)."""
    n_test = min(max(round(len(x) * TEST_FRAC), 1), len(x) - 1)
    n_train = len(x) - n_test
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


# The model
def activation():
    return {_activation(chosen)}


def build_model():
    """2 inputs, the hidden layers with their activation, {arch.sizes[-1]} output(s): one logit for two
    classes (sigmoid, binary cross-entropy), one per class for more (softmax, cross-entropy)."""
    sizes = [2, *HIDDEN, 1 if CLASSES == 2 else CLASSES]
    layers = []
    for index, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(HIDDEN):
            layers.append(activation())
    return nn.Sequential(*layers)


@torch.no_grad()
def initialise(model):
    """{arch.init}: {init_note}; drawn layer by layer from one seeded generator."""
    generator = torch.Generator().manual_seed(derive_seed(SEED, 1))
    linears = [module for module in model if isinstance(module, nn.Linear)]
    for linear in linears:
        weight = linear.weight
        fan_out, fan_in = weight.shape
        {init_line}
        linear.bias.fill_(BIAS_INIT)
    linears[-1].bias.zero_()


def make_optimizer(model):
    decayed = [p for m in model if isinstance(m, nn.Linear) for p in m.parameters()]
    slopes = [p for m in model if not isinstance(m, nn.Linear) for p in m.parameters()]  # PReLU
    groups = [{{"params": decayed, "weight_decay": L2}}]
    if slopes:
        groups.append({{"params": slopes, "weight_decay": 0.0}})
    return {_optimizer(chosen)}


def loss_of(logits, labels):
    return {loss}


# Measuring: losses, accuracies, dead and saturated units on the full sets, in eval mode
def measure(model, x_train, y_train, x_test, y_test):
    model.eval()
    dead, saturated = [], []
    h = x_train
    for module in model:
        if isinstance(module, nn.Linear):
            h = module(h).detach()
            continue
        z = h.requires_grad_(True)
        out = module(z)
        (slope,) = torch.autograd.grad(out, z, torch.ones_like(out))  # f'(z), elementwise
        is_dead = (slope == 0).all(0)
        dead.append(int(is_dead.sum()))
        saturated.append(int(((slope.abs() < {SATURATION!r}) & ~is_dead.unsqueeze(0)).all(0).sum()))
        h = out.detach()
    with torch.no_grad():
        results = {{}}
        for name, logits, labels in (("", h, y_train), ("test_", model(x_test), y_test)):
            results[name + "loss"] = float(loss_of(logits, labels))
            results[("train_" if not name else name) + "acc"] = float(({correct}).float().mean())
        if not all(bool(torch.isfinite(p).all()) for p in model.parameters()):
            results["loss"] = results["test_loss"] = math.nan
    model.train()
    return {{**results, "dead": dead, "saturated": saturated}}


def report(step, epoch, measured, as_json):
    finite = math.isfinite(measured["loss"]) and math.isfinite(measured["test_loss"])
    if as_json:  # the lines of `python -m activations train`
        short = lambda v: float(f"{{v:.6g}}") if math.isfinite(v) else None  # noqa: E731
        line = {{"step": step, "epoch": short(epoch), "loss": short(measured["loss"]),
                "test_loss": short(measured["test_loss"]), "train_acc": short(measured["train_acc"]),
                "test_acc": short(measured["test_acc"]), "dead": measured["dead"],
                "saturated": measured["saturated"]}}
        if not finite:
            line["diverged"] = True
        print(json.dumps(line), flush=True)
    else:
        print(f"step {{step:>7}}  epoch {{epoch:8.2f}}  loss {{measured['loss']:.6g}}  "
              f"test_loss {{measured['test_loss']:.6g}}  train_acc {{measured['train_acc']:.3f}}  "
              f"test_acc {{measured['test_acc']:.3f}}  dead {{measured['dead']}}  "
              f"saturated {{measured['saturated']}}", flush=True)
    return finite


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS, help="optimizer steps")
    parser.add_argument("--every", type=int, default=None, help="report every K steps (default: steps/10)")
    parser.add_argument("--json", action="store_true", help="JSON lines, like python -m activations train")
    parser.add_argument("--device", default="cpu", help="cpu (reproducible), cuda, mps")
    args = parser.parse_args()
    every = args.every or max(1, args.steps // 10)
    device = torch.device(args.device)

    x, y = make_points()
    x_train, y_train, x_test, y_test = (t.to(device) for t in split(x, y))
    model = build_model()
    initialise(model)
    model.to(device)
    optimizer = make_optimizer(model)
{rrelu_seed}    shuffle = torch.Generator().manual_seed(derive_seed(SEED, 2))  # the order of the batches
    n_train = len(x_train)
    batch = min(BATCH, n_train)
    steps_per_epoch = math.ceil(n_train / batch)
    position, xs, ys = n_train, x_train, y_train

    step = 0
    measured = measure(model, x_train, y_train, x_test, y_test)
    finite = report(0, 0.0, measured, args.json)
    while step < args.steps and finite:
        if batch >= n_train:  # full batch
            xb, yb = x_train, y_train
        else:  # shuffled once per epoch, then consecutive slices (the last one may be shorter)
            if position >= n_train:
                order = torch.randperm(n_train, generator=shuffle).to(device)
                xs, ys, position = x_train[order], y_train[order], 0
            xb, yb = xs[position : position + batch], ys[position : position + batch]
            position = min(position + batch, n_train)
        optimizer.zero_grad()
        loss_of(model(xb), yb).backward()
        optimizer.step()
        step += 1
        if step % every == 0 or step == args.steps:
            measured = measure(model, x_train, y_train, x_test, y_test)
            finite = report(step, step / steps_per_epoch, measured, args.json)
    if not args.json:
        print(f"final loss {{measured['loss']:.6g}} after {{step}} steps; dead units per hidden layer "
              f"{{measured['dead']}}")


if __name__ == "__main__":
    main()
'''
