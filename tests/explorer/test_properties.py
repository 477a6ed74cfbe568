"""Computed properties are right for activations whose properties are known by hand."""

import pytest

from activations.explorer.properties import compute


def test_relu():
    p = compute("relu", None, -6, 6)
    assert p.monotonic and p.zero_at_origin and p.continuous
    assert not p.zero_centred and not p.smooth
    assert p.kinks == (0.0,)
    assert p.dead_zone == ((-6.0, 0.0),)
    assert p.saturates_left and not p.saturates_right
    assert p.max_abs_grad == 1.0
    assert (p.output_min, p.output_max) == (0.0, 6.0)


def test_tanh_is_zero_centred_and_saturates_both_sides():
    p = compute("tanh", None, -6, 6)
    assert p.zero_centred and p.saturates_left and p.saturates_right and p.smooth
    assert p.dead_zone == ()
    assert p.max_abs_grad == pytest.approx(1.0)


def test_sigmoid_not_zero_centred_and_gradient_at_most_a_quarter():
    p = compute("sigmoid", None, -6, 6)
    assert not p.zero_centred and not p.zero_at_origin
    assert p.max_abs_grad == pytest.approx(0.25)


def test_elu_smooth_only_when_alpha_is_one():
    assert compute("elu", {"alpha": 1.0}).smooth
    assert compute("elu", {"alpha": 2.0}).kinks == (0.0,)
    assert compute("celu", {"alpha": 2.0}).smooth  # CELU is C1 for every alpha


def test_gelu_and_silu_are_not_monotonic():
    assert not compute("gelu").monotonic
    assert not compute("silu").monotonic


def test_jumps_of_hardshrink_and_threshold():
    assert compute("hardshrink", {"lambd": 0.5}).jumps == (-0.5, 0.5)
    p = compute("threshold", {"threshold": 1.0, "value": 0.0})
    assert not p.continuous and p.jumps == (1.0,)


def test_relu6_and_hardtanh_dead_on_both_sides():
    p = compute("relu6", None, -8, 8)
    assert p.kinks == (0.0, 6.0)
    assert len(p.dead_zone) == 2
    assert compute("hardtanh", None, -6, 6).saturates_right


def test_leaky_relu_never_dead_and_selu_zero_centred():
    assert compute("leaky_relu").dead_zone == ()
    assert compute("selu").zero_centred


def test_single_zero_gradient_point_is_not_a_zone():
    assert compute("tanhshrink").dead_zone == ()
