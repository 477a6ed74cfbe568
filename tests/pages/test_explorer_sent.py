"""The Activations page remembers which chart blocks a session was sent, mirroring the chart's own
store (the chart keeps the newest chart.STORE_LIMIT blocks): bounded, oldest forgotten first."""

from pathlib import Path

from ui.components import explorer
from ui.components.explorer import SENT_LIMIT, remember_sent

from .test_activations import chart, send

ROOT = Path(__file__).resolve().parents[2]


def test_the_limit_is_the_charts_own_store_limit():
    script = (ROOT / "ui" / "components" / "explorer-data.js").read_text()
    assert "STORE.size > header.store_limit" in script and SENT_LIMIT == explorer.chart.STORE_LIMIT


def test_remembered_ids_are_bounded_and_the_oldest_go_first():
    sent: dict[str, None] = {}
    remember_sent(sent, ["a", "b", "c"], limit=3)
    remember_sent(sent, ["a"], limit=3)  # sent again: the newest now, as in the chart's store
    remember_sent(sent, ["d"], limit=3)
    assert list(sent) == ["c", "a", "d"]
    remember_sent(sent, [f"x{i}" for i in range(10)], limit=3)
    assert len(sent) == 3 and set(sent) <= {f"x{i}" for i in range(10)}


def test_a_long_session_remembers_at_most_the_limit_and_resends_what_it_forgot(app_test):
    at = app_test("activations", act="elu")
    first = {meta["id"] for meta, *_ in chart(at)[1]}
    n = 0
    for xmax in range(2, 12):  # each window is a new set of blocks for every activation shown
        for name in ("elu", "softplus", "leaky_relu", "hardtanh"):
            n += 1
            at = send(at, n, act=name, xmax=float(xmax))
            assert not at.exception, name
            assert len(at.session_state[explorer._SENT]) <= SENT_LIMIT
    sent = at.session_state[explorer._SENT]
    assert len(sent) == SENT_LIMIT, "enough blocks went out to reach the limit"
    assert all(meta["id"] in sent for meta, *_ in chart(at)[1]), "the newest are remembered"
    assert not first & set(sent), "the first view's blocks were forgotten"
    at = send(at, n + 1, act="elu", xmax=6.0)
    assert {meta["id"] for meta, *_ in chart(at)[1]} == first, "so they are sent again when needed"
