"""Print whether the Training lab's presets tell their story for every seed and CPU kernel path.

    .venv/bin/python -m benchmarks.preset_margins [--seeds 0,1,2,3,4] [--paths default,avx2]

One row per preset x run x seed x path (:func:`activations.training.stories.measure`: one process
per path): dead units per hidden layer at step 0 and at the story's step, the dead share of all
hidden units there, and the test accuracy. ``kernels`` says what torch really ran.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from activations.training.stories import SEEDS, dead_share, kernel_paths, measure


def table(results: dict[str, dict[str, object]]) -> str:
    lines = [f"{'preset':15} {'run':12} {'seed':>4} {'path':8} {'kernels':8} {'step':>5} "
             f"{'dead at 0':12} {'dead':12} {'share':>5} {'test acc':>8}"]  # fmt: skip
    for path, result in results.items():
        for row in result["rows"]:  # type: ignore[union-attr]
            run = f"{row['run']} {row['act']}"
            start, dead = "/".join(map(str, row["dead_start"])), "/".join(map(str, row["dead"]))
            acc = f"{row['test_acc']:.3f}" + ("" if row["finite"] else " NaN")
            share = f"{dead_share(row):.2f}"
            lines.append(f"{row['preset']:15} {run:12} {row['seed']:>4} {path:8} {result['kernels']:8} "
                         f"{row['steps']:>5} {start:12} {dead:12} {share:>5} {acc:>8}")  # fmt: skip
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)), help="comma-separated seeds")
    parser.add_argument("--paths", default=None, help="kernel paths (default: default,avx2[,avx512])")
    args = parser.parse_args(argv)
    paths = args.paths.split(",") if args.paths else kernel_paths()
    print(table(measure(paths, [int(seed) for seed in args.seeds.split(",")])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
