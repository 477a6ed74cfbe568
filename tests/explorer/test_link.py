"""The Activations page's link contract, checked without Streamlit."""

from activations.core.registry import NAMES, get
from activations.explorer.link import check, fields, param_field


def test_good_link_is_kept():
    values, problems = check({"act": ["softplus"], "beta": ["2"], "threshold": ["30"], "compare": ["relu"]})
    assert problems == []
    assert values["act"] == "softplus" and values["beta"] == 2.0 and values["threshold"] == 30.0
    assert values["compare"] == ("relu",)


def test_shared_key_is_checked_against_the_chosen_activation():
    _, problems = check({"act": ["threshold"], "threshold": ["20"]})
    assert [p.key for p in problems] == ["threshold"]
    assert check({"act": ["softplus"], "threshold": ["20"]})[1] == []


def test_window_and_parameter_order():
    values, problems = check(
        {"act": ["hardtanh"], "min_val": ["2"], "max_val": ["1"], "xmin": ["3"], "xmax": ["3"]}
    )
    assert (values["min_val"], values["max_val"]) == (-1.0, 1.0)
    assert (values["xmin"], values["xmax"]) == (-6.0, 6.0)
    assert {p.reason for p in problems} == {"reason.order"}


def test_garbage_everywhere_gives_defaults():
    raw = {"act": ["x" * 10_000], "xmin": ["nan"], "xmax": ["inf"], "x0": ["1e309"], "compare": ["?"]}
    values, problems = check(raw)
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
