"""The shown PyTorch code runs as a user would run it, and computes what the chart shows."""

import runpy
import subprocess
import sys

import numpy as np
import pytest

from activations.core.registry import NAMES, get
from activations.explorer.curves import curve
from activations.explorer.snippets import call_text, chart_code, inplace_demo


@pytest.mark.parametrize("name", NAMES)
def test_chart_code_reproduces_the_chart(name, tmp_path, monkeypatch):
    script = tmp_path / "chart.py"
    script.write_text(chart_code(get(name), {}, -3, 3))
    monkeypatch.chdir(tmp_path)
    namespace = runpy.run_path(str(script), run_name="__main__")
    expected = curve(name, -3, 3, {})
    x = namespace["x"].detach().numpy()
    np.testing.assert_allclose(
        namespace["y"].detach().numpy(), np.interp(x, expected.x, expected.y), atol=1e-2
    )
    assert (tmp_path / f"{name}.html").stat().st_size > 1000


def test_chart_code_runs_as_a_standalone_script(tmp_path):
    script = tmp_path / "chart.py"
    script.write_text(chart_code(get("gelu"), {"approximate": "tanh"}, -6, 6))
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wrote gelu.html" and (tmp_path / "gelu.html").exists()


def test_call_text_says_training_mode_when_drawn_in_training_mode():
    assert "training=True" in call_text(get("rrelu"), {}, training=True)
    assert "training=False" in call_text(get("rrelu"), {})
    assert "training" not in call_text(get("relu"), {}, training=True)


def test_relu_inplace_demo_mutates_its_input():
    code, output = inplace_demo(get("relu"), {})
    assert "torch.relu_(x)" in code
    assert output.endswith("True") and "0.0000, 0.0000, 0.0000, 1.5000" in output


def test_no_demo_without_inplace_variant():
    assert inplace_demo(get("gelu"), {}) is None
