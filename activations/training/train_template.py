#!/usr/bin/env python3
"""Train one network of Activation Explorer's Training lab with torch.nn and torch.optim.

RUN below says which network, data and optimizer; LINK is the lab's link that shows the same run.
Needs only torch: the data, the nn.Sequential model, its initialisation and the torch.optim
optimizer are all built below. Usage:

    python train.py [--steps N] [--every K] [--json] [--device cpu]

It prints the loss, accuracies and dead / saturated units per hidden layer, measured on the full
training set, every K steps and at the end. A unit is dead when its activation's derivative is
exactly 0 on every training point (it gets no gradient, its weights freeze), saturated when
0 < |f'| < SATURATION on every point.

The data, initial weights, batches (and RReLU's random slopes) are the lab's, draw for draw. The lab
computes the same steps with its own kernels (a hand-written backward, a fused Adam), so its numbers
and these differ by float32 rounding: about 1e-6 relative after a few hundred steps, more when
the loss jumps around chaotically.
"""

# --- template: this block is left out of the exported script ---
# This file is the template of the script that the Training lab exports
# (activations/training/train_script.py): as it stands it trains the lab's default run. The export
# writes the run's values into the settings block and copies the lab's own code in place of the
# imports from activations, so that the script needs only torch.
# --- end of template ---

from __future__ import annotations

import argparse
import itertools
import json
import math

import torch
import torch.nn.functional as F
from torch import nn

# --- settings: the exporter writes each value ---
RUN = "ReLU network [8, 8] on moons (500 points, noise 0.1), adam at lr 0.01."
LINK = "/training"  # the Training lab's link to the same run
DATASET = "moons"  # moons, circles, xor, spiral, blobs or spiral3; "upload": ROWS below
POINTS = 500  # ignored for your own data: every row is used
NOISE = 0.1  # standard deviation of Gaussian noise on both coordinates (not for your own data)
TEST_FRAC = 0.2  # share of the points held out for testing
SEED = 0  # every random draw below derives from it
CLASSES = 2
HIDDEN = [8, 8]  # units per hidden layer
ACTIVATION = "ReLU"  # the torch.nn module between the layers: nn.<ACTIVATION>(**ACTIVATION_ARGS)
ACTIVATION_ARGS = {}
INIT = "default"  # default, kaiming_normal/uniform, xavier_normal/uniform, lecun_normal, orthogonal or normal
INIT_STD = 0.1  # for INIT = "normal"
BIAS_INIT = 0.0  # every hidden bias starts here; the output bias at 0
OPTIMIZER = "adam"  # sgd, momentum or adam
LR = 0.01
BATCH = 32  # >= training points: full batch
L2 = 0.0  # weight_decay on every weight and bias (not on PReLU's slopes)
DEFAULT_STEPS = 1000
# Your own data (DATASET = "upload"): the rows (x1, x2, label) as read, and the classes' labels in
# the lab's order: whole-number labels ascending, names as they first appear.
ROWS = []
LABELS = []
# --- end of settings ---

# --- the lab's own code: the exporter copies each name's source here, with what it uses ---
from activations.core.inits import init_weights  # noqa: E402
from activations.training.data import _MAKERS, _sizes, derive_seed  # noqa: E402
from activations.training.dead import SATURATION  # noqa: E402
from activations.training.optim import ADAM_BETAS, ADAM_EPS, MOMENTUM  # noqa: E402

# --- end of the lab's own code ---


# The data
def make_points():
    """The points, shuffled (float32, (n, 2)), and their labels (int64): your ROWS centred on their
    mean and divided by their largest absolute coordinate, labels numbered in the order of LABELS;
    or POINTS points of DATASET drawn by the lab's own code, with NOISE."""
    gen = torch.Generator().manual_seed(derive_seed(SEED, 0))
    if DATASET == "upload":
        x = torch.tensor([(x1, x2) for x1, x2, _ in ROWS], dtype=torch.float64)
        x = x - x.mean(dim=0)
        x = (x / x.abs().max().clamp_min(1e-12)).float()
        y = torch.tensor([LABELS.index(label) for _, _, label in ROWS], dtype=torch.int64)
    else:
        parts = _MAKERS[DATASET](_sizes(POINTS, CLASSES), gen)
        x = torch.cat(parts).float()
        y = torch.cat([torch.full((len(part),), k, dtype=torch.int64) for k, part in enumerate(parts)])
        if NOISE > 0:
            x = x + NOISE * torch.randn(x.shape, generator=gen)
    order = torch.randperm(len(x), generator=gen)
    return x[order].contiguous(), y[order].contiguous()


def split(x, y):
    """The first points for training, the last TEST_FRAC for testing (at least one of each)."""
    n_test = min(max(round(len(x) * TEST_FRAC), 1), len(x) - 1)
    n_train = len(x) - n_test
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


# The model
def build_model():
    """2 inputs, the hidden layers with their activation, and the outputs: one logit for two classes
    (sigmoid, binary cross-entropy), one per class for more (softmax, cross-entropy)."""
    sizes = [2, *HIDDEN, 1 if CLASSES == 2 else CLASSES]
    layers = []
    for index, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(HIDDEN):
            layers.append(getattr(nn, ACTIVATION)(**ACTIVATION_ARGS))
    return nn.Sequential(*layers)


@torch.no_grad()
def initialise(model):
    """Every weight by INIT (torch.nn.init's formulas), drawn layer by layer from one seeded
    generator; every hidden bias at BIAS_INIT, the output bias at 0."""
    generator = torch.Generator().manual_seed(derive_seed(SEED, 1))
    linears = [module for module in model if isinstance(module, nn.Linear)]
    for linear in linears:
        init_weights(linear.weight, INIT, INIT_STD, generator)
        linear.bias.fill_(BIAS_INIT)
    linears[-1].bias.zero_()


def make_optimizer(model):
    """OPTIMIZER at LR, with weight decay L2 on the weights and biases (not on PReLU's slopes)."""
    decayed = [p for m in model if isinstance(m, nn.Linear) for p in m.parameters()]
    slopes = [p for m in model if not isinstance(m, nn.Linear) for p in m.parameters()]  # PReLU
    groups = [{"params": decayed, "weight_decay": L2}]
    if slopes:
        groups.append({"params": slopes, "weight_decay": 0.0})
    if OPTIMIZER == "sgd":
        return torch.optim.SGD(groups, lr=LR)
    if OPTIMIZER == "momentum":
        return torch.optim.SGD(groups, lr=LR, momentum=MOMENTUM)
    return torch.optim.Adam(groups, lr=LR, betas=ADAM_BETAS, eps=ADAM_EPS)


def loss_of(logits, labels):
    if CLASSES == 2:
        return F.binary_cross_entropy_with_logits(logits.squeeze(1), labels.float())
    return F.cross_entropy(logits, labels)


def predicted(logits):
    return (logits.squeeze(1) > 0).long() if CLASSES == 2 else logits.argmax(1)


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
        saturated.append(int(((slope.abs() < SATURATION) & ~is_dead.unsqueeze(0)).all(0).sum()))
        h = out.detach()
    with torch.no_grad():
        results = {}
        for name, logits, labels in (("", h, y_train), ("test_", model(x_test), y_test)):
            results[name + "loss"] = float(loss_of(logits, labels))
            results[(name or "train_") + "acc"] = float((predicted(logits) == labels).float().mean())
        if not all(bool(torch.isfinite(p).all()) for p in model.parameters()):
            results["loss"] = results["test_loss"] = math.nan
    model.train()
    return {**results, "dead": dead, "saturated": saturated}


def _short(value):
    return float(f"{value:.6g}") if math.isfinite(value) else None


def report(step, epoch, measured, as_json):
    finite = math.isfinite(measured["loss"]) and math.isfinite(measured["test_loss"])
    if as_json:  # the lines of `python -m activations train`
        line = {"step": step, "epoch": _short(epoch)}
        line |= {key: _short(measured[key]) for key in ("loss", "test_loss", "train_acc", "test_acc")}
        line |= {"dead": measured["dead"], "saturated": measured["saturated"]}
        if not finite:
            line["diverged"] = True
        print(json.dumps(line), flush=True)
    else:
        print(
            f"step {step:>7}  epoch {epoch:8.2f}  loss {measured['loss']:.6g}  "
            f"test_loss {measured['test_loss']:.6g}  train_acc {measured['train_acc']:.3f}  "
            f"test_acc {measured['test_acc']:.3f}  dead {measured['dead']}  "
            f"saturated {measured['saturated']}",
            flush=True,
        )
    return finite


def main():
    parser = argparse.ArgumentParser(description=RUN)
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
    torch.manual_seed(derive_seed(SEED, 3))  # RReLU's random slopes: the only use of the global RNG
    shuffle = torch.Generator().manual_seed(derive_seed(SEED, 2))  # the order of the batches
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
        print(
            f"final loss {measured['loss']:.6g} after {step} steps; dead units per hidden layer "
            f"{measured['dead']}"
        )


if __name__ == "__main__":
    main()
