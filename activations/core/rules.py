"""A link's fields as rules a chart component reads: plain JSON, so no rule is typed again in JavaScript.

:func:`written` gives what a component needs to write a field to the URL exactly as the field's
``format`` does: its URL key, its ``kind`` and its default (left out of the link). :func:`rule`
adds what bounds the value: a number's ``low``, ``high``, ``step``, ``decimals``, the slider's
``grid`` (``low + i * step`` rounded to ``decimals``, each a step the link accepts) and the
``pattern`` its text must match (:data:`NUMBER_PATTERN`, the same regular expression in Python and
JavaScript: ASCII digits only); a whole number's bounds; a stepped slider's ``steps``; a choice's
``options``; a multiple choice's ``options`` and ``max_items``; a text's ``max_chars``.
"""

from __future__ import annotations

from collections.abc import Iterable

from activations.core.fields import (
    NUMBER_PATTERN,
    Choice,
    Field,
    Flag,
    MultiChoice,
    Number,
    Steps,
    Text,
    Whole,
)


def grid(field: Number) -> list[float]:
    """The slider's values: ``low + i * step`` for i = 0 … (high - low) / step, to ``decimals``."""
    count = round((field.high - field.low) / field.step) + 1
    return [round(field.low + i * field.step, field.decimals) for i in range(count)]


_KINDS: tuple[tuple[type, str], ...] = (
    (Number, "number"), (Whole, "whole"), (Steps, "steps"), (Choice, "choice"), (Flag, "flag"),
    (MultiChoice, "multi"), (Text, "text"),
)  # fmt: skip


def written(field: Field) -> dict[str, object]:
    """The field's ``key``, ``kind`` and ``default``: how a component writes its value to the URL,
    exactly as ``field.format`` does (a number as JavaScript's ``String``, a flag ``true``/``false``,
    a multiple choice as one repeated key per item, any other value as is), left out at the default."""
    kind = next((name for cls, name in _KINDS if isinstance(field, cls)), None)
    if kind is None:
        raise TypeError(f"no rule for {type(field).__name__}")
    default = list(field.default) if isinstance(field, MultiChoice) else field.default
    return {"key": field.key, "kind": kind, "default": default}


def rule(field: Field) -> dict[str, object]:
    """See the module's documentation."""
    base = written(field)
    if isinstance(field, Number):
        return {**base, "low": field.low, "high": field.high, "step": field.step, "decimals": field.decimals,
                "grid": grid(field), "pattern": NUMBER_PATTERN.pattern}  # fmt: skip
    if isinstance(field, Whole):
        return {**base, "low": field.low, "high": field.high, "step": field.step,
                "pattern": NUMBER_PATTERN.pattern}  # fmt: skip
    if isinstance(field, Steps):
        return {**base, "steps": list(field.steps)}
    if isinstance(field, Choice):
        return {**base, "options": list(field.options)}
    if isinstance(field, MultiChoice):
        return {**base, "options": list(field.options), "max_items": field.max_items}
    if isinstance(field, Text):
        return {**base, "max_chars": field.max_chars}
    return base


def rules(fields: Iterable[Field]) -> dict[str, dict[str, object]]:
    """:func:`rule` of each field, by URL key."""
    return {field.key: rule(field) for field in fields}
