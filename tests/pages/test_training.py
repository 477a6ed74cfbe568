"""AppTest of the Training lab: the page, its chart component's data and commands; good links and bad
ones.

The live view is a Custom Components v2 element (``bidi_component``): its data is the page's header
(activations/training/chart.py) and the lab's current frame (activations/training/frames.py). A button
pressed in the chart is simulated as the browser reports it (the component's state, then a rerun);
the frames a browser pulls while the run trains are pulled here through the session, as the stream
does (:meth:`LabSession.want`).
"""

import dataclasses
import itertools
import threading

import pytest

from activations.core import devices
from activations.training import budget, chart, export, figures, frames
from activations.training import session as session_module
from activations.training.lab import RunView
from activations.training.session import QUEUE_S
from activations.training.slots import SLOTS
from ui.classroom import HIDDEN_PREFIX
from ui.components.lab import KEY, MAX_STEPS_AT_ONCE

# ACTIVATIONS_TRAINING_WORKERS=0 runs the in-process path: these tests are about the workers
needs_workers = pytest.mark.skipif(not budget.enabled(), reason="training workers are off")

SESSION = "_training_session"
CHART = "training_lab"
REPORTS = itertools.count(1)  # a report's number grows on the page, as the chart's do
PULL_LIMIT = 2000  # frames pulled at most while waiting for a run to reach a state


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


def sent(at) -> tuple[dict, dict]:
    """What the chart received on the last run: the page's header and the frame, decoded."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == CHART]
    head, frame = chart.read(element.proto.bytes)
    return head, frames.decode(frame)


def shown(at) -> dict:
    """The frame the chart was sent on the last run."""
    return sent(at)[1]


def steps(at) -> int:
    return shown(at)["steps"]


def report(at, **fields):
    """What the browser does when the chart reports: set the component's state, rerun."""
    state = at.session_state.get(KEY) or {}
    at.session_state[KEY] = {**state, "report": {**fields, "n": next(REPORTS)}}
    return at.run()


def press(at, command: str):
    """A toolbar button of the chart (``start``, ``pause``, ``step``, ``reset``)."""
    return report(at, command=command)


def pull(at, full: bool = False) -> dict:
    """One frame as the stream's client gets it: a want, answered once the lab has trained."""
    answer: list[bytes | None] = []
    ready = threading.Event()
    session(at).want(full, "en", lambda frame: (answer.append(frame), ready.set()))
    assert ready.wait(30), "a want must be answered"
    assert answer[0] is not None
    return frames.decode(answer[0])


def pull_until(at, done) -> dict:
    """Frames pulled until ``done(frame)`` (at most :data:`PULL_LIMIT`)."""
    for _ in range(PULL_LIMIT):
        frame = pull(at)
        if done(frame):
            return frame
    raise AssertionError("the run never got there")


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_default_view(app_test):
    at = app_test("training")
    assert not at.exception and not at.warning
    assert at.title[0].value.startswith("Training lab")
    head, frame = sent(at)
    assert frame["steps"] == 0 and frame["status"] == "ready" and frame["history_replace"]
    assert sum(len(mask) for mask in frame["runs"][0]["dead"]) == 16
    assert head["token"] == session(at).token and head["running"] is False and head["queued"] is None
    assert head["runs"][0]["sizes"] == [2, 8, 8, 1] and head["hidden"] == []
    assert head["labels"]["status_ready"].startswith("Ready") and head["labels"]["start"] == "Start"
    assert frame["alt"]["boundary"][0].startswith("Decision boundary")  # in the page's language
    assert not at.get("echarts_chart")  # the born-dead chart only after its experiment
    assert {b.key for b in at.button} == {"bd_lu", "bd_run"}  # the lab's toolbar is the chart's


def test_start_trains_through_the_stream_pause_step_reset(app_test):
    at = app_test("training")
    token = session(at).token
    press(at, "start")
    assert not at.exception and session(at).running
    assert (session(at).remote is not None) == budget.enabled()  # in a worker process, not the server
    assert sent(at)[0]["running"] and session(at).tick_every() is None  # no timer: the stream draws it
    first = pull_until(at, lambda frame: frame["steps"] > 0)["steps"]
    assert SLOTS.holders() == 1  # renewed by the wants
    assert pull_until(at, lambda frame: frame["steps"] > first)["status"] == "running"
    press(at, "start")  # idempotent: the stream's fast path got there first
    assert session(at).running
    press(at, "pause")
    paused = session(at).steps
    assert not session(at).running and SLOTS.holders() == 0 and steps(at) == paused
    assert pull(at)["steps"] == paused  # answered at once, and nothing trains
    press(at, "step")
    assert steps(at) == paused + 1
    press(at, "reset")
    assert steps(at) == 0 and not at.exception
    assert session(at).token not in (None, token) and sent(at)[0]["token"] == session(at).token


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
    assert steps(at) == 0 and sent(at)[0]["token"]


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
    token = session(at).token
    press(at, "start")
    pull_until(at, lambda frame: frame["steps"] > 0)
    at.select_slider(key="lr").set_value("0.1").run()
    assert steps(at) == 0 and not session(at).running and SLOTS.holders() == 0
    assert sent(at)[0]["token"] not in (None, token)


def test_changing_activation_resets_its_parameters(app_test):
    at = app_test("training", act="softplus", threshold="40")
    at.selectbox(key="act").set_value("threshold").run()
    assert not at.exception and at.slider(key="threshold").value == 1.0


def test_compare_mode_trains_two_runs_in_lockstep(app_test):
    at = app_test("training", compare="true", optimizer="sgd", lr="3", b_optimizer="sgd", b_lr="3")
    assert not at.exception and not at.warning
    head, frame = sent(at)
    assert [run["label"] for run in head["runs"]] == [
        "A · ReLU [8,8] · sgd lr 3",
        "B · LeakyReLU [8,8] · sgd lr 3",
    ]
    assert len(frame["runs"]) == 2 and {"boundary.1", "history.1"} <= frame["arrays"].keys()
    assert at.selectbox(key="b_act").value == "leaky_relu"
    press(at, "start")
    runs = pull_until(at, lambda frame: frame["steps"] > 0)["runs"]
    assert runs[0]["step"] == runs[1]["step"] > 0
    assert len(frames.decode(session(at).frame("en"))["alt"]["network"]) == 2


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
    press(at, "start")
    assert not at.exception and not at.warning  # not refused
    assert sent(at)[0]["queued"] == 1  # the chart's status line shows the place in line
    assert not session(at).running and session(at).queued and steps(at) == 0
    assert session(at).tick_every() == QUEUE_S  # the page polls while it waits
    SLOTS.release("someone-else-0")
    at.run()  # the queued run's next poll takes the slot and starts it
    assert session(at).running and not session(at).queued and not at.exception
    assert sent(at)[0]["queued"] is None and sent(at)[0]["running"]
    assert session(at).tick_every() is None


def test_pause_leaves_the_queue(app_test):
    at = app_test("training")
    for owner in range(SLOTS.capacity):
        SLOTS.acquire(f"someone-else-{owner}")
    press(at, "start")
    press(at, "pause")  # the toggle says Pause while queued
    assert not session(at).queued and sent(at)[0]["queued"] is None


def test_share_and_speed_are_shown(app_test):
    at = app_test("training")
    press(at, "start")
    frame = pull_until(at, lambda frame: (frame["steps_per_s"] or 0) > 0 and frame["share"] is not None)
    assert 0 < frame["share"] <= 1
    labels = sent(at)[0]["labels"]
    assert labels["share"] == "{share} of a core" and labels["speed"] == "{speed} steps/s"
    assert labels["fps"] == "{fps} frames/s"


@needs_workers
def test_a_crashed_worker_costs_this_run_a_message_not_the_page(app_test):
    at = app_test("training")
    press(at, "start")
    worker = session(at).remote.worker
    worker.process.kill()
    worker.process.join(10)
    assert pull_until(at, lambda frame: frame["status"] == "crashed")
    report(at, status="crashed")  # the chart saw it in a frame and says so
    assert not at.exception
    assert shown(at)["status"] == "crashed" and SLOTS.holders() == 0
    assert "stopped unexpectedly" in sent(at)[0]["labels"]["status_crashed"]
    press(at, "reset")
    press(at, "start")  # a new worker takes the next run
    assert pull_until(at, lambda frame: frame["steps"] > 0)
    assert session(at).remote.worker is not worker and not at.exception


def test_divergence_stops_training_and_says_so(app_test):
    at = app_test("training", act="leaky_relu", negative_slope="1", optimizer="momentum", lr="10",
                  hidden="64,64")  # fmt: skip
    press(at, "start")
    pull_until(at, lambda frame: frame["status"] == "diverged")
    report(at, status="diverged")
    assert shown(at)["status"] == "diverged" and SLOTS.holders() == 0
    assert sent(at)[0]["labels"]["status_diverged"].startswith("Diverged")
    press(at, "start")  # Reset first
    assert not session(at).running


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
    assert len(at.get("echarts_chart")) == 1


def test_korean(app_test):
    at = app_test("training", lang="ko")
    assert not at.exception
    assert "학습" in at.title[0].value
    head, frame = sent(at)
    assert (
        head["lang"] == "ko" and head["labels"]["m_dead"] == "죽은 뉴런" and head["labels"]["start"] == "시작"
    )
    assert head["classes"][0]["name"] == "클래스 0" and "결정 경계" in frame["alt"]["boundary"][0]


def test_the_chart_is_sent_the_runs_numbers(app_test):
    at = app_test("training", bias_init="-0.5")  # layer 2 dead from the start
    head, frame = sent(at)
    points = head["points"]
    assert len(points["train"]["x"]) + len(points["test"]["x"]) == 500
    assert set(points["train"]["k"]) == {0, 1} and head["classes"][1]["color"] == chart.CLASS_COLORS[1]
    run = lab(at).runs[0]
    assert [sum(mask) for mask in frame["runs"][0]["dead"]] == list(run.latest.units.dead_counts)
    assert frame["arrays"]["boundary.0"].shape == (2, frame["grid"], frame["grid"])
    assert frame["arrays"]["history.0"].shape == (1, 6 + 2 * 2)
    assert head["runs"][0]["saturating"] is False
    at = app_test("training", act="sigmoid")
    assert sent(at)[0]["runs"][0]["saturating"] is True  # the curves show saturated units too


def test_a_slow_pace_takes_a_few_steps_per_frame(app_test):
    at = app_test("training", pace="10")
    assert at.segmented_control(key="pace").value == "10" and lab(at).pace == 10.0
    press(at, "start")
    assert pull_until(at, lambda frame: frame["steps"] > 0)["steps"] <= 3  # at 10 steps/s, not thousands


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
    press(at, "start")
    assert pull_until(at, lambda frame: frame["steps"] > 0) and view(at).config.device == "cpu"


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
    press(at, "step")
    press(at, "step")
    assert steps(at) == 2
    # the buttons hand over what the export module makes of the session's run: the page's numbers
    view = session(at).view()
    rows = export.history_csv([run.history for run in view.runs]).splitlines()
    assert rows[0].startswith("step,epoch,loss") and [r.split(",")[0] for r in rows[1:]] == ["0", "1", "2"]
    run = shown(at)["runs"][0]
    assert f"{float(rows[-1].split(',')[2]):.4f}" == f"{run['train_loss']:.4f}"
    assert sum(int(cell) for cell in rows[-1].split(",")[6:8]) == sum(sum(mask) for mask in run["dead"])


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
    press(at, "step")
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
    press(at, "start")
    assert session(at).remote is not None
    carries = "biases" in {field.name for field in dataclasses.fields(RunView)}
    assert at.get("download_button")[2].disabled is not carries
    press(at, "pause")


def test_every_chart_has_alt_text_built_from_the_run(app_test):
    at = app_test("training", bias_init="-0.5", bd_width="2", bd_depth="10", bd_trials="100")
    run = view(at).runs[0]
    alt = shown(at)["alt"]
    assert alt["boundary"] == [figures.boundary_alt(run.probabilities, view(at).extent, "en")]
    assert alt["boundary"][0].startswith("Decision boundary on [−") and "2 classes" in alt["boundary"][0]
    dead = sum(run.latest.units.dead_counts)
    assert alt["network"] == [figures.network_alt(run.arch.sizes, run.latest.units, "en")]
    assert alt["network"][0].startswith(f"Network 2 → 8 → 8 → 1: {dead} of 16 hidden units dead")
    assert alt["curves"] == figures.curves_alt([("", run.history)], "en") and "After 0 steps" in alt["curves"]
    press(at, "step")
    assert "After 1 step:" in shown(at)["alt"]["curves"]
    at.button(key="bd_run").click().run()
    result = session(at).born_dead_result(2, 10, 100)
    assert at.get("echarts_chart")[0].proto.alt == figures.born_dead_alt(result, "en")
    assert "l = 10" in at.get("echarts_chart")[0].proto.alt


def test_alt_text_in_korean(app_test):
    at = app_test("training", lang="ko")
    alt = shown(at)["alt"]
    assert alt["boundary"][0].startswith("[−") and "결정 경계" in alt["boundary"][0]
    assert "은닉 유닛 16개" in alt["network"][0]
    assert all("{" not in text for text in [*alt["boundary"], *alt["network"], alt["curves"]])


def test_start_pause_and_step_have_keyboard_shortcuts(app_test):
    at = app_test("training")
    head = sent(at)[0]
    assert head["keys"] == {"start": "K", "step": "N"}  # the chart's toolbar listens for them
    assert (
        "shortcut: {key}" in head["labels"]["start_help"] and "shortcut: {key}" in head["labels"]["step_help"]
    )
    assert "shortcut: {key}" in head["labels"]["pause_help"]
    at = app_test("training", lang="ko")
    assert "단축키: {key}" in sent(at)[0]["labels"]["start_help"]


def presets(at) -> bool:
    return any(group.key == "preset" for group in at.get("button_group"))


def test_a_teachers_link_shows_only_start_pause_and_the_learning_rate(app_test):
    at = app_test("training", only=["start", "lr"])
    assert not at.exception and not at.warning
    assert at.title[0].value.startswith("Training lab")
    assert sent(at)[0]["hidden"] == ["step", "reset"] and not at.button
    assert not presets(at) and not at.tabs  # no presets, no born-dead tab
    assert not at.get("download_button")
    hidden = {c.key for c in at.get("flex_container") if c.key and c.key.startswith(HIDDEN_PREFIX)}
    assert {f"{HIDDEN_PREFIX}data", f"{HIDDEN_PREFIX}born_dead", f"{HIDDEN_PREFIX}act"} <= hidden
    assert f"{HIDDEN_PREFIX}lr" not in hidden and f"{HIDDEN_PREFIX}run_a" not in hidden
    press(at, "start")
    assert session(at).running  # the toggle, by either name
    press(at, "pause")
    assert not session(at).running


@pytest.mark.parametrize(
    ("query", "toolbar", "buttons"),
    [
        ({"only": "buttons"}, {"toggle", "step", "reset"}, set()),
        ({"hide": "buttons"}, set(), {"bd_lu", "bd_run"}),
        ({"hide": "pause"}, {"step", "reset"}, {"bd_lu", "bd_run"}),
        ({"only": ["born_dead", "step"]}, {"step"}, {"bd_lu", "bd_run"}),
        ({"hide": ["presets", "export", "born_dead"]}, {"toggle", "step", "reset"}, set()),
    ],
)
def test_classroom_links_pick_the_labs_buttons(app_test, query, toolbar, buttons):
    at = app_test("training", **query)
    assert not at.exception and not at.warning
    assert sent(at)[0]["hidden"] == [name for name in chart.BUTTONS if name not in toolbar]
    assert {b.key for b in at.button} == buttons
    assert presets(at) == ("hide" in query and "presets" not in query["hide"])
    assert bool(at.get("download_button")) == ("hide" in query and "export" not in query["hide"])


def test_reports_without_a_command_rerun_and_change_nothing(app_test):
    at = app_test("training")
    token = session(at).token
    for fields in ({"stale": True}, {"lost": True}, {"command": "explode"}, {"command": None}):
        report(at, **fields)
        assert not at.exception and session(at).token == token and steps(at) == 0
    at.session_state[KEY] = {"report": {"command": "start", "n": 0}}  # an old number: already applied
    at.run()
    assert not session(at).running


def test_a_report_with_a_command_and_news_applies_the_command_and_reruns_the_page(app_test):
    at = app_test("training")
    report(at, command="step", status="paused")  # a Step and, in the same report, a stop it saw
    assert not at.exception and steps(at) == 1 and shown(at)["status"] == "paused"


def test_a_start_or_pause_the_socket_applied_is_left_to_it(app_test):
    """The socket applies Start and Pause in order with the frames; its late report must not undo a
    later one (a Start reported after the socket paused the run would start it again)."""
    at = app_test("training")
    report(at, command="start", applied=True)  # the socket never got it: nothing starts here either
    assert not session(at).running
    report(at, command="start", applied=False)  # on its way over HTTP, or queued: the page applies it
    assert session(at).running
    report(at, command="pause", applied=True)
    assert session(at).running
    press(at, "pause")
    assert not session(at).running and not at.exception


def test_step_presses_overtaken_by_a_quicker_report_still_count(app_test):
    at = app_test("training")
    report(at, command="step", presses=3)  # the reports of presses 1 and 2 never reached the page
    assert steps(at) == 3
    report(at, command="step", presses=4)
    assert steps(at) == 4
    report(at, command="step", presses=2)  # a count that went back (a reloaded page): one press
    assert steps(at) == 5
    report(at, command="step", presses=10_000)  # bounded
    assert steps(at) == 5 + MAX_STEPS_AT_ONCE
