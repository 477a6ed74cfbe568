"""One call that keeps a page's URL-bound widgets valid: :func:`bind`.

Streamlit's ``bind="query-params"`` seeds widgets from the link and drops values it can't use,
silently. A page hands :func:`bind` its library ``check`` (raw query values -> valid values and a
list of :class:`~activations.core.fields.Problem`) and a function that creates its widgets. The
link is checked the first time the page runs in a session, the widgets' values on every run. When
something had to be replaced, the valid values are stored and the script reruns once: on that rerun
they are written to ``st.session_state`` before the widgets exist, and then win over the link (on a
widget's very first run the link wins). The page shows the returned problems where it likes
(:func:`show_problems`).

Widgets set from code (presets) go through :func:`program`: Streamlit writes such a value to the URL
only on a run where the widget already existed before the value was set, so :func:`bind` sets the
values once more on one immediate rerun, and a copied link is never stale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from activations.core.fields import Problem, escape_markdown
from ui.language import tr

Check = Callable[[Mapping[str, Sequence[str]]], tuple[dict[str, object], list[Problem]]]
_PROGRAMMED = "_binder_programmed"
_PROGRAM_AGAIN = "_binder_program_again"


def bind(
    page: str, check: Check, controls: Callable[[], Mapping[str, object]]
) -> tuple[dict[str, object], list[Problem]]:
    """Create the page's widgets (``controls()`` returns their values by URL key) and return the
    valid values and what had to be replaced, from the link or from the widgets."""
    shown = _apply_pending(page)
    _program_again()
    link_values, link_problems = _link_fixes(page, check)
    widget_values = dict(controls())
    if _PROGRAMMED in st.session_state:
        st.session_state[_PROGRAM_AGAIN] = st.session_state.pop(_PROGRAMMED)
        st.rerun()
    values, problems = check(_as_raw(widget_values))
    problems = _unique(link_problems + problems)
    just_fixed = st.session_state.pop(_fixed_key(page), False)
    if problems:
        fixes = {**{key: values[key] for key in widget_values if key in values}, **link_values}
        fixes = {key: value for key, value in fixes.items() if widget_values.get(key) != value}
        if fixes and not just_fixed:  # rerun at most once in a row, and only when it changes something
            st.session_state[_pending_key(page)] = (fixes, problems)
            st.rerun()
    return values, _unique(shown + problems)


def program(values: Mapping[str, object]) -> None:
    """Set URL-bound widgets from code (a preset, a callback); the link follows."""
    st.session_state.update(values)
    st.session_state[_PROGRAMMED] = dict(values)


def show_problems(problems: Sequence[Problem]) -> None:
    """One warning per problem; user text is escaped, never rendered as Markdown or HTML."""
    for problem in problems:
        message = tr(
            "link.problem",
            key=problem.key,
            raw=problem.raw,
            reason=tr(problem.reason),
            allowed=problem.allowed,
            fallback=problem.fallback,
        )
        st.warning(escape_markdown(message), icon=":material/warning:")


def _pending_key(page: str) -> str:
    return f"_link_fixes_{page}"


def _fixed_key(page: str) -> str:
    return f"_link_just_fixed_{page}"


def _apply_pending(page: str) -> list[Problem]:
    """Before the widgets exist: write stored fixes into session state; return their problems."""
    pending = st.session_state.pop(_pending_key(page), None)
    if pending is None:
        return []
    fixes, problems = pending
    for key, value in fixes.items():
        st.session_state[key] = value
    st.session_state[_fixed_key(page)] = True
    return problems


def _program_again() -> None:
    """Before the widgets exist: set programmed values once more, unless the user changed them."""
    for key, value in st.session_state.pop(_PROGRAM_AGAIN, {}).items():
        if st.session_state.get(key, value) == value:
            st.session_state[key] = value


def _link_fixes(page: str, check: Check) -> tuple[dict[str, object], list[Problem]]:
    """What the link asked for that can't be used: the values to use instead, and why.

    Checked once per session and page: afterwards the widgets, not the link, hold the state.
    """
    seen = f"_link_checked_{page}"
    if st.session_state.get(seen):
        return {}, []
    st.session_state[seen] = True
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    values, problems = check(raw)
    return {key: values[key] for problem in problems for key in problem.keys if key in values}, problems


def _as_raw(values: Mapping[str, object]) -> dict[str, list[str]]:
    raw: dict[str, list[str]] = {}
    for key, value in values.items():
        if isinstance(value, (list, tuple)):
            raw[key] = [str(item) for item in value]
        elif value is not None:
            raw[key] = [repr(value) if isinstance(value, float) else str(value)]
    return raw


def _unique(problems: Sequence[Problem]) -> list[Problem]:
    return list({(p.keys, p.reason): p for p in problems}.values())
