"""What the Training lab's chart component (ui/components/lab.js) is sent on a page run.

The component draws the lab from frames (:mod:`activations.training.frames`): the current one rides in
its data on every page run, and while a run trains the next ones stream to it (docs/stream.md). What
does not change during a run travels here, once per page run, ahead of the frame:

* the stream's ``token`` (None before a lab exists) and ``paths`` (the WebSocket and the HTTP
  fallback's routes), the ``lang`` frames' alt text is asked in;
* the data points (``points``: ``train`` and ``test``, each ``x``, ``y`` and class ``k``), the
  ``classes`` (name and colour) and each run's ``label``, layer ``sizes`` and whether its activation
  can saturate (``saturating``: the curves show saturated units too);
* the page's view of the run: ``running``, ``queued`` (the place in line, or None), ``device``;
* how to draw: ``mix`` (the boundary's colour rule, :func:`palette`), ``heatmap_pixels``, ``network``
  and ``curves`` (colours, edge limit), ``style`` (theme.CHART_STYLE), ``labels`` (the strings, in
  ``lang``), ``keys`` (the toolbar's keyboard shortcuts) and ``hidden`` (the toolbar's buttons a
  classroom link hides: ``toggle``, ``step``, ``reset``).

The message (:func:`message`) is the frame's layout: a uint32 length, this header as UTF-8 JSON,
zero padding to a multiple of 8, then the frame's bytes (none when there is no lab).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from activations.core import theme
from activations.core.i18n import t
from activations.core.registry import get
from activations.training.data import DataConfig
from activations.training.dead import profile
from activations.training.lab import LabConfig
from activations.training.link import format_lr

# One colour per class up to upload.MAX_CLASSES; the boundary mixes them into the background.
CLASS_COLORS = (theme.ORANGE, theme.BLUE, theme.TEAL, theme.PURPLE, *theme.SERIES[3:5], *theme.SERIES[6:8])
# A pixel of the boundary: its winning class's colour mixed into the background by
# low + span * confidence (from a tie, 6 %, to sure, 56 %), confidence in ``levels`` steps: finer than
# a colour channel's (0.5 / 255).
MIX = {"low": 0.06, "span": 0.5, "levels": 256}
HEATMAP_PIXELS = 128  # the boundary picture's side before the browser scales it up smoothly
NETWORK = {
    "positive": theme.BLUE,
    "negative": theme.ORANGE,
    "greyed": theme.MUTED,  # an edge into or out of a dead unit
    "nodes": {"alive": theme.BLUE, "dead": theme.GREY, "saturated": "#ffbf00", "io": "#666666"},
    "max_edges": 800,  # beyond, only the largest |w| are drawn
}
CURVES = {"runs": (theme.BLUE, theme.RED), "layers": (theme.BLUE, theme.ORANGE, theme.TEAL, theme.PURPLE,
                                                     *theme.SERIES[3:5])}  # fmt: skip
PATHS = {"stream": "/api/lab/stream", "frame": "/api/lab/frame", "command": "/api/lab/command"}
BUTTONS = ("toggle", "step", "reset")  # the toolbar, as ``hidden`` names them
# label name -> string key
LABELS = {
    "start": "training.start", "pause": "training.pause", "step": "training.step", "reset": "training.reset",
    "start_help": "training.start_help", "pause_help": "training.pause_help",
    "step_help": "training.step_help",
    "status_running": "training.status.running", "status_ready": "training.status.ready",
    "status_paused": "training.status.paused", "status_diverged": "training.status.diverged",
    "status_finished": "training.status.finished", "status_crashed": "training.status.crashed",
    "queued": "training.queued", "speed": "training.speed", "share": "training.share", "fps": "training.fps",
    "http": "training.http", "on_device": "training.on_device",
    "m_step": "training.m.step", "m_epoch": "training.m.epoch", "m_loss": "training.m.loss",
    "m_test_acc": "training.m.test_acc", "m_dead": "training.m.dead", "m_saturated": "training.m.saturated",
    "boundary": "training.fig.boundary", "network": "training.fig.network", "input": "training.fig.input",
    "output": "training.fig.output", "dead_count": "training.fig.dead_count", "train": "training.fig.train",
    "test": "training.fig.test", "layer": "training.fig.layer", "saturated": "training.fig.saturated",
    "loss": "training.fig.loss", "accuracy": "training.fig.accuracy", "dead_units": "training.fig.dead_units",
    "dead_caption": "training.dead_caption", "saturated_caption": "training.saturated_caption",
}  # fmt: skip


@lru_cache(maxsize=4)
def palette(classes: int) -> np.ndarray:
    """(classes, levels, 3) uint8: each class's colour mixed into white by :data:`MIX`, level 0 a tie
    and the last one sure. lab-boundary.js builds the same table (on a dark theme, into its
    background)."""
    colors = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in CLASS_COLORS[:classes]], float)
    amount = MIX["low"] + MIX["span"] * np.linspace(0.0, 1.0, MIX["levels"])
    table = (255 - (255 - colors[:, None, :]) * amount[None, :, None]).round().astype(np.uint8)
    table.flags.writeable = False  # shared
    return table


@lru_cache(maxsize=16)
def points(data: DataConfig) -> dict:
    """The data set's training and test points: ``x``, ``y`` (4 decimals) and class ``k`` each."""
    made = data.make()
    out = {}
    for split, xs, ys in (("train", made.x_train, made.y_train), ("test", made.x_test, made.y_test)):
        xy = np.round(xs.numpy().astype(np.float64), 4)
        out[split] = {"x": xy[:, 0].tolist(), "y": xy[:, 1].tolist(), "k": ys.numpy().astype(int).tolist()}
    return out


def run_label(config: LabConfig, index: int) -> str:
    """``A · ReLU [8,8] · sgd lr 3``: which run a column of the compare mode shows."""
    run = config.runs[index]
    hidden = ",".join(str(w) for w in run.arch.hidden)
    recipe = f"{run.recipe.optimizer} lr {format_lr(run.recipe.lr)}"
    return f"{'AB'[index]} · {get(run.arch.act).label} [{hidden}] · {recipe}"


def labels(lang: str, max_steps: int) -> dict[str, str]:
    """The component's strings in ``lang``; ``{key}``, ``{n}``... are filled in the browser, the step
    limit here."""
    kept = {name: "{" + name + "}" for name in ("key", "n", "position", "speed", "share", "fps", "device")}
    return {name: t(key, lang, **kept, steps=f"{max_steps:,}") for name, key in LABELS.items()}


def header(
    config: LabConfig, lang: str, token: str | None, *, running: bool, queued: int | None, device: str,
    hidden: Sequence[str], max_steps: int, keys: dict[str, str],
) -> dict:  # fmt: skip
    """The component's static data for the lab ``config`` (see the module's documentation)."""
    names = config.data.class_names
    return {
        "token": token, "paths": PATHS, "lang": lang,
        "points": points(config.data),
        "classes": [{"name": t("training.fig.class", lang, k=name), "color": CLASS_COLORS[k]}
                    for k, name in enumerate(names)],
        "runs": [{"label": run_label(config, i), "sizes": list(run.arch.sizes),
                  "saturating": profile(run.arch.act, dict(run.arch.act_params)).can_saturate}
                 for i, run in enumerate(config.runs)],
        "running": running, "queued": queued, "device": device,
        "mix": MIX, "heatmap_pixels": HEATMAP_PIXELS, "network": NETWORK, "curves": CURVES,
        "style": theme.CHART_STYLE, "labels": labels(lang, max_steps), "keys": keys,
        "hidden": [name for name in BUTTONS if name in hidden],
    }  # fmt: skip


def message(head: dict, frame: bytes | None) -> bytes:
    """``head`` (:func:`header`) and the current frame as one message (see the module's documentation)."""
    text = json.dumps(head, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    start = -(-(4 + len(text)) // 8) * 8
    return struct.pack("<I", len(text)) + text + bytes(start - 4 - len(text)) + (frame or b"")


def read(data: bytes) -> tuple[dict, bytes]:
    """The header and the frame's bytes of a :func:`message` (tests)."""
    (length,) = struct.unpack_from("<I", data)
    start = -(-(4 + length) // 8) * 8
    return json.loads(bytes(data[4 : 4 + length])), bytes(data[start:])
