"""Field types: each URL key is declared once, with its type, default, bounds and help.

From that one declaration the library validates a link (:func:`validate`), ``ui.fields`` makes the
bound widget and a test checks the tables in docs/links.md. Every field is bounded: a number has a range, a
choice a closed list, a text a maximum length, a repeated key a maximum count. :func:`validate`
turns raw query values into valid ones and a list of :class:`Problem` (what was wrong and which
value is used instead), so a crafted link can neither raise nor make the server do unbounded work.
Numbers are parsed strictly: plain ASCII decimals only, so ``nan``, ``inf``, ``1_000``, ``0x10``
and non-ASCII digits such as ``٣`` are rejected, where Python's ``float`` would take some of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

MAX_RAW_CHARS = 4000
MAX_NUMBER_CHARS = 64  # the longest number text read
NUMBER_PATTERN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?", re.ASCII)


class InvalidValue(ValueError):
    """A raw value that can't be used as given; ``reason`` is a translation key (``reason.*``).

    ``usable`` is what can be kept of it (the known names of a list), else None: use the default.
    """

    def __init__(self, reason: str, usable: object = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.usable = usable


def parse_number(text: str) -> float:
    """A finite float from plain ASCII decimal text, or :class:`InvalidValue`."""
    text = text.strip()
    if len(text) > MAX_NUMBER_CHARS or not NUMBER_PATTERN.fullmatch(text):
        raise InvalidValue("reason.not_a_number")
    value = float(text)
    if not math.isfinite(value):
        raise InvalidValue("reason.not_finite")
    return value


def url_number(value: float) -> str:
    """``value`` as JavaScript's ``String(number)`` writes it: the shortest digits that read back as
    the same float, positional from 1e-6 up to 1e21 (``6``, not ``6.0``; ``0.00001``), otherwise
    with an exponent (``1e-7``, ``1.5e+21``)."""
    if value == 0:
        return "0"
    shortest = repr(float(value))
    if 1e-6 <= abs(value) < 1e21:
        text = format(Decimal(shortest), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa, exponent = shortest.split("e")
    return f"{mantissa}e{'-' if int(exponent) < 0 else '+'}{abs(int(exponent))}"


@dataclass(frozen=True)
class Labels:
    """How ``ui`` shows a field: ``label`` and ``help`` are translation keys; without a label the
    widget shows ``name`` (a torch parameter name, which needs no translation), else the URL key."""

    _: KW_ONLY
    label: str = ""
    help: str = ""
    name: str = ""


@dataclass(frozen=True)
class Number(Labels):
    """A finite decimal in [low, high]; shown as a slider (``widget="slider"``) or a number box."""

    key: str
    default: float
    low: float
    high: float
    _: KW_ONLY
    step: float = 0.01
    widget: str = "slider"
    decimals: int = 2

    def parse(self, raw: Sequence[str]) -> float:
        value = parse_number(raw[-1])
        if not self.low <= value <= self.high:
            raise InvalidValue("reason.out_of_range")
        return value

    def format(self, value: float) -> list[str]:
        return [url_number(value)]

    def describe(self) -> str:
        return f"{_fmt(self.low)} … {_fmt(self.high)}"


@dataclass(frozen=True)
class Whole(Labels):
    """A whole number in [low, high], written as a plain decimal (``500``, also ``500.0``)."""

    key: str
    default: int
    low: int
    high: int
    _: KW_ONLY
    step: int = 1

    def parse(self, raw: Sequence[str]) -> int:
        value = parse_number(raw[-1])
        if value != int(value):
            raise InvalidValue("reason.not_an_integer")
        if not self.low <= value <= self.high:
            raise InvalidValue("reason.out_of_range")
        return int(value)

    def format(self, value: int) -> list[str]:
        return [url_number(value)]

    def describe(self) -> str:
        power = (
            f" = 2^{self.high.bit_length() - 1}" if self.high > 1 and self.high & (self.high - 1) == 0 else ""
        )
        return f"{self.low} … {self.high}{power}"


@dataclass(frozen=True)
class Steps(Labels):
    """One of the ``steps`` of a slider, as text (``"0.7"``), so that a link stays readable.

    A step spelled otherwise (``0.70``, ``7e-1``) is that step, returned as the slider writes it
    (``0.7``): the slider matches its URL value as text, so the page writes the link back in that
    spelling (ui/binder.py), without a word, since nothing was replaced. A number between two steps
    is refused with the nearest step (on a log scale) as the value to use.
    """

    key: str
    default: str
    steps: tuple[str, ...]

    def parse(self, raw: Sequence[str]) -> str:
        text = raw[-1].strip()
        if text in self.steps:
            return text
        value = parse_number(text)
        values = [float(step) for step in self.steps]
        if not values[0] <= value <= values[-1]:
            raise InvalidValue("reason.out_of_range")
        nearest = min(range(len(values)), key=lambda i: abs(math.log(values[i] / value)))
        if math.isclose(values[nearest], value, rel_tol=1e-9):
            return self.steps[nearest]
        raise InvalidValue("reason.between_steps", self.steps[nearest])

    def format(self, value: str) -> list[str]:
        return [value]

    def describe(self) -> str:
        return f"{self.steps[0]} … {self.steps[-1]}"


@dataclass(frozen=True)
class Choice(Labels):
    """One of ``options``; shown as a select box, or a segmented control (``widget="segmented"``)."""

    key: str
    default: str
    options: tuple[str, ...]
    _: KW_ONLY
    widget: str = "select"

    def parse(self, raw: Sequence[str]) -> str:
        if raw[-1] not in self.options:
            raise InvalidValue("reason.unknown_option")
        return raw[-1]

    def format(self, value: str) -> list[str]:
        return [value]

    def describe(self) -> str:
        return ", ".join(self.options)


@dataclass(frozen=True)
class Flag(Labels):
    """``true`` or ``false``; shown as a toggle."""

    key: str
    default: bool = False

    def parse(self, raw: Sequence[str]) -> bool:
        lowered = raw[-1].lower()
        if lowered not in ("true", "false"):
            raise InvalidValue("reason.not_a_flag")
        return lowered == "true"

    def format(self, value: bool) -> list[str]:
        return ["true" if value else "false"]

    def describe(self) -> str:
        return "true, false"


@dataclass(frozen=True)
class MultiChoice(Labels):
    """A repeated key: up to ``max_items`` different names out of ``options``."""

    key: str
    options: tuple[str, ...]
    max_items: int
    default: tuple[str, ...] = ()

    def parse(self, raw: Sequence[str]) -> tuple[str, ...]:
        chosen = tuple(dict.fromkeys(item for item in raw if item))
        known = tuple(item for item in chosen if item in self.options)[: self.max_items]
        if len(known) < len(chosen):
            unknown = any(item not in self.options for item in chosen)
            raise InvalidValue("reason.unknown_option" if unknown else "reason.too_many", known)
        return chosen

    def format(self, value: Sequence[str]) -> list[str]:
        return list(value)

    def describe(self) -> str:
        return ", ".join(self.options)


@dataclass(frozen=True)
class Text(Labels):
    """Free text of at most ``max_chars`` characters (what it holds is the page's to parse)."""

    key: str
    default: str
    max_chars: int
    _: KW_ONLY
    placeholder: str = ""

    def parse(self, raw: Sequence[str]) -> str:
        if len(raw[-1]) > self.max_chars:
            raise InvalidValue("reason.too_long")
        return raw[-1]

    def format(self, value: str) -> list[str]:
        return [value]

    def describe(self) -> str:
        return f"≤ {self.max_chars}"


class Field(Protocol):
    """What every field type offers: its URL key, default, parsing, formatting and a description of
    what is allowed (shown in messages and checked against the tables in docs/links.md).

    ``format`` is the exact inverse of ``parse``: for every valid value,
    ``parse(format(value)) == value``. It writes what a bound widget writes to the URL (a number in
    JavaScript's shortest spelling, ``6`` and ``1e-7``, a flag as ``true``), as raw query values: a
    list, repeated for a :class:`MultiChoice`."""

    key: str
    label: str
    help: str
    name: str

    @property
    def default(self) -> object: ...

    def parse(self, raw: Sequence[str]) -> object: ...

    def format(self, value: Any) -> list[str]: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class Problem:
    """``keys=raw`` could not be used because of ``reason``; ``fallback`` is used instead."""

    keys: tuple[str, ...]
    raw: str
    reason: str
    fallback: object
    allowed: str = ""

    @property
    def key(self) -> str:
        return ", ".join(self.keys)


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for echoing back to a user."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate(
    raw: Mapping[str, Sequence[str]], fields: Iterable[Field]
) -> tuple[dict[str, Any], list[Problem]]:
    """Valid values for ``fields`` from raw query values, and what had to be replaced.

    A key absent from ``raw`` takes its default silently; a present but unusable one takes its
    default and yields a :class:`Problem`. The values are each field's type (``Any`` here: a page's
    ``check`` puts them into its typed :class:`~activations.core.state.State`).
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for field in fields:
        given = [str(item) for item in raw.get(field.key, ())]
        if not given:
            values[field.key] = field.default
            continue
        joined = "&".join(given)
        try:
            if len(joined) > MAX_RAW_CHARS:
                raise InvalidValue("reason.too_long")
            values[field.key] = field.parse(given)
        except InvalidValue as error:
            used = field.default if error.usable is None else error.usable
            values[field.key] = used
            problems.append(
                Problem((field.key,), shorten(joined), error.reason, _fmt(used), field.describe())
            )
    return values, problems


def check_order(
    values: dict[str, Any], low_key: str, high_key: str, defaults: Mapping[str, object]
) -> Problem | None:
    """Enforce ``values[low_key] < values[high_key]``; on failure reset both to their defaults."""
    low, high = values[low_key], values[high_key]
    if low < high:
        return None
    values[low_key], values[high_key] = defaults[low_key], defaults[high_key]
    return Problem(
        (low_key, high_key),
        f"{_fmt(low)}, {_fmt(high)}",
        "reason.order",
        f"{_fmt(defaults[low_key])}, {_fmt(defaults[high_key])}",
        f"{low_key} < {high_key}",
    )


def parse_query(text: str) -> dict[str, list[str]]:
    """Raw query values from a full page URL (``http://host/speed?size=4096``) or a bare query
    string (``size=4096&dtype=float16``, a leading ``?`` allowed)."""
    text = text.strip()
    if "://" in text or text.startswith("/"):
        text = urlsplit(text).query
    return parse_qs(text.removeprefix("?"), keep_blank_values=True)


def defaults(fields: Iterable[Field]) -> dict[str, object]:
    """Each field's default, by key."""
    return {field.key: field.default for field in fields}


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(value) or "—"
    return str(value)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


def escape_markdown(text: str) -> str:
    """``text`` with every Markdown, LaTeX (``$``) and Streamlit directive (``:red[]``) character
    backslash-escaped, so user text shown in a message renders literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def as_raw(values: Mapping[str, object], fields: Iterable[Field]) -> dict[str, list[str]]:
    """Values by URL key from outside the link (a chart component's report, as JSON) as raw query
    values for a page's ``check``: each in its field's ``format``; a value of the wrong type, which
    its field can't format, as plain text, for the check to refuse. Keys ``values`` lacks are left out."""
    raw: dict[str, list[str]] = {}
    for field in fields:
        if field.key in values:
            value = values[field.key]
            try:
                raw[field.key] = field.format(value)
            except (TypeError, ValueError, ArithmeticError):
                raw[field.key] = [str(value)]
    return raw
