"""Exports of the Training lab: history, configuration, weights, and the standalone script.

The script runs in a subprocess, in a folder without our code, with imports of ``activations``
blocked, and must reproduce ``python -m activations train`` for the same link. Tolerance: losses
within 1e-4 relative (or 1e-6 absolute), accuracies within 0.5 %, dead and saturated counts equal.
Why not bit for bit: the data, initial weights, batches and RReLU's slopes are the same draws, but
the script computes each step with autograd and ``torch.optim`` where the lab uses its own backward
and the fused Adam kernel; the two differ by float32 rounding (~1e-7 relative per step). Over the
300 steps run here the losses agree to about 1e-6 relative.
"""

import csv
import io
import json
import math
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from activations.training import export, link
from activations.training.cli import checked_values, train_main
from activations.training.data import DataConfig
from activations.training.lab import Lab, LabConfig

BLOCKED_RUN = """
import runpy, sys
class NoActivations:
    def find_spec(self, name, path=None, target=None):
        if name == "activations" or name.startswith("activations."):
            raise ImportError("the exported script imported " + name)
sys.meta_path.insert(0, NoActivations())
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
assert not any(m == "activations" or m.startswith("activations.") for m in sys.modules)
"""
LOSS_RTOL, LOSS_ATOL, ACC_ATOL = 1e-4, 1e-6, 0.005


def run_script(path: Path, *args: str) -> list[dict]:
    """``python path args --json`` in the script's folder, isolated (-I), ``activations`` blocked."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", BLOCKED_RUN, path.name, *args, "--json"],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def cli_lines(capsys, *argv: str) -> list[dict]:
    assert train_main(list(argv)) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    rows[-1].pop("steps_per_s")
    return rows


def assert_same_run(lab_rows: list[dict], script_rows: list[dict]) -> None:
    assert [r["step"] for r in lab_rows] == [r["step"] for r in script_rows]
    for ours, theirs in zip(lab_rows, script_rows, strict=True):
        for key in ("loss", "test_loss"):
            assert theirs[key] == pytest.approx(ours[key], rel=LOSS_RTOL, abs=LOSS_ATOL), (ours, theirs)
        for key in ("train_acc", "test_acc"):
            assert abs(theirs[key] - ours[key]) <= ACC_ATOL, (ours, theirs)
        assert (theirs["dead"], theirs["saturated"]) == (ours["dead"], ours["saturated"]), (ours, theirs)
        assert theirs["epoch"] == pytest.approx(ours["epoch"], rel=1e-5)


def lab_config(query: str, upload: bytes = b"") -> LabConfig:
    return link.lab_config(checked_values(query), upload=upload)


def write_script(tmp_path: Path, query: str, steps: int, upload: bytes = b"") -> Path:
    path = tmp_path / "train.py"
    path.write_text(export.training_script(lab_config(query, upload), 0, steps, query))
    return path


LINKS = [
    "hidden=8,8&optimizer=sgd&lr=0.1",  # minibatches of 32
    "hidden=8,8",  # the default: Adam (the lab's fused kernel, torch.optim's Adam in the script)
    "act=relu&optimizer=sgd&lr=3&bias_init=-0.5&init=normal&init_std=0.5&dataset=xor",  # units die
    "dataset=spiral3&act=prelu&prelu_init=0.1&init=xavier_uniform&l2=0.001&batch=2000",  # slopes, L2
    "dataset=spiral&act=rrelu&batch=10&seed=9&optimizer=momentum&lr=0.05",  # random slopes, momentum
    "act=gelu&approximate=tanh&dataset=circles&hidden=16,8,4&init=kaiming_uniform&noise=0.2",
    "act=tanh&dataset=blobs&init=kaiming_normal&points=200&test_frac=0.5",  # saturating
]


@pytest.mark.parametrize("query", LINKS)
def test_the_script_reproduces_the_lab(tmp_path, capsys, query):
    script = write_script(tmp_path, query, 300)
    text = script.read_text()
    assert "import activations" not in text and "from activations" not in text
    assert_same_run(cli_lines(capsys, query, "--steps", "300"), run_script(script))


def test_the_script_reproduces_a_run_on_uploaded_data(tmp_path, capsys):
    rows = [f"{(i * 37) % 101 / 7:.3f},{(i * 53) % 89 - 40},{(i // 10) % 3 + 5}" for i in range(90)]
    data = ("x1,x2,label\n" + "\n".join(rows) + "\n").encode()
    (tmp_path / "mine.csv").write_bytes(data)
    query = "dataset=upload&hidden=6&seed=4&test_frac=0.3"
    script = write_script(tmp_path, query, 200, data)
    assert "ROWS = [" in script.read_text() and "(0.0, -40.0, 5)," in script.read_text()
    assert_same_run(
        cli_lines(capsys, query, "--steps", "200", "--data", str(tmp_path / "mine.csv")), run_script(script)
    )


def test_the_script_prints_the_final_loss_in_plain_words(tmp_path):
    script = write_script(tmp_path, "hidden=4", 20)
    done = subprocess.run(
        [sys.executable, "-I", script.name, "--steps", "20", "--every", "10"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 4 and lines[0].startswith("step       0") and "dead [" in lines[1]
    assert lines[-1].startswith("final loss ") and "after 20 steps" in lines[-1]


def trained_lab(query: str, steps: int = 120) -> tuple[Lab, dict]:
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
    assert document["values"] == {f.key: values[f.key] for f in export.link_fields(values)}
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
    script.write_text(export.training_script(lab.config, 0, 10, export.query(values)))
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


def test_url_text_never_writes_an_exponent():
    assert [export.url_text(v) for v in (5e-05, 0.1, 3.0, True, 500, "8,8")] == [
        "0.00005", "0.1", "3", "true", "500", "8,8",
    ]  # fmt: skip
    assert not math.isnan(float(export.url_text(1e-4)))


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
