"""The Training lab's live view (``pages/training.py`` runs :func:`live` as a fragment).

The lab itself is a chart component (:mod:`ui.components.lab`): toolbar, status line, metrics,
decision boundary, network and curves, drawn in the browser from frames that stream to it while
the run trains. The fragment reruns on a timer only while the run waits in the queue for a slot
(the place in line changes, and its turn starts it); otherwise only on the visitor's actions (the
chart's buttons rerun this fragment alone) and when the chart reports that the run stopped by
itself. Below the chart: why the dead count is what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from activations.core.registry import get
from activations.training import frames
from activations.training.dead import describe_zone, profile
from activations.training.lab import LabConfig
from activations.training.session import LabSession
from ui.components.lab import apply_commands, lab, news
from ui.language import tr


def live(
    session: LabSession, lang: str, hidden: Sequence[str], keys: dict[str, str], rebuild: Callable[[], object]
) -> None:
    """The lab's chart with its current frame; while queued, a slot asked for again on each poll.

    A button pressed in the chart reruns this fragment: its command is applied here first
    (``rebuild``: the lab again after a Reset). Where that changes the page's poll (a Start that
    queues, a Pause that leaves the queue), the queue's turn came, or the chart reports news (the
    run stopped by itself: the notices above may say why), the whole page runs again."""
    polling = session.tick_every()
    report = apply_commands(session)
    if report.get("command") == "reset":
        rebuild()  # a new lab, a new token
    if session.tick() or session.tick_every() != polling or news(report):
        st.rerun()
    frame = session.frame(lang)
    lab(session, lang, hidden, keys, frame)
    why(session.lab.config, frames.decode(frame)["runs"])


def why(config: LabConfig, runs: Sequence[dict]) -> None:
    """Say why a count stays at 0 (LeakyReLU can't die), or where f' is 0 (ReLU can). ``runs``: the
    frame's, with each run's ``dead`` masks."""
    for index, (run, shown) in enumerate(zip(config.runs, runs, strict=False)):
        arch = run.arch
        shape = profile(arch.act, dict(arch.act_params))
        dead_now = sum(sum(mask) for mask in shown["dead"])
        verdict = "dies" if shape.verdict == "far" and dead_now else shape.verdict
        text = tr(
            f"training.why.{verdict}",
            act=get(arch.act).label,
            zones=", ".join(describe_zone(a, b) for a, b in shape.zero),
            slope=f"{shape.min_abs_grad:.3g}",
        )
        prefix = f"{'AB'[index]} · " if len(config.runs) > 1 else ""
        if dead_now == 0 and shape.verdict != "dies":
            st.info(prefix + text, icon=":material/shield:")
        else:
            st.caption(prefix + text)
