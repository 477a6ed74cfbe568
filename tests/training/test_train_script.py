"""The standalone ``train.py``: written from the template, it runs without this package and
reproduces the lab.

The script runs in a subprocess, in a folder without our code, with imports of ``activations``
blocked, and must reproduce ``python -m activations train`` for the same link. Tolerance: losses
within 1e-4 relative (or 1e-6 absolute), accuracies within 0.5 %, dead and saturated counts equal.
Why not bit for bit: the data, initial weights, batches and RReLU's slopes are the same draws, but
the script computes each step with autograd and ``torch.optim`` where the lab uses its own backward
and the fused Adam kernel; the two differ by float32 rounding (~1e-7 relative per step). Over the
300 steps run here the losses agree to about 1e-6 relative.
"""

import ast
import json
import math
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from activations.core.inits import INITS
from activations.training import link, train_script
from activations.training.cli import checked_values, train_main
from activations.training.lab import LabConfig
from activations.training.train_script import block, settings, template, training_script

TEMPLATE = Path(train_script.__file__).with_name(train_script.TEMPLATE)
UPLOAD = ("x1,x2,label\n" + "".join(f"{i % 9 - 4},{(i * 7) % 5},{i % 2}\n" for i in range(40))).encode()
NAMES = ["cat's", '"a ""b"""', "🐟"]  # as a CSV file writes them: cat's, a "b", a fish
NAMED = "x1,x2,label\n" + "".join(f"{i % 3},{i % 2},{name}\n" for i, name in enumerate(NAMES * 2))

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
    path.write_text(training_script(lab_config(query, upload), 0, steps, query))
    return path


LINKS = [
    "hidden=8,8&optimizer=sgd&lr=0.1",  # minibatches of 32
    "hidden=8,8",  # the default: Adam (the lab's fused kernel, torch.optim's Adam in the script)
    "act=relu&optimizer=sgd&lr=3&bias_init=-0.5&init=normal&init_std=0.5&dataset=xor",  # units die
    "dataset=spiral3&act=prelu&prelu_init=0.1&init=xavier_uniform&l2=0.001&batch=2000",  # slopes, L2
    "dataset=spiral&act=rrelu&batch=10&seed=9&optimizer=momentum&lr=0.05",  # random slopes, momentum
    "act=gelu&approximate=tanh&dataset=circles&hidden=16,8,4&init=kaiming_uniform&noise=0.2",
    "act=tanh&dataset=blobs&init=kaiming_normal&points=200&test_frac=0.5",  # saturating
    "act=selu&init=lecun_normal&hidden=16,16,16&points=200",  # SELU's own init
    "act=tanh&init=orthogonal&hidden=16,8&dataset=circles&points=200",  # one QR per layer
    "act=elu&init=xavier_normal&points=200",
]


def test_the_links_cover_every_init():
    assert {checked_values(query).run_a.init for query in LINKS} == set(INITS)


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


def assert_sane(rows: list[dict], steps: int, hidden: list[int]) -> None:
    """Reports from step 0 to ``steps``: finite losses that went down, accuracies and epochs in range,
    dead and saturated counts per hidden layer within its width."""
    assert rows[0]["step"] == 0 and rows[-1]["step"] == steps
    assert all(math.isfinite(r["loss"]) and math.isfinite(r["test_loss"]) for r in rows)
    assert rows[-1]["loss"] < rows[0]["loss"]
    assert all(0 <= r["train_acc"] <= 1 and 0 <= r["test_acc"] <= 1 and r["epoch"] >= 0 for r in rows)
    for r in rows:
        assert len(r["dead"]) == len(r["saturated"]) == len(hidden)
        assert all(0 <= d + s <= w for d, s, w in zip(r["dead"], r["saturated"], hidden, strict=True))


@pytest.mark.parametrize(
    ("query", "upload"), [("hidden=4&lr=0.05", b""), ("dataset=upload&hidden=3,2", UPLOAD)]
)
def test_a_tiny_run_reports_sane_numbers(tmp_path, query, upload):
    rows = run_script(write_script(tmp_path, query, 30, upload), "--steps", "30", "--every", "10")
    assert [r["step"] for r in rows] == [0, 10, 20, 30]
    assert_sane(rows, 30, [4] if not upload else [3, 2])


def test_the_template_runs_as_it_is_and_holds_the_default_runs_settings(tmp_path):
    done = subprocess.run(
        [sys.executable, str(TEMPLATE), "--steps", "20", "--json"], cwd=tmp_path, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert_sane([json.loads(line) for line in done.stdout.splitlines()], 20, [8, 8])
    assert block(template(), "settings")["body"] in training_script(lab_config(""))


def test_every_setting_is_assigned_once_and_the_lab_code_shadows_none():
    script = training_script(lab_config("dataset=upload", UPLOAD))
    assigned = [
        target.id
        for node in ast.parse(script).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    names = settings(lab_config(""))
    assert all(assigned.count(name) == 1 for name in names)
    assert "import activations" not in script and "from activations" not in script


def test_the_settings_are_python_literals_of_the_runs_values(tmp_path):
    config = lab_config("dataset=upload&act=leaky_relu&negative_slope=0.2&hidden=5,3", NAMED.encode())
    script = tmp_path / "train.py"
    script.write_text(training_script(config), encoding="utf-8")
    namespace = runpy.run_path(str(script), run_name="exported")
    expected = settings(config, 0, train_script.DEFAULT_STEPS, None)
    assert {name: namespace[name] for name in expected} == expected
    assert namespace["LABELS"] == ["cat's", 'a "b"', "🐟"] and namespace["ROWS"][1] == (1.0, 1.0, 'a "b"')
    assert namespace["ACTIVATION_ARGS"] == {"negative_slope": 0.2}
