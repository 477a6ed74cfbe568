"""``activations --help``, ``-h`` and no command list the commands and exit 0; an unknown command
prints the same list on stderr and exits 2; every command's own ``--help`` exits 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from activations.__main__ import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("argv", [[], ["-h"], ["--help"], ["help"]])
def test_help_lists_every_command_and_exits_0(argv, capsys):
    assert main(argv) == 0
    out, err = capsys.readouterr()
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert listed == list(COMMANDS) and err == ""
    assert all(len(line.split(None, 1)) == 2 for line in out.splitlines() if line.startswith("  "))


def test_an_unknown_command_prints_the_help_on_stderr_and_exits_2(capsys):
    assert main(["trian"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "unknown command 'trian'" in err and all(name in err for name in COMMANDS)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_a_help_that_exits_0(command, capsys):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m activations {command}")


def test_the_module_exits_with_the_codes():
    """Through ``python -m activations``: the exit status the shell sees."""
    run = lambda *argv: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "activations", *argv], cwd=ROOT, capture_output=True, text=True
    )
    assert run("--help").returncode == 0
    unknown = run("nope")
    assert unknown.returncode == 2 and "capacity" in unknown.stderr
