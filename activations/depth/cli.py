"""``python -m activations depth "<link>"``: the Depth page's per-layer table of a link.

The link is a page URL (``http://host/depth?depth=50&width=256``) or its query string. Its keys are
checked exactly as the page checks them, but a bad value (or more work than the compute budget
allows) is an error here (exit code 2), not a fallback. Prints one table per shown configuration
(layer, then the six numbers; ``overflow`` where a layer's numbers overflow float32), or with
``--json`` the answer of ``GET /api/depth`` as one line, or with ``--csv`` the page's CSV.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

from activations.core.fields import MAX_RAW_CHARS, parse_query
from activations.core.i18n import problem_message
from activations.depth import link
from activations.depth.api import depth_reply
from activations.depth.export import layer_csv, run_name
from activations.depth.measure import STATS, DepthResult, measure

IGNORED_KEYS = ("lang", "hide", "show")  # the page's other keys: its language and classroom view


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m activations depth",
        description="Measure a Depth page link's deep networks at initialisation and print the "
        "per-layer table: pre-activation std, activation mean, std and rms, the share of (unit, "
        "sample) pairs with f'(z) = 0, and the weight gradient's norm.",
        epilog='Example: python -m activations depth "depth=50&width=256&batch=1024&count=1"',
    )
    parser.add_argument("query", nargs="?", default="", help="a Depth page URL or its query string")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print GET /api/depth's answer as one line")
    output.add_argument("--csv", action="store_true", help="print the page's per-layer CSV")
    return parser


def table(name: str, result: DepthResult) -> str:
    """One configuration's per-layer table, numbers to 4 significant digits, ``overflow`` where a
    number overflowed float32."""
    lines = [name, "  ".join(f"{column:>10}" for column in ("layer", *STATS))]
    for layer in range(len(result.act_rms)):
        values = [float(getattr(result, stat)[layer]) for stat in STATS]
        cells = ["overflow".rjust(10) if math.isnan(value) else f"{value:>10.4g}" for value in values]
        lines.append("  ".join([f"{layer + 1:>10}", *cells]))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table of the link in ``argv``; 0 on success, 2 on bad input."""
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:  # argparse has printed its message (or --help)
        return int(exit_.code or 0)
    if len(args.query) > MAX_RAW_CHARS:
        print("depth: the query is too long", file=sys.stderr)
        return 2
    raw = parse_query(args.query)
    state, problems = link.check(raw)
    known = {field.key for field in state.fields()} | {
        f"{p}{k}" for p in link.PREFIXES for k in link.PARAM_KEYS
    }
    for key in raw:
        if key not in known and key not in IGNORED_KEYS:
            print(f"depth: ignoring unknown key {key!r}", file=sys.stderr)
    if problems:
        for problem in problems:
            print(f"depth: {problem_message(problem, 'en')}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(depth_reply(raw, "en")[1]))
        return 0
    results = [measure(config, state.shape()) for config in state.configs()]
    if args.csv:
        print(layer_csv(state, results), end="")
        return 0
    tables = [
        table(run_name(i, config), result)
        for i, (config, result) in enumerate(zip(state.configs(), results, strict=True))
    ]
    print("\n\n".join(tables))
    return 0
