"""Tables of the Softmax page, as plain text and string columns built from :mod:`activations.softmax`.

Numbers are formatted here with ``%.6g`` (so ``nan`` and ``inf`` show as such), and rows follow
``order`` (see :func:`~activations.softmax.display_order`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from activations.core.i18n import t
from activations.softmax.compute import Distribution, Stability


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` monospace columns."""
    return " " * (width - display_width(text)) + text


def values_text(dist: Distribution, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    """z, z / T, p and log p of every class as an aligned plain-text table (cheap to draw, easy to
    copy). Numbers are right-aligned; the class names come last, where a font whose CJK glyphs
    aren't exactly two columns wide can't push the numbers out of line."""
    rows = [("#", "z", "z / T", "p", "log p", t("softmax.col.class", lang))]
    rows += [
        (
            str(i),
            _fmt(dist.logits[i]),
            _fmt(dist.scaled[i]),
            _fmt(dist.probs[i]),
            _fmt(dist.log_probs[i]),
            labels[i],
        )
        for i in order
    ]
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(_pad(cell, width) for cell, width in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    )


def stability_columns(
    result: Stability, labels: Sequence[str], order: np.ndarray, lang: str
) -> dict[str, list[str]]:
    """Per class: z / T, float32 exp, the naive formula in float32 and float64, the max-subtracted
    form in float32 and torch.softmax in float64, as display strings."""
    columns = {
        "#": [str(i) for i in order],
        t("softmax.col.class", lang): [labels[i] for i in order],
        "z / T": result.scaled,
        "exp(z / T) float32": result.exp32,
        t("softmax.col.naive32", lang): result.naive32,
        t("softmax.col.naive64", lang): result.naive64,
        t("softmax.col.stable32", lang): result.stable32,
        t("softmax.col.reference", lang): result.reference,
    }
    return {
        name: values if isinstance(values, list) else [_fmt(v) for v in values[order]]
        for name, values in columns.items()
    }
