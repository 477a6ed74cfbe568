"""The Training lab's live view: its component (ui/components/lab.js), registered once, and the
commands it reports.

The component draws the lab from frames (:mod:`activations.training.frames`): the page sends the
current one with every run (:func:`lab`), and while the run trains the next ones stream to the
browser over the lab's token (docs/stream.md), with no rerun. It owns the toolbar: Start/Pause
(one toggle, key K), Step (key N) and Reset. It reports ``{"report": {"command"?: name, "status"?:
status, "stale"?: true, "lost"?: true, "applied"?: bool, "n": count}}``: a button pressed
(``start`` and ``pause`` also went over the stream; ``applied``: the server's socket took it, in
order with the frames, so the page leaves it: a Start reported late would otherwise restart a run
the socket has paused since), a run that stopped without a Pause from the chart (``diverged``,
``finished``, ``crashed``, or ``paused`` by the server), a token the stream refused (the lab was reset
elsewhere), a stream lost after frames.
``n`` grows with every report of the page, ``presses`` (with ``step``) counts the page's Step presses.
A report reruns the fragment the chart lives in:
:func:`apply_commands` applies the newest unseen one through
:class:`~activations.training.session.LabSession` (whose commands are idempotent) before the chart is
drawn, so one rerun shows its result; :func:`news` says when the whole page should run again.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from activations.training import chart
from activations.training.lab import MAX_STEPS
from activations.training.session import LabSession
from ui.components import sources

KEY = "lab"
COMMANDS = ("start", "pause", "step", "reset")
MAX_STEPS_AT_ONCE = 20  # Step presses applied from one report at most
_SEEN, _PRESSES = "_lab_seen", "_lab_presses"  # the newest report's number applied; Step presses counted

_mount = st.components.v2.component("training_lab", **sources("lab"))


def _report() -> dict:
    state = st.session_state.get(KEY)
    report = state.get("report") if state else None
    return report if isinstance(report, dict) else {}


def apply_commands(session: LabSession) -> dict:
    """The newest report, once (empty when there is none new), its command applied."""
    report = _report()
    count = report.get("n")
    if not isinstance(count, int) or count <= st.session_state.get(_SEEN, 0):
        return {}
    st.session_state[_SEEN] = count
    name = report.get("command")
    if name == "step":
        for _ in range(_new_presses(report.get("presses"))):
            session.step()
    elif name in COMMANDS and report.get("applied") is not True:  # else the stream applied it, in order
        getattr(session, name)()
    return report


def _new_presses(presses: object) -> int:
    """Step presses since the last report applied: the chart counts them on the page (``presses``), so
    a report that a quicker one overtook still counts; 1 when the count is missing or went back (a
    reloaded page), at most :data:`MAX_STEPS_AT_ONCE`."""
    seen = st.session_state.get(_PRESSES, 0)
    if not isinstance(presses, int) or isinstance(presses, bool):
        return 1
    st.session_state[_PRESSES] = presses
    return min(max(presses - seen, 1), MAX_STEPS_AT_ONCE)


def news(report: dict) -> bool:
    """Whether ``report`` says something changed that the chart didn't do: the run stopped (the page's
    notices may have something to say), the stream's token went stale or the stream was lost."""
    return any(key in report for key in ("status", "stale", "lost"))


def lab(session: LabSession, lang: str, hidden: Sequence[str], keys: dict[str, str], frame: bytes) -> None:
    """Mount (or update in place) the live view of ``session``'s lab with ``frame``, its current one
    (``session.frame(lang)``). ``hidden``: the toolbar's buttons a classroom link hides (``toggle``,
    ``step``, ``reset``); ``keys``: its shortcuts (``start``, ``step``)."""
    head = chart.header(
        session.lab.config, lang, session.token, running=session.running, queued=session.position,
        device=session.lab.config.device, hidden=hidden, max_steps=MAX_STEPS, keys=keys,
    )  # fmt: skip
    _mount(key=KEY, data=chart.message(head, frame), on_report_change=_ignore)


def _ignore() -> None:
    """A report reruns the fragment the chart lives in; :func:`apply_commands` reads it from session
    state."""
