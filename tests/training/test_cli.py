"""``python -m activations train`` and ``born-dead``: JSON lines, reproducibility, bad input."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from activations.core.fields import parse_query
from activations.training.cli import born_dead_main, export_main, train_main
from activations.training.presets import PRESETS
from activations.training.stories import STORY_STEPS
from tests.training.test_train_script import LOSS_ATOL, LOSS_RTOL, run_script

ROOT = Path(__file__).resolve().parents[2]


def lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_train_prints_json_lines(capsys):
    assert train_main(["hidden=8,8&optimizer=sgd&lr=3", "--steps", "200", "--every", "50"]) == 0
    rows = lines(capsys)
    assert [row["step"] for row in rows] == [0, 50, 100, 150, 200]
    for row in rows:
        assert {"step", "loss", "train_acc", "test_acc", "dead", "saturated", "epoch", "test_loss"} <= set(
            row
        )
        assert len(row["dead"]) == 2 and all(0 <= d <= 8 for d in row["dead"])
    assert "steps_per_s" in rows[-1] and rows[-1]["steps_per_s"] > 0
    assert all("steps_per_s" not in row for row in rows[:-1])


def test_same_input_same_output(capsys):
    query = "http://localhost:8501/training?dataset=spiral&act=rrelu&batch=10&seed=9"
    train_main([query, "--steps", "120", "--every", "40"])
    first = lines(capsys)
    train_main([query, "--steps", "120", "--every", "60"])  # another report interval: same run
    second = lines(capsys)
    strip = lambda rows: [{k: v for k, v in row.items() if k != "steps_per_s"} for row in rows]  # noqa: E731
    assert strip(first)[0] == strip(second)[0] and strip(first)[-1] == strip(second)[-1]
    train_main([query.replace("seed=9", "seed=10"), "--steps", "120", "--every", "40"])
    assert strip(lines(capsys))[-1] != strip(first)[-1]


def test_the_large_lr_link_kills_relu(capsys):
    """The large-lr preset's claim (tests/training/test_presets.py checks it on every kernel path)."""
    query = "&".join(f"{key}={value}" for key, value in PRESETS["large_lr"].items())
    assert train_main([query, "--steps", str(STORY_STEPS["large_lr"]), "--every", "1000"]) == 0
    last = lines(capsys)[-1]
    hidden_units = 16  # the default network, 8,8
    assert sum(last["dead"]) / hidden_units >= 0.6 and last["test_acc"] <= 0.65, last


def test_divergence_stops_with_a_flag(capsys):
    query = "act=leaky_relu&negative_slope=1&optimizer=momentum&lr=10&hidden=64,64"
    assert train_main([query, "--steps", "5000", "--every", "10"]) == 0
    rows = lines(capsys)
    assert rows[-1]["diverged"] is True and rows[-1]["loss"] is None and rows[-1]["step"] < 5000


def test_compare_link_trains_run_b(capsys):
    query = "compare=true&optimizer=sgd&lr=3&b_act=leaky_relu&b_optimizer=sgd&b_lr=3"
    assert train_main([query, "--steps", "1000", "--every", "1000", "--run", "b"]) == 0
    assert lines(capsys)[-1]["dead"] == [0, 0]  # LeakyReLU survives what kills ReLU
    assert train_main(["act=relu", "--run", "b"]) == 2


@pytest.mark.parametrize(
    "query",
    ["hidden=-1,8", "batch=0", "seed=4294967296", "lr=nan", "device=cuda&device=tpu", "dataset=mnist",
     "act=relu&unknown_key=1", "hidden=1,2,3,4,5,6,7", "points=inf", "lr=0.25"],
)  # fmt: skip
def test_bad_input_says_why_and_exits_2(capsys, query):
    assert train_main([query, "--steps", "10"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip()
    assert list(parse_query(query))[-1] in captured.err  # it names what it refused


def test_bad_options_exit_2(capsys):
    assert train_main(["act=relu", "--steps", "-1"]) == 2
    assert train_main(["act=relu", "--steps", "many"]) == 2
    assert born_dead_main(["act=relu", "--trials", "0"]) == 2
    assert "usage" in capsys.readouterr().err


def test_born_dead_prints_one_object(capsys):
    assert born_dead_main(["init=kaiming_normal&bd_width=2&bd_depth=10", "--trials", "300"]) == 0
    result = lines(capsys)
    assert len(result) == 1 and result[0]["trials"] == 300 and result[0]["p_born_dead"] > 0.7
    assert 0 < result[0]["mean_dead_fraction"] < 1
    assert born_dead_main(["bd_depth=99"]) == 2


def test_a_link_and_the_lab_train_the_same_network(capsys):
    from activations.training.lab import Lab
    from activations.training.link import check, lab_config

    query = "dataset=xor&hidden=8,4&act=elu&alpha=0.5&optimizer=momentum&lr=0.3&batch=16&seed=3"
    assert train_main([query, "--steps", "150", "--every", "150"]) == 0
    cli = lines(capsys)[-1]
    values, problems = check(parse_query(query))
    lab = Lab(lab_config(values))
    lab.step(150)
    snap = lab.runs[0].latest
    assert problems == [] and snap.step == cli["step"] == 150
    assert (snap.units.dead_counts, float(f"{snap.train_loss:.6g}")) == (cli["dead"], cli["loss"])


def test_parse_query_takes_urls_and_query_strings():
    assert parse_query("http://h:1/training?act=elu&lr=1#x") == {"act": ["elu"], "lr": ["1"]}
    assert parse_query("?act=elu") == parse_query("act=elu") == {"act": ["elu"]}
    assert parse_query("/training?hidden=8%2C8") == {"hidden": ["8,8"]}


def test_module_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "activations", "train", "act=tanh&hidden=4,2", "--steps", "20",
         "--every", "20"], cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["step"] for line in done.stdout.splitlines()] == [0, 20]
    bad = subprocess.run([sys.executable, "-m", "activations", "born-dead", "bd_width=0"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert bad.returncode == 2 and "bd_width" in bad.stderr


# export ------------------------------------------------------------------------------------------


def test_export_writes_the_configuration_and_the_script(tmp_path, capsys):
    out = tmp_path / "out"
    assert export_main(["act=gelu&hidden=8,4&lr=0.03", "--out", str(out)]) == 0
    summary = lines(capsys)[-1]
    assert summary["files"] == ["config.json", "train.py"] and sorted(p.name for p in out.iterdir()) == [
        "config.json",
        "train.py",
    ]
    document = json.loads((out / "config.json").read_text())
    assert document["query"] == "hidden=8,4&act=gelu&lr=0.03" and document["values"]["approximate"] == "none"
    assert "DEFAULT_STEPS = 1000" in (out / "train.py").read_text()


def test_export_with_steps_trains_like_train_and_the_script_agrees(tmp_path, capsys):
    query = "dataset=circles&hidden=8,8&optimizer=sgd&lr=1&bias_init=-0.3&seed=5"
    assert train_main([query, "--steps", "300"]) == 0
    trained = lines(capsys)[-1]
    out = tmp_path / "out"
    assert export_main([query, "--out", str(out), "--steps", "300"]) == 0
    summary = lines(capsys)[-1]
    assert summary["files"] == ["config.json", "train.py", "history.csv", "weights.pt"]
    assert (summary["loss"], summary["dead"]) == (trained["loss"], trained["dead"])
    history = list(csv.DictReader((out / "history.csv").open()))
    assert [int(row["step"]) for row in history] == list(range(0, 301, 30))
    assert float(f"{float(history[-1]['loss']):.6g}") == trained["loss"]
    assert [int(history[-1]["dead_1"]), int(history[-1]["dead_2"])] == trained["dead"]
    state = torch.load(out / "weights.pt")
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]
    # python DIR/train.py --steps N, in a folder without our code, prints the same final loss
    script = run_script(out / "train.py", "--steps", "300")[-1]
    assert script["loss"] == pytest.approx(trained["loss"], rel=LOSS_RTOL, abs=LOSS_ATOL)
    assert script["dead"] == trained["dead"]


def test_export_of_a_compare_link_takes_the_chosen_run(tmp_path, capsys):
    query = "compare=true&b_act=elu&b_hidden=4"
    assert export_main([query, "--out", str(tmp_path), "--run", "b", "--steps", "10"]) == 0
    text = (tmp_path / "train.py").read_text()
    assert (
        "HIDDEN = [4]" in text and 'ACTIVATION = "ELU"' in text and 'ACTIVATION_ARGS = {"alpha": 1.0}' in text
    )
    assert list(torch.load(tmp_path / "weights.pt")) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_own_data_comes_with_data(tmp_path, capsys):
    good = tmp_path / "mine.csv"
    good.write_text("x1,x2,label\n" + "\n".join(f"{i % 5},{i % 7},{i % 2}" for i in range(40)) + "\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,0\n=HYPERLINK(1),1,1\n")
    assert export_main(["dataset=upload", "--out", str(tmp_path / "a")]) == 2
    assert "--data FILE.csv" in capsys.readouterr().err
    assert train_main(["dataset=upload", "--data", str(bad)]) == 2
    refused = capsys.readouterr().err
    assert "bad.csv" in refused and "row 3" in refused and "formula" in refused
    assert train_main(["dataset=moons", "--data", str(good)]) == 2
    assert train_main(["dataset=upload", "--data", str(tmp_path / "missing.csv")]) == 2
    capsys.readouterr()
    assert export_main(["dataset=upload&hidden=4", "--out", str(tmp_path / "b"), "--data", str(good)]) == 0
    assert json.loads((tmp_path / "b" / "config.json").read_text())["upload"]["rows"] == 40
    assert "(4.0, 5.0, 1)," in (tmp_path / "b" / "train.py").read_text()
    assert train_main(["dataset=upload&hidden=4", "--data", str(good), "--steps", "50"]) == 0
    assert lines(capsys)[-1]["step"] == 50


def test_export_entry_point(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "activations", "export", "act=tanh", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"] == ["config.json", "train.py"]
