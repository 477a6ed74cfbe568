"""The shown PyTorch code runs and computes what the chart shows."""

import sys
import types

import numpy as np
import pytest

from activations.core.registry import NAMES, get
from activations.explorer.curves import curve
from activations.explorer.snippets import chart_code, inplace_demo


@pytest.mark.parametrize("name", NAMES)
def test_chart_code_reproduces_the_chart(name, monkeypatch):
    pyplot = types.SimpleNamespace(plot=lambda *a, **k: None, legend=lambda: None,
                                   grid=lambda *a: None, show=lambda: None)  # fmt: skip
    matplotlib = types.ModuleType("matplotlib")
    matplotlib.pyplot = pyplot
    monkeypatch.setitem(sys.modules, "matplotlib", matplotlib)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", pyplot)
    namespace: dict = {}
    exec(chart_code(get(name), {}, -3, 3), namespace)
    expected = curve(name, -3, 3, {})
    np.testing.assert_allclose(namespace["y"].detach().numpy(), np.interp(namespace["x"].detach().numpy(),
                               expected.x, expected.y), atol=1e-2)  # fmt: skip


def test_relu_inplace_demo_mutates_its_input():
    code, output = inplace_demo(get("relu"), {})
    assert "torch.relu_(x)" in code
    assert output.endswith("True") and "0.0000, 0.0000, 0.0000, 1.5000" in output


def test_no_demo_without_inplace_variant():
    assert inplace_demo(get("gelu"), {}) is None
