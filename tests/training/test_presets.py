"""The presets are valid links and tell the story they promise (seeded, so exactly reproducible)."""

import pytest

from activations.training.lab import Lab
from activations.training.link import check, lab_config
from activations.training.presets import PRESETS


def preset_lab(name: str) -> Lab:
    """The preset as a link would carry it; it must be valid as it is."""
    query = {
        key: [str(value).lower() if isinstance(value, bool) else str(value)]
        for key, value in PRESETS[name].items()
    }
    values, problems = check(query)
    assert problems == [], problems
    assert {key: values[key] for key in PRESETS[name]} == dict(
        PRESETS[name]
    )  # the widgets' values, as they are
    return Lab(lab_config(values))


def dead_after(lab: Lab, steps: int) -> list[list[int]]:
    for run in lab.runs:
        run.trainer.step(steps - run.trainer.steps)
        run.record()
    return [run.latest.units.dead_counts for run in lab.runs]


def test_healthy_relu_keeps_every_unit():
    lab = preset_lab("healthy")
    assert dead_after(lab, 1000) == [[0, 0]]
    assert lab.runs[0].latest.test_acc > 0.95


def test_a_large_learning_rate_kills_relu_after_it_learned():
    lab = preset_lab("large_lr")
    dead_after(lab, 100)
    assert lab.runs[0].latest.test_acc > 0.9
    assert dead_after(lab, 1000)[0][1] == 8  # the whole second layer: a constant output
    assert lab.runs[0].latest.units.born_dead


def test_a_negative_bias_kills_from_the_start():
    lab = preset_lab("negative_bias")
    assert lab.runs[0].latest.units.dead_counts[1] == 8
    dead_after(lab, 500)
    assert lab.runs[0].latest.units.dead_counts[1] == 8 and lab.runs[0].latest.test_acc < 0.6


def test_leaky_relu_survives_the_same_settings():
    lab = preset_lab("leaky_survives")
    relu, leaky = dead_after(lab, 1000)
    assert relu[1] == 8 and leaky == [0, 0]
    assert lab.runs[1].latest.test_acc > 0.8


def test_deep_narrow_relu_is_born_dead():
    lab = preset_lab("born_dead")
    assert lab.runs[0].latest.units.born_dead
    assert lab.runs[0].trainer.arch.hidden == (2,) * 6


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_has_both_languages(name):
    from activations.core.i18n import CATALOG

    assert set(CATALOG[f"training.preset.{name}"]) == {"en", "ko"}
