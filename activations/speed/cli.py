"""``python -m activations bench "<query>"``: the Speed page's measurement, one JSON line per activation.

The query is a page link (``http://host/speed?size=4096&dtype=float16``) or its query string
(``size=4096&dtype=float16``); keys ``device``, ``dtype``, ``size`` are checked exactly as the page
checks them, but a bad value is an error here (exit code 2), not a fallback.
"""

from __future__ import annotations

import argparse
import json
import sys

from activations.core.fields import MAX_RAW_CHARS, parse_query
from activations.core.i18n import t
from activations.speed.link import FIELDS, KEYS, check
from activations.speed.timing import Busy, Settings, run_benchmark

IGNORED_KEYS = ("lang",)  # the page's other URL key: meaningless for a measurement
MAX_REPEATS = 50


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m activations bench",
        description="Time every activation of the registry against x.clone() and print one JSON "
        "object per line: name, fwd_ms, fwd_bwd_ms, gbps, ratio_to_copy (copy time / activation "
        "time; 1.0 = as fast as a copy), then in-place and context fields.",
        epilog=f"Keys: {'; '.join(f'{field.key} ({field.describe()})' for field in FIELDS)}. "
        'Example: python -m activations bench "device=cpu&dtype=float32&size=1048576"',
    )
    parser.add_argument("query", nargs="?", default="", help="a Speed page URL or its query string")
    parser.add_argument(
        "--repeats", type=int, default=Settings.repeats, help=f"most sampling rounds, 1 … {MAX_REPEATS}"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def _fail(message: str) -> int:
    print(f"bench: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark described by ``argv``; 0 on success, 2 on bad input, 1 if it can't run."""
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:  # argparse has printed its message (or --help)
        return int(exit_.code or 0)
    if not 1 <= args.repeats <= MAX_REPEATS:
        return _fail(f"--repeats must be within 1 … {MAX_REPEATS}, got {args.repeats}")
    if len(args.query) > MAX_RAW_CHARS:
        return _fail("the query is too long")
    raw = parse_query(args.query)
    for key in raw:
        if key not in KEYS and key not in IGNORED_KEYS:
            print(f"bench: ignoring unknown key {key!r} (known: {', '.join(KEYS)})", file=sys.stderr)
    state, problems = check(raw)
    if problems:
        for problem in problems:
            _fail(f"{problem.key}={problem.raw!r}: {t(problem.reason)} (allowed: {problem.allowed})")
        return 2
    config = state.config()
    settings = Settings(repeats=args.repeats, min_repeats=min(Settings.min_repeats, args.repeats))
    show_progress = not args.quiet and sys.stderr.isatty()

    def progress(done: int, total: int, label: str, phase: str) -> None:
        if show_progress:
            end = "\n" if phase == "done" else ""
            print(f"\r\033[K[{done}/{total}] {label} {phase}", end=end, file=sys.stderr, flush=True)

    try:
        result = run_benchmark(config, settings=settings, on_progress=progress)
    except Busy:
        print("bench: another benchmark is running in this process", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    except (RuntimeError, ValueError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    for summary in result.summaries:
        print(json.dumps(summary.as_json(config, result.threads), ensure_ascii=False), flush=True)
    return 0
