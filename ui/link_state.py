"""Keep a page's URL-bound widgets valid and say, in plain text, what was replaced.

Streamlit's ``bind="query-params"`` seeds widgets from the link and drops values it can't use,
silently. A page hands this module its library ``check`` (raw query values -> valid values and a
list of :class:`~activations.core.fields.Problem`), run on the link the first time the page runs in a
session and on the widgets' values every run. When something had to be replaced, the valid values
are stored and the script reruns once: on that rerun they are written to ``st.session_state``
before the widgets exist, and then win over the link (on a widget's very first run the link wins).

A page reads::

    shown = apply_pending(PAGE)                     # before any widget
    link = link_fixes(PAGE, check)
    values = enforce(PAGE, check, controls(), link)  # controls() creates the widgets
    show_problems(shown)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from activations.core.fields import Problem, escape_markdown
from ui.frame import tr

Check = Callable[[Mapping[str, Sequence[str]]], tuple[dict[str, object], list[Problem]]]
LinkFixes = tuple[dict[str, object], list[Problem]]


def _pending_key(page: str) -> str:
    return f"_link_fixes_{page}"


def _fixed_key(page: str) -> str:
    return f"_link_just_fixed_{page}"


def apply_pending(page: str) -> list[Problem]:
    """Call before creating widgets: write stored fixes into session state; return their problems."""
    pending = st.session_state.pop(_pending_key(page), None)
    if pending is None:
        return []
    fixes, problems = pending
    for key, value in fixes.items():
        st.session_state[key] = value
    st.session_state[_fixed_key(page)] = True
    return problems


def _as_raw(values: Mapping[str, object]) -> dict[str, list[str]]:
    raw: dict[str, list[str]] = {}
    for key, value in values.items():
        if isinstance(value, (list, tuple)):
            raw[key] = [str(item) for item in value]
        elif value is not None:
            raw[key] = [repr(value) if isinstance(value, float) else str(value)]
    return raw


def link_fixes(page: str, check: Check) -> LinkFixes:
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


def enforce(
    page: str, check: Check, widget_values: Mapping[str, object], link: LinkFixes
) -> dict[str, object]:
    """Valid values for the page; reruns once with fixes when widgets or link held bad values.

    Streamlit drops most bad link values by itself, but takes some that Python's ``float`` reads
    (``٣``, ``1_0``) and can't see rules between keys (``xmin < xmax``): the fixes cover both.
    """
    link_values, link_problems = link
    values, problems = check(_as_raw(widget_values))
    problems = list({(p.keys, p.reason): p for p in link_problems + problems}.values())
    just_fixed = st.session_state.pop(_fixed_key(page), False)
    if problems:
        fixes = {**{key: values[key] for key in widget_values if key in values}, **link_values}
        fixes = {key: value for key, value in fixes.items() if widget_values.get(key) != value}
        if fixes and not just_fixed:  # rerun at most once in a row, and only when it changes something
            st.session_state[_pending_key(page)] = (fixes, problems)
            st.rerun()
        show_problems(problems)
    return values


def show_problems(problems: list[Problem]) -> None:
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
