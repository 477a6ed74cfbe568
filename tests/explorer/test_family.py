"""The chart's data: the grid, the blocks, and that what the browser receives is PyTorch's numbers."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from activations.core.registry import NAMES, get
from activations.explorer import chart, family, link
from activations.explorer.payload import gradient_float32, pack, unpack


def torch_reference(fn, x: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """f from torch.nn.functional and f' from autograd, in float64, written out here on purpose."""
    leaf = x.clone().requires_grad_(True)
    y = fn(leaf)
    y.sum().backward()
    return y.detach().numpy(), leaf.grad.numpy()


def received(query: dict) -> list:
    """The blocks the component receives for a link, decoded from the bytes it is sent."""
    values, problems = link.check(query)
    assert problems == []
    data, _ = chart.message(values, "en", seq=1, answered=0, sent=set())
    return unpack(data)[1]


def test_grid_is_a_decimal_lattice_with_zero():
    x = family.chart_grid(-6.0, 6.0).numpy()
    assert len(x) == 1201 and x[0] == -6.0 and x[-1] == 6.0 and 0.0 in x
    assert x[723] == float("1.23")  # k / D is the decimal itself, so a probe lands on a point
    odd = family.chart_grid(-3.337, 2.0).numpy()
    assert odd[0] == -3.337 and odd[1] == -3.335 and np.all(np.diff(odd) > 0)
    wide = family.chart_grid(-50.0, 50.0).numpy()
    assert len(wide) == 1001 and family.lattice(-50.0, 50.0) == 10


@pytest.mark.parametrize(
    ("query", "reference"),
    [
        ({"act": ["leaky_relu"]}, lambda v: lambda x: F.leaky_relu(x, v)),
        ({"act": ["elu"], "xmin": ["-3"], "xmax": ["2"]}, lambda v: lambda x: F.elu(x, alpha=v)),
        ({"act": ["celu"]}, lambda v: lambda x: F.celu(x, alpha=v)),
        ({"act": ["softshrink"]}, lambda v: lambda x: F.softshrink(x, lambd=v)),
        ({"act": ["gelu"]}, lambda v: lambda x: F.gelu(x, approximate=v)),
    ],
)
def test_component_receives_torch_functional_and_autograd(query, reference):
    _, family_block = received(query)
    meta, x, f, df = family_block
    assert meta["kind"] == "family" and f.dtype == np.float32
    for row, value in enumerate(meta["values"]):
        expected_f, expected_df = torch_reference(reference(value), torch.from_numpy(x.copy()))
        np.testing.assert_array_equal(f[row], expected_f.astype(np.float32))
        np.testing.assert_array_equal(df[row], gradient_float32(expected_df))


def test_softplus_family_with_the_other_parameter_fixed():
    *_, threshold_block = received({"act": ["softplus"], "beta": ["2"], "threshold": ["30"]})
    meta, x, f, df = threshold_block
    assert meta["param"] == "threshold" and meta["fixed"] == {"beta": 2.0}
    assert meta["values"] == [float(t) for t in range(1, 51)]
    row = meta["values"].index(30.0)
    softplus = lambda t: F.softplus(t, beta=2.0, threshold=30.0)  # noqa: E731
    expected_f, expected_df = torch_reference(softplus, torch.tensor(x))
    np.testing.assert_array_equal(f[row], expected_f.astype(np.float32))
    np.testing.assert_array_equal(df[row], gradient_float32(expected_df))


def test_defaults_block_holds_every_activation_at_its_defaults():
    ((meta, x, f, df),) = received({})
    assert meta["acts"] == list(NAMES) and f.shape == (len(NAMES), 1201)
    for row, name in enumerate(NAMES):
        spec = get(name)
        expected_f, expected_df = torch_reference(lambda t, spec=spec: spec(t), torch.tensor(x))
        np.testing.assert_array_equal(f[row], expected_f.astype(np.float32), err_msg=name)
        np.testing.assert_array_equal(df[row], gradient_float32(expected_df), err_msg=name)


def test_families_keep_ordered_pairs_ordered_and_include_a_value_between_steps():
    _, lower, upper = received({"act": ["rrelu"], "upper": ["0.3"]})
    assert max(lower[0]["values"]) < 0.3 and min(upper[0]["values"]) > 0.125
    _, family_block = received({"act": ["leaky_relu"], "negative_slope": ["0.123"]})
    assert 0.123 in family_block[0]["values"] and 0.12 in family_block[0]["values"]


def test_gradient_zeros_mean_the_same_in_float32():
    df = np.array([0.0, 1e-50, -1e-60, 0.5])
    assert list(gradient_float32(df) != 0) == [False, True, True, True]
    assert gradient_float32(df)[2] < 0


def test_blocks_are_sent_once_per_session_unless_asked_again():
    values, _ = link.check({"act": ["hardtanh"]})
    first, ids = chart.message(values, "en", 1, 0, sent=set())
    again, none = chart.message(values, "en", 1, 0, sent=ids)
    resent, same = chart.message(values, "en", 1, 0, sent=ids, resend=True)
    assert len(ids) == 3 and none == set() and same == ids
    assert len(again) < 20_000 < len(first) == len(resent)


def test_payload_round_trip():
    block = family.Block({"kind": "defaults", "acts": ["a"], "xmin": 0.0, "xmax": 1.0},
                         np.array([0.0, 1.0]), np.array([[1.0, 2.0]]), np.array([[0.0, 3.0]]))  # fmt: skip
    header, [(meta, x, f, df)] = unpack(pack({"seq": 7}, [block]))
    assert header["seq"] == 7 and meta["offset"] % 8 == 0
    assert list(x) == [0.0, 1.0] and f.tolist() == [[1.0, 2.0]] and df.tolist() == [[0.0, 3.0]]


def test_main_curve_is_the_chart_grid_curve():
    values, _ = link.check({"act": ["elu"], "alpha": ["2"], "xmin": ["-2"], "xmax": ["1"]})
    x, f, df = family.main_curve(values)
    expected_f, expected_df = torch_reference(lambda t: F.elu(t, alpha=2.0), torch.tensor(x))
    assert len(x) == 601 and np.array_equal(f, expected_f) and np.array_equal(df, expected_df)
