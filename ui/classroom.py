"""Classroom links on the page: controls a link hides (``hide``, ``only``) and presentation mode.

:func:`setup` (called by ``ui.frame.page_frame``) reads the link's ``hide``, ``only`` and
``present`` for this page (:mod:`activations.core.classroom`), keeps the result for the session's
later runs (fragments included) and returns what had to be left out, for ``show_problems``.

* A field's widget hides itself: ``ui.fields.widget`` asks :func:`hidden` and, when it is, creates
  the widget inside a keyed container that CSS hides. The widget still exists, so it keeps the
  link's value and stays bound to the URL.
* Controls that are not fields (buttons, pills, views) ask :func:`visible` with their own key
  (or a named group)::

      if visible("run"):
          st.button(..., key="run")

  A control that holds state the page needs (a bound widget, a selector whose value matters) is
  created either way, inside :func:`container` (hidden by CSS when it must be hidden).
* :func:`container` is also how to hide a whole section (an expander of a group's widgets):
  ``with container("born_dead"): ...`` keeps the widgets and hides the section when no member of
  the group is shown.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import streamlit as st

from activations.core import classroom as library
from activations.core.fields import Problem
from activations.core.registry import NAMES, get
from activations.depth import link as depth_link
from activations.explorer import link as explorer_link
from activations.softmax import link as softmax_link
from activations.speed import link as speed_link
from activations.training import link as training_link

_STATE = "_classroom"
HIDDEN_PREFIX = "classroom_hidden_"

# Hidden containers, the sidebar and the top navigation when a link hides them; larger text.
_HIDE_CONTAINERS = (
    f'<style>[class*="st-key-{HIDDEN_PREFIX}"], '
    f'[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{HIDDEN_PREFIX}"]) '
    "{ display: none !important; }</style>"
)
_HIDE_REGION = {
    "sidebar": '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], '
    '[data-testid="stExpandSidebarButton"] { display: none !important; }',
    "nav": '[data-testid="stTopNav"] { display: none !important; }',
}
_PRESENT = (
    "html { font-size: 20px; } "
    ".stMainBlockContainer { max-width: 100%; } "
    '.stMainBlockContainer [data-testid="stMarkdownContainer"] p, '
    '.stMainBlockContainer [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }'
)


@cache
def page_keys(page: str) -> frozenset[str]:
    """Every URL key ``page``'s link contract declares, for any activation and mode."""
    if page == "activations":
        return frozenset(f.key for name in NAMES for f in explorer_link.fields(get(name)))
    if page == "softmax":
        return frozenset(f.key for f in softmax_link.FIELDS)
    if page == "training":
        return frozenset(f.key for name in NAMES for f in training_link.fields(name, True, name))
    if page == "speed":
        return frozenset(speed_link.KEYS)
    if page == "depth":
        return frozenset(f.key for name in NAMES for f in depth_link.fields((name,) * 3))
    return frozenset()


_GROUPS = {
    "activations": explorer_link.GROUPS,
    "softmax": softmax_link.GROUPS,
    "training": training_link.GROUPS,
    "speed": speed_link.GROUPS,
    "depth": depth_link.GROUPS,
}


@cache
def page_layout(page: str) -> library.Layout:
    """What ``page``'s classroom keys may name: its URL keys and the groups its ``link.py`` declares."""
    return library.layout(page, page_keys(page), _GROUPS.get(page, {}))


def setup(page: str) -> tuple[library.Classroom, list[Problem]]:
    """Read this run's link for ``page``; problems come once per session and page."""
    raw = {key: st.query_params.get_all(key) for key in library.KEYS if key in st.query_params}
    classroom, problems = library.check(raw, page_layout(page))
    st.session_state[_STATE] = classroom
    seen = f"_classroom_checked_{page}"
    if st.session_state.get(seen):
        return classroom, []
    st.session_state[seen] = True
    return classroom, problems


def current() -> library.Classroom | None:
    """The classroom settings of this session's current page (None before any frame ran)."""
    return st.session_state.get(_STATE)


def visible(name: str) -> bool:
    """Whether the link shows the control or group ``name`` (see the module's documentation)."""
    classroom = current()
    return classroom is None or classroom.visible(name)


def hidden(name: str) -> bool:
    return not visible(name)


def container(name: str, where: Any = st) -> Any:
    """A container in ``where`` for the control or group ``name``: hidden by CSS when the link
    hides it (what is inside still exists), a plain container otherwise."""
    if visible(name):
        return where.container()
    return where.container(key=f"{HIDDEN_PREFIX}{name}")


def style(classroom: library.Classroom) -> str:
    """The CSS this link needs: hidden containers and regions, presentation mode."""
    if not classroom.active:
        return ""
    rules = [_HIDE_REGION[region] for region in library.REGIONS if not classroom.visible(region)]
    if classroom.present:
        rules.append(_PRESENT)
    extra = f"<style>{' '.join(rules)}</style>" if rules else ""
    return _HIDE_CONTAINERS + extra
