"""The URL-bound widget of a field, generated from its one declaration in the library.

Every widget's key is its URL key and it is bound with ``bind="query-params"``; default, bounds,
step, label and help come from the field. Two traps of bound widgets are handled here, once:

* keys are shared by activations with different ranges (Softplus's ``threshold`` is 1 … 50,
  Threshold's -5 … 5), and Streamlit raises on an out-of-range value, so a number left over from
  another activation is reset to this field's default before the widget exists;
* an integer ``st.number_input`` raises ``OverflowError`` on ``?key=inf``, so whole numbers use a
  float box shown without decimals, and come back as ``int``.

A classroom link (``hide``, ``only``: ui/classroom.py) may hide a field: its widget is then created
inside a container that CSS hides, so it still exists and keeps the link's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st

from activations.core.devices import Device
from activations.core.fields import Choice, Field, Flag, MultiChoice, Number, Steps, Text, Whole
from ui import classroom
from ui.language import tr


def widget(field: Field, where: Any = st, /, **options: Any) -> Any:
    """Create ``field``'s bound widget in ``where`` (``st``, the sidebar, a column) and return its
    value. ``options`` go to the Streamlit call as they are (``on_change``, ``disabled``, ...); for
    a choice, ``options=`` narrows the field's options (the overlays leave out the shown activation)."""
    kwargs: dict[str, Any] = {
        "key": field.key,
        "bind": "query-params",
        "help": tr(field.help) if field.help else None,
        **options,
    }
    label = tr(field.label) if field.label else (field.name or field.key)
    maker = next(_MAKERS[kind] for kind in type(field).__mro__ if kind in _MAKERS)  # a subclass: its base's
    if classroom.hidden(field.key):  # a classroom link hides it: it still exists, inside a hidden container
        where = classroom.container(field.key, where)
    return maker(field, where, label, kwargs)


def reset(keys: Iterable[str]) -> None:
    """Forget the widgets of ``keys``: each starts again from its field's default when next created.

    For ``on_change`` callbacks: a newly chosen activation starts from PyTorch's defaults (parameter
    keys are shared by activations).
    """
    for key in keys:
        st.session_state.pop(key, None)


def _number(field: Number, where: Any, label: str, kwargs: dict) -> float:
    value = st.session_state.get(field.key)
    if value is not None and not (isinstance(value, float) and field.low <= value <= field.high):
        st.session_state[field.key] = float(field.default)
    make = where.slider if field.widget == "slider" else where.number_input
    return make(
        label, float(field.low), float(field.high), float(field.default), float(field.step),
        format=f"%.{field.decimals}f", **kwargs,
    )  # fmt: skip


def _whole(field: Whole, where: Any, label: str, kwargs: dict) -> int | float:
    value = where.number_input(
        label, float(field.low), float(field.high), float(field.default), float(field.step),
        format="%.0f", **kwargs,
    )  # fmt: skip
    return int(value) if float(value).is_integer() else value


def _steps(field: Steps, where: Any, label: str, kwargs: dict) -> str:
    return where.select_slider(label, field.steps, value=field.default, **kwargs)


def _choice(field: Choice | Device, where: Any, label: str, kwargs: dict) -> str:
    options = kwargs.pop("options", field.options)
    if isinstance(field, Choice) and field.widget == "select":
        return where.selectbox(label, options, index=options.index(field.default), **kwargs)
    return where.segmented_control(label, options, default=field.default, required=True, **kwargs)


def _flag(field: Flag, where: Any, label: str, kwargs: dict) -> bool:
    return where.toggle(label, value=field.default, **kwargs)


def _multi(field: MultiChoice, where: Any, label: str, kwargs: dict) -> list[str]:
    kwargs.setdefault("placeholder", tr("widget.choose"))
    options = kwargs.pop("options", field.options)
    return where.multiselect(label, options, default=list(field.default), **kwargs)


def _text(field: Text, where: Any, label: str, kwargs: dict) -> str:
    if field.placeholder:
        kwargs.setdefault("placeholder", tr(field.placeholder))
    return where.text_input(label, field.default, max_chars=field.max_chars, **kwargs)


_MAKERS: dict[type, Callable[..., Any]] = {
    Number: _number,
    Whole: _whole,
    Steps: _steps,
    Choice: _choice,
    Device: _choice,
    Flag: _flag,
    MultiChoice: _multi,
    Text: _text,
}
