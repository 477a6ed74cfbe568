"""The Softmax page's chart component: the logits box, the temperature slider and the bars.

The component (softmax.js) owns the two controls and redraws on every keystroke and slider step
from its own float64 preview; it reports ``{"report": {"logits", "temperature", "n"}}`` when input
settles (``n`` grows with every report of the page). Their values live in ``st.session_state`` under
their URL keys, so the page's binder (ui/binder.py) checks them with the other keys, and presets and
link fixes set them with ``program`` as they set any bound widget.

Who decides the two values, in order: the link, on the session's first run of the page; the chart's
newest report; ``program`` (a preset, a corrected value). A value the chart does not show yet is
sent with a new sequence number, which the chart applies; its own changes are not echoed. The link
follows the chart's view: the chart writes ``logits`` and ``temperature`` to the URL (left out at
their defaults), in the browser, as Streamlit writes the bound widgets' keys. Controls a classroom
link hides (ui/classroom.py) are hidden inside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from activations.core.fields import Field
from activations.softmax import chart, link
from activations.softmax.compute import Distribution
from activations.softmax.link import SoftmaxState
from ui import classroom
from ui.components import sources

KEY = "softmax_chart"
FIELDS = chart.FIELDS  # the link's fields whose controls live in the chart
# Session keys: the view the chart shows, as far as the page knows; the imposed view's number; the
# newest report seen.
_SHOWN, _SEQ, _SEEN = (f"_softmax_chart_{name}" for name in ("shown", "seq", "seen"))

_mount = st.components.v2.component("softmax_chart", **sources("softmax"))


def controls() -> dict[Field, object]:
    """The logits text and the temperature step, by field: from the link on the session's first
    run, then from the chart's reports and ``program``. For ``ui.binder.bind``'s ``controls``."""
    if any(field.key not in st.session_state for field in FIELDS):
        raw = {field.key: st.query_params.get_all(field.key) for field in FIELDS}
        linked, _ = link.check(raw)  # bind() reports what the link had wrong, once
        st.session_state.update({field.key: linked.values()[field.key] for field in FIELDS})
        st.session_state[_SHOWN] = chart.view(linked)
        st.session_state[_SEQ] = 1
    state = st.session_state.get(KEY)
    report = state.get("report") if state else None
    count = report.get("n") if isinstance(report, dict) else None
    if isinstance(count, int) and count > st.session_state.get(_SEEN, 0):
        st.session_state[_SEEN] = count
        shown = {field.key: report.get(field.key) for field in FIELDS}
        if all(isinstance(value, str) for value in shown.values()):
            st.session_state.update(shown)
            st.session_state[_SHOWN] = shown
    return {field: st.session_state[field.key] for field in FIELDS}


def probability_chart(
    values: SoftmaxState,
    dist: Distribution,
    labels: Sequence[str],
    lang: str,
    buttons: Sequence[str] = (),
) -> None:
    """Mount (or update in place) the chart showing ``values`` and torch's ``dist`` for them.
    ``buttons``: the keys of the chart's own buttons (``export_png``) a classroom link may hide."""
    view = chart.view(values)
    if view != st.session_state.get(_SHOWN):  # set by the page, not by the chart: impose it
        st.session_state[_SHOWN] = view
        st.session_state[_SEQ] += 1
    data = chart.message(
        values, dist, labels, values.names, lang, seq=st.session_state[_SEQ],
        hidden=[key for key in (*(field.key for field in FIELDS), *buttons) if classroom.hidden(key)],
    )  # fmt: skip
    _mount(key=KEY, data=data, on_report_change=_ignore)


def _ignore() -> None:
    """A report reruns the page; :func:`controls` reads it from session state."""
