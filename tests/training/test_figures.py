"""The Training lab's born-dead figure and the live view's alt text: JSON-ready, and saying what the
numbers say."""

import json

import numpy as np
import pytest

from activations.core import theme
from activations.training.born_dead import born_dead
from activations.training.data import UPLOAD, DataConfig
from activations.training.dead import UnitStates
from activations.training.figures import (
    born_dead_alt,
    born_dead_figure,
    boundary_alt,
    curves_alt,
    network_alt,
)
from activations.training.lab import Lab, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture


def lab_for(hidden=(8, 8), dataset="moons", act="relu", lr=3.0) -> Lab:
    classes = 3 if dataset == "spiral3" else 2
    run = RunConfig(architecture(hidden, classes, act), Recipe("sgd", lr, 32))
    lab = Lab(LabConfig(DataConfig(dataset, 300), (run,)))
    lab.step(3)
    return lab


def test_born_dead_bars_are_fractions():
    result = born_dead(lab_for().data.x_train, 2, 10, 50, init="kaiming_normal")
    option = born_dead_figure(result, "ko")
    json.dumps(option, allow_nan=False)  # what Streamlit sends: strict JSON
    assert option["xAxis"]["data"] == [str(d) for d in range(1, 11)]
    assert option["series"][0]["data"][-1] == pytest.approx(result.p_born_dead)
    assert option["series"][0]["itemStyle"]["color"] == theme.GREY
    assert "l = 10" in born_dead_alt(result, "en")


def test_uploaded_class_names_name_the_classes_in_the_alt_text():
    rows = [f"{i % 5},{i // 5},{name}" for i, name in enumerate(["cat", "dog", "*bird*", "<b>e</b>"] * 4)]
    data = DataConfig(UPLOAD, upload_csv=("\n".join(rows) + "\n").encode())
    probs = np.zeros((4, 4, 4))
    probs[1] = 1.0
    assert "class dog on 100%" in boundary_alt(probs, 1.0, "en", data.class_names)
    assert "class 1 on 100%" in boundary_alt(probs, 1.0, "en")


def test_a_diverged_network_still_has_alt_text():
    probs = np.full((2, 4, 4), np.nan)
    assert "Decision boundary" in boundary_alt(probs, 1.5, "en")
    states = UnitStates(dead=(np.array([True, False]),), saturated=(np.array([False, False]),))
    assert network_alt((2, 2, 1), states, "en").startswith("Network 2 → 2 → 1: 1 of 2 hidden units dead")
    lab = lab_for()
    lab.runs[0].history.add(lab.runs[0].latest)
    text = curves_alt([("A", lab.runs[0].history)], "ko")
    assert text and "{" not in text
