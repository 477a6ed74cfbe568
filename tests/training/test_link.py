"""The Training lab's URL contract: good links, bad links, fallbacks and the run configuration."""

import pytest

from activations.core.fields import MAX_RAW_CHARS
from activations.training import link as config
from activations.training.link import LR_VALUES, check, format_lr, lab_config, parse_widths


def raw(**query: str | list[str]) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in query.items()}


def test_defaults():
    values, problems = check({}, devices=("cpu",))
    assert problems == []
    assert values["hidden"] == "8,8" and values["act"] == "relu" and values["lr"] == 0.01
    assert values["compare"] is False and "b_act" not in values
    lab = lab_config(values)
    assert len(lab.runs) == 1 and lab.runs[0].arch.hidden == (8, 8) and lab.runs[0].arch.classes == 2


def test_a_full_link_is_taken_as_is():
    query = raw(
        dataset="spiral3", points="900", noise="0.25", test_frac="0.3", seed="4294967295",
        hidden="16, 8,4", act="leaky_relu", negative_slope="0.2", init="normal", init_std="0.5",
        bias_init="-0.5", optimizer="momentum", lr="0.003", batch="64", l2="0.001", device="cpu",
    )  # fmt: skip
    values, problems = check(query, devices=("cpu",))
    assert problems == []
    assert values["hidden"] == "16,8,4" and values["seed"] == 2**32 - 1 and values["negative_slope"] == 0.2
    run = lab_config(values).runs[0]
    assert run.arch.classes == 3 and run.arch.act_params == (("negative_slope", 0.2),)
    assert (run.recipe.optimizer, run.recipe.lr, run.recipe.batch, run.recipe.l2) == (
        "momentum",
        0.003,
        64,
        0.001,
    )


def test_compare_mode_reads_run_b():
    query = raw(compare="true", b_act="elu", b_alpha="0.5", b_lr="1", b_hidden="4")
    values, problems = check(query, devices=("cpu",))
    assert problems == []
    runs = lab_config(values).runs
    assert [r.arch.act for r in runs] == ["relu", "elu"] and runs[1].arch.act_params == (("alpha", 0.5),)
    assert runs[1].recipe.lr == 1.0 and runs[1].arch.hidden == (4,)
    assert [r.arch.act for r in lab_config(values, which="b").runs] == ["elu"]


def test_run_b_keys_are_ignored_without_compare():
    values, problems = check(raw(b_act="nope", b_lr="7"), devices=("cpu",))
    assert problems == [] and len(lab_config(values).runs) == 1


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
        ({"points": "5e2"}, "points", "500"),
        ({"points": "1_000"}, "points", "500"),
        ({"seed": "4294967296"}, "seed", "0"),
        ({"seed": "1.5"}, "seed", "0"),
        ({"noise": "nan"}, "noise", "0.1"),
        ({"noise": "-0.1"}, "noise", "0.1"),
        ({"test_frac": "1"}, "test_frac", "0.2"),
        ({"lr": "1e309"}, "lr", "0.01"),
        ({"lr": "0"}, "lr", "0.01"),
        ({"lr": "100"}, "lr", "0.01"),
        ({"lr": "0.012"}, "lr", "0.01"),
        ({"lr": "0.10"}, "lr", "0.1"),
        ({"lr": "1e-3"}, "lr", "0.001"),
        ({"l2": "inf"}, "l2", "0"),
        ({"dataset": "mnist"}, "dataset", "moons"),
        ({"act": "<b>relu</b>"}, "act", "relu"),
        ({"init": "orthogonal"}, "init", "default"),
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
    values, problems = check(raw(**query), devices=("cpu",), link=True)
    assert [p.key for p in problems] == [key]
    assert problems[0].fallback == fallback
    lab_config(values)  # whatever came in, the values build a valid run


def test_cuda_is_kept_where_it_exists():
    values, problems = check(raw(device="cuda"), devices=("cpu", "cuda"))
    assert problems == [] and values["device"] == "cuda"


def test_learning_rates_are_the_log_sliders_values():
    assert LR_VALUES[0] == 1e-4 and LR_VALUES[-1] == 10 and len(LR_VALUES) == 21
    assert list(LR_VALUES) == sorted(set(LR_VALUES))
    assert [format_lr(v) for v in (1e-4, 3e-4, 0.01, 1.0, 10.0)] == ["0.0001", "0.0003", "0.01", "1", "10"]
    for value in LR_VALUES:  # what the slider writes to the URL reads back to the same value
        assert check(raw(lr=format_lr(value)), devices=("cpu",)) == (
            check({}, ("cpu",))[0] | {"lr": value},
            [],
        )


def test_widget_values_may_spell_a_learning_rate_like_python():
    # the page re-checks its widgets' values as repr(float): 3.0, not the slider's "3"
    values, problems = check(raw(lr="3.0", compare="True", b_lr="10.0"), devices=("cpu",))
    assert problems == [] and values["lr"] == 3.0 and values["b_lr"] == 10.0
    assert [p.key for p in check(raw(lr="3.0"), devices=("cpu",), link=True)[1]] == ["lr"]


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
