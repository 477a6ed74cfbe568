"""activations/training/chart.py: what the lab's chart component is sent besides the frame."""

import json

import numpy as np
import pytest

from activations.core.i18n import CATALOG
from activations.training import chart, frames
from activations.training.data import DataConfig
from activations.training.lab import MAX_STEPS, Lab, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import Architecture

KEYS = {"start": "K", "step": "N"}


def config(compare: bool = False, act: str = "relu", data: DataConfig | None = None) -> LabConfig:
    run = RunConfig(Architecture((8, 4), 2, act), Recipe("sgd", 3.0, 32))
    other = RunConfig(Architecture((8, 4), 2, "leaky_relu"), Recipe("adam", 0.01, 32))
    return LabConfig(data or DataConfig("moons", points=200, seed=1), (run, other) if compare else (run,))


def header(lab_config: LabConfig, lang: str = "en", **options) -> dict:
    values = {"running": False, "queued": None, "device": "cpu", "hidden": (), "max_steps": MAX_STEPS}
    return chart.header(lab_config, lang, "token-1", **{**values, **options}, keys=KEYS)


def test_the_header_carries_what_a_run_never_changes():
    head = header(config(compare=True), hidden=("step", "download_history"), queued=3)
    assert head["token"] == "token-1" and head["paths"] == chart.PATHS and head["keys"] == KEYS
    assert head["hidden"] == ["step"] and head["queued"] == 3 and head["running"] is False
    assert [run["label"] for run in head["runs"]] == [
        "A · ReLU [8,4] · sgd lr 3",
        "B · LeakyReLU [8,4] · adam lr 0.01",
    ]
    assert [run["sizes"] for run in head["runs"]] == [[2, 8, 4, 1], [2, 8, 4, 1]]
    assert head["classes"] == [{"name": "class 0", "color": chart.CLASS_COLORS[0]},
                               {"name": "class 1", "color": chart.CLASS_COLORS[1]}]  # fmt: skip
    points = head["points"]
    made = config().data.make()
    assert len(points["train"]["x"]) == len(made.x_train) and len(points["test"]["k"]) == len(made.y_test)
    assert np.allclose(points["train"]["y"], made.x_train[:, 1].numpy(), atol=5e-5)
    assert points["train"]["k"] == made.y_train.tolist()


def test_saturating_runs_show_saturated_units():
    assert header(config(act="sigmoid"))["runs"][0]["saturating"] is True
    assert header(config(act="relu"))["runs"][0]["saturating"] is False


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_label_exists_in_both_languages_with_browser_fields_kept(lang):
    labels = chart.labels(lang, MAX_STEPS)
    assert set(labels) == set(chart.LABELS)
    assert all(lang in CATALOG[key] for key in chart.LABELS.values())
    assert "{position}" in labels["queued"] and "{key}" in labels["start_help"] and "{n}" in labels["layer"]
    assert f"{MAX_STEPS:,}" in labels["status_finished"]


def test_an_uploaded_files_class_names_are_sent_as_plain_text():
    csv = b"x1,x2,label\n" + b"\n".join(
        f"{i % 5},{i % 3},{'<b>cat</b>' if i % 2 else 'dog'}".encode() for i in range(40)
    )
    head = header(config(data=DataConfig("upload", upload_csv=csv)))
    assert {one["name"] for one in head["classes"]} == {"class <b>cat</b>", "class dog"}


def test_a_message_is_the_header_then_the_frame_at_a_multiple_of_8():
    view = Lab(config()).view()
    frame, _ = frames.encode(view, seq=1)
    head = header(config(), lang="ko")
    message = chart.message(head, frame)
    length = int.from_bytes(message[:4], "little")
    start = -(-(4 + length) // 8) * 8
    assert message[start:] == frame and set(message[4 + length : start]) <= {0}
    as_json = json.loads(json.dumps(head))  # tuples arrive as lists
    assert chart.read(message) == (as_json, frame)
    assert chart.read(chart.message(head, None)) == (as_json, b"")


def test_the_palette_mixes_each_class_into_white_from_a_tie_to_sure():
    table = chart.palette(3)
    assert table.shape == (3, chart.MIX["levels"], 3) and table.dtype == np.uint8
    orange = [int(chart.CLASS_COLORS[0][i : i + 2], 16) for i in (1, 3, 5)]
    expected_tie = np.round(255 - (255 - np.array(orange)) * chart.MIX["low"])
    assert table[0, 0].tolist() == expected_tie.tolist()
    sure = np.round(255 - (255 - np.array(orange)) * (chart.MIX["low"] + chart.MIX["span"]))
    assert table[0, -1].tolist() == sure.tolist()
    assert not table.flags.writeable
