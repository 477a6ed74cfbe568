"""``python -m activations train`` and ``born-dead``: JSON lines, reproducibility, bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from activations.training.cli import born_dead_main, parse_query, train_main

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
    train_main(["optimizer=sgd&lr=3", "--steps", "1000", "--every", "1000"])
    assert lines(capsys)[-1]["dead"][1] == 8  # layer 2 entirely dead: constant output


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
     "act=relu&unknown_key=1", "hidden=1,2,3,4,5,6,7", "points=5e2"],
)  # fmt: skip
def test_bad_input_says_why_and_exits_2(capsys, query):
    assert train_main([query, "--steps", "10"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip()


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
