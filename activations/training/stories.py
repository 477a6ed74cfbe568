"""Do the Training lab's presets tell their story for every seed and on every CPU kernel path?

The same torch wheel picks its CPU kernels when it loads (``torch.backends.cpu.get_cpu_capability()``;
``ATEN_CPU_CAPABILITY=default|avx2|avx512`` forces a path), and chaotic training, such as SGD at a
large learning rate, ends differently on each. :func:`measure` trains every run of every preset for
seeds 0-4 in one process per kernel path (one thread each, the paths side by side; each process runs
this module with ``--child``) and returns, per preset x run x seed x path: dead units per hidden
layer at step 0 and at the step where the preset's story is told (:data:`STORY_STEPS`), and the test
accuracy there.

``tests/training/test_presets.py`` asserts the stories (see :mod:`activations.training.presets`) on
these measurements; ``benchmarks/preset_margins.py`` prints them as a table. Paths default to
``default`` and ``avx2``, plus ``avx512`` where this CPU has it; a path the CPU lacks runs what it
has, which the ``kernels`` field shows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence

import torch

from activations.training.link import TrainingState, check, lab_config
from activations.training.loop import Trainer
from activations.training.presets import PRESETS
from activations.training.slots import one_thread

SEEDS = (0, 1, 2, 3, 4)
# The step at which each story is told: as few as it needs (the tests train all of them).
STORY_STEPS = {
    "healthy": 1000,
    "large_lr": 2000,
    "negative_bias": 500,
    "leaky_survives": 2000,
    "born_dead": 500,
}
CHILD_TIMEOUT_S = 600


def kernel_paths() -> list[str]:
    """``default`` and ``avx2``, and ``avx512`` when a process left to choose picks AVX-512."""
    if "ATEN_CPU_CAPABILITY" in os.environ:  # this process was forced: ask one that wasn't
        env = {k: v for k, v in os.environ.items() if k != "ATEN_CPU_CAPABILITY"}
        probe = "import torch; print(torch.backends.cpu.get_cpu_capability())"
        native = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                                check=True).stdout.strip()  # fmt: skip
    else:
        native = torch.backends.cpu.get_cpu_capability()
    return ["default", "avx2", *(["avx512"] if native.upper().startswith("AVX512") else [])]


def preset_values(name: str, seed: int | None = None) -> TrainingState:
    """The link state of preset ``name`` (with ``seed`` instead of its own, if given)."""
    query = {key: [str(value).lower() if isinstance(value, bool) else str(value)]
             for key, value in PRESETS[name].items()}  # fmt: skip
    if seed is not None:
        query["seed"] = [str(seed)]
    values, problems = check(query)
    if problems:
        raise ValueError(f"preset {name} is not a valid link: {problems}")
    return values


def train(seeds: Iterable[int]) -> list[dict[str, object]]:
    """One row per preset, run and seed, trained here: dead units per hidden layer at step 0
    (``dead_start``) and at the preset's story step (``dead``), test accuracy there, finite loss."""
    rows: list[dict[str, object]] = []
    done: dict[str, dict[str, object]] = {}  # leaky_survives' run A is large_lr: train it once
    with one_thread():
        for name, steps in STORY_STEPS.items():
            for seed in seeds:
                config = lab_config(preset_values(name, seed))
                for run, which in zip(config.runs, "ab", strict=False):
                    key = repr((config.data, run, steps))
                    if key not in done:
                        trainer = Trainer(config.data.make(), run.arch, run.recipe, config.data.seed)
                        start = trainer.snapshot()
                        trainer.step(steps)
                        end = trainer.snapshot()
                        done[key] = {
                            "act": run.arch.act, "widths": list(run.arch.hidden),
                            "dead_start": start.units.dead_counts, "dead": end.units.dead_counts,
                            "test_acc": end.test_acc, "finite": end.finite,
                        }  # fmt: skip
                    rows.append({"preset": name, "run": which, "seed": seed, "steps": steps, **done[key]})
    return rows


def measure(paths: Sequence[str], seeds: Sequence[int] = SEEDS) -> dict[str, dict[str, object]]:
    """``{path: {"kernels": what torch ran there, "rows": train(seeds)}}``, one process per path,
    all at once."""
    argv = [
        sys.executable,
        "-m",
        "activations.training.stories",
        "--child",
        "--seeds",
        ",".join(map(str, seeds)),
    ]
    children = {
        path: subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "ATEN_CPU_CAPABILITY": path, "OMP_NUM_THREADS": "1"},
        )
        for path in paths
    }
    results = {}
    for path, child in children.items():
        out, err = child.communicate(timeout=CHILD_TIMEOUT_S)
        if child.returncode != 0:
            raise RuntimeError(f"training under ATEN_CPU_CAPABILITY={path} failed:\n{err}")
        results[path] = json.loads(out)
    return results


def dead_share(row: dict[str, object]) -> float:
    """Dead units of all hidden units, at the story step."""
    return sum(row["dead"]) / sum(row["widths"])  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    """``--child --seeds 0,1``: train here (on the kernels this process loaded), print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", action="store_true", required=True)
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)), help="comma-separated seeds")
    args = parser.parse_args(argv)
    seeds = [int(seed) for seed in args.seeds.split(",")]
    print(json.dumps({"kernels": torch.backends.cpu.get_cpu_capability(), "rows": train(seeds)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
