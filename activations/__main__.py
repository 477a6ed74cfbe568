"""``python -m activations COMMAND ...`` (or ``activations COMMAND ...``): run what a page does,
headlessly, from a shared link.

Each command prints JSON lines; ``python -m activations COMMAND --help`` for its options, and
``python -m activations --help`` (or no command) for the list.
"""

from __future__ import annotations

import importlib
import sys
from typing import TextIO

COMMANDS = {
    "train": "activations.training.cli:train_main",
    "born-dead": "activations.training.cli:born_dead_main",
    "export": "activations.training.cli:export_main",
    "bench": "activations.speed.cli:main",
    "depth": "activations.depth.cli:main",
    "capacity": "activations.core.capacity:main",
}
SUMMARIES = {
    "train": "train a Training lab link's network, one JSON line per measurement",
    "born-dead": "how many networks of a link's born-dead shape are dead at initialisation",
    "export": "write a Training lab link's config.json and a standalone train.py (--steps: also train)",
    "bench": "time every activation against x.clone(), as the Speed page does",
    "depth": "a Depth page link's per-layer table: signal and gradients through a deep network at init",
    "capacity": "the CPU and memory this server may use (container limits), its workers and threads",
}
HELP_FLAGS = ("-h", "--help", "help")


def usage(out: TextIO) -> None:
    """The list of commands, one line each."""
    width = max(map(len, COMMANDS))
    lines = [
        "usage: python -m activations COMMAND [OPTIONS]  (also: activations COMMAND ...)",
        "",
        "commands:",
    ]
    lines += [f"  {name:<{width}}  {SUMMARIES[name]}" for name in COMMANDS]
    lines += ["", "python -m activations COMMAND --help shows a command's options."]
    print("\n".join(lines), file=out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in HELP_FLAGS:
        usage(sys.stdout)
        return 0
    if argv[0] not in COMMANDS:
        print(f"activations: unknown command {argv[0]!r}\n", file=sys.stderr)
        usage(sys.stderr)
        return 2
    module_name, function_name = COMMANDS[argv[0]].split(":")
    command = getattr(importlib.import_module(module_name), function_name)
    return command(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
