"""What the Softmax page's chart component (ui/components/softmax.js) is sent on a run.

The component owns the logits box and the temperature slider and draws the bars of p and log p.
While the visitor types or moves the slider it draws a preview computed in the browser (float64,
max-subtracted); the page's run then sends torch's numbers, which replace the preview while the
chart shows the view they were computed for. The message is JSON: at most 64 classes (a few kB),
and float64 numbers written with ``repr`` read back in the browser as exactly the same doubles.

* ``seq``, ``view``: the logits text and temperature step the page imposes (a link, a preset, a
  corrected value); the chart applies ``view`` only when ``seq`` grows, never while it is ahead;
* ``answer``: the view the numbers were computed for, torch's ``logits`` (the typed ones, or the
  last valid ones when the text can't be read), ``p``, ``log_p``, ``argmax`` (ties included),
  ``labels``, the chart's ``alt`` text and the ``stem`` of its PNG's file name;
* ``names``: a label for each of up to 64 classes, for a preview with another number of classes;
* ``sort``: bars in decreasing probability; ``rules``: the parser's limits (:func:`link.parse_logits`);
  ``steps``: the temperature steps; ``labels``, ``colors``, ``style`` (theme.CHART_STYLE), ``layout``
  (:data:`LAYOUT`); ``hidden``: controls a classroom link hides (URL keys, and ``export_png``: the
  chart's Save PNG button); ``link``: how the chart writes its view to the URL (ui/components/kit.js's
  ``writeLink``): the keys it ``owns`` and their ``fields`` (:func:`rules.written`).
"""

from __future__ import annotations

from collections.abc import Sequence

from activations.core import theme
from activations.core.fields import (  # the one plain-decimal pattern, sent to the browser
    MAX_NUMBER_CHARS,
    NUMBER_PATTERN,
)
from activations.core.i18n import t
from activations.core.rules import written
from activations.softmax import compute, export, link
from activations.softmax.compute import Distribution
from activations.softmax.figures import probability_alt
from activations.softmax.link import SoftmaxState

LABEL_KEYS = (
    "softmax.logits", "softmax.logits_help", "softmax.temperature", "softmax.temperature_help",
    "softmax.chart.probability", "softmax.chart.canvas", "softmax.chart.unreadable", "chart.save_png",
)  # fmt: skip
# How the chart lays out the bars (ui/components/softmax.js), with theme.CHART_STYLE: the margins and
# the band between the panels for the class names (px; a rotated name's band grows with its width,
# up to ``rotated_band``), the share of a slot a bar fills (``wide_bar`` past ``many_classes``), the
# p panel's share of the height, headroom above the largest p and below the smallest log p, the
# classes up to which p is written on the bars, and a class name's longest length (characters).
LAYOUT = {
    "margin": {"left": 58, "right": 12, "top": 14, "bottom": 6},
    "label_band": 30,
    "rotated_band": 90,
    "bar": 0.72,
    "wide_bar": 0.86,
    "many_classes": 32,
    "p_share": 0.64,
    "headroom": 1.08,
    "log_headroom": 1.05,
    "value_labels": 12,
    "name_chars": 14,
}
# Python's whitespace (str.isspace: what ``\s`` and ``strip()`` mean), each as \uXXXX, for a regular
# expression's character class: JavaScript's ``\s`` and ``trim()`` take another set (U+FEFF, not U+001C).
SPACE = "".join(f"\\u{code:04x}" for code in range(0x3001) if chr(code).isspace())
COLORS = {"bar": theme.BLUE, "argmax": theme.DARK_BLUE, "log": theme.PURPLE}
FIELDS = (link.LOGITS, link.TEMPERATURE)  # the link's fields whose controls live in the chart


def rules() -> dict[str, object]:
    """What :func:`activations.softmax.link.parse_logits` accepts, for the browser's own reading."""
    return {
        "wrapper": link.WRAPPER.pattern,
        "pairs": [list(pair) for pair in link.PAIRS],
        "space": SPACE,
        "separators": link.SEPARATORS.pattern.replace(r"\s", SPACE),
        "number": NUMBER_PATTERN.pattern,
        "max_token": MAX_NUMBER_CHARS,
        "limit": compute.LOGIT_LIMIT,
        "max_classes": compute.MAX_CLASSES,
        "max_chars": link.MAX_LOGITS_CHARS,
    }


def answer(state: SoftmaxState, dist: Distribution, labels: Sequence[str], lang: str) -> dict:
    """torch's numbers for the view of ``state`` (logits text and temperature step)."""
    order = compute.display_order(dist.probs, state.sort)
    return {
        "view": view(state),
        "logits": dist.logits.tolist(),
        "p": dist.probs.tolist(),
        "log_p": dist.log_probs.tolist(),
        "argmax": list(dist.argmax),
        "labels": list(labels),
        "alt": probability_alt(dist, labels, order, lang),
        "stem": export.file_stem(dist, state.sort),
    }


def view(state: SoftmaxState) -> dict[str, str]:
    """The part of the page's state the chart's controls hold, as URL text."""
    raw = state.raw()
    return {field.key: raw[field.key][-1] for field in FIELDS}


def message(
    state: SoftmaxState,
    dist: Distribution,
    labels: Sequence[str],
    names: str,
    lang: str,
    *,
    seq: int,
    hidden: Sequence[str] = (),
) -> dict:
    """See the module's documentation; ``names`` is the class-names text as typed."""
    return {
        "seq": seq,
        "view": view(state),
        "answer": answer(state, dist, labels, lang),
        "names": list(link.read_names(names, compute.MAX_CLASSES)[0].labels),
        "sort": state.sort,
        "rules": rules(),
        "steps": list(link.TEMPERATURES),
        "labels": {key: t(key, lang) for key in LABEL_KEYS},
        "colors": COLORS,
        "style": theme.CHART_STYLE,
        "layout": LAYOUT,
        "hidden": list(hidden),
        "link": {"owns": [field.key for field in FIELDS], "fields": [written(field) for field in FIELDS]},
    }
