"""AppTest of the Depth page: the defaults, every key from a link, bad and over-budget links, Korean,
classroom links, and what the chart component is sent (torch's per-layer numbers)."""

import json

import pytest

from activations.core.i18n import t
from activations.depth import chart as depth_chart
from activations.depth import export, link
from activations.depth.alt import alt_text
from activations.depth.measure import DepthConfig, Shape, measure
from activations.depth.train import train_depth
from activations.training.data import DataConfig
from activations.training.slots import SLOTS
from tests.pages import test_speed
from ui.depth_training import POINTS

media = test_speed.media  # the fixture that reads the download buttons' files
SMALL = {"depth": "8", "width": "16", "batch": "32"}  # a quick network for tests that don't need the story


def chart(at) -> dict:
    """What the chart component received on the last run."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "depth_chart"]
    return json.loads(element.proto.json)


def names(at) -> list[str]:
    return [config["name"] for config in chart(at)["configs"]]


def test_default_view_tells_the_story(app_test):
    at = app_test("depth")
    assert not at.exception and not at.warning
    assert at.title[0].value == t("depth_page.title")
    assert names(at) == ["ReLU · Kaiming normal", "ReLU · Xavier normal", "Sigmoid · Xavier normal"]
    data = chart(at)
    assert data["depth"] == link.DEPTH.default and data["hidden"] == []
    assert at.number_input(key="count").value == 3
    assert at.selectbox(key="b_init").value == "xavier_normal"
    assert any("Vanishing" in m.value or "vanishing" in m.value for m in at.markdown)
    assert any("[Training lab](/training)" in m.value for m in at.markdown), "dead here links to the lab"


def test_the_chart_holds_torchs_numbers_for_the_shown_configurations(app_test):
    at = app_test("depth", count="2", **SMALL)
    data = chart(at)
    shape = Shape(8, 16, 32, 0)
    expected = [DepthConfig.of("relu", init="kaiming_normal"), DepthConfig.of("relu", init="xavier_normal")]
    assert len(data["configs"]) == 2
    for config, sent in zip(expected, data["configs"], strict=True):
        result = measure(config, shape)
        for key in depth_chart.METRIC_KEYS:
            assert sent["layers"][key] == getattr(result, key).tolist()
        assert sent["histogram"] == result.histogram.tolist()


def test_every_key_from_a_link(app_test):
    at = app_test(
        "depth", count="3", act="leaky_relu", negative_slope="0.2", init="normal", init_std="0.05",
        b_act="selu", b_init="lecun_normal", c_act="tanh", c_init="orthogonal", depth="12", width="32",
        batch="64", seed="3", optimizer="adam", lr="0.003", steps="200", dataset="circles",
    )  # fmt: skip
    assert not at.exception and not at.warning
    assert names(at) == ["LeakyReLU(negative_slope=0.2) · Normal (σ=0.05)", "SELU · LeCun normal",
                         "Tanh · Orthogonal"]  # fmt: skip
    assert chart(at)["depth"] == 12
    assert at.slider(key="negative_slope").value == 0.2
    assert at.number_input(key="init_std").value == 0.05
    assert [at.number_input(key=k).value for k in ("depth", "width", "batch", "seed")] == [12, 32, 64, 3]
    assert at.button_group(key="optimizer").value == "adam"
    assert at.select_slider(key="lr").value == "0.003"
    assert at.number_input(key="steps").value == 200
    assert at.selectbox(key="dataset").value == "circles"
    result = measure(DepthConfig.of("selu", init="lecun_normal"), Shape(12, 32, 64, 3))
    assert chart(at)["configs"][1]["layers"]["act_rms"] == result.act_rms.tolist()


def test_init_std_is_only_for_the_normal_init(app_test):
    at = app_test("depth", **SMALL)
    assert at.number_input(key="init_std").disabled
    at = app_test("depth", init="normal", **SMALL)
    assert not at.number_input(key="init_std").disabled


def test_fewer_configurations_keep_the_hidden_runs_keys(app_test):
    at = app_test("depth", count="1", c_act="elu", **SMALL)
    assert not at.exception and not at.warning
    assert names(at) == ["ReLU · Kaiming normal"]
    assert at.selectbox(key="c_act").value == "elu", "run C's widget still holds the link's value"
    at.number_input(key="count").set_value(3).run()
    assert names(at)[2] == "ELU · Xavier normal"


@pytest.mark.parametrize(
    "query",
    [
        {"depth": "0"},
        {"depth": "nan"},
        {"width": "abc"},
        {"act": "nope"},
        {"init": "glorot"},
        {"init_std": "inf"},
        {"count": "7"},
        {"act": "leaky_relu", "negative_slope": "1e999"},
        {"lr": "0.0042"},
        {"dataset": "<b>x</b>"},
    ],
)
def test_bad_links_fall_back_and_say_so(app_test, query):
    at = app_test("depth", **query)
    assert not at.exception
    assert at.warning, "the page must say what it replaced"
    assert chart(at)["configs"]
    for warning in at.warning:
        assert "<" not in warning.value.replace("\\<", "")  # user text is escaped, never markup


def test_an_over_budget_link_is_cut_to_the_budget_and_says_so(app_test):
    at = app_test("depth", depth="200", width="1024", batch="4096")
    assert not at.exception
    (warning,) = at.warning
    text = warning.value.replace("\\", "")  # Markdown escapes
    assert "batch=4096" in text and t("depth.reason.budget") in text
    fits = link.MAX_WORK // link.work(3, 200, 1024, 1)
    assert at.number_input(key="batch").value == fits
    assert chart(at)["depth"] == 200
    share = f"{link.work(3, 200, 1024, fits) / link.MAX_WORK:.0%}"
    assert any(f": {share} of the page's compute budget" in c.value for c in at.caption)


def test_korean(app_test):
    at = app_test("depth", lang="ko", **SMALL)
    assert not at.exception and not at.warning
    assert at.title[0].value == t("depth_page.title", "ko")
    assert names(at)[0] == "ReLU · Kaiming 정규"
    assert chart(at)["labels"]["depth_page.metric.zero_grad"] == "여기서 죽음 (f' = 0)"
    assert any("기울기 소실" in m.value for m in at.markdown)


def test_classroom_links_hide_controls_and_the_charts_buttons(app_test):
    at = app_test("depth", hide="export", **SMALL)
    assert not at.exception and not at.warning
    assert chart(at)["hidden"] == ["export_png", "export_svg"]
    at = app_test("depth", only=["count", "depth"], **SMALL)
    assert not at.exception and not at.warning
    assert at.number_input(key="depth").value == 8, "hidden widgets keep the link's values"
    assert at.get("button") == [] or all(b.key != "train" for b in at.button)
    assert chart(at)["hidden"] == ["export_png", "export_svg"]


def test_a_bad_classroom_key_is_named(app_test):
    at = app_test("depth", hide="nonsense", **SMALL)
    assert not at.exception
    assert any("nonsense" in w.value for w in at.warning)


TRAIN = {"count": "2", "depth": "6", "width": "8", "steps": "30", "lr": "0.1"}  # a second or so


@pytest.fixture
def free_slots():
    SLOTS.clear()
    yield
    SLOTS.clear()


def test_train_through_depth_draws_each_configurations_loss(app_test, free_slots):
    at = app_test("depth", **TRAIN)
    assert not at.get("echarts_chart"), "nothing is trained until the button is pressed"
    at.button(key="train").click().run()
    assert not at.exception and not at.warning
    (figure,) = at.get("echarts_chart")
    option = json.loads(figure.proto.spec)
    assert [s["name"] for s in option["series"]] == ["ReLU · Kaiming normal", "ReLU · Xavier normal"]
    data = DataConfig("moons", points=POINTS, seed=0).make()  # docs/depth.md's training data
    configs = [DepthConfig.of("relu", init="kaiming_normal"), DepthConfig.of("relu", init="xavier_normal")]
    curves = train_depth(
        configs, Shape(6, 8, 256, 0), data.x_train.numpy(), data.y_train.numpy(), "sgd", 0.1, 30
    )
    for series, curve in zip(option["series"], curves, strict=True):
        assert len(series["data"]) == 31
        assert [loss for _, loss in series["data"]] == pytest.approx(curve.losses, rel=1e-4)
    finals = [c.value for c in at.caption if "final loss" in c.value]
    assert len(finals) == 2 and SLOTS.holders() == 0, "the run slot is given back"
    at.number_input(key="steps").set_value(40).run()
    assert not at.get("echarts_chart"), "curves of other settings are not shown"


def test_a_diverging_run_says_at_which_step(app_test, free_slots):
    at = app_test("depth", count="1", init="normal", init_std="3", lr="1", depth="8", width="16", steps="30")
    at.button(key="train").click().run()
    assert not at.exception
    (warning,) = at.warning
    assert warning.value == "ReLU · Normal (σ=3): diverged at step 1"
    assert "nan" not in json.dumps(json.loads(at.get("echarts_chart")[0].proto.spec)).lower()


def test_no_free_slot_says_busy_and_trains_nothing(app_test, free_slots):
    for index in range(SLOTS.capacity):
        SLOTS.acquire(f"someone-{index}")
    at = app_test("depth", **TRAIN)
    at.button(key="train").click().run()
    assert not at.exception and not at.get("echarts_chart")
    assert [w.value for w in at.warning] == [t("depth_page.train_busy")]


def test_training_in_korean(app_test, free_slots):
    at = app_test("depth", lang="ko", **TRAIN)
    assert at.button(key="train").label == t("depth_page.train_run", "ko")
    at.button(key="train").click().run()
    assert any("최종 손실" in c.value for c in at.caption)


def test_alt_text_and_the_per_layer_csv_come_from_the_shown_numbers(app_test, media):
    at = app_test("depth", count="2", **SMALL)
    state, _ = link.check({"count": ["2"], **{key: [value] for key, value in SMALL.items()}})
    results = [measure(config, state.shape()) for config in state.configs()]
    data = chart(at)
    assert data["alt"] == alt_text(state, results, "en") and data["stem"] == export.file_stem(state)
    (button,) = at.get("download_button")
    assert button.label == t("depth.export_csv") and button.key == "export_csv"
    assert media(button.proto.url) == export.layer_csv(state, results).encode()
    assert not app_test("depth", hide="export", **SMALL).get("download_button")
    korean = chart(app_test("depth", lang="ko", count="2", **SMALL))["alt"]
    assert korean == alt_text(state, results, "ko")


def test_the_charts_own_view_comes_from_the_link(app_test):
    at = app_test("depth", panel="zero_grad", scale="linear", heat="b", **SMALL)
    assert not at.exception and not at.warning
    assert chart(at)["view"] == {"panel": "zero_grad", "scale": "linear", "heat": "b"}
    at = app_test("depth", panel="nope", **SMALL)
    (warning,) = at.warning
    assert "panel" in warning.value and chart(at)["view"]["panel"] == "act_rms"
    at.run()
    assert not at.warning, "said once"


def test_too_much_to_train_disables_the_button_and_says_why(app_test):
    at = app_test("depth", count="1", depth="200", width="1024", batch="1")
    assert not at.exception
    assert at.button(key="train").disabled
    assert t("depth_page.train_too_big") in [c.value for c in at.caption]
