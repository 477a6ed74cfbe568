"""Dead and saturated units on hand-built networks, activation profiles, and the born-dead experiment."""

import pytest
import torch

from activations.training.born_dead import born_dead
from activations.training.data import make_dataset
from activations.training.dead import describe_zone, profile, unit_states
from activations.training.loop import Recipe, Trainer
from activations.training.model import architecture

DATA = make_dataset("moons", 200, 0.1, 0.2, seed=0)


def hand_built(act: str, params: dict | None = None) -> Trainer:
    """One hidden layer of 4 units on the 2-D inputs (all within |x| < 2):

    unit 0: w = 0, b = -1 (pre-activation -1 everywhere: dead for ReLU),
    unit 1: w = 0, b = +1 (always active), unit 2: w = (1, 0), b = 0 (active on half the points),
    unit 3: w = (-1, -1), b = -10 (always below -6).
    """
    trainer = Trainer(DATA, architecture([4], 2, act, params), Recipe("sgd", 0.1, 1000))
    net = trainer.network
    net.weights[0].copy_(torch.tensor([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [-1.0, -1.0]]))
    net.biases[0].copy_(torch.tensor([-1.0, 1.0, 0.0, -10.0]))
    return trainer


def test_a_unit_forced_dead_by_its_weights_is_counted():
    snap = hand_built("relu").snapshot()
    assert snap.units.dead[0].tolist() == [True, False, False, True]
    assert snap.units.dead_counts == [2] and snap.units.saturated_counts == [0]


def test_dead_units_get_no_gradient_and_never_change():
    trainer = hand_built("relu")
    before = trainer.network.weights[0].clone(), trainer.network.biases[0].clone()
    trainer.step(50)
    assert torch.equal(trainer.network.weights[0][[0, 3]], before[0][[0, 3]])
    assert torch.equal(trainer.network.biases[0][[0, 3]], before[1][[0, 3]])
    assert not torch.equal(trainer.network.weights[0][2], before[0][2])  # the live one learns
    assert trainer.snapshot().units.dead_counts == [2]


@pytest.mark.parametrize("act", ["leaky_relu", "elu", "prelu", "selu", "softplus", "silu"])
def test_activations_that_cannot_die_count_zero(act):
    trainer = hand_built(act)
    assert trainer.snapshot().units.dead_counts == [0]
    trainer.step(50)
    assert trainer.snapshot().units.dead_counts == [0]


def test_elu_far_below_zero_is_saturated_not_dead():
    # unit 3 sits near -10: f' = e^-10 ~ 4.5e-5 < 1e-3, but not 0
    states = hand_built("elu").snapshot().units
    assert states.saturated[0].tolist() == [False, False, False, True]


def test_tanh_saturates_and_rounds_to_dead_in_float32():
    trainer = hand_built("tanh")
    trainer.network.biases[0].copy_(torch.tensor([5.0, 1.0, 0.0, -20.0]))  # tanh'(5) ~ 1.8e-4; tanh'(-20) = 0
    states = trainer.snapshot().units
    assert states.saturated[0].tolist() == [True, False, False, False]
    assert states.dead[0].tolist() == [False, False, False, True]


def test_born_dead_flag():
    trainer = hand_built("relu")
    trainer.network.biases[0].fill_(-10.0)
    assert trainer.snapshot().units.born_dead
    assert not hand_built("relu").snapshot().units.born_dead


def test_unit_states_per_layer_shapes():
    trainer = Trainer(DATA, architecture([5, 3, 2]), Recipe())
    zs, hs, _ = trainer.network.forward(trainer.x_train)
    states = unit_states(trainer.network.units, zs, hs)
    assert [len(mask) for mask in states.dead] == [5, 3, 2]


@pytest.mark.parametrize(
    ("name", "params", "verdict"),
    [
        ("relu", {}, "dies"),
        ("relu6", {}, "dies"),
        ("hardswish", {}, "dies"),
        ("leaky_relu", {}, "never"),
        ("leaky_relu", {"negative_slope": 0.0}, "dies"),
        ("prelu", {}, "never"),
        ("rrelu", {}, "never"),
        ("softsign", {}, "never"),
        ("elu", {}, "underflow"),
        ("selu", {}, "underflow"),
        ("silu", {}, "underflow"),
        ("softplus", {}, "underflow"),
        ("gelu", {}, "far"),  # float32 rounds GELU's f' to exactly 0 below x = -6.16
        ("tanh", {}, "far"),  # and tanh's beyond ±9.01
        ("hardtanh", {}, "dies"),
    ],
)
def test_profile_verdicts(name, params, verdict):
    assert profile(name, params).verdict == verdict


def test_profile_zones_are_described_plainly():
    relu = profile("relu")
    assert relu.reach == 0 and [describe_zone(*zone) for zone in relu.zero] == ["x ≤ 0"]
    assert [describe_zone(*zone) for zone in profile("relu6").zero] == ["x ≤ 0", "x ≥ 6"]
    assert [describe_zone(*zone) for zone in profile("softshrink").zero] == ["-0.5 ≤ x ≤ 0.5"]
    assert profile("leaky_relu").min_abs_grad == pytest.approx(0.01)
    assert profile("tanh").can_saturate and not profile("relu").can_saturate


def test_born_dead_matches_lu_et_al():
    narrow = born_dead(DATA.x_train, 2, 10, 400, init="kaiming_normal", seed=0)
    wide = born_dead(DATA.x_train, 10, 10, 400, init="kaiming_normal", seed=0)
    assert narrow.p_born_dead > 0.7  # "most are born dead"
    assert wide.p_born_dead < 0.02  # "almost never"
    assert 0 < narrow.mean_dead_fraction < 1 and narrow.trials == 400
    assert list(narrow.by_layer) == sorted(narrow.by_layer)  # grows with depth
    assert narrow.by_layer[-1] == narrow.p_born_dead


def test_born_dead_is_reproducible_and_leaky_relu_never_is():
    first = born_dead(DATA.x_train, 3, 8, 100, init="kaiming_normal", seed=5)
    assert first == born_dead(DATA.x_train, 3, 8, 100, init="kaiming_normal", seed=5)
    leaky = born_dead(DATA.x_train, 2, 20, 100, act="leaky_relu", init="kaiming_normal")
    assert leaky.p_born_dead == 0 and leaky.mean_dead_fraction == 0


def test_born_dead_reports_progress_and_allows_50_layers():
    seen = []
    result = born_dead(DATA.x_train, 4, 50, 30, init="kaiming_normal", progress=seen.append)
    assert len(result.by_layer) == 50 and seen[-1] == 1.0
