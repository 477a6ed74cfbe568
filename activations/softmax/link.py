"""The Softmax page's URL contract: its keys, declared once as fields, and strict parsing of the
typed logits and class names.

The logits and class names arrive as free text (typed, pasted or from a link). They are parsed
here, never evaluated: a text is split on commas and whitespace and every piece must be a plain
ASCII decimal (:func:`~activations.core.fields.parse_number`), so ``nan``, ``inf``, ``1e309``, ``0x10``,
``1_000``, ``٣`` and brackets inside the list are refused with the piece and its position named.
One outer pair of brackets (``[2, 1, 0.1]``) and a ``tensor(...)`` wrapper are accepted, so a list
printed by Python or PyTorch can be pasted as is.

The other keys are bounded fields checked by :func:`check`. The texts are only bounded there
(length); what they hold is parsed by :func:`parse_logits` and :func:`parse_names`, and a text that
fails keeps its place in the box while the page shows the problem and computes with valid logits
(the last valid ones).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from activations.core.fields import (
    Field,
    Flag,
    InvalidValue,
    Number,
    Problem,
    Steps,
    Text,
    Whole,
    defaults,
    parse_number,
    shorten,
    validate,
)
from activations.core.i18n import t
from activations.core.state import State
from activations.softmax.compute import LOGIT_LIMIT, MAX_CLASSES

MAX_LOGITS_CHARS = 2000
MAX_NAMES_CHARS = 2000
MAX_NAME_CHARS = 24
DEFAULT_LOGITS = "2, 1, 0.1"

# Steps of the temperature slider: "nice" values roughly evenly spaced on a log scale from
# compute.T_MIN to compute.T_MAX (a test checks), so that a link holds a readable number
# (``temperature=0.7``) and each step changes T by 10-25 %.
TEMPERATURES: tuple[str, ...] = (
    "0.05", "0.06", "0.07", "0.08", "0.09", "0.1", "0.12", "0.14", "0.16", "0.18", "0.2", "0.25",
    "0.3", "0.35", "0.4", "0.45", "0.5", "0.6", "0.7", "0.8", "0.9", "1", "1.1", "1.2", "1.4",
    "1.6", "1.8", "2", "2.5", "3", "3.5", "4", "4.5", "5", "6", "7", "8", "9", "10", "12", "14",
    "16", "18", "20",
)  # fmt: skip

LOGITS = Text("logits", DEFAULT_LOGITS, MAX_LOGITS_CHARS, label="softmax.logits", help="softmax.logits_help")
NAMES = Text(
    "names", "", MAX_NAMES_CHARS,
    label="softmax.names", help="softmax.names_help", placeholder="softmax.names_placeholder",
)  # fmt: skip
TEMPERATURE = Steps(
    "temperature", "1", TEMPERATURES, label="softmax.temperature", help="softmax.temperature_help"
)
SORT = Flag("sort", False, label="softmax.sort", help="softmax.sort_help")
TARGET = Whole("target", 0, 0, MAX_CLASSES - 1, label="softmax.target", help="softmax.target_help")
TOP_K = Whole("top_k", 0, 0, MAX_CLASSES, label="softmax.top_k", help="softmax.top_k_help")
TOP_P = Number("top_p", 1.0, 0.01, 1.0, step=0.01, label="softmax.top_p", help="softmax.top_p_help")
SAMPLES = Whole("samples", 1000, 1, 100_000, step=100, label="softmax.samples")
SEED = Whole("seed", 0, 0, 999_999, label="softmax.seed", help="softmax.seed_help")
FIELDS: tuple[Field, ...] = (LOGITS, NAMES, TEMPERATURE, SORT, TARGET, TOP_K, TOP_P, SAMPLES, SEED)
DEFAULTS: dict[str, object] = defaults(FIELDS)


def target_field(count: int) -> Whole:
    """``target`` narrowed to the ``count`` classes shown (its widget's bounds)."""
    return replace(TARGET, high=count - 1)


@dataclass(frozen=True)
class Preset:
    key: str
    logits: str
    names: str

    def values(self) -> dict[str, object]:
        """The link values the preset sets."""
        return {LOGITS.key: self.logits, NAMES.key: self.names}


PRESETS: tuple[Preset, ...] = (
    Preset("confident", "6.2, 1.3, 0.4, -0.8, -2.1", "cat, dog, fox, owl, bee"),
    Preset("near_tie", "2.31, 2.30, 2.26, 0.5", "A, B, C, D"),
    Preset(
        "long_tail",
        # Next-token logits after "I had ___ for lunch": a few likely words and a long tail.
        "7.1, 6.4, 5.8, 5.2, 4.9, 4.1, 3.8, 3.5, 3.1, 2.9, 2.6, 2.2, 2.0, 1.7, 1.5, 1.2, 0.9, 0.7, "
        "0.4, 0.2, -0.1, -0.4, -0.8, -1.3",
        "pizza, pasta, soup, rice, salad, noodles, sushi, bread, tacos, curry, a, some, the, "
        "eggs, fish, steak, nothing, cake, fruit, kimchi, my, two, it, dinner",
    ),
    Preset("huge", "1000, 1001, 999", ""),
)
PRESET_KEYS = tuple(preset.key for preset in PRESETS)

# Classroom groups (activations.core.classroom): named sets of URL keys and of the page's controls.
GROUPS: dict[str, tuple[str, ...]] = {
    "input": (LOGITS.key, NAMES.key),
    "presets": tuple(f"preset_{key}" for key in PRESET_KEYS),
    "sampling": (TOP_K.key, TOP_P.key, SAMPLES.key, SEED.key, "draw_again"),
    "export": ("export_csv", "export_html", "export_png"),
}


def preset(key: str) -> Preset:
    return next(p for p in PRESETS if p.key == key)


class TextError(InvalidValue):
    """A logits or names text that can't be used: ``reason`` is a translation key
    (``softmax.detail.*``) whose placeholders :meth:`details` fills; ``position``
    (1-based) and ``token`` name the piece at fault, ``count`` and ``limit`` the sizes involved."""

    def __init__(
        self, reason: str, *, token: str = "", position: int = 0, count: int = 0, limit: float = 0
    ) -> None:
        super().__init__(reason)
        self.token = shorten(token, 24)
        self.position = position
        self.count = count
        self.limit = limit

    def details(self) -> dict[str, object]:
        """Values for the message's placeholders."""
        return {
            "token": self.token,
            "position": self.position,
            "count": self.count,
            "limit": f"{self.limit:g}",
        }


# How a logits text is read (the chart reads it the same way in the browser: softmax/chart.py sends these)
WRAPPER = re.compile(r"tensor\((.*)\)", re.DOTALL)  # tensor(...) around the list
PAIRS = (("[", "]"), ("(", ")"))  # one outer pair around the list
SEPARATORS = re.compile(r"[,\s]+")


def _unwrap(text: str) -> str:
    """The list inside ``tensor(...)`` and one outer pair of ``[]`` or ``()``, if present."""
    match = WRAPPER.fullmatch(text)
    if match:
        text = match.group(1).strip()
    if len(text) >= 2 and (text[0], text[-1]) in PAIRS:
        text = text[1:-1].strip()
    return text


def parse_logits(text: str) -> tuple[float, ...]:
    """The numbers in ``text`` (comma- or whitespace-separated), or :class:`TextError`.

    1 to :data:`MAX_CLASSES` plain decimals with ``|z| <=`` :data:`LOGIT_LIMIT`; the work is
    linear in the length of the text, which is itself bounded.
    """
    if len(text) > MAX_LOGITS_CHARS:
        raise TextError("softmax.detail.too_long", count=len(text), limit=MAX_LOGITS_CHARS)
    body = _unwrap(text.strip())
    tokens = [token for token in SEPARATORS.split(body) if token]
    if not tokens:
        raise TextError("softmax.detail.empty")
    if len(tokens) > MAX_CLASSES:
        raise TextError("softmax.detail.too_many", count=len(tokens), limit=MAX_CLASSES)
    values = []
    for position, token in enumerate(tokens, start=1):
        try:
            value = parse_number(token)
        except InvalidValue as error:
            detail = "softmax.detail." + error.reason.removeprefix("reason.")  # not_a_number, not_finite
            raise TextError(detail, token=token, position=position) from None
        if abs(value) > LOGIT_LIMIT:
            raise TextError("softmax.detail.too_large", token=token, position=position, limit=LOGIT_LIMIT)
        values.append(value + 0.0)  # -0.0 -> 0.0
    return tuple(values)


_NAME = re.compile(r"[\w .'+/-]+")  # letters and digits of any script; no markup characters


def default_label(index: int) -> str:
    """The label of an unnamed class: ``#3`` (``#`` is not allowed in names, so none collides)."""
    return f"#{index}"


@dataclass(frozen=True)
class Names:
    """Labels for ``count`` classes; ``given`` is how many names were typed (0: none)."""

    labels: tuple[str, ...]
    given: int

    @property
    def mismatch(self) -> bool:
        return self.given > 0 and self.given != len(self.labels)


def parse_names(text: str, count: int) -> Names:
    """Labels for ``count`` classes from comma-separated names (or whitespace-separated when there
    is no comma), or :class:`TextError`. Missing and empty names become ``#index``; names beyond
    ``count`` are left out; labels must be different from each other."""
    if len(text) > MAX_NAMES_CHARS:
        raise TextError("softmax.detail.too_long", count=len(text), limit=MAX_NAMES_CHARS)
    body = _unwrap(text.strip())
    if not body:
        return Names(tuple(default_label(i) for i in range(count)), 0)
    pieces = [piece.strip() for piece in (body.split(",") if "," in body else body.split())]
    if len(pieces) > MAX_CLASSES:
        raise TextError("softmax.detail.too_many", count=len(pieces), limit=MAX_CLASSES)
    for position, name in enumerate(pieces, start=1):
        if len(name) > MAX_NAME_CHARS:
            raise TextError(
                "softmax.detail.name_too_long", token=name, position=position, limit=MAX_NAME_CHARS
            )
        if name and not _NAME.fullmatch(name):
            raise TextError("softmax.detail.name_characters", token=name, position=position)
    labels = tuple((pieces[i] if i < len(pieces) and pieces[i] else default_label(i)) for i in range(count))
    seen: set[str] = set()
    for position, label in enumerate(labels, start=1):
        if label in seen:
            raise TextError("softmax.detail.duplicate_name", token=label, position=position)
        seen.add(label)
    return Names(labels, len(pieces))


def read_names(text: str, count: int) -> tuple[Names, TextError | None]:
    """The typed names, or numbered classes and why the names can't be used."""
    try:
        return parse_names(text, count), None
    except TextError as error:
        return parse_names("", count), error


@dataclass(frozen=True)
class SoftmaxState(State):
    """The Softmax page's state: the texts as typed (parsed by :func:`parse_logits` and
    :func:`read_names`), the temperature step, the order of the bars, the target class and the
    sampling settings."""

    logits: str
    names: str
    temperature: str
    sort: bool
    target: int
    top_k: int
    top_p: float
    samples: int
    seed: int

    def fields(self) -> tuple[Field, ...]:
        return FIELDS


def check(
    raw: Mapping[str, Sequence[str]], fallback_count: int | None = None
) -> tuple[SoftmaxState, list[Problem]]:
    """Valid page state from raw query values, and the problems that had to be replaced.

    Beyond each field's own bounds, ``target`` must name one of the logits: of the typed ones when
    they parse, else of the ``fallback_count`` logits the page shows instead (a text that doesn't
    parse is the page's to report, see :func:`parse_logits`).
    """
    values, problems = validate(raw, FIELDS)
    try:
        count: int | None = len(parse_logits(values["logits"]))
    except TextError:
        count = fallback_count
    target = values["target"]
    if count is not None and target >= count:
        values["target"] = TARGET.default
        problems.append(
            Problem(
                (TARGET.key,), str(target), "reason.out_of_range", str(TARGET.default), f"0 … {count - 1}"
            )
        )
    return SoftmaxState(**values), problems


def temperature_value(step: str) -> float:
    """The float of a slider step (validated by :func:`check`); ValueError for anything else."""
    if step not in TEMPERATURES:
        raise ValueError(f"not a temperature step: {step!r}")
    return float(step)


def next_seed(seed: int) -> int:
    """The seed after ``seed`` ("draw again"), back to 0 after the largest one."""
    return (int(seed) + 1) % (SEED.high + 1)


def format_logits(logits: Sequence[float], limit: int = 80) -> str:
    """``2, 1, 0.1``: logits as a short text (for messages and as typed into the box)."""
    return shorten(", ".join(f"{value:g}" for value in logits), limit)


def logits_message(error: TextError, lang: str, fallback: Sequence[float]) -> str:
    """Plain text naming what is wrong with the typed logits and which ones are used instead."""
    detail = t(error.reason, lang, **error.details())
    return t("softmax.logits_problem", lang, detail=detail, fallback=format_logits(fallback))


def names_message(error: TextError, lang: str) -> str:
    """Plain text naming what is wrong with the typed class names."""
    return t("softmax.names_problem", lang, detail=t(error.reason, lang, **error.details()))


def names_note(names: Names, lang: str) -> str | None:
    """A note when the number of names differs from the number of logits, else None."""
    if not names.mismatch:
        return None
    key = "softmax.names_fewer" if names.given < len(names.labels) else "softmax.names_more"
    return t(key, lang, given=names.given, count=len(names.labels))
