"""The Activations page's link contract, checked without Streamlit."""

import dataclasses

import pytest

from activations.core.params import param_field
from activations.core.registry import NAMES, get
from activations.explorer.link import check, fields, reported


def test_good_link_is_kept():
    state, problems = check({"act": ["softplus"], "beta": ["2"], "threshold": ["30"], "compare": ["relu"]})
    assert problems == []
    assert state.act == "softplus" and state.params == {"beta": 2.0, "threshold": 30.0}
    assert state.compare == ("relu",) and state.training is None
    assert state.values() == {"act": "softplus", "beta": 2.0, "threshold": 30.0, "xmin": -6.0, "xmax": 6.0,
                              "x0": 1.0, "compare": ("relu",)}  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.act = "relu"  # type: ignore[misc]


def test_the_state_writes_itself_back_as_the_link_reads_it():
    state, _ = check({"act": ["rrelu"], "lower": ["0.1"], "training": ["true"], "compare": ["elu", "gelu"]})
    assert state.training is True
    assert state.raw()["compare"] == ["elu", "gelu"] and state.raw()["lower"] == ["0.1"]
    assert check(state.raw()) == (state, [])


def test_a_charts_report_is_read_through_the_fields():
    view = {"act": "elu", "alpha": 2, "xmin": -3, "xmax": 2.5, "x0": 0, "compare": ["relu"], "training": True}
    state, problems = check(reported(view))
    assert problems == [] and (state.params, state.xmin, state.compare) == ({"alpha": 2.0}, -3.0, ("relu",))
    state, problems = check(reported({"act": 7, "xmin": "left", "compare": "relu"}))
    assert state.act == "relu" and {p.key for p in problems} == {"act", "xmin", "compare"}


def test_shared_key_is_checked_against_the_chosen_activation():
    _, problems = check({"act": ["threshold"], "threshold": ["20"]})
    assert [p.key for p in problems] == ["threshold"]
    assert check({"act": ["softplus"], "threshold": ["20"]})[1] == []


def test_window_and_parameter_order():
    state, problems = check(
        {"act": ["hardtanh"], "min_val": ["2"], "max_val": ["1"], "xmin": ["3"], "xmax": ["3"]}
    )
    assert state.params == {"min_val": -1.0, "max_val": 1.0}
    assert (state.xmin, state.xmax) == (-6.0, 6.0)
    assert {p.reason for p in problems} == {"reason.order"}


def test_garbage_everywhere_gives_defaults():
    raw = {"act": ["x" * 10_000], "xmin": ["nan"], "xmax": ["inf"], "x0": ["1e309"], "compare": ["?"]}
    state, problems = check(raw)
    values = state.values()
    assert values["act"] == "relu" and values["xmin"] == -6.0 and values["xmax"] == 6.0
    assert len(problems) == 5


def test_every_activation_has_bounded_fields():
    for name in NAMES:
        keys = [f.key for f in fields(get(name))]
        assert keys[0] == "act" and "xmin" in keys and len(keys) == len(set(keys))


def test_parameter_sliders_show_their_default_exactly():
    rrelu = get("rrelu")
    assert param_field(rrelu.param("lower")).decimals == 3  # 0.125, not 0.13
    assert param_field(get("leaky_relu").param("negative_slope")).decimals == 2
    renamed = param_field(get("prelu").param("init"), key="prelu_init")
    assert renamed.key == "prelu_init" and renamed.help == "param.init"
