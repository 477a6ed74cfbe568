"""Keep a page's URL-bound widgets valid and say, in plain text, what was replaced.

Streamlit's ``bind="query-params"`` seeds widgets from the link and drops values it can't use,
silently. A page hands :func:`enforce` its library ``check`` (raw query values -> valid values and
:class:`~activations.query.Problem` list). :func:`enforce` runs it on the link the first time a page
runs in a session and on the widgets' values every run. When something had to be replaced, it
stores the valid values and reruns once: before the widgets exist on that rerun they are written to
``st.session_state``, which then wins over the link (it can't on a widget's very first run).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from activations.query import Problem, escape_markdown
from ui.frame import tr

Check = Callable[[Mapping[str, Sequence[str]]], tuple[dict[str, object], list[Problem]]]


def _pending_key(page: str) -> str:
    return f"_link_fixes_{page}"


def apply_pending(page: str) -> list[Problem]:
    """Call before creating widgets: write stored fixes into session state; return their problems."""
    pending = st.session_state.pop(_pending_key(page), None)
    if pending is None:
        return []
    fixes, problems = pending
    for key, value in fixes.items():
        st.session_state[key] = value
    return problems


def _as_raw(values: Mapping[str, object]) -> dict[str, list[str]]:
    raw: dict[str, list[str]] = {}
    for key, value in values.items():
        if isinstance(value, (list, tuple)):
            raw[key] = [str(item) for item in value]
        elif value is not None:
            raw[key] = [repr(value) if isinstance(value, float) else str(value)]
    return raw


def link_problems(page: str, check: Check) -> list[Problem]:
    """Problems with the link itself, reported once per session and page."""
    seen = f"_link_checked_{page}"
    if st.session_state.get(seen):
        return []
    st.session_state[seen] = True
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    return check(raw)[1]


def enforce(
    page: str, check: Check, widget_values: Mapping[str, object], link: list[Problem]
) -> dict[str, object]:
    """Valid values for the page; reruns once with fixes when widgets or link held bad values."""
    values, problems = check(_as_raw(widget_values))
    problems = list({(p.key, p.reason): p for p in link + problems}.values())
    if problems:
        fixes = {
            key: value
            for key, value in values.items()
            if key in widget_values and widget_values[key] != value
        }
        st.session_state[_pending_key(page)] = (fixes, problems)
        st.rerun()
    return values


def show_problems(problems: list[Problem]) -> None:
    """One plain-text warning per problem (user text is never rendered as Markdown or HTML)."""
    for problem in problems:
        message = tr(
            "link.problem",
            key=problem.key,
            raw=problem.raw,
            reason=tr(problem.reason),
            allowed=problem.allowed,
            fallback=problem.fallback,
        )
        st.warning(escape_markdown(message), icon="⚠️")
