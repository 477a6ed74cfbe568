"""Hidden units: f and f' of every registry activation, for a whole layer at once.

Training builds no autograd graph (see :mod:`~activations.training.loop`): each layer calls its
unit's ``backward(grad, z, h)``, which returns ``grad * f'(z)`` from the very kernel autograd would
call for that activation, the registry spec's ``backward`` (``aten.threshold_backward`` for ReLU,
``aten.tanh_backward`` for tanh, ...), so the numbers are PyTorch's own, including its conventions at
kinks (ReLU'(0) = 0). The few activations without such a kernel (Softsign, LogSigmoid, Tanhshrink)
run autograd on the activation alone. ``derivative(z, h)`` is f'(z) in eval mode, what dead-unit
counting reads.

Two units carry state: PReLU learns its slope (one per layer, like ``nn.PReLU()``), and RReLU draws
a random slope per element in training (``F.rrelu(training=True)``) and uses the mean slope in eval
(the spec's own ``fn`` and ``backward``). PReLU's backward kernel, ``aten._prelu_kernel_backward``, is
private; it is used because it is measurably faster (~7 µs against ~14 µs for a 32 x 16 layer; a
PReLU training step ~30 % faster). Where a torch build lacks it, public elementwise ops compute the
same numbers, bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import torch
import torch.nn.functional as F

from activations.core.registry import get

aten = torch.ops.aten
Tensor = torch.Tensor
Backward = Callable[[Tensor, Tensor, Tensor], Tensor]  # (grad wrt h, z, h) -> grad wrt z


class Unit:
    """One activation with fixed parameters, applied elementwise to a layer's pre-activations z."""

    def __init__(self, name: str, forward: Callable[[Tensor], Tensor], backward: Backward) -> None:
        self.name = name
        self._forward = forward
        self._backward = backward

    def forward(self, z: Tensor, train: bool = False) -> Tensor:
        return self._forward(z)

    def backward(self, grad: Tensor, z: Tensor, h: Tensor) -> Tensor:
        """``grad * f'(z)`` for the last ``forward``; ``h = f(z)``."""
        return self._backward(grad, z, h)

    def derivative(self, z: Tensor, h: Tensor) -> Tensor:
        """f'(z) elementwise, in eval mode."""
        return self._backward(torch.ones_like(z), z, h)


class AutogradUnit(Unit):
    """An activation without a backward kernel of its own: autograd on f alone."""

    def __init__(self, name: str, forward: Callable[[Tensor], Tensor]) -> None:
        super().__init__(name, forward, self._autograd)

    def _autograd(self, grad: Tensor, z: Tensor, h: Tensor) -> Tensor:
        with torch.enable_grad():
            leaf = z.detach().requires_grad_(True)
            (result,) = torch.autograd.grad(self._forward(leaf), leaf, grad)
        return result


def _private_op(name: str) -> Callable[..., object] | None:
    """``aten.<name>``, or None where this torch build doesn't have it."""
    try:
        return getattr(aten, name)
    except (AttributeError, RuntimeError):
        return None


class PReLUUnit(Unit):
    """PReLU with one learned slope ``a`` (a view into the flat parameters) and its gradient."""

    def __init__(self, slope: Tensor, slope_grad: Tensor) -> None:
        super().__init__("prelu", self._prelu, self._prelu_backward)
        self.slope = slope
        self.slope_grad = slope_grad
        self._kernel = _private_op("_prelu_kernel_backward") or self._public_kernel

    def _prelu(self, z: Tensor) -> Tensor:
        return F.prelu(z, self.slope)

    def _public_kernel(self, grad: Tensor, z: Tensor, slope: Tensor) -> tuple[Tensor, Tensor]:
        """What ``aten._prelu_kernel_backward`` returns: grad wrt z, and per element wrt the slope."""
        positive = z > 0
        return torch.where(positive, grad, grad * slope), torch.where(positive, 0.0, z * grad)

    def _prelu_backward(self, grad: Tensor, z: Tensor, h: Tensor) -> Tensor:
        grad_z, grad_slope = self._kernel(grad, z, self.slope)
        torch.sum(grad_slope.reshape(1, -1), dim=1, out=self.slope_grad)
        return grad_z

    def derivative(self, z: Tensor, h: Tensor) -> Tensor:
        return self._kernel(torch.ones_like(z), z, self.slope)[0]


class RReLUUnit(Unit):
    """RReLU: random slopes from U(lower, upper) in training; in eval the spec's ``fn`` and
    ``backward`` (the mean slope)."""

    def __init__(
        self, forward: Callable[[Tensor], Tensor], backward: Backward, lower: float, upper: float,
        generator: torch.Generator | None,
    ) -> None:  # fmt: skip
        super().__init__("rrelu", forward, backward)
        self.lower, self.upper = float(lower), float(upper)
        self.generator = generator
        self._noise: Tensor | None = None

    def forward(self, z: Tensor, train: bool = False) -> Tensor:
        if not train:
            self._noise = None
            return self._forward(z)
        self._noise = torch.empty_like(z)
        return aten.rrelu_with_noise(z, self._noise, self.lower, self.upper, True, self.generator)

    def backward(self, grad: Tensor, z: Tensor, h: Tensor) -> Tensor:
        if self._noise is None:
            return self._backward(grad, z, h)
        return aten.rrelu_with_noise_backward(grad, z, self._noise, self.lower, self.upper, True, False)


def make_unit(
    name: str,
    params: Mapping[str, object] | None = None,
    *,
    slope: Tensor | None = None,
    slope_grad: Tensor | None = None,
    generator: torch.Generator | None = None,
) -> Unit:
    """The unit for registry activation ``name`` with ``params`` (PyTorch's defaults for the rest).

    PReLU needs ``slope`` and ``slope_grad`` (one-element views of the flat parameters and
    gradients); RReLU uses ``generator`` for its training-mode slopes.
    """
    spec = get(name)
    values = {**spec.defaults, **(params or {})}
    if name == "prelu":
        if slope is None or slope_grad is None:
            slope, slope_grad = torch.full((1,), float(values["init"])), torch.zeros(1)
        return PReLUUnit(slope, slope_grad)
    forward = partial(spec.fn, **values) if values else spec.fn
    if spec.backward is None:
        return AutogradUnit(name, forward)
    backward = partial(spec.backward, **values) if values else spec.backward
    if spec.stochastic:
        return RReLUUnit(forward, backward, float(values["lower"]), float(values["upper"]), generator)
    return Unit(name, forward, backward)
