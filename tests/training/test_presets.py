"""The presets are valid links and tell the story they promise, for seeds 0-4 on every kernel path.

Training at a large learning rate is chaotic: the same seed ends differently on torch's ``default``
and ``avx2`` CPU kernels (and ``avx512``). The kernels are chosen when torch loads, so each path
trains every preset once, in its own process (:mod:`activations.training.stories`), and the tests
assert each story's claim, with the tolerances that :mod:`activations.training.presets` states, on
every seed of every path. That training is the module's cost, so it is done once per test run,
whatever the number of pytest-xdist workers.
"""

import fcntl
import json
import os

import pytest

from activations.core.i18n import CATALOG
from activations.training.born_dead import born_dead
from activations.training.link import lab_config
from activations.training.presets import PRESETS
from activations.training.stories import SEEDS, dead_share, kernel_paths, measure, preset_values

PATHS = kernel_paths()


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[str, dict[str, object]]:
    """:func:`measure` on every path. Under pytest-xdist the workers share one measurement: the
    first to take the lock trains and writes it to the run's temporary folder, the others read it."""
    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process
        return measure(PATHS, SEEDS)
    shared = tmp_path_factory.getbasetemp().parent / "preset_stories.json"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not shared.exists():
            shared.write_text(json.dumps(measure(PATHS, SEEDS)))
        return json.loads(shared.read_text())


def runs(measured, path: str, preset: str, run: str = "a") -> list[dict]:
    """The rows of one preset's run for every seed, trained on kernel path ``path``."""
    result = measured[path]
    if result["kernels"].lower() != path:
        pytest.skip(f"this CPU can't run the {path} kernels (it ran {result['kernels']})")
    rows = [row for row in result["rows"] if row["preset"] == preset and row["run"] == run]
    assert [row["seed"] for row in rows] == list(SEEDS)
    return rows


@pytest.mark.parametrize("path", PATHS)
def test_healthy_relu_keeps_its_units_and_learns(measured, path):
    for row in runs(measured, path, "healthy"):
        assert dead_share(row) <= 1 / 8 and row["test_acc"] >= 0.9, row


@pytest.mark.parametrize("path", PATHS)
def test_a_large_learning_rate_kills_most_relu_units(measured, path):
    for row in runs(measured, path, "large_lr"):
        assert dead_share(row) >= 0.6 and row["test_acc"] <= 0.65, row


@pytest.mark.parametrize("path", PATHS)
def test_a_negative_bias_kills_layer_2_from_the_start(measured, path):
    for row in runs(measured, path, "negative_bias"):
        assert row["dead_start"][1] == row["widths"][1], row  # the whole layer: a constant output
        assert row["test_acc"] <= 0.6, row


@pytest.mark.parametrize("path", PATHS)
def test_leaky_relu_survives_the_same_settings(measured, path):
    relu_runs, leaky_runs = (
        runs(measured, path, "leaky_survives"),
        runs(measured, path, "leaky_survives", "b"),
    )
    for relu, leaky in zip(relu_runs, leaky_runs, strict=True):
        assert (relu["act"], leaky["act"]) == ("relu", "leaky_relu")
        assert dead_share(relu) >= 0.6 and relu["test_acc"] <= 0.65, relu
        assert sum(leaky["dead"]) == 0 and leaky["finite"] and leaky["test_acc"] >= 0.75, leaky


@pytest.mark.parametrize("path", PATHS)
def test_deep_narrow_relu_is_born_dead_with_its_seed(measured, path):
    (row,) = [row for row in runs(measured, path, "born_dead") if row["seed"] == PRESETS["born_dead"]["seed"]]
    assert row["widths"] == [2] * 6
    assert any(dead == width for dead, width in zip(row["dead_start"], row["widths"], strict=True)), row
    assert row["test_acc"] <= 0.6, row


def test_about_two_in_three_deep_narrow_networks_are_born_dead():
    """What the born-dead preset says of other seeds (initialisation only: no kernel path matters)."""
    data = lab_config(preset_values("born_dead", seed=0)).data.make()
    result = born_dead(data.x_train, width=2, depth=6, trials=1000, init="kaiming_normal", seed=0)
    assert 0.55 <= result.p_born_dead <= 0.75  # 0.645


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_a_valid_link_as_the_widgets_hold_it(name):
    values = preset_values(name).values()  # raises when the link would be corrected
    assert {key: values[key] for key in PRESETS[name]} == dict(PRESETS[name])


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_has_both_languages(name):
    assert set(CATALOG[f"training.preset.{name}"]) == {"en", "ko"}
