"""One call that keeps a page's URL-bound widgets valid: :func:`bind`.

Streamlit's ``bind="query-params"`` seeds widgets from the link and drops values it can't use,
silently. A page hands :func:`bind` its library ``check`` (raw query values -> its typed
:class:`~activations.core.state.State` and a list of :class:`~activations.core.fields.Problem`) and a
function that creates its widgets and returns each one's value by its field (whose ``format`` writes
the value as URL text for the check). The link is checked the first time the page runs in a
session, the widgets' values on every run. When
something had to be replaced (or the link spelled a value otherwise, ``lr=0.30``: a fix with no
problem to show), the valid values are stored and the script reruns once: on that rerun
they are written to ``st.session_state`` before the widgets exist, and then win over the link (on a
widget's very first run the link wins). The page shows the returned problems where it likes
(:func:`show_problems`).

Widgets set from code (presets, the fixes above) go through :func:`program`. Streamlit writes
such a value to the URL only on a run that the browser started and in which the widget already
existed before the value was set; a server-side ``st.rerun()`` does not do it. And a browser that
draws the widget late (a loaded machine) mounts it at its default and sends that back, as if the
user had chosen it. So :func:`bind` sets programmed values again on every run until the browser's
own URL, as its rerun request carries it, shows them (at most ``_MAX_RUNS`` runs), and while any are
pending a 0.3 s fragment timer (browser-started) asks for those runs: a copied link is never stale
for longer than that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import streamlit as st

from activations.core.fields import Field, Problem, escape_markdown
from activations.core.i18n import problem_message
from activations.core.state import State
from ui import logs
from ui.language import current_language

S = TypeVar("S", bound=State)
Check = Callable[[Mapping[str, Sequence[str]]], tuple[S, list[Problem]]]
_PROGRAMMED = "_binder_programmed"  # {"values": {...}, "runs": n}
_INLINE = "_binder_timer_inline"
# Streamlit writes a programmed value to the URL only on a browser-started run, and a browser that
# mounts a widget late sends its default back: this timer asks for such runs while values are pending.
_SYNC_EVERY_S = 0.3
_MAX_RUNS = 12  # a value the URL never takes (it can't spell it) stops being set after these


def bind(
    page: str, check: Check[S], controls: Callable[[], Mapping[Field, object]]
) -> tuple[S, list[Problem]]:
    """Create the page's widgets (``controls()`` returns each one's value by its field) and return
    the valid state and what had to be replaced, from the link or from the widgets."""
    shown = _apply_pending(page) + _program_again(check)
    link_values, link_problems = _link_fixes(page, check)
    # Before the widgets first exist: a value the link can't give its widget (Streamlit drops it) is
    # replaced here, so the first frame already shows the value used. Replacing it on a rerun instead
    # raced the browser: under load, its next rerun could carry the widget's old value back.
    _program(link_values, link_problems)
    widgets = controls()
    widget_values = {field.key: value for field, value in widgets.items()}
    if _PROGRAMMED in st.session_state:
        st.session_state[_INLINE] = True
        st.fragment(_sync_timer, run_every=_SYNC_EVERY_S)()
    state, problems = check(
        {field.key: field.format(value) for field, value in widgets.items() if value is not None}
    )
    values = state.values()
    problems = _unique(link_problems + problems)
    just_fixed = st.session_state.pop(_fixed_key(page), False)
    if problems or link_values:  # link values: replaced ones, or ones the link spelled otherwise
        corrected = {key: values[key] for key in widget_values if key in values} if problems else {}
        fixes = {**corrected, **link_values}
        fixes = {key: value for key, value in fixes.items() if widget_values.get(key) != value}
        if fixes and not just_fixed:  # rerun at most once in a row, and only when it changes something
            st.session_state[_pending_key(page)] = (fixes, problems)
            st.rerun()
    return state, _unique(shown + problems)


def program(values: Mapping[str, object]) -> None:
    """Set URL-bound widgets from code (a preset, a callback); the link follows."""
    _program(values, [])


def _program(values: Mapping[str, object], problems: list[Problem]) -> None:
    """Set the values now; :func:`_program_again` sets them on the next runs and keeps showing
    ``problems`` (the reasons for link fixes) until it is done."""
    if not values:
        return
    st.session_state.update(values)
    before = st.session_state.get(_PROGRAMMED) or {"values": {}, "problems": []}
    st.session_state[_PROGRAMMED] = {
        "values": {**before["values"], **values},
        "runs": 0,
        "problems": _unique([*before["problems"], *problems]),
    }


def show_problems(problems: Sequence[Problem]) -> None:
    """One warning per problem; user text is escaped, never rendered as Markdown or HTML."""
    for problem in problems:
        st.warning(escape_markdown(problem_message(problem, current_language())), icon=":material/warning:")


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
    _program(fixes, problems)
    st.session_state[_fixed_key(page)] = True
    return problems


def _sync_timer() -> None:
    """A fragment: nothing when the full run draws it, a full rerun when its timer fires (a run the
    browser started, which lets Streamlit write programmed values to the URL)."""
    if not st.session_state.pop(_INLINE, False):
        st.rerun()


def _program_again(check: Check[S]) -> list[Problem]:
    """Before the widgets exist: set programmed values again, each until the URL the browser sent
    with this run shows it (see the module's docstring); return the problems they fix."""
    sync = st.session_state.get(_PROGRAMMED)
    if not sync:
        return []
    url_values, url_fixes, _ = _url_fixes(check, _url())
    waiting = {
        key: value
        for key, value in sync["values"].items()
        if key in url_fixes or url_values.get(key) != value
    }
    sync["runs"] += 1
    if not waiting or sync["runs"] > _MAX_RUNS:
        del st.session_state[_PROGRAMMED]
    else:
        st.session_state.update(waiting)
        sync["values"] = waiting
    return sync["problems"]


def _link_fixes(page: str, check: Check[S]) -> tuple[dict[str, object], list[Problem]]:
    """What the link asked for that can't be used: the values to use instead, and why. A value the
    link spelled otherwise (``lr=0.30`` for the slider's ``0.3``) is a fix with no problem to show:
    the widget, which matches its URL value as text, gets the value and the link its spelling.

    Checked once per session and page: afterwards the widgets, not the link, hold the state. So a bad
    link is also logged once here (one ``link_rejected`` line, ui/logs.py), not on every rerun.
    """
    seen = f"_link_checked_{page}"
    if st.session_state.get(seen):
        return {}, []
    st.session_state[seen] = True
    values, fixes, problems = _url_fixes(check, _url())
    logs.link_rejected(page, problems)
    return {key: values[key] for key in fixes}, problems


def _url() -> dict[str, list[str]]:
    """The query of this run's URL: the browser's, as its rerun request carried it."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _url_fixes(
    check: Check[S], raw: Mapping[str, Sequence[str]]
) -> tuple[dict[str, object], set[str], list[Problem]]:
    """``check(raw)``'s values by URL key and problems, and the keys whose widget can't show the
    URL's value as the URL spells it: a problem's keys, and values spelled otherwise (``lr=0.30``
    for ``0.3``)."""
    state, problems = check(raw)
    values = state.values()
    fixes = {key for problem in problems for key in problem.keys if key in values}
    for key, given in raw.items():
        value = values.get(key)
        if isinstance(value, str) and given and given[-1] != value:
            fixes.add(key)  # normalised: the same value, written the way the widget writes it
    return values, fixes, problems


def _unique(problems: Sequence[Problem]) -> list[Problem]:
    return list({(p.keys, p.reason): p for p in problems}.values())
