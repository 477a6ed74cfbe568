"""``python -m activations train`` and ``born-dead``: run a Training lab link headlessly.

    python -m activations train "http://host/training?act=relu&optimizer=sgd&lr=3" --steps 2000
    python -m activations born-dead "bd_width=2&bd_depth=10&init=kaiming_normal" --trials 1000

The query is validated exactly like the page's link; anything the page would replace (a bad value,
an unknown key, a device this machine lacks) is an error here: a message on stderr and exit code 2.
``train`` prints one JSON object per line: ``step``, ``epoch``, ``loss`` (training), ``test_loss``,
``train_acc``, ``test_acc``, ``dead`` and ``saturated`` (units per hidden layer); the last line adds
``steps_per_s`` (training only, measurement excluded). Same input and seed, same lines on the CPU
(but for ``steps_per_s``). A run whose loss stops being finite prints ``"diverged": true`` and stops.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from urllib.parse import parse_qs, urlsplit

from activations.core.fields import Problem
from activations.core.i18n import t
from activations.training import link as config
from activations.training.born_dead import born_dead
from activations.training.data import make_dataset
from activations.training.loop import Snapshot, Trainer
from activations.training.slots import one_thread

MAX_STEPS = 10_000_000
IGNORED_KEYS = ("lang", "embed", "embed_options")  # the page's language, Streamlit's own


class InputError(ValueError):
    """Input the page would have replaced; the message says what and why."""


def parse_query(text: str) -> dict[str, list[str]]:
    """Raw values from a query string (``a=1&b=2``, with or without ``?``) or a full URL."""
    text = text.strip()
    if "://" in text or text.startswith("/"):
        text = urlsplit(text).query
    return parse_qs(text.lstrip("?"), keep_blank_values=True, max_num_fields=200)


def _describe(problem: Problem) -> str:
    return t(
        "link.problem",
        "en",
        key=problem.key,
        raw=problem.raw,
        reason=t(problem.reason, "en"),
        allowed=problem.allowed,
        fallback=problem.fallback,
    )


def checked_values(query: str) -> dict[str, object]:
    """Valid values for ``query``, or :class:`InputError` listing every problem."""
    try:
        raw = parse_query(query)
    except ValueError as error:
        raise InputError(f"unreadable query: {error}") from None
    values, problems = config.check(raw, link=True)
    known = {f.key for f in config.fields(str(values["act"]), True, str(values.get("b_act", "leaky_relu")))}
    unknown = sorted(key for key in raw if key not in known and key not in IGNORED_KEYS)
    messages = [_describe(problem) for problem in problems]
    messages += [f"Unknown key {key!r}: not part of the Training lab's links." for key in unknown]
    if messages:
        raise InputError("\n".join(messages))
    return values


def _number(value: float) -> float | None:
    """6 significant digits, and None (JSON null) for NaN or infinity."""
    return float(f"{value:.6g}") if value == value and abs(value) != float("inf") else None


def snapshot_line(snap: Snapshot) -> dict[str, object]:
    line: dict[str, object] = {
        "step": snap.step,
        "epoch": _number(snap.epoch),
        "loss": _number(snap.train_loss),
        "test_loss": _number(snap.test_loss),
        "train_acc": _number(snap.train_acc),
        "test_acc": _number(snap.test_acc),
        "dead": snap.units.dead_counts,
        "saturated": snap.units.saturated_counts,
    }
    if not snap.finite:
        line["diverged"] = True
    return line


def _bounded_int(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
        return value

    return parse


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace | int:
    try:
        return parser.parse_args(list(argv))
    except SystemExit as stop:  # --help (0) or a usage error (2), already printed by argparse
        return int(stop.code or 0)


def train_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m activations train",
        description="Train the Training lab configuration of a link and print JSON lines.",
    )
    parser.add_argument("query", help="the page's query string (act=relu&lr=0.1) or its full URL")
    parser.add_argument("--steps", type=_bounded_int(0, MAX_STEPS), default=1000, help="optimizer steps")
    parser.add_argument(
        "--every",
        type=_bounded_int(1, MAX_STEPS),
        default=None,
        help="print every N steps (default: steps/10)",
    )
    parser.add_argument("--run", choices=("a", "b"), default="a", help="which run of a compare link to train")
    args = _parse(parser, argv)
    if isinstance(args, int):
        return args
    try:
        values = checked_values(args.query)
        if args.run == "b" and not values["compare"]:
            raise InputError("--run b needs a link in compare mode (compare=true).")
    except InputError as error:
        print(error, file=sys.stderr)
        return 2
    lab_config = config.lab_config(values, which=args.run)
    data_config, run = lab_config.data, lab_config.runs[0]
    every = args.every or max(1, args.steps // 10)
    data = make_dataset(data_config.dataset, data_config.points, data_config.noise, data_config.test_frac,
                        data_config.seed)  # fmt: skip
    with one_thread():
        trainer = Trainer(data, run.arch, run.recipe, data_config.seed, lab_config.device)
        snap = trainer.snapshot()
        line = snapshot_line(snap)
        training_time = 0.0
        while trainer.steps < args.steps and snap.finite:
            print(json.dumps(line), flush=True)
            started = time.perf_counter()
            trainer.step(min(every - trainer.steps % every, args.steps - trainer.steps))
            training_time += time.perf_counter() - started
            snap = trainer.snapshot()
            line = snapshot_line(snap)
    line["steps_per_s"] = round(trainer.steps / training_time, 1) if training_time > 0 else None
    print(json.dumps(line), flush=True)
    return 0


def born_dead_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m activations born-dead",
        description="Initialise many networks of the link's born-dead shape (bd_width x bd_depth) and "
        "report how many are born dead.",
    )
    parser.add_argument("query", help="the page's query string or full URL")
    parser.add_argument(
        "--trials",
        type=_bounded_int(1, config.MAX_TRIALS),
        default=None,
        help="networks (default: bd_trials)",
    )
    args = _parse(parser, argv)
    if isinstance(args, int):
        return args
    try:
        values = checked_values(args.query)
    except InputError as error:
        print(error, file=sys.stderr)
        return 2
    lab_config = config.lab_config(values, which="a")
    data_config, arch = lab_config.data, lab_config.runs[0].arch
    data = make_dataset(data_config.dataset, data_config.points, data_config.noise, data_config.test_frac,
                        data_config.seed)  # fmt: skip
    trials = args.trials or int(values["bd_trials"])  # type: ignore[arg-type]
    with one_thread():
        result = born_dead(
            data.x_train, int(values["bd_width"]), int(values["bd_depth"]), trials,  # type: ignore[arg-type]
            act=arch.act, act_params=dict(arch.act_params), init=arch.init, init_std=arch.init_std,
            bias_init=arch.bias_init, seed=data_config.seed,
        )  # fmt: skip
    print(json.dumps({**result.as_dict(), "width": values["bd_width"], "depth": values["bd_depth"]}))
    return 0
