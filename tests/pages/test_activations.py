"""AppTest of the Activations page: the chart component's data and state, good links and bad ones.

The chart is a Custom Components v2 element (``bidi_component``); its payload is decoded with the
library's ``unpack``, and a report from the browser is simulated by writing the component's state.
"""

import pytest

from activations.core.registry import NAMES
from activations.explorer.payload import unpack
from ui.components.explorer import KEY

CHART = "activation_explorer_chart"


def chart(at) -> tuple[dict, list]:
    """The header and blocks the chart received on the last run."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == CHART]
    return unpack(element.proto.bytes)


def send(at, n: int, **changes):
    """What the browser does after a change in the chart: report the view, rerun."""
    view = {**chart(at)[0]["view"], **changes}
    state = at.session_state.get(KEY) or {}
    at.session_state[KEY] = {**state, "report": {"view": view, "n": n, "resend": False}}
    return at.run()


def drawn(at):
    """What the browser does after the chart's first frame, when the page asks: say so, rerun."""
    assert chart(at)[0]["ask_drawn"]
    state = at.session_state.get(KEY) or {}
    at.session_state[KEY] = {**state, "drawn": 1234.5}
    return at.run()


def test_default_view(app_test):
    at = app_test("activations")
    assert not at.exception and not at.warning
    assert at.title[0].value == "ReLU"
    header, blocks = chart(at)
    assert header["view"]["act"] == "relu" and header["seq"] == 1
    assert [meta["kind"] for meta, *_ in blocks] == ["defaults"]
    assert header["labels"]["act.choose"] == "Activation"
    assert at.metric[0].value == "1" and at.metric[1].value == "1"  # f(1), f'(1)


def test_link_restores_the_view(app_test):
    at = app_test("activations", act="leaky_relu", negative_slope="0.2", x0="-1",
                  xmin="-3", xmax="2", compare=["gelu", "tanh"])  # fmt: skip
    assert not at.exception and not at.warning
    view = chart(at)[0]["view"]
    assert view["negative_slope"] == 0.2 and (view["xmin"], view["xmax"]) == (-3, 2)
    assert view["compare"] == ["gelu", "tanh"]
    assert at.metric[0].value == "-0.2" and at.metric[1].value == "0.2"


def test_current_activation_ships_its_families_once(app_test):
    at = app_test("activations", act="softplus")
    kinds = [(meta["kind"], meta.get("param")) for meta, *_ in chart(at)[1]]
    assert kinds == [("defaults", None), ("family", "beta"), ("family", "threshold")]
    at = send(at, 1, beta=2.0)  # on the beta family's grid: nothing new to send for it
    assert [(m["kind"], m.get("param")) for m, *_ in chart(at)[1]] == [("family", "threshold")]
    assert chart(at)[0]["answered"] == 1 and at.title[0].value == "Softplus"


def test_a_report_updates_the_rest_of_the_page(app_test):
    at = send(app_test("activations"), 1, act="elu", alpha=2.0, x0=-1.0)
    assert not at.exception and at.title[0].value == "ELU"
    assert "F.elu(x, alpha=2)" in at.markdown[0].value
    assert at.metric[0].value == "-1.26424"  # 2 (e^-1 - 1)
    assert chart(at)[0]["seq"] == 1  # the chart's own change is not sent back as a new view


def test_an_old_report_is_not_taken_again(app_test):
    at = send(app_test("activations"), 3, act="tanh")
    at = send(at, 3, act="gelu")  # the same count: already seen
    assert at.title[0].value == "Tanh"


def test_switching_through_every_activation_never_raises(app_test):
    at = app_test("activations", act="threshold", threshold="-4")
    for n, name in enumerate([*NAMES, *reversed(NAMES)], start=1):
        at = send(at, n, act=name)
        assert not at.exception, name
        assert chart(at)[0]["view"]["act"] == name


@pytest.mark.parametrize(
    "query",
    [
        {"act": "nope"},
        {"act": "<script>alert(1)</script>"},
        {"act": "x" * 5000},
        {"xmin": "nan", "xmax": "inf"},
        {"xmin": "5", "xmax": "5"},
        {"x0": "1e309"},
        {"act": "hardtanh", "min_val": "3", "max_val": "-3"},
        {"act": "rrelu", "lower": "0.9", "upper": "0.1"},
        {"act": "threshold", "threshold": "20"},
        {"act": "gelu", "approximate": "fast"},
        {"compare": ["relu6", "**bold**", "$x$"]},
        {"act": "rrelu", "training": "maybe"},
        {"negative_slope": "1_000", "act": "leaky_relu"},
        {"act": "elu", "alpha": "٣"},
    ],
)
def test_bad_links_fall_back_and_say_so(app_test, query):
    at = app_test("activations", **query)
    assert not at.exception
    assert at.warning, "the page must say what it replaced"
    assert chart(at)[1], "and still draw"


def test_bad_value_is_replaced_in_the_chart(app_test):
    at = app_test("activations", act="elu", alpha="٣", xmin="4", xmax="-4")
    view = chart(at)[0]["view"]
    assert view["alpha"] == 1.0 and (view["xmin"], view["xmax"]) == (-6, 6)


def test_a_bad_report_is_corrected_and_sent_back(app_test):
    at = send(app_test("activations", act="hardtanh"), 1, min_val=2.0)
    assert not at.exception and at.warning
    header = chart(at)[0]
    assert header["view"]["min_val"] == -1.0 and header["seq"] == 2  # the chart applies a new seq


def test_rrelu_training_mode_ships_random_draws(app_test):
    at = app_test("activations", act="rrelu", training="true")
    draws = [(meta, f) for meta, x, f, df in chart(at)[1] if meta["kind"] == "draws"]
    assert len(draws) == 1 and draws[0][1].shape == (5, 121)
    assert "training=True" in at.markdown[0].value


def test_classroom_link_hides_controls_inside_the_chart(app_test):
    at = app_test("activations", act="elu", hide=["window", "act"])
    assert not at.exception
    assert set(chart(at)[0]["hidden"]) == {"act", "xmin", "xmax"}


def test_korean(app_test):
    at = app_test("activations", lang="ko")
    assert not at.exception
    assert chart(at)[0]["labels"]["act.choose"] == "활성화 함수"
    assert any("수식" in tab.label for tab in drawn(at).tabs)


def open_tab(at, label: str):
    at.session_state["tab"] = label
    return drawn(at)


def test_the_tabs_follow_once_the_chart_has_drawn(app_test):
    at = app_test("activations", act="relu")
    assert not at.tabs and not at.latex and at.metric, "a new session: chart and metrics first"
    at = drawn(at)
    assert at.tabs and not chart(at)[0]["ask_drawn"], "asked once per session"
    assert chart(at)[1] == [], "the rerun sends no curve again"
    at = send(at, 1, act="tanh")
    assert at.tabs and at.title[0].value == "Tanh", "a report keeps the tabs"


def test_only_the_open_tab_is_rendered(app_test):
    at = drawn(app_test("activations", act="relu"))
    assert at.latex and not at.table and not at.dataframe
    assert "torch.relu_(x)" in at.code[0].value  # the in-place demo, really run
    assert "True" in at.code[1].value


def test_properties_tab(app_test):
    at = open_tab(app_test("activations", act="tanh"), "Properties")
    table = at.table[0].value
    assert table.shape[0] == 10
    assert table.loc["Zero-centred"].iloc[0] == "yes"


def test_all_activations_tab_lists_every_activation(app_test):
    at = open_tab(app_test("activations"), "All activations")
    frame = at.dataframe[0].value
    assert len(frame) == len(NAMES)
    assert frame.set_index("Activation").loc["ReLU", "Dead share of window"] == 0.5


def test_code_tab_shows_runnable_snippet(app_test):
    at = open_tab(app_test("activations", act="elu", alpha="2"), "PyTorch code")
    assert "F.elu(x, alpha=2)" in at.code[0].value


def test_unknown_language_falls_back_to_english_and_says_so(app_test):
    at = app_test("activations", lang="fr")
    assert not at.exception
    assert any("lang=fr" in w.value.replace("\\", "") for w in at.warning)
    assert chart(at)[0]["labels"]["act.choose"] == "Activation"


# Exports and alt text (issue 11).


def test_curve_download_under_the_chart_follows_the_view(app_test):
    at = app_test("activations", act="gelu", approximate="tanh")
    (button,) = at.get("download_button")
    assert (button.key, button.label) == ("export_csv", "Curve (CSV)")
    assert "gelu_tanh_x-6_6.csv" in button.help and button.proto.ignore_rerun
    assert button.proto.deferred_file_id and not button.proto.url, "made when pressed"
    header = chart(at)[0]
    assert header["stem"] == "gelu_tanh_x-6_6"
    assert header["alt"] == "GELU: f rises from -0.17 at x=-0.75 to 6 at x=6; f' between -0.129 and 1.13."
    assert (
        header["labels"]["chart.save_png"] == "Save PNG" and header["labels"]["chart.save_svg"] == "Save SVG"
    )
    at = send(at, 1, act="elu", alpha=2.0, xmin=-3.0, xmax=2.0)  # the chart's report: a fragment rerun
    (button,) = at.get("download_button")
    assert "elu_alpha2_x-3_2.csv" in button.help
    assert chart(at)[0]["stem"] == "elu_alpha2_x-3_2"
    assert chart(at)[0]["alt"].startswith("ELU: f rises from -1.9 at x=-3 to 2 at x=2")


def test_korean_exports_and_alt_text(app_test):
    at = app_test("activations", act="relu", lang="ko")
    assert [b.label for b in at.get("download_button")] == ["곡선(CSV)"]
    header = chart(at)[0]
    assert (
        header["labels"]["chart.save_png"] == "PNG 저장" and header["labels"]["chart.save_svg"] == "SVG 저장"
    )
    assert (
        header["alt"].startswith("ReLU: f는 x=-6의 0에서 x=6의 6까지 증가합니다")
        and "죽은 구간" in header["alt"]
    )


def test_classroom_link_hides_the_exports(app_test):
    at = app_test("activations", hide="export")
    assert not at.exception and not at.warning
    assert not at.get("download_button")
    assert {"export_png", "export_svg"} <= set(chart(at)[0]["hidden"])
    at = app_test("activations", only="export_svg")
    assert not at.warning and not at.get("download_button")
    assert "export_png" in chart(at)[0]["hidden"] and "export_svg" not in chart(at)[0]["hidden"]
