"""AppTest of the Activations page: every activation, good links and bad ones."""

import json

import pytest

from activations.core.registry import NAMES


def traces(at) -> list[dict]:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"]


def test_default_view(app_test):
    at = app_test("activations")
    assert not at.exception and not at.warning
    assert at.title[0].value == "ReLU"
    assert [t["name"] for t in traces(at)][:2] == ["ReLU(x)", "ReLU'(x)"]
    assert at.metric[0].value == "1" and at.metric[1].value == "1"  # f(1), f'(1)


def test_link_restores_the_view(app_test):
    at = app_test("activations", act="leaky_relu", negative_slope="0.2", x0="-1",
                  xmin="-3", xmax="2", compare=["gelu", "tanh"])  # fmt: skip
    assert not at.exception and not at.warning
    assert at.slider(key="negative_slope").value == 0.2
    assert (at.number_input(key="xmin").value, at.number_input(key="xmax").value) == (-3, 2)
    assert at.metric[0].value == "-0.2" and at.metric[1].value == "0.2"
    names = [t["name"] for t in traces(at)]
    assert "GELU(x)" in names and "Tanh(x)" in names


def test_switching_through_every_activation_never_raises(app_test):
    at = app_test("activations", act="threshold", threshold="-4")
    for name in [*NAMES, *reversed(NAMES)]:
        at.selectbox(key="act").set_value(name).run()
        assert not at.exception, name
        assert at.title[0].value.lower().replace("relu", "relu") == at.title[0].value.lower()


def test_changing_activation_resets_parameters_to_pytorch_defaults(app_test):
    at = app_test("activations", act="softplus", threshold="40")
    at.selectbox(key="act").set_value("threshold").run()
    assert at.slider(key="threshold").value == 1.0 and not at.exception


@pytest.mark.parametrize(
    "query",
    [
        {"act": "nope"},
        {"act": "<script>alert(1)</script>"},
        {"act": "x" * 5000},
        {"xmin": "nan", "xmax": "inf"},
        {"xmin": "5", "xmax": "5"},
        {"x0": "1e309"},
        {"act": "hardtanh", "min_val": "3", "max_val": "-3"},
        {"act": "rrelu", "lower": "0.9", "upper": "0.1"},
        {"act": "threshold", "threshold": "20"},
        {"act": "gelu", "approximate": "fast"},
        {"compare": ["relu6", "**bold**", "$x$"]},
        {"act": "rrelu", "training": "maybe"},
        {"negative_slope": "1_000", "act": "leaky_relu"},
        {"act": "elu", "alpha": "٣"},
    ],
)
def test_bad_links_fall_back_and_say_so(app_test, query):
    at = app_test("activations", **query)
    assert not at.exception
    assert at.warning, "the page must say what it replaced"
    assert at.get("plotly_chart")


def test_bad_value_is_replaced_in_the_widget(app_test):
    at = app_test("activations", act="elu", alpha="٣", xmin="4", xmax="-4")
    assert at.slider(key="alpha").value == 1.0
    assert (at.number_input(key="xmin").value, at.number_input(key="xmax").value) == (-6, 6)


def test_parameter_order_enforced_on_interaction(app_test):
    at = app_test("activations", act="hardtanh")
    at.slider(key="min_val").set_value(2.0).run()
    assert not at.exception and at.warning
    assert at.slider(key="min_val").value == -1.0


def test_rrelu_training_mode_shows_random_draws(app_test):
    at = app_test("activations", act="rrelu", training="true")
    names = [t["name"] for t in traces(at)]
    assert "training-mode draws" in names


def test_korean(app_test):
    at = app_test("activations", lang="ko")
    assert not at.exception
    assert "활성화" in at.selectbox(key="act").label
    assert any("수식" in tab.label for tab in at.tabs)


def open_tab(at, label: str):
    at.session_state["tab"] = label
    return at.run()


def test_only_the_open_tab_is_rendered(app_test):
    at = app_test("activations", act="relu")
    assert at.latex and not at.table and not at.dataframe
    assert "torch.relu_(x)" in at.code[0].value  # the in-place demo, really run
    assert "True" in at.code[1].value


def test_properties_tab(app_test):
    at = open_tab(app_test("activations", act="tanh"), "Properties")
    table = at.table[0].value
    assert table.shape[0] == 10
    assert table.loc["Zero-centred"].iloc[0] == "yes"


def test_all_activations_tab_lists_every_activation(app_test):
    at = open_tab(app_test("activations"), "All activations")
    frame = at.dataframe[0].value
    assert len(frame) == len(NAMES)
    assert frame.set_index("Activation").loc["ReLU", "Dead share of window"] == 0.5


def test_code_tab_shows_runnable_snippet(app_test):
    at = open_tab(app_test("activations", act="elu", alpha="2"), "PyTorch code")
    assert "F.elu(x, alpha=2)" in at.code[0].value


def test_unknown_language_falls_back_to_english_and_says_so(app_test):
    at = app_test("activations", lang="fr")
    assert not at.exception
    assert any("lang=fr" in w.value.replace("\\", "") for w in at.warning)
    assert at.selectbox(key="act").label == "Activation"
