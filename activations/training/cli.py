"""``python -m activations train`` and ``born-dead``: run a Training lab link headlessly.

    python -m activations train "http://host/training?act=relu&optimizer=sgd&lr=3" --steps 2000
    python -m activations born-dead "bd_width=2&bd_depth=10&init=kaiming_normal" --trials 1000

The query is validated exactly like the page's link; anything the page would replace (a bad value,
an unknown key, a device this machine lacks) is an error here: a message on stderr and exit code 2.
``train`` prints one JSON object per line: ``step``, ``epoch``, ``loss`` (training), ``test_loss``,
``train_acc``, ``test_acc``, ``dead`` and ``saturated`` (units per hidden layer); the last line adds
``steps_per_s`` (training only, measurement excluded). Same input and seed, same lines on the CPU
(but for ``steps_per_s``). A run whose loss stops being finite prints ``"diverged": true`` and stops.

``export`` writes what the page's download buttons give, for scripts and grading::

    python -m activations export "act=relu&lr=3&optimizer=sgd" --out DIR [--steps N]

``DIR/config.json`` (every key of the link, and the query) and ``DIR/train.py`` (a standalone
PyTorch script: ``python DIR/train.py --steps N`` prints the final loss that ``train`` prints, up to
float rounding, see :mod:`activations.training.export`); with ``--steps N`` it also trains N steps
as the lab does and writes ``DIR/history.csv`` and ``DIR/weights.pt`` (a ``state_dict`` of the
script's ``nn.Sequential``). It prints one JSON object: the files written and, after training, the
last measurement.

A link can't carry your own data: with ``dataset=upload``, give the file with ``--data FILE.csv``
(``x1,x2,label``, checked like the page's uploads; a refused file is a message and exit code 2).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from activations.core.fields import Problem, parse_query
from activations.core.i18n import t
from activations.training import export, train_script
from activations.training import link as config
from activations.training.born_dead import born_dead
from activations.training.data import UPLOAD
from activations.training.lab import History, LabConfig
from activations.training.loop import Snapshot, Trainer
from activations.training.slots import one_thread
from activations.training.upload import MAX_BYTES, UploadError, describe

MAX_STEPS = 10_000_000
IGNORED_KEYS = ("lang", "embed", "embed_options")  # the page's language, Streamlit's own


class InputError(ValueError):
    """Input the page would have replaced; the message says what and why."""


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


def checked_values(query: str) -> config.TrainingState:
    """The valid state of ``query``, or :class:`InputError` listing every problem."""
    try:
        raw = parse_query(query)
    except ValueError as error:
        raise InputError(f"unreadable query: {error}") from None
    state, problems = config.check(raw)
    b_act = state.run_b.act if state.run_b else config.B_ACT.default
    known = {f.key for f in config.fields(state.run_a.act, True, b_act)}
    unknown = sorted(key for key in raw if key not in known and key not in IGNORED_KEYS)
    messages = [_describe(problem) for problem in problems]
    messages += [f"Unknown key {key!r}: not part of the Training lab's links." for key in unknown]
    if messages:
        raise InputError("\n".join(messages))
    return state


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


def _read_data(path: str) -> bytes:
    """The bytes of ``--data FILE`` (at most one byte over the upload limit: the check names it)."""
    try:
        with open(path, "rb") as file:
            return file.read(MAX_BYTES + 1)
    except OSError as error:
        raise InputError(f"Can't read {path}: {error.strerror}.") from None


def _add_common(parser: argparse.ArgumentParser, run: bool = True) -> None:
    parser.add_argument("query", help="the page's query string (act=relu&lr=0.1) or its full URL")
    parser.add_argument(
        "--data",
        default=None,
        metavar="FILE.csv",
        help="your own data for dataset=upload: a CSV of x1,x2,label (a link can't carry the file)",
    )
    if run:
        parser.add_argument(
            "--run", choices=("a", "b"), default="a", help="which run of a compare link to use"
        )


def _lab_config(args: argparse.Namespace) -> tuple[config.TrainingState, LabConfig]:
    """The link's state and the lab configuration of ``args`` (query, --data, --run), or
    :class:`InputError`."""
    state = checked_values(args.query)
    which = getattr(args, "run", "a")
    if which == "b" and not state.compare:
        raise InputError("--run b needs a link in compare mode (compare=true).")
    if state.dataset == UPLOAD and args.data is None:
        raise InputError("dataset=upload: a link can't carry the file; give it with --data FILE.csv.")
    if state.dataset != UPLOAD and args.data is not None:
        raise InputError(f"--data is for dataset=upload; this link uses dataset={state.dataset}.")
    upload = _read_data(args.data) if args.data is not None else b""
    try:
        return state, config.lab_config(state, which=which, upload=upload)
    except UploadError as error:
        raise InputError(f"Could not use {args.data}: {describe(error, 'en')}.") from None


def _checked(parser: argparse.ArgumentParser, argv: Sequence[str]):
    """Parsed arguments, the link's state and its lab configuration, or an exit code."""
    args = _parse(parser, argv)
    if isinstance(args, int):
        return args
    try:
        return (args, *_lab_config(args))
    except InputError as error:
        print(error, file=sys.stderr)
        return 2


def training(trainer: Trainer, steps: int, every: int) -> Iterator[tuple[Snapshot, float]]:
    """Train ``steps`` steps, measuring at step 0, every ``every`` steps and at the end (stopping
    early when the loss stops being finite): each measurement and the training time so far."""
    snap = trainer.snapshot()
    training_time = 0.0
    yield snap, training_time
    while trainer.steps < steps and snap.finite:
        started = time.perf_counter()
        trainer.step(min(every - trainer.steps % every, steps - trainer.steps))
        training_time += time.perf_counter() - started
        snap = trainer.snapshot()
        yield snap, training_time


def train_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m activations train",
        description="Train the Training lab configuration of a link and print JSON lines.",
    )
    _add_common(parser)
    parser.add_argument("--steps", type=_bounded_int(0, MAX_STEPS), default=1000, help="optimizer steps")
    parser.add_argument(
        "--every",
        type=_bounded_int(1, MAX_STEPS),
        default=None,
        help="print every N steps (default: steps/10)",
    )
    checked = _checked(parser, argv)
    if isinstance(checked, int):
        return checked
    args, _, lab_config = checked
    data_config, run = lab_config.data, lab_config.runs[0]
    every = args.every or max(1, args.steps // 10)
    data = data_config.make()
    with one_thread():
        trainer = Trainer(data, run.arch, run.recipe, data_config.seed, lab_config.device)
        line: dict[str, object] = {}
        for snap, seconds in training(trainer, args.steps, every):
            if line:
                print(json.dumps(line), flush=True)
            line, training_time = snapshot_line(snap), seconds
    line["steps_per_s"] = round(trainer.steps / training_time, 1) if training_time > 0 else None
    print(json.dumps(line), flush=True)
    return 0


def export_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m activations export",
        description="Write a link's configuration (config.json) and a standalone PyTorch script (train.py); "
        "with --steps, also train as the lab does and write history.csv and weights.pt.",
    )
    _add_common(parser)
    parser.add_argument("--out", required=True, type=Path, help="the folder to write to (created if missing)")
    parser.add_argument(
        "--steps",
        type=_bounded_int(0, MAX_STEPS),
        default=None,
        help="train this many steps and write the history and the weights (also train.py's default)",
    )
    parser.add_argument(
        "--every",
        type=_bounded_int(1, MAX_STEPS),
        default=None,
        help="history every N steps (default: steps/10)",
    )
    checked = _checked(parser, argv)
    if isinstance(checked, int):
        return checked
    args, state, lab_config = checked
    run = lab_config.runs[0]  # the chosen one (--run)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        written = {
            "config.json": export.config_json(state, lab_config.data),
            "train.py": train_script.training_script(
                lab_config, 0, args.steps or train_script.DEFAULT_STEPS, state.query()
            ),
        }
        for name, text in written.items():
            (args.out / name).write_text(text, encoding="utf-8")
        files = list(written)
        summary: dict[str, object] = {"out": str(args.out), "files": files}
        if args.steps is not None:
            every = args.every or max(1, args.steps // 10)
            data_config = lab_config.data
            with one_thread():
                trainer = Trainer(
                    data_config.make(), run.arch, run.recipe, data_config.seed, lab_config.device
                )
                history = History(run.arch.hidden)
                for snap, _ in training(trainer, args.steps, every):
                    history.add(snap)
            (args.out / "history.csv").write_text(export.history_csv([history]), encoding="utf-8")
            (args.out / "weights.pt").write_bytes(export.weights(trainer.network))
            files += ["history.csv", "weights.pt"]
            summary.update({k: v for k, v in snapshot_line(snap).items() if k != "epoch"})
    except OSError as error:
        print(f"can't write to {args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(json.dumps(summary), flush=True)
    return 0


def born_dead_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m activations born-dead",
        description="Initialise many networks of the link's born-dead shape (bd_width x bd_depth) and "
        "report how many are born dead.",
    )
    _add_common(parser, run=False)
    parser.add_argument(
        "--trials",
        type=_bounded_int(1, config.MAX_TRIALS),
        default=None,
        help="networks (default: bd_trials)",
    )
    checked = _checked(parser, argv)
    if isinstance(checked, int):
        return checked
    args, state, lab_config = checked
    data_config, arch = lab_config.data, lab_config.runs[0].arch
    data = data_config.make()
    trials = args.trials or state.bd_trials
    with one_thread():
        result = born_dead(
            data.x_train, state.bd_width, state.bd_depth, trials,
            act=arch.act, act_params=dict(arch.act_params), init=arch.init, init_std=arch.init_std,
            bias_init=arch.bias_init, seed=data_config.seed,
        )  # fmt: skip
    print(json.dumps({**result.as_dict(), "width": state.bd_width, "depth": state.bd_depth}))
    return 0
