"""The MLP of the Training lab: hidden layers of a registry activation, all parameters in one tensor.

Every weight, bias and PReLU slope is a view into one flat tensor (and every gradient a view into
a second one), so an optimizer step is a handful of elementwise ops on two tensors however deep the
network is. Weights follow the chosen init scheme (:func:`activations.core.inits.init_weights`), with
the formulas of ``torch.nn.init`` and the same draws from the same generator; every hidden bias
starts at ``bias_init`` and the output bias at 0. The output layer has one logit for two classes
(sigmoid, binary cross-entropy) and one per class for three or more (softmax, cross-entropy).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import torch

from activations.core.inits import init_weights
from activations.training.data import derive_seed
from activations.training.units import Unit, make_unit

INPUTS = 2


@dataclass(frozen=True)
class Architecture:
    """What the network looks like and how it starts."""

    hidden: tuple[int, ...]
    classes: int = 2
    act: str = "relu"
    act_params: tuple[tuple[str, object], ...] = ()
    init: str = "default"
    init_std: float = 0.1
    bias_init: float = 0.0

    @property
    def sizes(self) -> tuple[int, ...]:
        """Units per layer, input and output included: (2, *hidden, outputs)."""
        return (INPUTS, *self.hidden, 1 if self.classes == 2 else self.classes)

    @property
    def learns_slope(self) -> bool:
        return self.act == "prelu"


class Network:
    """Parameters (``flat``) and gradients (``grad``) of an MLP, with per-layer views and units."""

    def __init__(self, arch: Architecture, seed: int, device: str = "cpu") -> None:
        self.arch = arch
        sizes = arch.sizes
        shapes = [shape for a, b in itertools.pairwise(sizes) for shape in ((b, a), (b,))]
        self.n_decayed = sum(math.prod(shape) for shape in shapes)
        n_slopes = len(arch.hidden) if arch.learns_slope else 0
        total = self.n_decayed + n_slopes

        generator = torch.Generator().manual_seed(derive_seed(seed, 1))
        flat = torch.empty(total)
        views = _split(flat, shapes)
        for weight, bias in zip(views[0::2], views[1::2], strict=True):
            init_weights(weight, arch.init, arch.init_std, generator)
            bias.fill_(arch.bias_init)
        views[-1].zero_()  # the output bias
        params = dict(arch.act_params)
        if n_slopes:
            flat[self.n_decayed :] = float(params.get("init", 0.25))

        self.device = torch.device(device)
        self.flat = flat.to(self.device)
        self.grad = torch.zeros_like(self.flat)
        param_views, grad_views = _split(self.flat, shapes), _split(self.grad, shapes)
        self.weights = param_views[0::2]
        self.biases = param_views[1::2]
        self.weight_grads = grad_views[0::2]
        self.bias_grads = grad_views[1::2]
        self.transposed = [w.t() for w in self.weights]

        rrelu_generator = None
        if arch.act == "rrelu":
            rrelu_generator = torch.Generator(device=self.device).manual_seed(derive_seed(seed, 3))
        self.units: list[Unit] = []
        for layer in range(len(arch.hidden)):
            slope = slope_grad = None
            if n_slopes:
                slope = self.flat[self.n_decayed + layer : self.n_decayed + layer + 1]
                slope_grad = self.grad[self.n_decayed + layer : self.n_decayed + layer + 1]
            self.units.append(
                make_unit(arch.act, params, slope=slope, slope_grad=slope_grad, generator=rrelu_generator)
            )

    def forward(self, x: torch.Tensor) -> tuple[list[torch.Tensor], list[torch.Tensor], torch.Tensor]:
        """Eval-mode pre-activations z and activations h of every hidden layer, and the logits."""
        zs, hs = [], []
        h = x
        for weight_t, bias, unit in zip(self.transposed, self.biases, self.units, strict=False):
            z = torch.addmm(bias, h, weight_t)
            h = unit.forward(z)
            zs.append(z)
            hs.append(h)
        return zs, hs, torch.addmm(self.biases[-1], h, self.transposed[-1])

    def layer_weights(self) -> list[torch.Tensor]:
        """Copies of the weight matrices on the CPU, (fan_out, fan_in) each."""
        return [w.detach().to("cpu", copy=True) for w in self.weights]

    def slopes(self) -> list[float]:
        """PReLU's learned slope per hidden layer (empty for other activations)."""
        if not self.arch.learns_slope:
            return []
        return [float(v) for v in self.flat[self.n_decayed :].cpu()]


def _split(flat: torch.Tensor, shapes: Sequence[tuple[int, ...]]) -> list[torch.Tensor]:
    views, offset = [], 0
    for shape in shapes:
        size = math.prod(shape)
        views.append(flat[offset : offset + size].view(shape))
        offset += size
    return views


def architecture(
    hidden: Sequence[int],
    classes: int = 2,
    act: str = "relu",
    act_params: Mapping[str, object] | None = None,
    init: str = "default",
    init_std: float = 0.1,
    bias_init: float = 0.0,
) -> Architecture:
    """An :class:`Architecture` from plain arguments (parameters sorted, so equal configs compare equal)."""
    return Architecture(
        tuple(int(w) for w in hidden),
        classes,
        act,
        tuple(sorted((act_params or {}).items())),
        init,
        float(init_std),
        float(bias_init),
    )
