"""The registry agrees with torch.nn, and autograd gradients agree with finite differences."""

import pytest
import torch
from torch import nn

from activations.core.registry import NAMES, REGISTRY, get
from activations.explorer.curves import curve, probe, value_and_grad
from activations.explorer.properties import compute

X = torch.linspace(-7, 7, 2001, dtype=torch.float64)


def module_for(name: str, params: dict) -> nn.Module:
    """The registry entry's own ``torch.nn`` module, in float64 and eval mode."""
    return get(name).module(**params).double().eval()


def test_every_elementwise_activation_is_registered():
    expected = {
        "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "selu", "celu", "gelu", "silu",
        "mish", "softplus", "softsign", "sigmoid", "hardsigmoid", "tanh", "hardtanh", "hardswish",
        "logsigmoid", "tanhshrink", "softshrink", "hardshrink", "threshold",
    }  # fmt: skip
    assert set(NAMES) == expected


@pytest.mark.parametrize("name", NAMES)
def test_defaults_match_torch_nn_module(name):
    spec = get(name)
    with torch.no_grad():
        expected = module_for(name, dict(spec.defaults))(X)
    torch.testing.assert_close(spec(X), expected)


@pytest.mark.parametrize("name", [n for n in NAMES if get(n).params])
def test_non_default_params_match_torch_nn_module(name):
    spec = get(name)
    params = {}
    for p in spec.params:
        params[p.name] = p.choices[-1] if p.is_choice else p.low + 0.37 * (p.high - p.low)
    for low, high in spec.ordered:
        params[low], params[high] = min(params[low], params[high]) - 0.5, max(params[low], params[high])
    with torch.no_grad():
        expected = module_for(name, params)(X)
    torch.testing.assert_close(spec(X, **params), expected)


@pytest.mark.parametrize("name", NAMES)
def test_autograd_gradient_matches_central_difference_away_from_kinks(name):
    props = compute(name, None, -7, 7)
    h = 1e-6
    x = X.clone()
    _, grad = value_and_grad(name, x)
    spec = get(name)
    numeric = (spec(x + h) - spec(x - h)) / (2 * h)
    away = torch.ones_like(x, dtype=torch.bool)
    for place in props.kinks + props.jumps:
        away &= (x - place).abs() > 0.02
    torch.testing.assert_close(grad[away], numeric[away], atol=1e-6, rtol=1e-5)


def test_pytorch_conventions_at_kinks():
    assert probe("relu", 0.0) == (0.0, 0.0)  # ReLU'(0) = 0
    assert probe("leaky_relu", 0.0, {"negative_slope": 0.2})[1] == pytest.approx(0.2)


def test_curve_includes_zero_and_is_cached():
    c = curve("relu", -3, 3)
    assert 0.0 in c.x
    assert curve("relu", -3, 3) is c


def test_rrelu_eval_uses_mean_slope():
    y = get("rrelu")(torch.tensor([-1.0]), lower=0.1, upper=0.3)
    assert float(y) == pytest.approx(-0.2)


def test_every_spec_has_both_languages_and_formulas():
    for spec in REGISTRY.values():
        assert spec.notes["en"] and spec.notes["ko"]
        assert spec.formula and spec.derivative
        for p in spec.params:
            assert p.is_choice or p.low <= p.default <= p.high


def test_each_module_is_the_torch_nn_class_named_like_the_label():
    assert all(spec.module is getattr(nn, spec.label) for spec in REGISTRY.values())


@pytest.mark.parametrize("name", [n for n in NAMES if get(n).backward is not None])
def test_backward_kernel_equals_autograd_bit_for_bit(name):
    spec = get(name)
    x = torch.cat([torch.linspace(-12, 12, 961), torch.tensor([0.0, 1e-8, -1e-8, 6.0, -3.0, 3.0])])
    grad = torch.randn(x.shape, generator=torch.Generator().manual_seed(0))
    leaf = x.clone().requires_grad_(True)
    y = spec(leaf)
    (expected,) = torch.autograd.grad(y, leaf, grad)
    assert torch.equal(spec.backward(grad, x, y.detach(), **spec.defaults), expected)


def test_only_composites_and_prelu_have_no_backward_kernel():
    without = {name for name in NAMES if get(name).backward is None}
    assert without == {"softsign", "logsigmoid", "tanhshrink", "prelu"}


def test_inplace_fn_is_the_named_torch_callable_and_overwrites_its_input():
    assert get("relu").inplace_fn is torch.relu_ and get("gelu").inplace_fn is None
    x = torch.tensor([-1.0, 2.0])
    assert get("leaky_relu").inplace_fn(x, negative_slope=0.5) is x and x.tolist() == [-0.5, 2.0]
