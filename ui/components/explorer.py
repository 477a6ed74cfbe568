"""The Activations chart component: its files, registered once, and the page state it shows.

The component (explorer.js) owns the chooser, the parameter sliders, the window, the probe and the
overlays, and draws from torch-computed blocks (activations/explorer/chart.py). It reports
``{"report": {"view": {...}, "n": count, "resend": bool, "link"?: query}}``: the page state it shows
by URL key, a count that grows with every report of the page, whether blocks it was sent went
missing, and after Back or Forward the link the browser now shows, which the page reads like a new
visit's.

Who decides the view, in order: the link, on a full run whose link differs from the last one seen
(a first visit, Back or Forward, the language switch); then the chart's newest report. Either is
checked with the page's ``check``; a view the page had to correct (or took from a link) is sent
back with a new sequence number, which the chart applies. The chart's own changes are not echoed.
Controls a classroom link hides (ui/classroom.py) are hidden inside the chart.

A new session's first run asks the chart to say when it has drawn (``ask_drawn``); it answers
``{"drawn": <a number>}`` after that frame, and the page fills what lies below the chart
(:func:`drawn`) only then. So a new visitor's browser loads and draws the chart before the heavier
code of the tabs (KaTeX, the syntax highlighter: ~1.8 MB of JavaScript) competes with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from urllib.parse import parse_qs

import streamlit as st

from activations.core.fields import Problem
from activations.explorer import chart, link
from activations.explorer.link import ExplorerState
from ui import classroom, logs
from ui.components import sources

KEY = "explorer"
# Session keys: the view shown, its problems, the imposed view's number, the newest report seen, the
# last link seen, the ids of the blocks sent (the newest SENT_LIMIT, oldest first).
_VIEW, _PROBLEMS, _SEQ, _SEEN, _LINK, _SENT = (
    f"_explorer_{name}" for name in ("view", "problems", "seq", "seen", "link", "sent")
)

# The chart keeps the last chart.STORE_LIMIT blocks that arrived and forgets the oldest: the ids
# remembered here mirror that store, so a session's memory stays bounded and a block the chart has
# forgotten is sent again when a view needs it (rather than the chart asking for every block again).
SENT_LIMIT = chart.STORE_LIMIT

Check = Callable[[Mapping[str, Sequence[str]]], tuple[ExplorerState, list[Problem]]]

_mount = st.components.v2.component("activation_explorer_chart", **sources("explorer"))


def _impose(values: ExplorerState, problems: list[Problem]) -> None:
    st.session_state[_VIEW] = values
    st.session_state[_PROBLEMS] = problems
    st.session_state[_SEQ] = st.session_state.get(_SEQ, 0) + 1


def follow_link(check: Check) -> None:
    """On a full run: a link not seen before (new visit, Back, language switch) sets the view."""
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    values, problems = check(raw)
    if values != st.session_state.get(_LINK):
        st.session_state[_LINK] = values
        logs.link_rejected("activations", problems)
        _impose(values, problems)


def _report() -> dict:
    state = st.session_state.get(KEY)
    report = state.get("report") if state else None
    return report if isinstance(report, dict) else {}


def current(check: Check) -> tuple[ExplorerState, list[Problem]]:
    """The view to show and what had to be replaced: the chart's newest report, checked, or else the
    view last imposed."""
    report = _report()
    count = report.get("n", 0)
    if isinstance(count, int) and count > st.session_state.get(_SEEN, 0):
        st.session_state[_SEEN] = count
        if isinstance(report.get("link"), str):  # Back or Forward: read as a link, like a new visit
            values, problems = check(parse_qs(report["link"].removeprefix("?"), keep_blank_values=True))
            st.session_state[_LINK] = values
            logs.link_rejected("activations", problems)
            _impose(values, problems)
            return values, problems
        view = report.get("view") if isinstance(report.get("view"), dict) else {}
        values, problems = check(link.reported(view))
        if problems:
            _impose(values, problems)
        else:
            st.session_state[_VIEW], st.session_state[_PROBLEMS] = values, []
    return st.session_state[_VIEW], st.session_state[_PROBLEMS]


def drawn() -> bool:
    """Whether the chart has said, in this session, that it has drawn."""
    state = st.session_state.get(KEY)
    return bool(state and state.get("drawn"))


def explorer(values: ExplorerState, lang: str, buttons: Sequence[str] = ()) -> None:
    """Mount (or update in place) the chart showing ``values``, with the blocks it still lacks.
    ``buttons``: the keys of the chart's own buttons (``export_png``...) a classroom link may hide."""
    sent: dict[str, None] = st.session_state.setdefault(_SENT, {})
    keys = [*(field.key for field in values.fields()), *buttons]
    data, ids = chart.message(
        values, lang, st.session_state.get(_SEQ, 0), st.session_state.get(_SEEN, 0), set(sent),
        resend=bool(_report().get("resend")), hidden=[key for key in keys if classroom.hidden(key)],
        ask_drawn=not drawn(),
    )  # fmt: skip
    remember_sent(sent, ids)
    _mount(key=KEY, data=data, on_report_change=_ignore, on_drawn_change=_ignore)


def remember_sent(sent: dict[str, None], ids: Iterable[str], limit: int = SENT_LIMIT) -> None:
    """Add the ids of blocks just sent as the newest (a resent one moves to the end, as in
    explorer.js's store) and forget the oldest beyond ``limit``."""
    for block_id in ids:
        sent.pop(block_id, None)
        sent[block_id] = None
    while len(sent) > limit:
        del sent[next(iter(sent))]


def _ignore() -> None:
    """A report (or ``drawn``) reruns the enclosing fragment, which reads it from session state."""
