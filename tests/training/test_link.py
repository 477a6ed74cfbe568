"""The Training lab's URL contract: good links, bad links, fallbacks and the run configuration."""

import ast
import dataclasses
import inspect
import math
from dataclasses import astuple
from pathlib import Path

import pytest

from activations.core import devices
from activations.core.fields import MAX_RAW_CHARS, Text, Whole
from activations.training import link as config
from activations.training.data import DataConfig
from activations.training.link import LR_STEPS, Widths, check, format_lr, lab_config, parse_widths
from activations.training.loop import Recipe
from activations.training.model import Architecture


@pytest.fixture(autouse=True)
def cpu_only(monkeypatch):
    """A machine without a GPU, whatever this one has (a test may list more)."""
    monkeypatch.setattr(devices, "available_devices", lambda: ("cpu",))


def raw(**query: str | list[str]) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in query.items()}


def test_defaults():
    state, problems = check({})
    values = state.values()
    assert problems == []
    assert values["hidden"] == "8,8" and values["act"] == "relu" and values["lr"] == "0.01"
    assert values["compare"] is False and "b_act" not in values
    lab = lab_config(state)
    assert len(lab.runs) == 1 and lab.runs[0].arch.hidden == (8, 8) and lab.runs[0].arch.classes == 2


def test_a_full_link_is_taken_as_is():
    query = raw(
        dataset="spiral3", points="900", noise="0.25", test_frac="0.3", seed="4294967295",
        hidden="16, 8,4", act="leaky_relu", negative_slope="0.2", init="normal", init_std="0.5",
        bias_init="-0.5", optimizer="momentum", lr="0.003", batch="64", l2="0.001", device="cpu",
    )  # fmt: skip
    state, problems = check(query)
    values = state.values()
    assert problems == []
    assert values["hidden"] == "16,8,4" and values["seed"] == 2**32 - 1 and values["negative_slope"] == 0.2
    run = lab_config(state).runs[0]
    assert run.arch.classes == 3 and run.arch.act_params == (("negative_slope", 0.2),)
    assert (run.recipe.optimizer, run.recipe.lr, run.recipe.batch, run.recipe.l2) == (
        "momentum",
        0.003,
        64,
        0.001,
    )


def test_compare_mode_reads_run_b():
    query = raw(compare="true", b_act="elu", b_alpha="0.5", b_lr="1", b_hidden="4")
    state, problems = check(query)
    assert problems == []
    runs = lab_config(state).runs
    assert [r.arch.act for r in runs] == ["relu", "elu"] and runs[1].arch.act_params == (("alpha", 0.5),)
    assert runs[1].recipe.lr == 1.0 and runs[1].arch.hidden == (4,)
    assert [r.arch.act for r in lab_config(state, which="b").runs] == ["elu"]


def test_run_b_keys_are_ignored_without_compare():
    state, problems = check(raw(b_act="nope", b_lr="7"))
    assert problems == [] and len(lab_config(state).runs) == 1


@pytest.mark.parametrize(
    ("query", "key", "fallback"),
    [
        ({"hidden": "-1,8"}, "hidden", "8,8"),
        ({"hidden": "8,abc"}, "hidden", "8,8"),
        ({"hidden": "8,,8"}, "hidden", "8,8"),
        ({"hidden": "8.5"}, "hidden", "8,8"),
        ({"hidden": "65"}, "hidden", "8,8"),
        ({"hidden": "0"}, "hidden", "8,8"),
        ({"hidden": "1,1,1,1,1,1,1"}, "hidden", "8,8"),
        ({"hidden": ""}, "hidden", "8,8"),
        ({"hidden": "٣"}, "hidden", "8,8"),
        ({"batch": "0"}, "batch", "32"),
        ({"batch": "-5"}, "batch", "32"),
        ({"batch": "nan"}, "batch", "32"),
        ({"points": "inf"}, "points", "500"),
        ({"points": "1e999"}, "points", "500"),
        ({"points": "1_000"}, "points", "500"),
        ({"points": "٣٠٠"}, "points", "500"),
        ({"seed": "4294967296"}, "seed", "0"),
        ({"seed": "1.5"}, "seed", "0"),
        ({"noise": "nan"}, "noise", "0.1"),
        ({"noise": "-0.1"}, "noise", "0.1"),
        ({"test_frac": "1"}, "test_frac", "0.2"),
        ({"lr": "1e309"}, "lr", "0.01"),
        ({"lr": "0"}, "lr", "0.01"),
        ({"lr": "100"}, "lr", "0.01"),
        ({"lr": "0.012"}, "lr", "0.01"),
        ({"lr": "0.25"}, "lr", "0.3"),
        ({"l2": "inf"}, "l2", "0"),
        ({"dataset": "mnist"}, "dataset", "moons"),
        ({"act": "<b>relu</b>"}, "act", "relu"),
        ({"init": "he_normal"}, "init", "default"),
        ({"optimizer": "lbfgs"}, "optimizer", "adam"),
        ({"init_std": "0"}, "init_std", "0.1"),
        ({"bias_init": "-50"}, "bias_init", "0"),
        ({"device": "cuda"}, "device", "cpu"),
        ({"device": "tpu"}, "device", "cpu"),
        ({"compare": "yes"}, "compare", "False"),
        ({"bd_depth": "51"}, "bd_depth", "10"),
        ({"bd_trials": "0"}, "bd_trials", "200"),
        ({"act": "hardtanh", "min_val": "2", "max_val": "1"}, "min_val, max_val", "-1, 1"),
        ({"act": "elu", "alpha": "٣"}, "alpha", "1"),
        ({"compare": "true", "b_act": "rrelu", "b_lower": "0.5", "b_upper": "0.1"}, "b_lower, b_upper",
         "0.125, 0.333333"),
        ({"compare": "true", "b_lr": "abc"}, "b_lr", "0.01"),
        ({"hidden": "8" * (MAX_RAW_CHARS + 1)}, "hidden", "8,8"),
    ],
)  # fmt: skip
def test_bad_values_fall_back_and_say_so(query, key, fallback):
    state, problems = check(raw(**query))
    assert [p.key for p in problems] == [key]
    assert problems[0].fallback == fallback
    lab_config(state)  # whatever came in, the values build a valid run


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"lr": "0.012"}, "reason.between_steps"),
        ({"device": "cuda"}, "reason.device_unavailable"),
        ({"device": "tpu"}, "reason.unknown_option"),
        ({"points": "1.5"}, "reason.not_an_integer"),
        ({"hidden": "8,0"}, "training.reason.widths"),
    ],
)
def test_problems_say_why(query, reason):
    assert [p.reason for p in check(raw(**query))[1]] == [reason]


def test_whole_numbers_may_be_written_as_decimals():
    state, problems = check(raw(points="500.0", seed="7", batch="1e1"))
    values = state.values()
    assert problems == [] and (values["points"], values["seed"], values["batch"]) == (500, 7, 10)
    assert all(type(values[key]) is int for key in ("points", "seed", "batch"))


def test_cuda_is_kept_where_it_exists(monkeypatch):
    monkeypatch.setattr(devices, "available_devices", lambda: ("cpu", "cuda"))
    state, problems = check(raw(device="cuda"))
    values = state.values()
    assert problems == [] and values["device"] == "cuda" and lab_config(state).device == "cuda"


def test_learning_rates_are_the_log_sliders_values():
    assert LR_STEPS[0] == "0.0001" and LR_STEPS[-1] == "10" and len(LR_STEPS) == 21
    values = [float(step) for step in LR_STEPS]
    assert values == sorted(set(values))
    assert {str(round(value / 10 ** math.floor(math.log10(value)))) for value in values} == {
        "1",
        "2",
        "3",
        "5",
    }
    for step in LR_STEPS:  # the slider's spelling is the URL's: it reads back as itself
        assert format_lr(float(step)) == step
        state, problems = check(raw(lr=step))
        values = state.values()
        assert problems == [] and values["lr"] == step and lab_config(state).runs[0].recipe.lr == float(step)


def test_the_learning_rate_of_run_b_too():
    state, problems = check(raw(compare="true", b_lr="3"))
    values = state.values()
    assert problems == [] and lab_config(state).runs[1].recipe.lr == 3.0
    state, problems = check(raw(compare="true", b_lr="3.00", lr="0.30"))
    values = state.values()
    assert problems == [] and (values["b_lr"], values["lr"]) == ("3", "0.3")


@pytest.mark.parametrize(
    ("text", "step"), [("0.10", "0.1"), ("1e-3", "0.001"), ("3.0", "3"), ("0.30", "0.3")]
)
def test_another_spelling_of_a_step_is_that_step(text, step):
    state, problems = check(raw(lr=text))
    values = state.values()
    assert problems == [] and values["lr"] == step


def test_parse_widths():
    assert parse_widths(" 8 ,16,2 ") == (8, 16, 2)
    assert parse_widths("2,2,2,2,2,2,2,2,2,2", max_layers=50) == (2,) * 10
    for bad in ("", "8;8", "+8", "8,", "1e1", "64,65"):
        with pytest.raises(ValueError):
            parse_widths(bad)


def test_every_field_key_is_unique_and_bounded():
    keys = [f.key for f in config.fields("hardtanh", True, "softplus")]
    assert len(keys) == len(set(keys))
    assert {"b_beta", "b_threshold", "min_val", "max_val", "bd_width"} <= set(keys)
    assert "prelu_init" in {f.key for f in config.fields("prelu")}
    assert {"b_prelu_init", "init", "b_init"} <= {f.key for f in config.fields("prelu", True, "prelu")}


def test_every_field_has_a_label_in_the_catalog():
    from activations.core.i18n import CATALOG

    every = config.fields("prelu", True, "elu")
    for field in every:
        assert field.label in CATALOG or (
            not field.label and field.key.removeprefix("b_") in config.PARAM_KEYS
        )
        assert not field.help or field.help in CATALOG


def test_run_b_is_run_a_with_a_prefix():
    for name, field in config.RUN.items():
        twin = config.run_field(name, config.B)
        assert twin.key == "b_" + name and twin.label == field.label
    assert config.B_ACT.default == "leaky_relu" and config.ACT.default == "relu"


def test_widths_is_a_text_box_and_whole_numbers_are_core_wholes():
    assert isinstance(config.HIDDEN, Widths) and isinstance(config.HIDDEN, Text)
    assert config.HIDDEN.max_chars == 8 * config.MAX_LAYERS
    assert all(
        isinstance(f, Whole) for f in (config.POINTS, config.SEED, config.BATCH, *config.BORN_DEAD_FIELDS)
    )


def test_no_computation_module_imports_the_link():
    root = Path(inspect.getfile(config)).parent
    for path in root.glob("*.py"):
        if path.name in ("link.py", "cli.py", "stories.py", "chart.py"):  # they run or show links
            continue
        tree = ast.parse(path.read_text())
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        assert "activations.training.link" not in imported, path.name


def test_check_returns_a_typed_frozen_state_with_run_a_and_run_b():
    state, problems = check(raw(compare="true", act="prelu", prelu_init="0.5", b_act="rrelu", b_hidden="4"))
    assert problems == [] and state.compare and state.run_b is not None
    assert (state.run_a.act, state.run_a.params, state.run_a.act_params()) == (
        "prelu", {"prelu_init": 0.5}, {"init": 0.5},
    )  # fmt: skip
    assert (state.run_b.act, state.run_b.hidden, state.points) == ("rrelu", "4", 500)
    values = state.values()
    assert values["b_hidden"] == "4" and values["prelu_init"] == 0.5 and values["b_lower"] == 0.125
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.points = 20  # type: ignore[misc]
    assert check(state.raw()) == (state, [])
    assert check(raw(b_hidden="4"))[0].run_b is None


def test_the_links_defaults_are_the_librarys_configurations():
    state = check({})[0]
    data, run = lab_config(state).data, lab_config(state).runs[0]
    assert (data.dataset, data.points, data.noise, data.test_frac, data.seed) == astuple(DataConfig())[:5]
    assert run.recipe == Recipe()
    default = Architecture(hidden=run.arch.hidden, classes=run.arch.classes)
    assert (run.arch.act, run.arch.init, run.arch.init_std, run.arch.bias_init) == (
        default.act, default.init, default.init_std, default.bias_init,
    )  # fmt: skip
