"""Exports of the Training lab: history, configuration and weights (the standalone script:
``test_train_script.py``)."""

import csv
import io
import json
import runpy

import pytest
import torch

from activations.training import export, link, train_script
from activations.training.cli import checked_values
from activations.training.data import DataConfig
from activations.training.lab import Lab, LabConfig


def lab_config(query: str, upload: bytes = b"") -> LabConfig:
    return link.lab_config(checked_values(query), upload=upload)


def trained_lab(query: str, steps: int = 120) -> tuple[Lab, link.TrainingState]:
    values = checked_values(query)
    lab = Lab(link.lab_config(values))
    for _ in range(steps // 40):
        lab.step(40)
    return lab, values


def test_history_csv_holds_what_the_lab_recorded():
    lab, _ = trained_lab("hidden=8,4&optimizer=sgd&lr=3")
    history = lab.runs[0].history
    rows = list(csv.DictReader(io.StringIO(export.history_csv([history]))))
    assert list(rows[0]) == [
        "step", "epoch", "loss", "test_loss", "train_acc", "test_acc",
        "dead_1", "dead_2", "saturated_1", "saturated_2",
    ]  # fmt: skip
    assert [int(r["step"]) for r in rows] == [0, 40, 80, 120] == list(history.series("step"))
    for name, column in (("train_loss", "loss"), ("test_loss", "test_loss"), ("test_acc", "test_acc")):
        assert [float(r[column]) for r in rows] == list(history.series(name))  # exact: repr round-trips
    assert [[int(r["dead_1"]), int(r["dead_2"])] for r in rows] == history.per_layer("dead").tolist()
    latest = lab.runs[0].latest
    assert float(rows[-1]["loss"]) == latest.train_loss
    assert [int(rows[-1]["dead_1"]), int(rows[-1]["dead_2"])] == latest.units.dead_counts


def test_history_csv_of_a_compare_run_names_the_runs():
    lab, _ = trained_lab("compare=true&hidden=8&b_hidden=4,4&b_act=relu", 40)
    text = export.history_csv([run.history for run in lab.runs])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["run"] for r in rows] == ["a", "a", "b", "b"]
    assert rows[0]["dead_2"] == "" and rows[2]["dead_2"] != ""  # A has one hidden layer, B two


def test_config_json_has_every_key_and_a_query_that_restores_them():
    query = "act=leaky_relu&negative_slope=0.2&lr=0.0003&l2=0.00005&hidden=16,8&seed=4294967295"
    values = checked_values(query)
    document = json.loads(export.config_json(values))
    assert document["values"] == {f.key: values.values()[f.key] for f in values.fields()}
    assert document["values"]["negative_slope"] == 0.2 and document["values"]["batch"] == 32
    assert "batch" not in document["query"] and "l2=0.00005" in document["query"]
    assert checked_values(document["query"]) == values
    assert "upload" not in document


def test_config_json_of_uploaded_data_says_which_file():
    data = b"x1,x2,label\n0,0,0\n1,1,1\n2,0,0\n"
    values = checked_values("dataset=upload")
    config = link.lab_config(values, upload=data)
    document = json.loads(export.config_json(values, config.data))
    assert document["upload"]["rows"] == 3 and document["upload"]["classes"] == 2
    assert document["query"] == "dataset=upload"


def test_weights_load_into_the_scripts_model_and_give_the_labs_outputs(tmp_path):
    query = "dataset=spiral3&act=prelu&hidden=8,4"
    lab, values = trained_lab(query)
    network = lab.runs[0].trainer.network
    state = torch.load(io.BytesIO(export.weights(network)))
    assert list(state) == [
        "0.weight",
        "0.bias",
        "1.weight",
        "2.weight",
        "2.bias",
        "3.weight",
        "4.weight",
        "4.bias",
    ]
    assert state["1.weight"].tolist() == pytest.approx([network.slopes()[0]])
    script = tmp_path / "train.py"
    script.write_text(train_script.training_script(lab.config, 0, 10, values.query()))
    namespace = runpy.run_path(str(script), run_name="exported")
    model = namespace["build_model"]()
    model.load_state_dict(state)
    model.eval()
    x = lab.data.x_test
    with torch.no_grad():
        assert torch.allclose(model(x), network.forward(x)[2], atol=1e-6)


def test_weights_are_small_copies():
    lab, _ = trained_lab("hidden=8", 40)
    state = export.state_dict(lab.runs[0].trainer.network)
    pointers = {tensor.untyped_storage().data_ptr() for tensor in state.values()}
    assert len(pointers) == len(state)  # no view of the lab's flat tensor: a file holds only itself
    assert sum(t.numel() for t in state.values()) == 2 * 8 + 8 + 8 + 1


def test_file_names_say_what_they_hold():
    config = lab_config("act=gelu&hidden=16,8&dataset=spiral")
    assert export.file_name(config, "history") == "training_gelu_16-8_spiral_history.csv"
    assert export.file_name(config, "script") == "training_gelu_16-8_spiral_train.py"
    both = lab_config("compare=true&b_hidden=4")
    assert export.file_name(both, "weights", 1) == "training_leaky_relu_4_moons_b_weights.pt"
    assert export.file_name(both, "history", None) == "training_relu-vs-leaky_relu_moons_history.csv"
    assert (
        export.file_name(LabConfig(DataConfig(), both.runs[:1]), "config")
        == "training_relu_8-8_moons_config.json"
    )


def test_the_query_writes_each_value_in_its_fields_format_in_field_order():
    values = checked_values("compare=true&l2=0.00005&init_std=3.0&points=500.0&hidden=16, 8&b_lr=0.30")
    assert values.query() == "hidden=16,8&init_std=3&l2=0.00005&compare=true&b_lr=0.3"
    assert checked_values(values.query()) == values


def test_weights_from_a_runs_arrays_equal_the_networks():
    lab, _ = trained_lab("act=prelu&hidden=4,4", 40)
    network = lab.runs[0].trainer.network
    arrays = (
        [w.numpy() for w in network.layer_weights()],
        [b.detach().numpy().copy() for b in network.biases],
        network.slopes(),
    )
    from_arrays = torch.load(io.BytesIO(export.weights_from_arrays(network.arch, *arrays)))
    direct = torch.load(io.BytesIO(export.weights(network)))
    assert list(from_arrays) == list(direct)
    assert all(torch.equal(from_arrays[key], direct[key]) for key in direct)
