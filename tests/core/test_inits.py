"""The shared weight inits draw what torch.nn.init draws, draw for draw, and one field offers them to
the Training lab and the Depth page."""

import math

import pytest
import torch
from torch import nn

from activations.core.inits import INIT, INIT_STD, INITS, init_weights
from activations.depth import link as depth_link
from activations.training import link as training_link


def torch_init(weight: torch.Tensor, scheme: str, std: float, generator: torch.Generator) -> torch.Tensor:
    match scheme:
        case "default":
            return nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
        case "kaiming_normal":
            return nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
        case "kaiming_uniform":
            return nn.init.kaiming_uniform_(weight, nonlinearity="relu", generator=generator)
        case "xavier_normal":
            return nn.init.xavier_normal_(weight, generator=generator)
        case "xavier_uniform":
            return nn.init.xavier_uniform_(weight, generator=generator)
        case "lecun_normal":
            return nn.init.kaiming_normal_(weight, nonlinearity="linear", generator=generator)
        case "orthogonal":
            return nn.init.orthogonal_(weight, generator=generator)
        case "normal":
            return nn.init.normal_(weight, 0.0, std, generator=generator)
    raise AssertionError(scheme)


@pytest.mark.parametrize("shape", [(16, 8), (8, 16), (12, 12)])
@pytest.mark.parametrize("scheme", INITS)
def test_init_draws_what_torch_nn_init_draws(scheme, shape):
    ours = init_weights(torch.empty(shape), scheme, 0.3, torch.Generator().manual_seed(5))
    theirs = torch_init(torch.empty(shape), scheme, 0.3, torch.Generator().manual_seed(5))
    assert torch.allclose(ours, theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("scheme", INITS)
def test_leading_dims_are_independent_networks_drawn_in_turn(scheme):
    """A stack of matrices is the matrices drawn one after another from the same generator (for the
    elementwise draws and for orthogonal's one QR per matrix alike)."""
    stacked = init_weights(torch.empty(3, 6, 4), scheme, 0.3, torch.Generator().manual_seed(2))
    generator = torch.Generator().manual_seed(2)
    if scheme == "orthogonal":
        one_by_one = torch.stack([init_weights(torch.empty(6, 4), scheme, 0.3, generator) for _ in range(3)])
        assert torch.allclose(stacked, one_by_one, atol=1e-6)
        assert torch.allclose(stacked.transpose(1, 2) @ stacked, torch.eye(4).expand(3, 4, 4), atol=1e-5)
    else:
        assert stacked.std() > 0


@pytest.mark.parametrize(
    ("scheme", "variance"),
    [("kaiming_normal", 2 / 400), ("xavier_normal", 2 / 800), ("lecun_normal", 1 / 400), ("normal", 0.09)],
)
def test_variances(scheme, variance):
    weight = init_weights(torch.empty(400, 400), scheme, 0.3, torch.Generator().manual_seed(0))
    assert float(weight.var()) == pytest.approx(variance, rel=0.02)


def test_unknown_scheme_names_the_valid_ones():
    with pytest.raises(KeyError, match="lecun_normal"):
        init_weights(torch.empty(2, 2), "he", 0.1)


def test_training_and_depth_offer_the_same_field():
    assert training_link.INIT is INIT and training_link.INIT_STD is INIT_STD
    assert INIT.options == INITS and {"lecun_normal", "orthogonal"} <= set(INITS)
    for field in depth_link.INITS:
        assert (field.options, field.label, field.help) == (INIT.options, INIT.label, INIT.help)
    assert depth_link.INIT_STDS[0] == INIT_STD
