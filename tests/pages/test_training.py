"""AppTest of the Training lab: the page, one tick at a time; good links and bad ones."""

import json

import pytest

from activations.training.slots import SLOTS

LAB = "_training_lab"


@pytest.fixture(autouse=True)
def free_slots():
    SLOTS.clear()
    yield
    SLOTS.clear()


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def steps(at) -> int:
    return int(metric(at, "Step").replace(",", ""))


def charts(at) -> list[dict]:
    """The ECharts options on the page, parsed (datasets travel separately, as Arrow)."""
    return [json.loads(el.proto.spec) for el in at.get("echarts_chart")]


def test_default_view(app_test):
    at = app_test("training")
    assert not at.exception and not at.warning
    assert at.title[0].value.startswith("Training lab")
    assert steps(at) == 0 and metric(at, "Dead units").endswith("/ 16")
    assert len(at.get("echarts_chart")) == 3  # boundary, network, curves with dead units
    assert {b.key for b in at.button} >= {"start", "step", "reset", "bd_run"}
    assert any("Ready" in c.value for c in at.caption)


def test_start_ticks_pause_step_reset(app_test):
    at = app_test("training")
    at.button(key="start").click().run()
    assert not at.exception
    first = steps(at)
    assert first > 0 and at.session_state[LAB].running
    assert SLOTS.holders() == 1
    at.run()  # the next tick
    second = steps(at)
    assert second > first
    at.button(key="pause").click().run()
    paused = steps(at)
    at.run()
    assert steps(at) == paused and SLOTS.holders() == 0
    at.button(key="step").click().run()
    assert steps(at) == paused + 1
    at.button(key="reset").click().run()
    assert steps(at) == 0 and not at.exception


def test_a_link_restores_the_configuration_but_never_starts(app_test):
    at = app_test(
        "training", dataset="spiral3", points="300", hidden="16,8", act="elu", alpha="0.5",
        init="kaiming_normal", bias_init="-0.3", optimizer="sgd", lr="0.3", batch="10", seed="7",
    )  # fmt: skip
    assert not at.exception and not at.warning
    assert at.selectbox(key="dataset").value == "spiral3" and at.text_input(key="hidden").value == "16,8"
    assert at.selectbox(key="act").value == "elu" and at.slider(key="alpha").value == 0.5
    assert at.select_slider(key="lr").value == 0.3 and at.number_input(key="batch").value == 10
    lab = at.session_state[LAB]
    assert lab.config.runs[0].arch.hidden == (16, 8) and lab.config.runs[0].arch.classes == 3
    at.run()
    assert steps(at) == 0 and not lab.running


@pytest.mark.parametrize(
    "query",
    [
        {"hidden": "-1,8"},
        {"hidden": "8,abc"},
        {"hidden": "1,2,3,4,5,6,7"},
        {"batch": "0"},
        {"points": "nan"},
        {"noise": "inf"},
        {"seed": "4294967296"},
        {"lr": "0.012"},
        {"lr": "nan"},
        {"dataset": "mnist"},
        {"act": "<script>alert(1)</script>"},
        {"init": "**bold**"},
        {"device": "cuda"},
        {"optimizer": "lbfgs"},
        {"act": "hardtanh", "min_val": "3", "max_val": "-3"},
        {"act": "threshold", "threshold": "20"},
        {"compare": "true", "b_lr": "1e9"},
        {"bd_depth": "500"},
        {"points": "٣٠٠"},
    ],
)
def test_bad_links_fall_back_and_say_so(app_test, query):
    at = app_test("training", **query)
    assert not at.exception
    assert at.warning, "the page must say what it replaced"
    assert len(at.get("echarts_chart")) >= 3
    assert steps(at) == 0


def test_bad_widths_are_replaced_in_the_widget(app_test):
    at = app_test("training", hidden="8,-3", batch="0")
    assert at.text_input(key="hidden").value == "8,8" and at.number_input(key="batch").value == 32
    assert at.session_state[LAB].config.runs[0].arch.hidden == (8, 8)


def test_unavailable_device_falls_back_to_cpu(app_test):
    at = app_test("training", device="cuda")
    assert any("cuda" in w.value and "cpu" in w.value for w in at.warning)
    assert at.session_state[LAB].config.device == "cpu"


def test_typing_a_bad_width_is_caught_on_interaction(app_test):
    at = app_test("training")
    at.text_input(key="hidden").input("16,0").run()
    assert not at.exception and at.warning
    assert at.text_input(key="hidden").value == "8,8"
    at.text_input(key="hidden").input("16, 4").run()
    assert at.session_state[LAB].config.runs[0].arch.hidden == (16, 4)


def test_changing_the_configuration_resets_the_run(app_test):
    at = app_test("training")
    at.button(key="start").click().run()
    assert steps(at) > 0
    at.select_slider(key="lr").set_value(0.1).run()
    assert steps(at) == 0 and not at.session_state[LAB].running and SLOTS.holders() == 0


def test_changing_activation_resets_its_parameters(app_test):
    at = app_test("training", act="softplus", threshold="40")
    at.selectbox(key="act").set_value("threshold").run()
    assert not at.exception and at.slider(key="threshold").value == 1.0


def test_compare_mode_trains_two_runs_in_lockstep(app_test):
    at = app_test("training", compare="true", optimizer="sgd", lr="3", b_optimizer="sgd", b_lr="3")
    assert not at.exception and not at.warning
    assert len(at.get("echarts_chart")) == 5  # two boundaries, two networks, the curves
    assert at.selectbox(key="b_act").value == "leaky_relu"
    at.button(key="start").click().run()
    at.run()
    runs = at.session_state[LAB].runs
    assert runs[0].trainer.steps == runs[1].trainer.steps > 0
    assert any("A · ReLU" in m.value for m in at.markdown) and any(
        "B · LeakyReLU" in m.value for m in at.markdown
    )


def test_turning_compare_on_copies_run_a(app_test):
    at = app_test("training", optimizer="sgd", lr="3", hidden="16")
    at.toggle(key="compare").set_value(True).run()
    assert at.select_slider(key="b_lr").value == 3.0 and at.text_input(key="b_hidden").value == "16"
    assert at.selectbox(key="b_act").value == "leaky_relu"


def test_preset_sets_the_configuration(app_test):
    at = app_test("training", seed="5", act="elu")
    at.pills(key="preset").set_value("leaky_survives").run()
    assert not at.exception
    assert at.toggle(key="compare").value is True and at.select_slider(key="lr").value == 3.0
    assert at.selectbox(key="act").value == "relu" and at.number_input(key="seed").value == 0
    assert at.pills(key="preset").value is None
    at.pills(key="preset").set_value("born_dead").run()
    assert at.text_input(key="hidden").value == "2,2,2,2,2,2" and at.toggle(key="compare").value is False
    assert at.session_state[LAB].runs[0].latest.units.born_dead


def test_busy_server_refuses_to_start(app_test):
    at = app_test("training")
    for owner in range(SLOTS.capacity):
        SLOTS.acquire(f"someone-else-{owner}")
    at.button(key="start").click().run()
    assert any("busy" in w.value for w in at.warning)
    assert not at.session_state[LAB].running and steps(at) == 0


def test_divergence_stops_training_and_says_so(app_test):
    at = app_test("training", act="leaky_relu", negative_slope="1", optimizer="momentum", lr="10",
                  hidden="64,64")  # fmt: skip
    at.button(key="start").click().run()
    for _ in range(5):
        if at.error:
            break
        at.run()
    assert any("Diverged" in e.value for e in at.error)
    assert at.button(key="start").disabled and SLOTS.holders() == 0


def test_cant_die_explained_for_leaky_relu(app_test):
    at = app_test("training", act="leaky_relu")
    assert any("can't die" in i.value for i in at.info)
    at = app_test("training", act="relu", bias_init="0.1")
    assert not at.info and any("ReLU can die" in c.value for c in at.caption)


def test_born_dead_experiment(app_test):
    at = app_test("training", init="kaiming_normal", bd_width="2", bd_depth="10", bd_trials="300")
    at.button(key="bd_run").click().run()
    assert not at.exception
    share = float(metric(at, "Born dead").rstrip("%"))
    assert share > 70
    assert len(at.get("echarts_chart")) == 4


def test_korean(app_test):
    at = app_test("training", lang="ko")
    assert not at.exception
    assert "학습" in at.title[0].value
    assert any(m.label == "죽은 뉴런" for m in at.metric)
    assert at.button(key="start").label == "시작"


def test_charts_follow_the_run(app_test):
    at = app_test("training", bias_init="-0.5")  # layer 2 dead from the start
    boundary, network, curves = charts(at)
    assert boundary["graphic"][0]["style"]["image"].startswith("data:image/png;base64,")
    assert sum(len(series["data"]) for series in boundary["series"]) == 500
    nodes = network["series"][1]["data"]
    assert sum(node["itemStyle"]["color"] == "#a0a0a0" for node in nodes) == sum(
        at.session_state[LAB].runs[0].latest.units.dead_counts
    )
    assert [s["encode"]["y"] for s in curves["series"] if s["xAxisIndex"] == 2] == ["dead_1", "dead_2"]
    assert curves["yAxis"][0]["type"] == "log" and curves["dataset"][0]["source"][0][0] == 0


def test_a_slow_pace_takes_a_few_steps_per_refresh(app_test):
    at = app_test("training", pace="10")
    assert at.button_group(key="pace").value == "10" if hasattr(at, "button_group") else True
    at.button(key="start").click().run()
    at.run()
    assert 1 <= steps(at) <= 10  # two refreshes at 10 steps/s, not thousands


def test_lu_setup_button_then_the_experiment(app_test):
    at = app_test("training", act="elu", init="xavier_normal", bias_init="0.5")
    at.button(key="bd_lu").click().run()
    assert at.selectbox(key="act").value == "relu" and at.selectbox(key="init").value == "kaiming_normal"
    assert at.slider(key="bias_init").value == 0.0
    at.button(key="bd_run").click().run()
    assert float(metric(at, "Born dead").rstrip("%")) > 70


def test_prelu_slope_has_its_own_key(app_test):
    at = app_test("training", act="prelu", prelu_init="0.1", init="kaiming_uniform")
    assert not at.exception and not at.warning
    assert at.slider(key="prelu_init").value == 0.1 and at.selectbox(key="init").value == "kaiming_uniform"
    arch = at.session_state[LAB].config.runs[0].arch
    assert arch.act_params == (("init", 0.1),) and arch.init == "kaiming_uniform"


def test_a_listed_gpu_that_fails_falls_back_to_cpu(app_test, monkeypatch):
    from activations.training import link as config

    monkeypatch.setattr(config, "available_devices", lambda: ("cpu", "cuda"))
    at = app_test("training", device="cuda")  # this torch has no CUDA: moving the network fails
    assert not at.exception
    assert any("cuda" in w.value and "CPU" in w.value for w in at.warning)
    assert at.session_state[LAB].config.device == "cpu"
    at.button(key="start").click().run()
    assert steps(at) > 0
