"""AppTest of the Softmax page: good links, bad links, typing, presets and every tab.

The probability chart is a Custom Components v2 element (``bidi_component``) that holds the logits
box and the temperature slider; its JSON data is read back, and a report from the browser (typing,
a slider step) is simulated by writing the component's state.
"""

import csv
import io
import itertools
import json

import numpy as np
import pytest

from activations.core.i18n import t
from activations.softmax import compute as sm
from activations.softmax import figures
from tests.pages import test_speed
from ui.components.softmax import KEY

media = test_speed.media  # the fixture that reads the download buttons' files
DEFAULT_PROBS = [0.659001, 0.242433, 0.098566]
REPORTS = itertools.count(1)  # the browser's report count only grows
TABS = ("values", "temperature", "loss", "sampling", "stability", "invariance", "sigmoid", "jacobian")


def chart(at) -> dict:
    """What the chart component received on the last run."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "softmax_chart"]
    return json.loads(element.proto.json)


def bars(at) -> tuple[list[str], np.ndarray]:
    """Labels and heights of the probability bars as drawn: torch's numbers, in the chart's order."""
    data = chart(at)
    probs = np.array(data["answer"]["p"])
    order = np.argsort(-probs, kind="stable") if data["sort"] else np.arange(len(probs))
    return [data["answer"]["labels"][i] for i in order], probs[order]


def shown(at) -> dict[str, str]:
    """The logits text and temperature step in the chart's controls."""
    return chart(at)["view"]


def send(at, **changes):
    """What the browser does after typing or a slider step: report the view, rerun."""
    at.session_state[KEY] = {"report": {**shown(at), **changes, "n": next(REPORTS)}}
    return at.run()


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def open_tab(at, name: str, lang: str = "en"):
    at.session_state["softmax_tab"] = t(f"softmax.tab.{name}", lang)
    return at.run()


def test_default_view(app_test):
    at = app_test("softmax")
    assert not at.exception and not at.warning
    assert at.title[0].value == "Softmax"
    labels, probs = bars(at)
    assert labels == ["#0", "#1", "#2"]
    np.testing.assert_allclose(probs, DEFAULT_PROBS, atol=1e-6)
    assert metric(at, "argmax") == r"\#0" and metric(at, "Sum of p") == "1"
    assert metric(at, "Perplexity") == "2.332"
    table = at.code[0].value.splitlines()  # the values tab, open by default
    assert len(table) == 4 and table[0].split() == ["#", "z", "z", "/", "T", "p", "log", "p", "class"]
    assert table[1].split() == ["0", "2", "2", "0.659001", "-0.41703", "#0"]


def test_the_chart_is_a_component_with_torchs_numbers(app_test):
    at = app_test("softmax", logits="1000, 999, -1000", temperature="0.5", names="a b c")
    data = chart(at)
    dist = sm.distribution((1000.0, 999.0, -1000.0), 0.5)
    assert data["answer"]["view"] == data["view"] == {"logits": "1000, 999, -1000", "temperature": "0.5"}
    assert data["answer"]["p"] == dist.probs.tolist() and data["answer"]["log_p"] == dist.log_probs.tolist()
    assert data["answer"]["argmax"] == [0] and data["names"][:4] == ["a", "b", "c", "#3"]
    assert len(data["names"]) == 64 and data["steps"][0] == "0.05" and data["hidden"] == []
    assert data["rules"]["limit"] == 1e6 and data["labels"]["softmax.temperature"].startswith("Temperature")


def test_a_report_reruns_the_page_and_the_chart_writes_the_link(app_test):
    at = send(app_test("softmax"), logits="5, 5, 1", temperature="0.5")
    assert not at.exception and not at.warning
    assert bars(at)[1] == pytest.approx(sm.distribution((5.0, 5.0, 1.0), 0.5).probs.tolist(), abs=0)
    assert metric(at, "argmax") == r"\#0 \= \#1"  # a tie, named
    assert chart(at)["seq"] == 1, "the chart's own change is not sent back"
    # The chart writes its keys to the URL in the browser (ui/components/kit.js), not the page.
    assert "logits" not in at.query_params and "temperature" not in at.query_params
    assert chart(at)["link"]["owns"] == ["logits", "temperature"]


def test_a_bad_report_is_corrected_and_sent_back(app_test):
    at = send(app_test("softmax"), logits="1," * 1500, temperature="0.75")
    assert not at.exception and len(at.warning) == 2
    assert shown(at) == {"logits": "2, 1, 0.1", "temperature": "0.8"} and chart(at)["seq"] == 2
    at = send(at, temperature="2")  # the chart goes on from the corrected view
    assert shown(at)["temperature"] == "2"


def test_classroom_links_hide_the_charts_controls(app_test):
    assert chart(app_test("softmax", hide="input"))["hidden"] == ["logits"]
    assert chart(app_test("softmax", only="temperature"))["hidden"] == ["logits", "export_png"]
    assert chart(app_test("softmax", hide="temperature"))["hidden"] == ["temperature"]


def test_link_restores_the_view(app_test):
    at = app_test("softmax", logits="1000, 1001", names="no, yes", temperature="2", target="1", sort="true",
                  top_k="1", top_p="0.5", samples="200", seed="5")  # fmt: skip
    assert not at.exception and not at.warning
    assert shown(at) == {"logits": "1000, 1001", "temperature": "2"}
    assert at.toggle(key="sort").value is True
    assert at.number_input(key="target").value == 1
    assert (at.number_input(key="top_k").value, at.slider(key="top_p").value) == (1, 0.5)
    assert (at.number_input(key="samples").value, at.number_input(key="seed").value) == (200, 5)
    labels, probs = bars(at)
    assert labels == ["yes", "no"]  # sorted by probability
    np.testing.assert_allclose(probs, [1 / (1 + np.exp(-0.5)), 1 / (1 + np.exp(0.5))], atol=1e-12)


@pytest.mark.parametrize(
    ("logits", "expected"),
    [
        ("1000, 1001", [0.268941, 0.731059]),
        ("89, 0", [1.0, 2.2274e-39]),
        ("7", [1.0]),
        ("4 4 4 4", [0.25] * 4),
    ],
)
def test_hand_checked_values(app_test, logits, expected):
    at = app_test("softmax", logits=logits)
    probs = bars(at)[1]
    assert np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs, expected, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(
    "query",
    [
        {"logits": ""},
        {"logits": "nan"},
        {"logits": "1, inf"},
        {"logits": "1e309"},
        {"logits": ", ".join(["1"] * 65)},
        {"logits": "9" * 5000},
        {"logits": "٣, 1"},
        {"logits": "0x10"},
        {"logits": "1_000"},
        {"logits": "<script>alert(1)</script>"},
        {"logits": "**bold** [x](javascript:alert(1)) $x$"},
        {"logits": "[" * 200 + "1" + "]" * 200},
        {"logits": "1, 2e6"},
        {"names": "<img src=x onerror=alert(1)>"},
        {"names": "a, a, b"},
        {"temperature": "0"},
        {"temperature": "-1"},
        {"temperature": "nan"},
        {"temperature": "0.75"},
        {"target": "7"},
        {"target": "٣"},
        {"target": "9", "logits": "1, x"},
        {"top_p": "1.5"},
        {"top_k": "100"},
        {"samples": "0"},
        {"seed": "-1"},
        {"sort": "maybe"},
    ],
)
def test_bad_links_fall_back_and_say_so(app_test, query):
    at = app_test("softmax", **query)
    assert not at.exception
    assert at.warning, "the page must say what it replaced"
    assert chart(at)["answer"]["p"]
    for warning in at.warning:
        assert "<" not in warning.value.replace("\\<", "")  # user text is escaped, never markup
        assert "*" not in warning.value.replace("\\*", "")


def element_order(node) -> list[str]:
    """The types of the elements under ``node``, in screen order."""
    children = getattr(node, "children", None)
    if not isinstance(children, dict):
        return [node.type]
    return [kind for child in children.values() for kind in element_order(child)]


@pytest.mark.parametrize(
    "query", [{"sort": "maybe"}, {"temperature": "0.75"}, {"logits": "1, x", "target": "9"}]
)
def test_problems_are_shown_between_the_inputs_and_the_chart(app_test, query):
    at = app_test("softmax", **query)
    kinds = ("bidi_component", "warning", "metric")
    order = [kind for kind in element_order(at.main) if kind in kinds]
    warnings = len(at.warning)
    assert warnings >= 1 and order[: warnings + 2] == ["bidi_component", *["warning"] * warnings, "metric"]


def test_unreadable_logits_name_the_value_and_use_the_defaults(app_test):
    at = app_test("softmax", logits="1, 2, 0x10")
    assert shown(at)["logits"] == "1, 2, 0x10"  # kept in the box, to be fixed
    message = at.warning[0].value.replace("\\", "")
    assert "value 3, “0x10”, is not a plain decimal number" in message
    assert "Showing these instead: 2, 1, 0.1." in message
    np.testing.assert_allclose(bars(at)[1], DEFAULT_PROBS, atol=1e-6)


def test_an_enormous_link_is_replaced_in_the_box(app_test):
    at = app_test("softmax", logits="9," * 3000)
    assert not at.exception
    assert shown(at)["logits"] == "2, 1, 0.1"
    assert "too long" in at.warning[0].value


def test_bad_temperature_is_replaced_in_the_slider(app_test):
    at = app_test("softmax", temperature="0.75", top_p="1.5")
    assert shown(at)["temperature"] == "0.8"
    assert at.slider(key="top_p").value == 1.0
    assert len(at.warning) == 2


def test_temperature_spelled_otherwise_is_its_step_without_a_word(app_test):
    # The slider matches its URL value as text: "0.50" used to be dropped silently, leaving T = 1.
    at = app_test("softmax", temperature="0.50")
    assert not at.exception
    assert shown(at)["temperature"] == "0.5"
    assert not at.warning, "the same step: nothing was replaced"
    np.testing.assert_allclose(bars(at)[1], [0.863777, 0.116900, 0.019323], atol=1e-6)  # softmax(4, 2, 0.2)


def test_typing_logits_redraws_and_bad_typing_keeps_the_last_valid_ones(app_test):
    at = app_test("softmax")
    at = send(at, logits="3, 1")
    labels, probs = bars(at)
    assert labels == ["#0", "#1"] and not at.warning
    np.testing.assert_allclose(probs, [1 / (1 + np.exp(-2)), 1 / (1 + np.exp(2))], atol=1e-12)
    at = send(at, logits="3, abc")
    assert not at.exception
    assert shown(at)["logits"] == "3, abc" and chart(at)["seq"] == 1, "the chart's own text is not sent back"
    assert "value 2, “abc”" in at.warning[0].value.replace("\\", "")
    np.testing.assert_array_equal(bars(at)[1], probs)
    at = send(at, logits="0, 0, 0, 0")
    assert not at.warning
    np.testing.assert_allclose(bars(at)[1], [0.25] * 4)


def test_names_label_the_bars_and_a_count_mismatch_is_noted(app_test):
    at = app_test("softmax", names="_cat_, dog")
    assert bars(at)[0] == ["_cat_", "dog", "#2"]
    assert metric(at, "argmax") == r"\_cat\_"  # shown literally, not in italics
    assert any("2 names for 3 classes" in caption.value for caption in at.caption)
    at.text_input(key="names").set_value("cat, <b>dog</b>").run()
    assert bars(at)[0] == ["#0", "#1", "#2"]
    assert "name 2" in at.warning[0].value


def test_target_follows_shorter_logits(app_test):
    at = app_test("softmax", logits="1, 2, 3, 4, 5", target="4")
    assert at.number_input(key="target").value == 4 and not at.warning
    at = send(at, logits="1, 2")
    assert not at.exception
    assert at.number_input(key="target").value == 1
    assert at.query_params["target"] == "1"  # the link follows, written as a whole number


def test_presets(app_test):
    at = app_test("softmax")
    at.button(key="preset_huge").click().run()
    assert shown(at)["logits"] == "1000, 1001, 999" and chart(at)["seq"] == 2, "a preset is sent to the chart"
    np.testing.assert_allclose(bars(at)[1], [0.244728, 0.665241, 0.090031], atol=1e-6)
    at.button(key="preset_long_tail").click().run()
    labels, probs = bars(at)
    assert len(labels) == 24 and labels[0] == "pizza" and probs.sum() == pytest.approx(1.0)
    assert not at.warning and not any("names for" in caption.value for caption in at.caption)


def test_temperature_sharpens_and_flattens(app_test):
    at = app_test("softmax")
    at = send(at, temperature="0.1")
    assert bars(at)[1][0] > 0.9999
    at = send(at, temperature="20")
    probs = bars(at)[1]
    assert probs.max() - probs.min() < 0.05
    assert metric(at, "argmax") == r"\#0"


@pytest.mark.parametrize(
    "logits", ["2, 1, 0.1", ", ".join(str(i % 7 - 3) for i in range(64)), "1000, 1001, 999", "7"]
)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_tab_renders(app_test, logits, lang):
    at = app_test("softmax", logits=logits, lang=lang)
    for name in TABS:
        open_tab(at, name, lang)
        assert not at.exception, name
        charts = at.get("plotly_chart")
        assert len(charts) == {"temperature": 2, "sigmoid": 2, "values": 0, "stability": 0}.get(name, 1), name


def test_loss_tab(app_test):
    at = open_tab(app_test("softmax", target="2"), "loss")
    assert metric(at, "Cross-entropy (nats)") == "2.31703"  # -ln 0.0985659
    assert metric(at, "p(target)") == "0.0985659"
    assert any("Largest difference" in caption.value for caption in at.caption)


def test_sampling_tab(app_test):
    at = open_tab(app_test("softmax", top_k="1", samples="100"), "sampling")
    assert metric(at, "Classes kept") == "1 / 3"
    assert metric(at, "Sampling error") == "0"
    at.button(key="draw_again").click().run()
    assert at.number_input(key="seed").value == 1 and at.query_params["seed"] == "1"
    at.number_input(key="top_k").set_value(0).run()
    assert metric(at, "Classes kept") == "3 / 3"


def test_stability_tab_shows_the_overflow(app_test):
    at = open_tab(app_test("softmax", logits="1000, 1001, 999"), "stability")
    assert "exp overflows for 3 of 3 values in float32 and for 3 in float64" in at.warning[0].value.replace(
        "\\", ""
    )
    table = at.dataframe[0].value
    assert table["naive float64"].tolist() == ["nan", "nan", "nan"]
    assert table["max subtracted, float32"].tolist() == ["0.244728", "0.665241", "0.0900306"]


def test_korean(app_test):
    at = app_test("softmax", lang="ko", logits="1, x")
    assert not at.exception
    assert at.title[0].value == "소프트맥스"
    assert chart(at)["labels"]["softmax.logits"] == "로짓 z"
    assert "2번째 값" in at.warning[0].value


# Alt text and downloads (issue 11).


def page_view(logits=(2.0, 1.0, 0.1), temperature=1.0, by_probability=False):
    dist = sm.distribution(logits, temperature)
    return dist, sm.display_order(dist.probs, by_probability)


def test_the_chart_has_alt_text_from_the_pages_numbers(app_test):
    at = app_test("softmax", names="cat, dog, bird")
    alt = chart(at)["answer"]["alt"]
    dist, order = page_view()
    assert alt == figures.probability_alt(dist, ["cat", "dog", "bird"], order, "en")
    assert "p is largest for cat (0.659), then dog (0.242), bird (0.0986)" in alt
    at = app_test("softmax", names="cat, dog, bird", lang="ko", temperature="2", sort="true")
    dist, order = page_view(temperature=2.0, by_probability=True)
    assert chart(at)["answer"]["alt"] == figures.probability_alt(dist, ["cat", "dog", "bird"], order, "ko")
    assert "T = 2에서 클래스 3개" in chart(at)["answer"]["alt"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_chart_of_every_tab_has_alt_text(app_test, lang):
    at = app_test("softmax", lang=lang)
    seen = set()
    for name in TABS:
        open_tab(at, name, lang)
        for figure in at.get("plotly_chart"):
            assert len(figure.proto.alt) > 40 and "{" not in figure.proto.alt, (name, figure.proto.alt)
            seen.add(figure.proto.alt)
    assert len(seen) == len(set(figures.FIGURES) - {"probability"}), "one description per chart"


def test_downloads_hold_the_pages_numbers(app_test, media):
    at = app_test(
        "softmax", logits="3, -1.5, 0.25, 1e-7", names="+cmd, b, c, d", temperature="0.5", sort="true"
    )
    csv_button, html_button = at.get("download_button")
    assert (csv_button.key, html_button.key) == ("export_csv", "export_html")
    assert (csv_button.label, html_button.label) == ("Values (CSV)", "Chart (HTML)")
    assert "softmax_T0.5_4-classes_sorted.csv" in csv_button.help
    assert "softmax_T0.5_4-classes_sorted.html" in html_button.help
    assert csv_button.proto.ignore_rerun and html_button.proto.ignore_rerun
    assert html_button.proto.deferred_file_id and not html_button.proto.url, "made when pressed"
    rows = list(csv.DictReader(io.StringIO(media(csv_button.proto.url).decode())))
    dist, order = page_view((3.0, -1.5, 0.25, 1e-7), 0.5, by_probability=True)
    assert [int(row["index"]) for row in rows] == list(order) == [0, 2, 3, 1]
    assert [row["class"] for row in rows] == ["'+cmd", "c", "d", "b"], "a formula-like name escaped"
    for column, values in {
        "z": dist.logits,
        "z/T": dist.scaled,
        "p": dist.probs,
        "log p": dist.log_probs,
    }.items():
        assert [float(row[column]) for row in rows] == list(values[order]), column
    row = at.code[0].value.splitlines()[1].split()  # the values table: the same numbers, rounded
    assert row[:5] == ["0", "3", "6", f"{dist.probs[0]:.6g}", f"{dist.log_probs[0]:.6g}"]


def test_korean_download_labels_and_classroom_links(app_test):
    at = app_test("softmax", lang="ko")
    assert [b.label for b in at.get("download_button")] == ["값(CSV)", "차트(HTML)"]
    assert not app_test("softmax", hide="export").get("download_button")
    at = app_test("softmax", only="export_csv")
    assert [b.key for b in at.get("download_button")] == ["export_csv"] and not at.warning
