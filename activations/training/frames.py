"""A lab's live view as one compact binary message (a "frame"), the unit of the live-lab stream.

A training worker encodes a frame from a :class:`~activations.training.lab.LabView`; the server relays
the bytes untouched; the browser's chart draws them. The same bytes reach the component in its data
when the page reruns. Layout (little-endian)::

    uint32 N | N bytes of UTF-8 JSON header | zero padding to a multiple of 8 | body

The body starts at ``body_start`` = 4 + N rounded up to a multiple of 8; each section at
``body_start + offset``, every ``offset`` a multiple of 8, so a typed array can view it in place.

Header fields:

* ``v``: 1; ``seq``: grows by one per frame of this run; ``status``: "ready", "running", "paused",
  "diverged", "finished" or "crashed"; ``steps`` (the most of any run); ``steps_per_s`` and
  ``share`` (part of a core), null when not running; ``extent``: the boundary covers
  [-extent, extent]²; ``grid``: cells per side; ``classes``; ``sizes``: per run, the layer widths,
  input and output included.
* ``runs``: per run (two in compare mode): ``step``, ``epoch``, ``train_loss``, ``test_loss``,
  ``train_acc``, ``test_acc`` (non-finite: null); ``dead`` and ``saturated``: per hidden layer, 0/1
  per unit; ``slopes``: PReLU's learned slope per hidden layer (else empty); and the names of its
  sections: ``boundary``, ``weights`` (one per layer, the output layer included), ``history``.
* ``history_replace``: true when every run's history section is its whole history (the first frame
  of a stream, a ``full`` request, or the worker thinned or re-measured a record since the client's
  frame); false when its rows follow those the client holds.
* ``alt`` (only when asked for): screen-reader text in the frame's language, from the same numbers
  (:mod:`~activations.training.figures`' alt builders): ``{"boundary": [per run], "network":
  [per run], "curves": str}``.
* ``sections``: ``{name: {"dtype": "f16"|"f32"|"u8", "shape": [...], "offset": int, "bytes": int}}``.

Sections: ``boundary.<run>`` f16 (classes, grid, grid): P(class k) at the cell centres, row i from
the bottom (y = -extent + (i + 0.5) * 2 * extent / grid), column j from the left (x likewise):
torch's forward (:meth:`~activations.training.loop.Trainer.probabilities`) rounded to float16.
``weights.<run>.<layer>`` f16 (fan_out, fan_in). ``history.<run>`` f32 (rows, 6 + 2 * hidden
layers): step, epoch, train_loss, test_loss, train_acc, test_acc, dead units per hidden layer,
saturated units per hidden layer.

:func:`encode` returns the frame and a :data:`Cursor`, what the client now holds of each history;
hand it to the next :func:`encode` of the same stream to send only the new rows. :func:`decode`
reads a frame back (tests, benchmarks).
"""

from __future__ import annotations

import json
import math
import struct

import numpy as np

from activations.training.figures import boundary_alt, curves_alt, network_alt
from activations.training.lab import History, LabView

VERSION = 1
ALIGN = 8
ALT_S = 1.0  # a stream's frames carry the alt texts at most this often (and always its first)
DTYPES = {"f16": np.dtype("<f2"), "f32": np.dtype("<f4"), "u8": np.dtype("u1")}
CODES = {dtype: code for code, dtype in DTYPES.items()}

Cursor = tuple[tuple[int, int], ...]  # per run: (its history's generation, rows the client holds)


def _number(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def _padded(length: int) -> int:
    return -(-length // ALIGN) * ALIGN


def history_rows(history: History, start: int = 0) -> np.ndarray:
    """Rows ``start:`` of ``history`` as float32 (rows, 6 + 2 * hidden layers)."""
    columns = [history.series(name)[start:, None] for name in History.SERIES]
    columns += [history.per_layer("dead")[start:], history.per_layer("saturated")[start:]]
    return np.concatenate(columns, axis=1).astype(np.float32)


def _cursor(view: LabView) -> Cursor:
    return tuple((run.history.generation, len(run.history)) for run in view.runs)


def _appends(view: LabView, cursor: Cursor | None) -> bool:
    """Whether the client holding ``cursor`` can append this view's new rows to its histories."""
    if cursor is None or len(cursor) != len(view.runs):
        return False
    return all(
        generation == run.history.generation and held <= len(run.history)
        for (generation, held), run in zip(cursor, view.runs, strict=True)
    )


def alt_text(view: LabView, lang: str) -> dict:
    """The screen-reader descriptions of ``view`` in ``lang`` (the ``alt`` header field)."""
    names = view.config.data.class_names
    labelled = [("AB"[i] if len(view.runs) > 1 else "", run.history) for i, run in enumerate(view.runs)]
    return {
        "boundary": [boundary_alt(run.probabilities, view.extent, lang, names) for run in view.runs],
        "network": [network_alt(run.arch.sizes, run.latest.units, lang) for run in view.runs],
        "curves": curves_alt(labelled, lang),
    }


def encode(
    view: LabView, seq: int, cursor: Cursor | None = None, lang: str | None = None
) -> tuple[bytes, Cursor]:
    """The frame of ``view`` (number ``seq`` of its stream) and the cursor the client then holds.

    ``cursor``: what the client holds from the previous frame (None: nothing, send whole histories);
    ``lang``: include the ``alt`` texts in this language (None: leave them out)."""
    appends = _appends(view, cursor)
    arrays: dict[str, np.ndarray] = {}
    runs = []
    for index, run in enumerate(view.runs):
        latest, units = run.latest, run.latest.units
        boundary, history = f"boundary.{index}", f"history.{index}"
        weights = [f"weights.{index}.{layer}" for layer in range(len(run.weights))]
        arrays[boundary] = np.asarray(run.probabilities, dtype=np.float16)
        for name, matrix in zip(weights, run.weights, strict=True):
            arrays[name] = np.asarray(matrix, dtype=np.float16)
        arrays[history] = history_rows(run.history, cursor[index][1] if appends else 0)
        runs.append({
            "step": int(latest.step), "epoch": _number(latest.epoch),
            "train_loss": _number(latest.train_loss), "test_loss": _number(latest.test_loss),
            "train_acc": _number(latest.train_acc), "test_acc": _number(latest.test_acc),
            "dead": [mask.astype(int).tolist() for mask in units.dead],
            "saturated": [mask.astype(int).tolist() for mask in units.saturated],
            "slopes": [_number(slope) for slope in run.slopes],
            "boundary": boundary, "weights": weights, "history": history,
        })  # fmt: skip
    sections, offset = {}, 0
    for name, array in arrays.items():
        sections[name] = {"dtype": CODES[array.dtype.newbyteorder("<")], "shape": list(array.shape),
                          "offset": offset, "bytes": array.nbytes}  # fmt: skip
        offset = _padded(offset + array.nbytes)
    first = view.runs[0]
    header = {
        "v": VERSION, "seq": int(seq), "status": view.status, "steps": int(view.steps),
        "steps_per_s": _number(view.steps_per_s), "share": _number(view.share),
        "extent": float(view.extent), "grid": int(first.probabilities.shape[-1]),
        "classes": int(first.probabilities.shape[0]), "sizes": [list(run.arch.sizes) for run in view.runs],
        "runs": runs, "history_replace": not appends, "sections": sections,
    }  # fmt: skip
    if lang is not None:
        header["alt"] = alt_text(view, lang)
    body = bytearray(offset)
    for name, array in arrays.items():
        at = sections[name]["offset"]
        body[at : at + array.nbytes] = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
    return _pack(header, body), _cursor(view)


def _pack(header: dict, body: bytes | bytearray) -> bytes:
    text = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    start = _padded(4 + len(text))
    return struct.pack("<I", len(text)) + text + bytes(start - 4 - len(text)) + bytes(body)


def restamped(data: bytes, **fields: object) -> bytes:
    """Frame ``data`` with header ``fields`` replaced (a crashed run's last frame says "crashed")."""
    (length,) = struct.unpack_from("<I", data)
    header = json.loads(bytes(data[4 : 4 + length]))
    return _pack({**header, **fields}, data[_padded(4 + length) :])


def decode(data: bytes) -> dict:
    """The header of frame ``data``, with its sections as numpy arrays under ``"arrays"``."""
    (length,) = struct.unpack_from("<I", data)
    header = json.loads(bytes(data[4 : 4 + length]))
    start = _padded(4 + length)
    arrays = {}
    for name, section in header["sections"].items():
        dtype = DTYPES[section["dtype"]]
        count = section["bytes"] // dtype.itemsize
        arrays[name] = np.frombuffer(data, dtype, count, start + section["offset"]).reshape(section["shape"])
    return {**header, "arrays": arrays}
