"""AppTest of the Training lab: the page, one tick at a time; good links and bad ones."""

import dataclasses
import json

import pyarrow as pa
import pytest

from activations.core import devices
from activations.training import budget, export, figures
from activations.training import session as session_module
from activations.training.figures import NODE_COLORS
from activations.training.lab import RunView
from activations.training.slots import SLOTS
from ui.classroom import HIDDEN_PREFIX

# ACTIVATIONS_TRAINING_WORKERS=0 runs the in-process path: these tests are about the workers
needs_workers = pytest.mark.skipif(not budget.enabled(), reason="training workers are off")

SESSION = "_training_session"


@pytest.fixture(autouse=True)
def free_slots():
    SLOTS.clear()
    yield
    SLOTS.clear()


@pytest.fixture
def cpu_only(monkeypatch):
    """A machine without a GPU, whatever this one has."""
    monkeypatch.setattr(devices, "available_devices", lambda: ("cpu",))


def warnings(at) -> list[str]:
    """The warnings' text as shown (the page escapes Markdown in them)."""
    return [w.value.replace("\\", "") for w in at.warning]


def session(at):
    """The page's :class:`~activations.training.session.LabSession` (status, steps, queue, view)."""
    return at.session_state[SESSION]


def lab(at):
    """The page's lab as built from the link (its configuration and data; a started run trains in a
    worker, whose view is :func:`view`)."""
    return session(at).lab


def view(at):
    return session(at).view()


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
    assert first > 0 and session(at).running
    assert SLOTS.holders() == 1
    assert (session(at).remote is not None) == budget.enabled()  # in a worker process, not the server
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
    assert at.select_slider(key="lr").value == "0.3" and at.number_input(key="batch").value == 10
    config = lab(at).config
    assert config.runs[0].arch.hidden == (16, 8) and config.runs[0].arch.classes == 3
    assert config.runs[0].recipe.lr == 0.3 and config.data.seed == 7
    at.run()
    assert steps(at) == 0 and not session(at).running


@pytest.mark.parametrize(
    "query",
    [
        {"hidden": "-1,8"},
        {"hidden": "8,abc"},
        {"hidden": "1,2,3,4,5,6,7"},
        {"batch": "0"},
        {"points": "nan"},
        {"points": "inf"},
        {"points": "1e999"},
        {"noise": "inf"},
        {"seed": "4294967296"},
        {"lr": "0.012"},
        {"lr": "nan"},
        {"dataset": "mnist"},
        {"act": "<script>alert(1)</script>"},
        {"init": "**bold**"},
        {"device": "tpu"},
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
    assert any(f"{key}=" in text for text in warnings(at) for key in query)
    assert len(at.get("echarts_chart")) >= 3
    assert steps(at) == 0


def test_an_infinite_number_of_points_is_refused_not_a_crash(app_test):
    # an integer st.number_input raises OverflowError on ?points=inf: whole numbers use a float box
    at = app_test("training", points="inf", seed="1e999")
    assert not at.exception
    assert any("points=inf" in text for text in warnings(at))
    assert any("seed=1e999" in text for text in warnings(at))
    assert at.number_input(key="points").value == 500 and lab(at).config.data.points == 500
    assert at.number_input(key="seed").value == 0 and lab(at).config.data.seed == 0


def test_a_learning_rate_spelled_otherwise_takes_the_sliders_spelling(app_test):
    at = app_test("training", lr="0.10")
    assert not any("lr=" in text for text in warnings(at)), "the same step: nothing to say"
    assert at.select_slider(key="lr").value == "0.1" and lab(at).config.runs[0].recipe.lr == 0.1


def test_a_fixed_value_outlasts_a_browser_that_mounts_its_widget_late(app_test):
    """A loaded browser can draw the slider after the fix and send its default back; the binder
    sets the fix again until the browser's URL shows it."""
    at = app_test("training", lr="0.25")
    assert at.select_slider(key="lr").value == "0.3"
    for _ in range(3):  # the browser's URL still says 0.25 on each of its runs
        at.query_params["lr"] = "0.25"
        at.select_slider(key="lr").set_value("0.01").run()
        assert at.select_slider(key="lr").value == "0.3" and lab(at).config.runs[0].recipe.lr == 0.3
    at.query_params["lr"] = "0.3"  # the URL shows the fix: a later change is the user's
    at.run()
    at.select_slider(key="lr").set_value("0.01").run()
    assert at.select_slider(key="lr").value == "0.01"


def test_bad_widths_are_replaced_in_the_widget(app_test):
    at = app_test("training", hidden="8,-3", batch="0")
    assert at.text_input(key="hidden").value == "8,8" and at.number_input(key="batch").value == 32
    assert lab(at).config.runs[0].arch.hidden == (8, 8)


def test_unavailable_device_falls_back_to_cpu(app_test, cpu_only):
    at = app_test("training", device="cuda")
    assert any("cuda" in w.value and "cpu" in w.value for w in at.warning)
    assert lab(at).config.device == "cpu"


def test_typing_a_bad_width_is_caught_on_interaction(app_test):
    at = app_test("training")
    at.text_input(key="hidden").input("16,0").run()
    assert not at.exception and at.warning
    assert at.text_input(key="hidden").value == "8,8"
    at.text_input(key="hidden").input("16, 4").run()
    assert lab(at).config.runs[0].arch.hidden == (16, 4)


def test_changing_the_configuration_resets_the_run(app_test):
    at = app_test("training")
    at.button(key="start").click().run()
    assert steps(at) > 0
    at.select_slider(key="lr").set_value("0.1").run()
    assert steps(at) == 0 and not session(at).running and SLOTS.holders() == 0


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
    runs = view(at).runs
    assert runs[0].latest.step == runs[1].latest.step > 0
    assert any("A · ReLU" in m.value for m in at.markdown) and any(
        "B · LeakyReLU" in m.value for m in at.markdown
    )


def test_turning_compare_on_copies_run_a(app_test):
    at = app_test("training", optimizer="sgd", lr="3", hidden="16")
    at.toggle(key="compare").set_value(True).run()
    assert at.select_slider(key="b_lr").value == "3" and at.text_input(key="b_hidden").value == "16"
    assert at.selectbox(key="b_act").value == "leaky_relu"


def test_preset_sets_the_configuration(app_test):
    at = app_test("training", seed="5", act="elu")
    at.pills(key="preset").set_value("leaky_survives").run()
    assert not at.exception
    assert at.toggle(key="compare").value is True and at.select_slider(key="lr").value == "5"
    assert at.selectbox(key="act").value == "relu" and at.number_input(key="seed").value == 0
    assert at.pills(key="preset").value is None
    at.pills(key="preset").set_value("born_dead").run()
    assert at.text_input(key="hidden").value == "2,2,2,2,2,2" and at.toggle(key="compare").value is False
    assert lab(at).runs[0].latest.units.born_dead


def test_a_full_server_queues_the_run_and_starts_it_when_a_slot_frees(app_test):
    at = app_test("training")
    for owner in range(SLOTS.capacity):
        SLOTS.acquire(f"someone-else-{owner}")
    at.button(key="start").click().run()
    assert not at.exception and not at.warning  # not refused
    assert any("number 1 in line" in i.value for i in at.info)
    assert not session(at).running and session(at).queued and steps(at) == 0
    assert at.button(key="pause")  # leaves the queue
    SLOTS.release("someone-else-0")
    at.run()  # the queued run's next tick takes the slot and starts it
    assert session(at).running and not session(at).queued and not at.exception
    assert not any("in line" in i.value for i in at.info)


def test_share_and_speed_are_shown(app_test):
    at = app_test("training")
    at.button(key="start").click().run()
    at.run()
    line = next(c.value for c in at.caption if "steps/s" in c.value)
    assert "of a core" in line and view(at).share is not None and 0 < view(at).share <= 1


@needs_workers
def test_a_crashed_worker_costs_this_run_a_message_not_the_page(app_test):
    at = app_test("training")
    at.button(key="start").click().run()
    worker = session(at).remote.worker
    worker.process.kill()
    worker.process.join(10)
    at.run()
    assert not at.exception
    assert any("stopped unexpectedly" in e.value for e in at.error)
    assert at.button(key="start").disabled and SLOTS.holders() == 0
    at.button(key="reset").click().run()
    at.button(key="start").click().run()  # a new worker takes the next run
    assert steps(at) > 0 and session(at).remote.worker is not worker and not at.exception


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
    # the points travel as Arrow tables (one per series, built once per data set), not as JSON
    datasets = at.get("echarts_chart")[0].proto.datasets
    assert sum(pa.ipc.open_stream(d.data.data).read_all().num_rows for d in datasets) == 500
    assert {series["datasetIndex"] for series in boundary["series"]} == set(range(len(boundary["series"])))
    nodes = network["series"][1]["data"]
    assert sum(node["itemStyle"]["color"] == NODE_COLORS["dead"] for node in nodes) == sum(
        lab(at).runs[0].latest.units.dead_counts
    )
    assert [s["encode"]["y"] for s in curves["series"] if s["xAxisIndex"] == 2] == ["dead_1", "dead_2"]
    assert curves["yAxis"][0]["type"] == "log" and curves["dataset"][0]["source"][0][0] == 0


def test_a_slow_pace_takes_a_few_steps_per_refresh(app_test):
    at = app_test("training", pace="10")
    assert at.segmented_control(key="pace").value == "10" and lab(at).pace == 10.0
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
    arch = lab(at).config.runs[0].arch
    assert arch.act_params == (("init", 0.1),) and arch.init == "kaiming_uniform"


def test_a_listed_gpu_that_fails_falls_back_to_cpu(app_test, monkeypatch):
    monkeypatch.setattr(devices, "available_devices", lambda: ("cpu", "cuda"))
    real_lab = session_module.Lab

    def gpu_fails(config):
        if config.device != "cpu":
            raise RuntimeError("CUDA error: out of memory")
        return real_lab(config)

    monkeypatch.setattr(session_module, "Lab", gpu_fails)
    at = app_test("training", device="cuda")
    assert not at.exception
    assert any("cuda" in w.value and "CPU" in w.value for w in at.warning)
    assert lab(at).config.device == "cpu"
    at.button(key="start").click().run()
    assert steps(at) > 0 and view(at).config.device == "cpu"


# Exports and your own data ---------------------------------------------------------------------

GOOD_CSV = (
    "x1,x2,label\n" + "\n".join(f"{i % 9 - 4},{i % 7 * 3},{i % 3}" for i in range(60)) + "\n"
).encode()


def download_labels(at) -> list[str]:
    return [el.label for el in at.get("download_button")]


def test_the_download_row_offers_history_configuration_weights_and_script(app_test):
    at = app_test("training", hidden="8,4")
    assert not at.exception
    assert download_labels(at) == [
        "History (CSV)",
        "Configuration (JSON)",
        "Weights (state_dict)",
        "PyTorch script",
    ]
    at.button(key="step").click().run()
    at.button(key="step").click().run()
    assert steps(at) == 2
    # the buttons hand over what the export module makes of the session's run: the page's numbers
    view = session(at).view()
    rows = export.history_csv([run.history for run in view.runs]).splitlines()
    assert rows[0].startswith("step,epoch,loss") and [r.split(",")[0] for r in rows[1:]] == ["0", "1", "2"]
    assert f"{float(rows[-1].split(',')[2]):.4f}" == metric(at, "Training loss")
    dead = sum(int(cell) for cell in rows[-1].split(",")[6:8])
    assert metric(at, "Dead units") == f"{dead} / 12"


def test_compare_mode_offers_weights_and_script_per_run(app_test):
    at = app_test("training", compare="true")
    assert not at.exception
    labels = download_labels(at)
    assert labels[:2] == ["History (CSV)", "Configuration (JSON)"]
    assert labels[2:] == [
        "Weights (state_dict) · A",
        "PyTorch script · A",
        "Weights (state_dict) · B",
        "PyTorch script · B",
    ]


def test_an_upload_link_asks_for_the_file_and_keeps_the_data_until_then(app_test):
    at = app_test("training", dataset="upload")
    assert not at.exception and not at.warning
    assert len(at.file_uploader) == 1
    assert any("can't carry your file" in c.value for c in at.caption)
    assert any("keeps using moons" in i.value for i in at.info)
    assert lab(at).config.data.dataset == "moons"  # the default data until a file arrives


def test_a_good_file_becomes_the_labs_data(app_test):
    at = app_test("training", dataset="upload", hidden="4", test_frac="0.25")
    at.file_uploader[0].set_value(("points.csv", GOOD_CSV, "text/csv"))
    at.run()
    assert not at.exception and not at.warning
    data = lab(at).config.data
    assert data.dataset == "upload" and data.upload_csv == GOOD_CSV
    assert lab(at).config.runs[0].arch.classes == 3
    assert (len(lab(at).data.x_train), len(lab(at).data.x_test)) == (45, 15)
    assert any("points.csv: 60 points, 3 classes" in c.value.replace("\\", "") for c in at.caption)
    at.button(key="step").click().run()
    assert steps(at) == 1 and not at.exception


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"x1,x2,label\n1,2,0\nnan,1,1\n", "row 3: “nan” is not a finite number"),
        (b"x1,x2,label\n1,2,0\n=cmd|' /C calc'!A0,1,1\n", "looks like a spreadsheet formula"),
        (b"PK\x03\x04" + b"\x00" * 100, "zip archive"),
        (b"1,2\n3,4\n", "row 1: 2 columns instead of 3"),
    ],
)
def test_a_bad_file_gets_a_plain_warning_and_the_lab_keeps_its_data(app_test, content, expected):
    at = app_test("training", dataset="upload")
    at.file_uploader[0].set_value(("points.csv", GOOD_CSV, "text/csv"))
    at.run()
    good = lab(at).config
    at.file_uploader[0].set_value(("bad.csv", content, "text/csv"))
    at.run()
    assert not at.exception
    assert any(expected in text and "bad.csv" in text for text in warnings(at)), warnings(at)
    assert lab(at).config == good  # still the last good file


@needs_workers
def test_weights_of_a_run_in_a_worker_download_only_when_its_view_carries_them(app_test):
    at = app_test("training")
    assert not at.get("download_button")[2].disabled  # in the server until the first Start
    at.button(key="start").click().run()
    assert session(at).remote is not None
    carries = "biases" in {field.name for field in dataclasses.fields(RunView)}
    assert at.get("download_button")[2].disabled is not carries
    at.button(key="pause").click().run()


def test_every_chart_has_alt_text_built_from_the_run(app_test):
    at = app_test("training", bias_init="-0.5", bd_width="2", bd_depth="10", bd_trials="100")
    run = view(at).runs[0]
    boundary, network, curves = (el.proto.alt for el in at.get("echarts_chart"))
    assert boundary == figures.boundary_alt(run.probabilities, view(at).extent, "en")
    assert boundary.startswith("Decision boundary on [−") and "2 classes" in boundary
    dead = sum(run.latest.units.dead_counts)
    assert network == figures.network_alt(run.arch.sizes, run.latest.units, "en")
    assert network.startswith(f"Network 2 → 8 → 8 → 1: {dead} of 16 hidden units dead")
    assert curves == figures.curves_alt([("", run.history)], "en") and "After 0 steps" in curves
    at.button(key="step").click().run()
    assert "After 1 step:" in at.get("echarts_chart")[2].proto.alt
    at.button(key="bd_run").click().run()
    result = session(at).born_dead_result(2, 10, 100)
    assert at.get("echarts_chart")[3].proto.alt == figures.born_dead_alt(result, "en")
    assert "l = 10" in at.get("echarts_chart")[3].proto.alt


def test_alt_text_in_korean(app_test):
    at = app_test("training", lang="ko")
    alts = [el.proto.alt for el in at.get("echarts_chart")]
    assert alts[0].startswith("[−") and "결정 경계" in alts[0] and "은닉 유닛 16개" in alts[1]
    assert all("{" not in alt for alt in alts)


def test_start_pause_and_step_have_keyboard_shortcuts(app_test):
    at = app_test("training")
    start, step = at.button(key="start"), at.button(key="step")
    assert start.proto.shortcut.lower() == "k" and step.proto.shortcut.lower() == "n"
    assert "shortcut: K" in start.help and "shortcut: N" in step.help
    at.button(key="start").click().run()
    pause = at.button(key="pause")
    assert pause.proto.shortcut.lower() == "k" and "shortcut: K" in pause.help
    pause.click().run()
    at = app_test("training", lang="ko")
    assert "단축키: K" in at.button(key="start").help


def presets(at) -> bool:
    return any(group.key == "preset" for group in at.get("button_group"))


def test_a_teachers_link_shows_only_start_pause_and_the_learning_rate(app_test):
    at = app_test("training", only=["start", "lr"])
    assert not at.exception and not at.warning
    assert at.title[0].value.startswith("Training lab") and len(at.get("echarts_chart")) == 3
    assert {b.key for b in at.button} == {"start"}
    assert not presets(at) and not at.tabs  # no presets, no born-dead tab
    assert not at.get("download_button")
    hidden = {c.key for c in at.get("flex_container") if c.key and c.key.startswith(HIDDEN_PREFIX)}
    assert {f"{HIDDEN_PREFIX}data", f"{HIDDEN_PREFIX}born_dead", f"{HIDDEN_PREFIX}act"} <= hidden
    assert f"{HIDDEN_PREFIX}lr" not in hidden and f"{HIDDEN_PREFIX}run_a" not in hidden
    at.button(key="start").click().run()
    assert {b.key for b in at.button} == {"pause"} and session(at).running  # the toggle, by either name
    at.button(key="pause").click().run()
    assert not session(at).running


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"only": "buttons"}, {"start", "step", "reset"}),
        ({"hide": "buttons"}, {"bd_lu", "bd_run"}),
        ({"hide": "pause"}, {"step", "reset", "bd_lu", "bd_run"}),
        ({"only": ["born_dead", "step"]}, {"step", "bd_lu", "bd_run"}),
        ({"hide": ["presets", "export", "born_dead"]}, {"start", "step", "reset"}),
    ],
)
def test_classroom_links_pick_the_labs_buttons(app_test, query, shown):
    at = app_test("training", **query)
    assert not at.exception and not at.warning
    assert {b.key for b in at.button} == shown
    assert presets(at) == ("hide" in query and "presets" not in query["hide"])
    assert bool(at.get("download_button")) == ("hide" in query and "export" not in query["hide"])
