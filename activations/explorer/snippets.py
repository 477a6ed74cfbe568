"""Runnable PyTorch code that reproduces what a page shows, and the in-place demonstration."""

from __future__ import annotations

import torch

from activations.core.registry import ActivationSpec


def call_text(spec: ActivationSpec, params: dict, argument: str = "x", training: bool = False) -> str:
    """The functional call with these parameter values, e.g. ``F.elu(x, alpha=2)``; ``training``
    for a stochastic activation drawn in training mode (``F.rrelu(..., training=True)``)."""
    values = {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in {**spec.defaults, **params}.items()}
    text = spec.call.format(**values).replace("(x", f"({argument}", 1)
    return text.replace("training=False", "training=True") if training and spec.stochastic else text


def chart_code(spec: ActivationSpec, params: dict, xmin: float, xmax: float) -> str:
    """A standalone script (torch and plotly, both dependencies of this app) that draws f and f'
    of ``spec``, gradients from autograd, and saves the chart as an HTML file."""
    return f"""import plotly.graph_objects as go
import torch
import torch.nn.functional as F

x = torch.linspace({xmin:g}, {xmax:g}, 1001, requires_grad=True)
y = {call_text(spec, params)}
y.sum().backward()  # each y[i] depends on x[i] only, so x.grad[i] = f'(x[i])

fig = go.Figure()
fig.add_scatter(x=x.detach().numpy(), y=y.detach().numpy(), name="{spec.label}(x)")
fig.add_scatter(x=x.detach().numpy(), y=x.grad.numpy(), name="{spec.label}'(x)", line_dash="dash")
fig.write_html("{spec.key}.html")  # open it in a browser, or call fig.show() in a notebook
print("wrote {spec.key}.html")
"""


def inplace_demo(spec: ActivationSpec, params: dict) -> tuple[str, str] | None:
    """Code calling the in-place variant and what it prints when run here, or None if there is none.

    The demo really runs: the output shows the input tensor overwritten and the same object returned.
    """
    inplace = spec.inplace_fn
    if inplace is None:
        return None
    given = {k: v for k, v in {**spec.defaults, **params}.items() if k in spec.defaults}
    arguments = "".join(f", {k}={v:g}" if isinstance(v, float) else f", {k}={v!r}" for k, v in given.items())
    x = torch.tensor([-2.0, -0.5, 0.0, 1.5, 3.0])
    before = x.clone()
    y = inplace(x, **given)
    code = f"x = torch.tensor({before.tolist()})\ny = {spec.inplace}(x{arguments})\nprint(x)\nprint(y is x)"
    output = f"{x}\n{y is x}"
    return code, output
