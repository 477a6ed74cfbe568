"""Runnable PyTorch code that reproduces what a page shows, and the in-place demonstration."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from activations.core.registry import ActivationSpec


def call_text(spec: ActivationSpec, params: dict, argument: str = "x") -> str:
    """The functional call with these parameter values, e.g. ``F.elu(x, alpha=2)``."""
    values = {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in {**spec.defaults, **params}.items()}
    return spec.call.format(**values).replace("(x", f"({argument}", 1)


def chart_code(spec: ActivationSpec, params: dict, xmin: float, xmax: float) -> str:
    """A script that draws f and f' of ``spec`` with matplotlib, gradients from autograd."""
    return f"""import torch
import torch.nn.functional as F
import matplotlib.pyplot as plt

x = torch.linspace({xmin:g}, {xmax:g}, 1001, requires_grad=True)
y = {call_text(spec, params)}
y.sum().backward()  # each y[i] depends on x[i] only, so x.grad[i] = f'(x[i])

plt.plot(x.detach(), y.detach(), label="{spec.label}(x)")
plt.plot(x.detach(), x.grad, "--", label="{spec.label}'(x)")
plt.legend(); plt.grid(True); plt.show()
"""


def resolve(path: str):
    """The torch callable named like ``torch.relu_`` or ``F.leaky_relu_``."""
    namespace, name = path.split(".", 1)
    return getattr({"torch": torch, "F": F}[namespace], name)


def inplace_demo(spec: ActivationSpec, params: dict) -> tuple[str, str] | None:
    """Code calling the in-place variant and what it prints when run here, or None if there is none.

    The demo really runs: the output shows the input tensor overwritten and the same object returned.
    """
    if spec.inplace is None:
        return None
    given = {k: v for k, v in {**spec.defaults, **params}.items() if k in spec.defaults}
    arguments = "".join(f", {k}={v:g}" if isinstance(v, float) else f", {k}={v!r}" for k, v in given.items())
    x = torch.tensor([-2.0, -0.5, 0.0, 1.5, 3.0])
    before = x.clone()
    y = resolve(spec.inplace)(x, **given)
    code = f"x = torch.tensor({before.tolist()})\ny = {spec.inplace}(x{arguments})\nprint(x)\nprint(y is x)"
    output = f"{x}\n{y is x}"
    return code, output
