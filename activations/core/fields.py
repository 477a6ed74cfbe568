"""Validation of page state that arrives as text: URL query parameters and typed input.

Every field is bounded: a number has a range, a choice a closed list, a text a maximum length, a
repeated key a maximum count. :func:`validate` turns raw query values into valid ones and a list of
:class:`Problem` (what was wrong and which value is used instead), so a crafted link can neither
raise nor make the server do unbounded work. Numbers are parsed strictly: plain ASCII decimals only,
so ``nan``, ``inf``, ``1_000``, ``0x10`` and non-ASCII digits such as ``٣`` are rejected, where
Python's ``float`` would take some of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_RAW_CHARS = 4000
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?", re.ASCII)


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
    if len(text) > 64 or not _NUMBER.fullmatch(text):
        raise InvalidValue("reason.not_a_number")
    value = float(text)
    if not math.isfinite(value):
        raise InvalidValue("reason.not_finite")
    return value


@dataclass(frozen=True)
class Number:
    key: str
    default: float
    low: float
    high: float
    integer: bool = False

    def parse(self, raw: Sequence[str]) -> float | int:
        value = parse_number(raw[-1])
        if self.integer and value != int(value):
            raise InvalidValue("reason.not_an_integer")
        if not self.low <= value <= self.high:
            raise InvalidValue("reason.out_of_range")
        return int(value) if self.integer else value

    def describe(self) -> str:
        return f"{_fmt(self.low)} … {_fmt(self.high)}"


@dataclass(frozen=True)
class Choice:
    key: str
    default: str
    options: tuple[str, ...]

    def parse(self, raw: Sequence[str]) -> str:
        if raw[-1] not in self.options:
            raise InvalidValue("reason.unknown_option")
        return raw[-1]

    def describe(self) -> str:
        return ", ".join(self.options)


@dataclass(frozen=True)
class Flag:
    key: str
    default: bool = False

    def parse(self, raw: Sequence[str]) -> bool:
        lowered = raw[-1].lower()
        if lowered not in ("true", "false"):
            raise InvalidValue("reason.not_a_flag")
        return lowered == "true"

    def describe(self) -> str:
        return "true, false"


@dataclass(frozen=True)
class MultiChoice:
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

    def describe(self) -> str:
        return ", ".join(self.options)


@dataclass(frozen=True)
class Text:
    key: str
    default: str
    max_chars: int

    def parse(self, raw: Sequence[str]) -> str:
        if len(raw[-1]) > self.max_chars:
            raise InvalidValue("reason.too_long")
        return raw[-1]

    def describe(self) -> str:
        return f"≤ {self.max_chars}"


Field = Number | Choice | Flag | MultiChoice | Text


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
) -> tuple[dict[str, object], list[Problem]]:
    """Valid values for ``fields`` from raw query values, and what had to be replaced.

    A key absent from ``raw`` takes its default silently; a present but unusable one takes its
    default and yields a :class:`Problem`.
    """
    values: dict[str, object] = {}
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
    values: dict[str, object], low_key: str, high_key: str, defaults: Mapping[str, object]
) -> Problem | None:
    """Enforce ``values[low_key] < values[high_key]``; on failure reset both to their defaults."""
    low, high = values[low_key], values[high_key]
    if low < high:  # type: ignore[operator]
        return None
    values[low_key], values[high_key] = defaults[low_key], defaults[high_key]
    return Problem(
        (low_key, high_key),
        f"{_fmt(low)}, {_fmt(high)}",
        "reason.order",
        f"{_fmt(defaults[low_key])}, {_fmt(defaults[high_key])}",
        f"{low_key} < {high_key}",
    )


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
