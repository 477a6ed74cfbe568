"""A link's fields as rules a chart component reads: plain JSON, so no rule is typed again in JavaScript.

:func:`rule` gives a field's URL key, its default, its kind and what bounds it: a number's ``low``,
``high``, ``step``, ``decimals``, the slider's ``grid`` (``low + i * step`` rounded to ``decimals``,
each a step the link accepts) and the ``pattern`` its text must match (:data:`NUMBER_PATTERN`, the
same regular expression in Python and JavaScript: ASCII digits only); a whole number's bounds; a
stepped slider's ``steps``; a choice's ``options``; a multiple choice's ``options`` and
``max_items``; a text's ``max_chars``.
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


def rule(field: Field) -> dict[str, object]:
    """See the module's documentation."""
    base: dict[str, object] = {"key": field.key}
    if isinstance(field, Number):
        bounds = {"low": field.low, "high": field.high, "step": field.step, "decimals": field.decimals}
        return {**base, "kind": "number", "default": field.default, **bounds, "grid": grid(field),
                "pattern": NUMBER_PATTERN.pattern}  # fmt: skip
    if isinstance(field, Whole):
        return {**base, "kind": "whole", "default": field.default, "low": field.low, "high": field.high,
                "step": field.step, "pattern": NUMBER_PATTERN.pattern}  # fmt: skip
    if isinstance(field, Steps):
        return {**base, "kind": "steps", "default": field.default, "steps": list(field.steps)}
    if isinstance(field, Choice):
        return {**base, "kind": "choice", "default": field.default, "options": list(field.options)}
    if isinstance(field, Flag):
        return {**base, "kind": "flag", "default": field.default}
    if isinstance(field, MultiChoice):
        return {**base, "kind": "multi", "default": list(field.default), "options": list(field.options),
                "max_items": field.max_items}  # fmt: skip
    if isinstance(field, Text):
        return {**base, "kind": "text", "default": field.default, "max_chars": field.max_chars}
    raise TypeError(f"no rule for {type(field).__name__}")


def rules(fields: Iterable[Field]) -> dict[str, dict[str, object]]:
    """:func:`rule` of each field, by URL key."""
    return {field.key: rule(field) for field in fields}
