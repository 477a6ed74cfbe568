"""A page's checked state: a frozen dataclass whose attributes are its link's values, typed.

Each feature's link contract (``<feature>/link.py``) declares one, and its ``check`` returns it.
Its dataclass fields are the URL keys: an attribute holds the value of the key of its name; a
nested :class:`State` holds a group of keys under its field's ``metadata["prefix"]`` (the Training
lab's run B: ``b_lr``); a mapping holds keys that depend on another value (an activation's
parameters), by URL key. An attribute that is None holds no key (a key this state's link lacks).

From those fields alone come :meth:`State.values` (the values by URL key, for the widgets bound to
them), :meth:`State.raw` and :meth:`State.query` (the values back as URL text, each in its
field's ``format``, the exact inverse of the parse that ``check`` used).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from activations.core.fields import Field

QUERY_SAFE = ","  # left as it is in a shared query string: ``hidden=8,8``


@dataclasses.dataclass(frozen=True)
class State:
    """The base of every page's state; see the module's documentation."""

    def fields(self) -> tuple[Field, ...]:
        """The fields of this state's link (they may depend on its values: an activation's
        parameters). A nested state (a group of keys) leaves this to the state holding it."""
        raise NotImplementedError(type(self).__name__)

    def values(self) -> dict[str, Any]:
        """The values by URL key, from this state's dataclass fields (see the module's documentation)."""
        result: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, State):
                prefix = item.metadata.get("prefix", "")
                result.update({prefix + key: inner for key, inner in value.values().items()})
            elif isinstance(value, Mapping):
                result.update(value)
            elif value is not None:
                result[item.name] = value
        return result

    def raw(self) -> dict[str, list[str]]:
        """Every key's value as raw query values, as ``check`` reads them: ``check(state.raw())``
        gives this state back."""
        values = self.values()
        return {field.key: field.format(values[field.key]) for field in self.fields() if field.key in values}

    def query(self) -> str:
        """The shareable query string: the keys that differ from their default, in the order of
        :meth:`fields`, percent-encoded except for commas (``hidden=8,8&lr=0.003``)."""
        values = self.values()
        return "&".join(
            f"{field.key}={quote(text, safe=QUERY_SAFE)}"
            for field in self.fields()
            if field.key in values and values[field.key] != field.default
            for text in field.format(values[field.key])
        )
