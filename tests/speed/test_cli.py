"""``python -m activations bench``: the page's measurement from a link, one JSON line per activation."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from activations.core.registry import NAMES
from activations.speed import cli
from tests.speed.conftest import WITH_INPLACE

ROOT = Path(__file__).resolve().parents[2]


def test_cli_prints_one_json_line_per_activation(capsys):
    assert cli.main(["device=cpu&dtype=float32&size=256", "--repeats", "1", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["name"] for r in records] == list(NAMES)
    for record in records:
        assert list(record)[:5] == ["name", "fwd_ms", "fwd_bwd_ms", "gbps", "ratio_to_copy"]
        assert all(record[k] > 0 for k in ("fwd_ms", "fwd_bwd_ms", "gbps", "ratio_to_copy"))
        assert (record["device"], record["dtype"], record["size"]) == ("cpu", "float32", 256)
        assert (record["inplace"] is None) == (record["name"] not in WITH_INPLACE)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["size=nan"], "size='nan': not a plain decimal number"),
        (["size=4096.5"], "size='4096.5': not a whole number"),
        (["size=99999999"], "size='99999999': out of range (allowed: 1 … 16777216 = 2^24)"),
        (["dtype=float128"], "dtype='float128': unknown name"),
        (["device=tpu"], "device='tpu': unknown name"),
        (["size=1", "--repeats", "0"], "--repeats must be within"),
        (["x" * 5000], "too long"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(capsys, argv, message):
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and not captured.out and "Traceback" not in captured.err


def test_cli_unavailable_device(capsys, cpu_only):
    assert cli.main(["device=cuda&size=64"]) == 2
    assert "device='cuda': not available on this machine (allowed: cpu)" in capsys.readouterr().err


def test_cli_help_names_the_keys_and_bad_option(capsys):
    assert cli.main(["--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "ratio_to_copy" in help_text
    assert "dtype (float32, bfloat16, float16)" in help_text and "size (1 … 16777216 = 2^24)" in help_text
    assert cli.main(["--no-such-option"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_cli_as_a_subprocess_with_a_full_url():
    url = "http://localhost:8501/speed?lang=ko&size=64&dtype=float32&utm=x"
    done = subprocess.run(
        [sys.executable, "-m", "activations", "bench", url, "--repeats", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "ignoring unknown key 'utm'" in done.stderr and "lang" not in done.stderr
    assert len(done.stdout.splitlines()) == len(NAMES)
    bad = subprocess.run(
        [sys.executable, "-m", "activations", "bench", "size=1e9"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "size='1e9': out of range" in bad.stderr and "Traceback" not in bad.stderr
