"""Hidden units: forward and backward from torch's own kernels equal autograd, bit for bit."""

import pytest
import torch
import torch.nn.functional as F

from activations.core.registry import NAMES, get
from activations.training.units import AutogradUnit, Unit, make_unit

# kinks and edges of every activation at its defaults, and far-out points
POINTS = torch.cat(
    [
        torch.linspace(-12, 12, 961),
        torch.tensor([0.0, -0.5, 0.5, 1.0, -1.0, 6.0, -3.0, 3.0, 20.0, -20.0, 1e-8, -1e-8]),
    ]
)
Z = POINTS.reshape(-1, 1).repeat(1, 3)
GRAD = torch.randn(Z.shape, generator=torch.Generator().manual_seed(0))
ODD_PARAMS = {
    "leaky_relu": {"negative_slope": 0.2},
    "elu": {"alpha": 0.5},
    "celu": {"alpha": 2.0},
    "gelu": {"approximate": "tanh"},
    "softplus": {"beta": 2.0, "threshold": 5.0},
    "hardtanh": {"min_val": -0.5, "max_val": 2.0},
    "softshrink": {"lambd": 1.5},
    "hardshrink": {"lambd": 0.25},
    "threshold": {"threshold": -1.0, "value": 2.0},
}


def autograd(
    name: str, params: dict, z: torch.Tensor, grad: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    leaf = z.clone().requires_grad_(True)
    out = get(name)(leaf, **params)
    (result,) = torch.autograd.grad(out, leaf, grad)
    return out.detach(), result


@pytest.mark.parametrize("name", [n for n in NAMES if n not in ("prelu", "rrelu")])
@pytest.mark.parametrize("odd", [False, True])
def test_forward_backward_and_derivative_equal_autograd(name, odd):
    params = ODD_PARAMS.get(name, {}) if odd else {}
    unit = make_unit(name, params)
    h = unit.forward(Z, train=True)
    expected_h, expected_grad = autograd(name, params, Z, GRAD)
    assert torch.equal(h, expected_h)
    assert torch.equal(unit.backward(GRAD, Z, h), expected_grad)
    assert torch.equal(unit.derivative(Z, h), autograd(name, params, Z, torch.ones_like(Z))[1])


def test_only_three_activations_fall_back_to_autograd():
    fallback = {name for name in NAMES if isinstance(make_unit(name), AutogradUnit)}
    assert fallback == {"softsign", "logsigmoid", "tanhshrink"}
    assert type(make_unit("relu")) is Unit


def test_prelu_learns_its_slope_like_nn_prelu():
    slope = torch.tensor([0.3], requires_grad=True)
    leaf = Z.clone().requires_grad_(True)
    expected_z, expected_slope = torch.autograd.grad(F.prelu(leaf, slope), (leaf, slope), GRAD)
    slope_grad = torch.zeros(1)
    unit = make_unit("prelu", slope=slope.detach().clone(), slope_grad=slope_grad)
    h = unit.forward(Z, train=True)
    assert torch.equal(h, F.prelu(Z, slope.detach()))
    assert torch.equal(unit.backward(GRAD, Z, h), expected_z)
    assert torch.allclose(slope_grad, expected_slope, rtol=1e-5)


def test_rrelu_draws_slopes_in_training_and_uses_the_mean_in_eval():
    generator = torch.Generator().manual_seed(0)
    unit = make_unit("rrelu", {"lower": 0.1, "upper": 0.3}, generator=generator)
    z = -torch.rand(500, 4) - 0.1  # all negative
    h = unit.forward(z, train=True)
    slopes = h / z
    assert float(slopes.min()) >= 0.1 - 1e-6 and float(slopes.max()) <= 0.3 + 1e-6
    assert float(slopes.std()) > 0.01  # random, per element
    assert torch.allclose(unit.backward(torch.ones_like(z), z, h), slopes)
    assert torch.equal(unit.forward(z), F.leaky_relu(z, 0.2))
    assert torch.allclose(unit.derivative(z, h), torch.full_like(z, 0.2))
