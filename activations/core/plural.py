"""Singular and plural forms for strings that count things: "1 run", "2 runs".

English has two forms: ``one`` for exactly 1, ``other`` for everything else (0, 2, 1.5, -1).
Korean counts without plural forms ("실행 1회", "실행 2회"), so its catalog text needs nothing.

Two ways to use it:

* :func:`plural` / :func:`counted` in code: ``counted(3, "run")`` is ``"3 runs"``;
* a format spec in a catalog string, ``"{count} {count:run|runs}"``, written by :func:`format_counted`
  (or :data:`FORMATTER`), which reads ``one|other`` after the colon and picks the form for the
  value. A value may be a number or a number already written for people (``"1,048,576"``).
  ``str.format`` itself does not know this spec; ``i18n.t`` formats with :data:`FORMATTER` the
  catalog strings that use it.
"""

from __future__ import annotations

import string


def is_one(count: object) -> bool:
    """Whether ``count`` (a number, or a number written with thousands separators) is exactly 1."""
    if isinstance(count, bool):
        return False
    if isinstance(count, (int, float)):
        return count == 1
    text = str(count).strip().replace(",", "")
    try:
        return float(text) == 1
    except ValueError:
        return False


def plural(count: object, one: str, other: str | None = None) -> str:
    """The English form of a noun for ``count``: ``one`` for exactly 1, else ``other`` (default:
    ``one`` + ``s``)."""
    return one if is_one(count) else (other if other is not None else f"{one}s")


def counted(count: int | float, one: str, other: str | None = None) -> str:
    """``count`` with thousands separators and the right form: ``"1 run"``, ``"1,024 elements"``."""
    number = f"{count:,}" if isinstance(count, int) else f"{count:g}"
    return f"{number} {plural(count, one, other)}"


class PluralFormatter(string.Formatter):
    """``str.format`` plus a ``one|other`` spec: ``"{n} {n:unit|units}"``."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return plural(value, one, other)
        return super().format_field(value, format_spec)


FORMATTER = PluralFormatter()


def format_counted(text: str, /, **values: object) -> str:
    """``text.format(**values)`` where ``{name:one|other}`` picks the form for ``values[name]``."""
    return FORMATTER.format(text, **values)
