"""The training loop: forward, hand-written backward and an optimizer step, a few dozen µs each.

Why it is fast: no autograd graph (each layer's backward is two matrix products and the
activation's own backward kernel, see :mod:`~activations.training.units`), gradients written straight
into one flat tensor, one fused optimizer op on it, the batch as a slice of a tensor shuffled once
per epoch, and nothing read back to Python per step. Losses, accuracies and dead units are computed
only when asked (:meth:`Trainer.snapshot`), on the full training and test sets without gradients.

The gradients are the ones autograd gives for ``BCEWithLogits`` (two classes) or ``CrossEntropy``
(more) on the same network; a test checks them against ``torch.autograd`` for every activation.
Runs are deterministic on the CPU: shuffling draws from its own seeded generator, and how the steps
are split into calls (``step(100)`` twice or ``step(200)``) doesn't change the result.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from activations.training.data import Dataset, derive_seed
from activations.training.dead import UnitStates, unit_states
from activations.training.model import Architecture, Network
from activations.training.optim import FlatOptimizer


@dataclass(frozen=True)
class Recipe:
    """How to train: optimizer, learning rate, batch size (>= training points: full batch), L2."""

    optimizer: str = "adam"
    lr: float = 0.01
    batch: int = 32
    l2: float = 0.0


@dataclass(frozen=True)
class Snapshot:
    """The state of a run after ``step`` optimizer steps, measured on the full sets."""

    step: int
    epoch: float
    train_loss: float
    test_loss: float
    train_acc: float
    test_acc: float
    units: UnitStates

    @property
    def finite(self) -> bool:
        return math.isfinite(self.train_loss) and math.isfinite(self.test_loss)


class Trainer:
    """One network training on one data set. ``step(n)``, ``run_for(seconds)``, ``snapshot()``."""

    def __init__(
        self, data: Dataset, arch: Architecture, recipe: Recipe, seed: int = 0, device: str = "cpu"
    ) -> None:
        if arch.classes != data.classes:
            raise ValueError(f"the network has {arch.classes} classes, the data {data.classes}")
        self.data, self.arch, self.recipe = data, arch, recipe
        self.device = torch.device(device)
        self.network = network = Network(arch, seed, device)
        self.optimizer = FlatOptimizer(
            recipe.optimizer, network.flat, network.grad, recipe.lr, recipe.l2, network.n_decayed
        )
        self.x_train = data.x_train.to(self.device)
        self.x_test = data.x_test.to(self.device)
        self.y_train = data.y_train.to(self.device)
        self.y_test = data.y_test.to(self.device)
        self.targets = self._targets(self.y_train)
        self.n_train = len(self.x_train)
        self.batch = min(recipe.batch, self.n_train)
        self.full_batch = self.batch >= self.n_train
        self.steps_per_epoch = math.ceil(self.n_train / self.batch)
        self.steps = 0
        self._shuffle_gen = torch.Generator().manual_seed(derive_seed(seed, 2))
        self._xs, self._ys = self.x_train, self.targets
        self._position = self.n_train  # start a new epoch on the first step
        self._sync = self.device.type != "cpu"
        self._output = torch.sigmoid if arch.classes == 2 else (lambda logits: torch.softmax(logits, 1))
        self._layers = list(
            zip(
                self.network.transposed,
                self.network.biases,
                self.network.units,
                self.network.weight_grads,
                self.network.bias_grads,
                self.network.weights,
                strict=False,
            )
        )
        self._head = (
            self.network.transposed[-1],
            self.network.biases[-1],
            self.network.weight_grads[-1],
            self.network.bias_grads[-1],
            self.network.weights[-1],
        )

    def _targets(self, labels: torch.Tensor) -> torch.Tensor:
        """What the output is compared with: the label as a float (two classes) or one-hot."""
        if self.arch.classes == 2:
            return labels.float().unsqueeze(1)
        return F.one_hot(labels, self.arch.classes).float()

    @property
    def epoch(self) -> float:
        return self.steps / self.steps_per_epoch

    def _next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self.full_batch:
            return self.x_train, self.targets
        if self._position >= self.n_train:
            order = torch.randperm(self.n_train, generator=self._shuffle_gen).to(self.device)
            self._xs, self._ys = self.x_train[order], self.targets[order]
            self._position = 0
        start = self._position
        self._position = min(start + self.batch, self.n_train)
        return self._xs[start : self._position], self._ys[start : self._position]

    def _one_step(self) -> None:
        xb, yb = self._next_batch()
        inputs, pre, post = [], [], []
        h = xb
        for weight_t, bias, unit, *_ in self._layers:
            z = torch.addmm(bias, h, weight_t)
            inputs.append(h)
            pre.append(z)
            h = unit.forward(z, True)
            post.append(h)
        weight_t, bias, weight_grad, bias_grad, weight = self._head
        grad = self._output(torch.addmm(bias, h, weight_t)).sub_(yb).div_(len(xb))
        torch.mm(grad.t(), h, out=weight_grad)
        torch.sum(grad, 0, out=bias_grad)
        grad = grad.mm(weight)
        for layer in range(len(self._layers) - 1, -1, -1):
            _, _, unit, weight_grad, bias_grad, weight = self._layers[layer]
            grad = unit.backward(grad, pre[layer], post[layer])
            torch.mm(grad.t(), inputs[layer], out=weight_grad)
            torch.sum(grad, 0, out=bias_grad)
            if layer:
                grad = grad.mm(weight)
        self.optimizer.step()
        self.steps += 1

    def step(self, n: int = 1) -> int:
        """Run ``n`` optimizer steps; returns ``n``."""
        for _ in range(n):
            self._one_step()
        if self._sync:
            _synchronize(self.device)
        return n

    def run_for(
        self, seconds: float, max_steps: int | None = None, keep_going: Callable[[], bool] | None = None
    ) -> int:
        """Step until ``seconds`` have passed, ``max_steps`` are done or ``keep_going()`` says no;
        returns the steps run (at least one)."""
        deadline = time.perf_counter() + seconds
        done = 0
        check_every = 16 if self._sync else 1  # on a GPU, time only means something after a sync
        while max_steps is None or done < max_steps:
            self._one_step()
            done += 1
            if done % check_every == 0:
                if self._sync:
                    _synchronize(self.device)
                if time.perf_counter() >= deadline or (keep_going is not None and not keep_going()):
                    break
        if self._sync:
            _synchronize(self.device)
        return done

    def _loss_and_accuracy(self, logits: torch.Tensor, labels: torch.Tensor) -> tuple[float, float]:
        if self.arch.classes == 2:
            logit = logits.squeeze(1)
            loss = F.binary_cross_entropy_with_logits(logit, labels.float())
            correct = (logit > 0).long() == labels
        else:
            loss = F.cross_entropy(logits, labels)
            correct = logits.argmax(1) == labels
        return float(loss), float(correct.float().mean())

    @torch.no_grad()
    def snapshot(self) -> Snapshot:
        """Losses, accuracies and dead/saturated units now, on the full training and test sets."""
        zs, hs, logits = self.network.forward(self.x_train)
        train_loss, train_acc = self._loss_and_accuracy(logits, self.y_train)
        test_loss, test_acc = self._loss_and_accuracy(self.network.forward(self.x_test)[2], self.y_test)
        if not bool(torch.isfinite(self.network.flat).all()):
            train_loss = test_loss = math.nan
        states = unit_states(self.network.units, zs, hs)
        return Snapshot(self.steps, self.epoch, train_loss, test_loss, train_acc, test_acc, states)

    @torch.no_grad()
    def probabilities(self, extent: float, size: int = 48) -> np.ndarray:
        """Class probabilities at the centres of ``size`` x ``size`` cells tiling [-extent, extent]²:
        an array (classes, size, size) whose row i is the i-th cell from the bottom (y), column j
        the j-th from the left (x)."""
        axis = ((torch.arange(size, device=self.device) + 0.5) / size * 2 - 1) * extent
        grid_y, grid_x = torch.meshgrid(axis, axis, indexing="ij")
        logits = self.network.forward(torch.stack([grid_x.flatten(), grid_y.flatten()], 1))[2]
        if self.arch.classes == 2:
            positive = torch.sigmoid(logits.squeeze(1))
            probs = torch.stack([1 - positive, positive])
        else:
            probs = torch.softmax(logits, 1).t()
        return probs.reshape(-1, size, size).cpu().numpy()


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()
