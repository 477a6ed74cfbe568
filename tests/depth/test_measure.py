"""depth/measure.py against a plain torch.nn network computed here, its overflow handling, its
histogram and its cache."""

import numpy as np
import pytest
import torch
from torch import nn

from activations.core.inits import init_weights
from activations.core.registry import NAMES, get
from activations.depth.measure import BINS, EDGES, STATS, DepthConfig, Shape, measure


def reference(config: DepthConfig, shape: Shape) -> dict[str, np.ndarray]:
    """The same numbers from nn.Linear layers, the module of the activation and autograd."""
    generator = torch.Generator().manual_seed(shape.seed)
    x = torch.randn(shape.batch, shape.width, generator=generator, dtype=torch.float32)
    weights = init_weights(
        torch.empty(shape.depth, shape.width, shape.width), config.init, config.init_std, generator
    )
    readout = torch.randn(shape.batch, shape.width, generator=generator)
    layers = [nn.Linear(shape.width, shape.width, bias=False) for _ in range(shape.depth)]
    module = get(config.act).module(**dict(config.act_params))
    for layer, weight in zip(layers, weights, strict=True):
        layer.weight.data.copy_(weight)
    zs, hs, h = [], [], x
    for layer in layers:
        z = layer(h)
        h = module(z)
        zs.append(z)
        hs.append(h)
    ((h * readout).sum() / shape.batch).backward()
    rows = []
    for z, h, layer in zip(zs, hs, layers, strict=True):
        z64, h64 = z.detach().double(), h.detach().double()
        z_leaf = z.detach().clone().requires_grad_()
        (derivative,) = torch.autograd.grad(module(z_leaf).sum(), z_leaf)
        rows.append([
            z64.std(correction=0).item(), h64.mean().item(), h64.std(correction=0).item(),
            h64.square().mean().sqrt().item(), (derivative == 0).double().mean().item(),
            layer.weight.grad.double().norm().item(),
        ])  # fmt: skip
    return dict(zip(STATS, np.array(rows).T, strict=True))


@pytest.mark.parametrize(
    "config",
    [
        DepthConfig.of("relu", init="kaiming_normal"),
        DepthConfig.of("leaky_relu", {"negative_slope": 0.2}, "xavier_uniform"),
        DepthConfig.of("tanh", init="orthogonal"),
        DepthConfig.of("hardtanh", {"min_val": -0.5, "max_val": 0.5}, "normal", 0.5),
        DepthConfig.of("selu", init="lecun_normal"),
    ],
)
def test_the_numbers_are_torchs(config):
    shape = Shape(depth=6, width=16, batch=32, seed=3)
    ours, theirs = measure(config, shape), reference(config, shape)
    for name in STATS:
        assert np.allclose(getattr(ours, name), theirs[name], rtol=1e-5, atol=1e-9), name
    assert ours.histogram.shape == (6, BINS) and np.all(ours.histogram.sum(axis=1) == 32 * 16)


def test_relu_is_dead_exactly_where_z_is_not_positive():
    result = measure(DepthConfig.of("relu"), Shape(depth=3, width=8, batch=64, seed=1))
    generator = torch.Generator().manual_seed(1)
    x = torch.randn(64, 8, generator=generator)
    weights = init_weights(torch.empty(3, 8, 8), "kaiming_normal", 0.1, generator)
    z = x @ weights[0].t()
    assert result.zero_grad[0] == float((z <= 0).double().mean())


def test_the_histogram_uses_the_documented_edges():
    assert len(EDGES) == BINS + 1 and EDGES[0] == -3 and EDGES[-1] == 3
    result = measure(DepthConfig.of("sigmoid", init="xavier_normal"), Shape(depth=2, width=8, batch=8))
    middle = BINS // 2  # sigmoid's values are in (0, 1): the bins from 0 to 1
    assert (
        result.histogram[:, :middle].sum() == 0
        and result.histogram[:, middle : middle + BINS // 6].sum() == 128
    )


def test_overflow_is_marked_never_shown_as_numbers():
    result = measure(
        DepthConfig.of("relu", init="normal", init_std=10.0), Shape(depth=80, width=64, batch=16)
    )
    at = result.diverged_at
    assert at is not None and 0 < at < 80 and result.overflow[at:].all()
    for name in STATS[:-1]:
        assert np.isnan(getattr(result, name)[at:]).all() and np.isfinite(getattr(result, name)[:at]).all()
    grad = result.grad_norm  # the backward pass explodes too, from the first layers on
    assert np.isnan(grad[0]) and np.array_equal(
        np.isnan(grad) | ~np.isfinite(result.act_rms), result.overflow
    )
    layers = result.layers()
    assert (
        layers["act_rms"][at] is None and layers["act_rms"][0] is not None and layers["grad_norm"][0] is None
    )


def test_cached_and_read_only():
    config, shape = DepthConfig.of("gelu"), Shape(depth=4, width=8, batch=8)
    result = measure(config, shape)
    assert measure(DepthConfig.of("gelu"), Shape(depth=4, width=8, batch=8)) is result
    with pytest.raises(ValueError, match="read-only"):
        result.act_rms[0] = 1.0


def test_configurations_of_one_shape_see_the_same_input():
    shape = Shape(depth=1, width=8, batch=16, seed=5)
    a = measure(DepthConfig.of("relu", init="kaiming_normal"), shape)
    b = measure(DepthConfig.of("relu", init="kaiming_uniform"), shape)
    assert a.preact_std[0] != b.preact_std[0]  # different weights ...
    generator = torch.Generator().manual_seed(5)
    x = torch.randn(16, 8, generator=generator)  # ... on the same input, drawn first
    w = init_weights(torch.empty(1, 8, 8), "kaiming_uniform", 0.1, generator)
    assert b.preact_std[0] == pytest.approx(float((x @ w[0].t()).double().std(correction=0)), rel=1e-6)


@pytest.mark.parametrize("init", ["default", "orthogonal", "lecun_normal"])
def test_every_activation_measures_finite_numbers(init):
    for act in NAMES:
        result = measure(DepthConfig.of(act, init=init), Shape(depth=3, width=4, batch=8, seed=1))
        assert result.diverged_at is None and not result.overflow.any(), act
        assert all(np.isfinite(getattr(result, name)).all() for name in STATS), act
        assert np.all((result.zero_grad >= 0) & (result.zero_grad <= 1)), act
