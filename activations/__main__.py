"""``python -m activations COMMAND ...``: run what a page does, headlessly, from a shared link.

Commands: ``train``, ``born-dead`` and ``export`` (Training lab), ``bench`` (Speed page). Each prints
JSON lines; ``python -m activations COMMAND --help`` for the options.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "train": "activations.training.cli:train_main",
    "born-dead": "activations.training.cli:born_dead_main",
    "export": "activations.training.cli:export_main",
    "bench": "activations.speed.cli:main",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m activations {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        return 2
    module_name, function_name = COMMANDS[argv[0]].split(":")
    command = getattr(importlib.import_module(module_name), function_name)
    return command(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
