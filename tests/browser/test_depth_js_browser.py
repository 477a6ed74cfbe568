"""The Depth chart's modules (depth-*.js), the real ones in Chromium, against the page's Python:
what they compute from the numbers they are sent (a log axis's values, each layer's histogram shares,
the open edges, the probe's text) is what numpy computes from torch's result, and the panels tile the
chart."""

import numpy as np
import pytest

from activations.depth import chart
from activations.depth.measure import DepthConfig, Shape, measure
from tests.js import call, module_page

SHAPE = Shape(depth=12, width=16, batch=32, seed=2)
CONFIGS = (DepthConfig.of("relu", init="xavier_normal"), DepthConfig.of("sigmoid", init="xavier_normal"))


@pytest.fixture(scope="module")
def page(browser):
    with module_page(browser) as page:
        yield page


@pytest.fixture(scope="module")
def data():
    results = [measure(config, SHAPE) for config in CONFIGS]
    return chart.message(CONFIGS, results, "en", alt="", stem="")


@pytest.mark.parametrize("key", chart.METRIC_KEYS)
def test_a_log_axis_shows_the_base_10_exponent_of_every_positive_value(page, data, key):
    for sent in data["configs"]:
        values = sent["layers"][key]
        logged = call(page, "depth-data.js", "panelValues", values, True)
        expected = [float(np.log10(v)) if v > 0 else None for v in values]
        assert [v is None for v in logged] == [v is None for v in expected]
        shown = [v for v in logged if v is not None]
        np.testing.assert_allclose(shown, [v for v in expected if v is not None], rtol=1e-14)
        assert call(page, "depth-data.js", "panelValues", values, False) == values


def test_each_layers_histogram_shares_are_numpys(page, data):
    for sent in data["configs"]:
        counts = np.array(sent["histogram"], dtype=float)
        shares = call(page, "depth-data.js", "rowShares", sent["histogram"])
        np.testing.assert_allclose(shares, counts / counts.sum(axis=1, keepdims=True), rtol=1e-15)
    assert call(page, "depth-data.js", "rowShares", [[0, 0, 0]]) == [[0, 0, 0]]


def test_the_heatmap_spans_the_bins_that_hold_values(page, data):
    for sent in data["configs"]:
        occupied = np.flatnonzero(np.array(sent["histogram"]).sum(axis=0))
        assert call(page, "depth-data.js", "occupiedBins", sent["histogram"]) == [occupied[0], occupied[-1]]
    assert call(page, "depth-data.js", "occupiedBins", [[0, 0, 0]]) == [0, 2]


def test_open_edges_are_closed_one_step_out(page, data):
    assert call(page, "depth-data.js", "closedEdges", data["edges"]) == data["edges"]
    assert call(page, "depth-data.js", "closedEdges", [None, -1, 0, 1, None]) == [-2, -1, 0, 1, 2]


@pytest.mark.parametrize(("low", "high"), [(-19.2, 1.1), (-3.5, 0.4), (-0.4, 0.3), (-1, -0.2), (2, 2.6)])
def test_log_ticks_lie_on_the_axis(page, low, high):
    ticks = call(page, "depth-data.js", "logTicks", low, high, 5)
    assert 1 <= len(ticks) <= 7 and ticks == sorted(ticks)
    assert all(low - 1e-9 <= tick <= high + 1e-9 for tick in ticks)


def test_the_probe_names_the_layer_and_each_configurations_value(page, data):
    text = call(page, "depth-view.js", "probeText", data, "zero_grad", 3)
    shares = [f"{sent['layers']['zero_grad'][2] * 100:.1f}%" for sent in data["configs"]]
    assert text == (f"layer 3 · Dead here (f' = 0) — ReLU · Xavier normal: {shares[0]} · "
                    f"Sigmoid · Xavier normal: {shares[1]}")  # fmt: skip


@pytest.mark.parametrize("width", [360, 700, 1200])
def test_the_panels_tile_the_chart(page, data, width):
    panels = [*chart.METRIC_KEYS, chart.HISTOGRAM]
    layout = call(page, "depth-draw.js", "panelBoxes", data["layout"], panels, "grad_norm", width)
    boxes = layout["boxes"]
    assert boxes[0]["key"] == "grad_norm" and sorted(b["key"] for b in boxes) == sorted(panels)
    for box in boxes:
        assert box["left"] >= 0 and box["left"] + box["width"] <= width + 1e-9
        assert box["top"] + box["height"] <= layout["height"] + 1e-9
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            side_by_side = (
                a["left"] + a["width"] <= b["left"] + 1e-9 or b["left"] + b["width"] <= a["left"] + 1e-9
            )
            stacked = a["top"] + a["height"] <= b["top"] + 1e-9 or b["top"] + b["height"] <= a["top"] + 1e-9
            assert side_by_side or stacked, (a, b)


def test_the_choices_and_the_links_view_read_each_other_back(page, data):
    view = call(page, "depth-view.js", "viewOf", call(page, "depth-view.js", "choiceOf", data["view"]))
    assert view == data["view"]
    choice = {"large": "histogram", "log": False, "heat": 2}
    linked = {"panel": "histogram", "scale": "linear", "heat": "c"}
    assert call(page, "depth-view.js", "viewOf", choice) == linked
    assert call(page, "depth-view.js", "choiceOf", linked) == choice


def test_the_probe_says_where_values_overflow_never_nan(page):
    configs = (DepthConfig.of("relu", init="normal", init_std=30.0),)
    shape = Shape(depth=40, width=16, batch=8, seed=0)
    result = measure(configs[0], shape)
    sent = chart.message(configs, [result], "en", alt="", stem="")
    layer = result.diverged_at + 1
    text = call(page, "depth-view.js", "probeText", sent, "act_rms", layer + 2)
    assert text.endswith(f"ReLU · Normal (σ=30): not finite from layer {layer}")
    missing = dict(sent, configs=[dict(sent["configs"][0], overflow_at=None)])  # a gradient's overflow
    missing["configs"][0]["layers"] = {**sent["configs"][0]["layers"], "grad_norm": [None] * 40}
    text = call(page, "depth-view.js", "probeText", missing, "grad_norm", 1)
    assert text.endswith("not finite (float32 overflow)")


@pytest.mark.parametrize(
    ("value", "text"),
    [(4e18, "4e18"), (123456.0, "1.2e5"), (99999.0, "1e5"), (0.5, "0.5"), (-2.5e7, "-2.5e7"), (0.0, "0")],
)
def test_numbers_stay_short(page, value, text):
    assert call(page, "depth-data.js", "short", value) == text


@pytest.mark.parametrize(("exponent", "text"), [(-4, "1e-4"), (-2, "0.01"), (0, "1"), (2, "100"), (3, "1e3"),
                                                 (20.30103, "2e20"), (0.30103, "2")])  # fmt: skip
def test_log_ticks_are_written_short(page, exponent, text):
    assert call(page, "depth-data.js", "decadeText", exponent) == text
