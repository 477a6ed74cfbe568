"""The Depth page's link contract: defaults that tell the story, three prefixed configurations, the
shared init field, bounded keys with fallbacks, and the compute budgets."""

import pytest

from activations.core.fields import parse_query
from activations.core.i18n import problem_message
from activations.core.inits import INITS
from activations.depth import link
from activations.depth.measure import DepthConfig, Shape
from activations.training import data as training_data


def check(query: str):
    return link.check(parse_query(query))


def test_the_defaults_tell_the_story():
    state, problems = check("")
    assert problems == [] and state.query() == "" and state.trainable
    assert state.configs() == (
        DepthConfig.of("relu", init="kaiming_normal"),
        DepthConfig.of("relu", init="xavier_normal"),
        DepthConfig.of("sigmoid", init="xavier_normal"),
    )
    assert state.shape() == Shape(depth=30, width=128, batch=128, seed=0)


def test_count_shows_the_first_configurations_and_keeps_the_others():
    state, problems = check("count=2&c_act=tanh&b_init=orthogonal")
    assert problems == [] and [c.init for c in state.configs()] == ["kaiming_normal", "orthogonal"]
    assert state.run_c.act == "tanh" and "c_act=tanh" in state.query()


def test_each_configuration_has_its_prefixed_parameters():
    state, problems = check(
        "act=prelu&prelu_init=0.1&b_act=prelu&b_prelu_init=0.3&c_act=hardtanh&c_max_val=2"
    )
    assert problems == []
    a, b, c = state.configs()
    assert a.act_params == (("init", 0.1),) and b.act_params == (("init", 0.3),)
    assert dict(c.act_params) == {"min_val": -1.0, "max_val": 2.0}
    assert link.check(state.raw()) == (state, [])


def test_parameters_in_order_per_configuration():
    state, problems = check("b_act=hardtanh&b_min_val=2&b_max_val=1")
    assert [p.keys for p in problems] == [("b_min_val", "b_max_val")]
    assert dict(state.configs()[1].act_params) == {"min_val": -1.0, "max_val": 1.0}


@pytest.mark.parametrize(
    ("query", "key", "fallback"),
    [
        ("depth=0", "depth", "30"),
        ("depth=201", "depth", "30"),
        ("width=1", "width", "128"),
        ("width=1e9", "width", "128"),
        ("batch=-3", "batch", "128"),
        ("seed=1.5", "seed", "0"),
        ("count=4", "count", "3"),
        ("c_init=he", "c_init", "xavier_normal"),
        ("init_std=nan", "init_std", "0.1"),
        ("b_act=relu7", "b_act", "relu"),
        ("optimizer=lbfgs", "optimizer", "sgd"),
        ("lr=0.012", "lr", "0.01"),
        ("steps=5", "steps", "300"),
        ("dataset=mnist", "dataset", "moons"),
    ],
)
def test_bad_values_fall_back(query, key, fallback):
    state, problems = check(query)
    assert [(p.key, str(p.fallback)) for p in problems] == [(key, fallback)]
    assert link.check(state.raw())[1] == []


def test_every_init_is_offered_to_every_configuration():
    for prefix in link.PREFIXES:
        for init in INITS:
            state, problems = check(f"{prefix}init={init}")
            assert problems == [] and init in {c.init for c in state.configs()}


def test_over_the_budget_the_batch_shrinks_to_fit():
    state, problems = check("depth=200&width=1024&batch=4096")
    [problem] = problems
    assert problem.keys == ("batch",) and problem.reason == "depth.reason.budget"
    assert state.batch == link.MAX_WORK // link.work(3, 200, 1024, 1) and state.depth == 200
    assert link.work(3, 200, 1024, state.batch) <= link.MAX_WORK < link.work(3, 200, 1024, state.batch + 1)
    message = problem_message(problem, "en")
    assert "too much computation" in message and "count × depth × batch × width² ≤ 4e9" in message
    assert "계산" in problem_message(problem, "ko")


def test_the_budget_counts_the_shown_configurations_only():
    assert check("count=1&depth=200&width=1024&batch=19")[1] == []
    assert check("count=3&depth=200&width=1024&batch=19")[1] != []


def test_training_beyond_its_budget_gets_fewer_steps():
    state, problems = check("count=3&depth=100&width=128&steps=1000")
    [problem] = problems
    assert problem.keys == ("steps",) and state.steps < 1000 and state.trainable
    assert link.train_work(3, state.steps, 100, 128) <= link.MAX_TRAIN_WORK
    state, problems = check("depth=200&width=1024&batch=1")
    assert problems == [] and not state.trainable  # even 10 steps are too many: no training, no warning


def test_the_datasets_are_the_training_labs():
    assert link.DATASETS == training_data.DATASETS


def test_groups_name_keys_of_the_link_or_controls():
    keys = {f.key for act in ("prelu", "softplus", "hardtanh") for f in link.fields((act, act, act))}
    controls = {"train", "export_csv", "export_png", "export_svg"}
    for group, members in link.GROUPS.items():
        assert set(members) <= keys | controls | {p + k for p in link.PREFIXES for k in link.PARAM_KEYS}, (
            group
        )
