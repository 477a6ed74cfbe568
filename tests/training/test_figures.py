"""The Training lab's ECharts options: JSON-ready, and showing what they claim to show."""

import base64
import io
import json

import numpy as np
import pytest
from PIL import Image

from activations.training.born_dead import born_dead
from activations.training.data import UPLOAD, DataConfig
from activations.training.dead import UnitStates
from activations.training.figures import (
    CLASS_COLORS,
    GREY_EDGE,
    HEATMAP_PIXELS,
    MAX_EDGES,
    NEGATIVE,
    NODE_COLORS,
    POSITIVE,
    born_dead_figure,
    boundary_alt,
    boundary_figure,
    curves_figure,
    data_series,
    network_figure,
    point_series,
)
from activations.training.lab import Lab, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture
from activations.training.upload import MAX_CLASSES


def lab_for(hidden=(8, 8), dataset="moons", act="relu", runs=1, lr=3.0) -> Lab:
    classes = 3 if dataset == "spiral3" else 2
    run = RunConfig(architecture(hidden, classes, act), Recipe("sgd", lr, 32))
    lab = Lab(LabConfig(DataConfig(dataset, 300), (run,) * runs))
    lab.start()
    lab.tick(0.05)
    lab.tick(0.05)
    return lab


def as_json(option: dict) -> str:
    """What Streamlit sends: strict JSON (no NaN, no numpy types)."""
    return json.dumps(option, allow_nan=False)


def figures(lab: Lab) -> list[dict]:
    data, run = lab.data, lab.runs[0]
    runs = [(str(i), r.history) for i, r in enumerate(lab.runs)]
    return [
        boundary_figure(run.trainer.probabilities(data.extent, 20), data.extent,
                        point_series(data.x_train.numpy(), data.y_train.numpy(), data.x_test.numpy(),
                                     data.y_test.numpy(), data.classes, "en"), "t"),
        network_figure(run.trainer.arch.sizes, [w.numpy() for w in run.trainer.network.layer_weights()],
                       run.latest.units, "ko", "n"),
        curves_figure(runs, False, "en"),
        curves_figure(runs, True, "ko"),
        born_dead_figure(born_dead(data.x_train, 2, 6, 20), "en"),
    ]  # fmt: skip


@pytest.mark.parametrize(("dataset", "hidden", "act"), [("moons", (8, 8), "relu"), ("spiral3", (5,), "tanh")])
def test_every_option_is_strict_json(dataset, hidden, act):
    for option in figures(lab_for(hidden, dataset, act)):
        assert option["animation"] is False or "animation" not in option
        assert json.loads(as_json(option))["series"]


def test_a_diverged_network_still_draws():
    lab = lab_for(act="leaky_relu", lr=10.0)
    run = lab.runs[0]
    run.trainer.network.flat.fill_(float("nan"))
    run.record()
    for option in figures(lab):
        as_json(option)


def heatmap(option: dict) -> np.ndarray:
    """The decision-boundary image of a boundary option, as an RGB array (top row = largest y)."""
    url = option["graphic"][0]["style"]["image"]
    assert url.startswith("data:image/png;base64,")
    return np.array(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB"))


def test_boundary_colours_follow_the_winning_class():
    probs = np.zeros((2, 4, 6))
    probs[1, :, 3:] = 1.0  # right half: class 1, surely
    probs[0, :, :3] = 1.0  # left half: class 0, surely
    probs[:, 0, :] = 0.5  # bottom row: a tie
    image = heatmap(boundary_figure(probs, 1.0, [])).astype(int)
    assert image.shape == (HEATMAP_PIXELS, HEATMAP_PIXELS, 3)  # interpolated up from 4 x 6 cells
    orange, blue = image[0, 0], image[0, -1]
    assert orange[0] > orange[2] + 60 and blue[2] > blue[0] + 60  # class 0 orange, class 1 blue
    assert (image[-1] > 235).all()  # the tie (bottom row of cells, drawn last) is near white
    assert (image[:60, :50] == orange).all() and (image[:60, 70:] == blue).all()


@pytest.mark.parametrize("classes", [2, 3])
def test_boundary_palette_agrees_with_the_colour_formula(classes):
    """The palette look-up draws what mixing each pixel's colour into white by its confidence
    would (within one unit of rounding), ties and a diverged network included."""
    from activations.training import figures as module

    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(classes), size=(7, 9)).transpose(2, 0, 1)
    probs[:, 0, :] = 1 / classes  # a row of ties
    probs[:, 1, 1] = np.nan  # a diverged cell
    finite = np.where(np.isfinite(probs), probs, 1 / classes)
    fine = module._upsample(finite, HEATMAP_PIXELS)
    confidence = np.clip((fine.max(0) - 1 / classes) / (1 - 1 / classes), 0, 1)
    colors = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in CLASS_COLORS[:classes]], float)
    expected = np.flipud(255 - (255 - colors[fine.argmax(0)]) * (0.06 + 0.5 * confidence)[..., None])
    drawn = heatmap(boundary_figure(probs, 1.0, [])).astype(float)
    assert np.abs(drawn - expected).max() <= 1.0


def test_boundary_image_fills_the_plot_and_draws_every_point_once():
    lab = lab_for(dataset="spiral3", hidden=(5,))
    option = figures(lab)[0]
    grid, image = option["grid"], option["graphic"][0]
    assert grid["width"] == grid["height"] == image["style"]["width"] == image["style"]["height"]
    assert grid["left"] == image["left"] == "center" and grid["top"] == image["top"]
    assert heatmap(option).shape == (HEATMAP_PIXELS, HEATMAP_PIXELS, 3)
    points = sum(len(series["data"]) for series in option["series"])
    assert points == 300 and len(option["series"]) == 2 * 3


def test_network_greys_dead_units_and_their_edges():
    dead = (np.array([True, False]),)
    states = UnitStates(dead, (np.zeros(2, bool),))
    weights = [np.array([[0.5, -0.5], [1.0, -2.0]]), np.array([[3.0, -1.0]])]
    option = network_figure((2, 2, 1), weights, states, "en")
    lines, nodes, labels = (series["data"] for series in option["series"])
    colors = [node["itemStyle"]["color"] for node in nodes]
    assert colors[2:4] == [NODE_COLORS["dead"], NODE_COLORS["alive"]]
    assert "dead" in nodes[2]["name"]
    by_target = {(tuple(line["coords"][0]), tuple(line["coords"][1])): line["lineStyle"] for line in lines}
    dead_y = nodes[2]["value"][1]
    for (start, end), style in by_target.items():
        touches_dead = (end == (1, dead_y)) or (start == (1, dead_y))
        assert (style["color"] == GREY_EDGE) == touches_dead
    alive_styles = [s for s in by_target.values() if s["color"] != GREY_EDGE]
    assert {s["color"] for s in alive_styles} == {POSITIVE, NEGATIVE}
    assert [label["label"]["formatter"] for label in labels] == ["input", "2 · 1 dead", "output"]


def test_edge_width_grows_with_abs_weight_and_edges_are_capped():
    states = UnitStates((np.zeros(3, bool),), (np.zeros(3, bool),))
    weights = [np.array([[0.1, 0.1], [1.0, 1.0], [-3.0, -3.0]]), np.array([[1.0, 1.0, 1.0]])]
    lines = network_figure((2, 3, 1), weights, states, "en")["series"][0]["data"]
    width = {round(abs(w), 1): None for w in (0.1, 1.0, 3.0)}
    for line, w in zip(lines[:6], [0.1, 0.1, 1.0, 1.0, 3.0, 3.0], strict=True):
        width[w] = line["lineStyle"]["width"]
    assert width[0.1] < width[1.0] < width[3.0]
    alive = (np.zeros(64, bool),) * 3
    big = np.ones((64, 64))
    wide = network_figure((2, 64, 64, 64, 1), [np.ones((64, 2)), big, big, np.ones((1, 64))],
                          UnitStates(alive, alive), "en")  # fmt: skip
    assert len(wide["series"][0]["data"]) == MAX_EDGES


def test_curves_and_dead_units_read_the_history():
    lab = lab_for(runs=2)
    history = lab.runs[0].history
    option = curves_figure([("A", history), ("B", lab.runs[1].history)], False, "en")
    dataset = option["dataset"][0]
    assert dataset["dimensions"][:2] == ["step", "epoch"] and len(dataset["source"]) == len(history)
    assert [row[0] for row in dataset["source"]] == list(history.series("step"))
    assert option["yAxis"][0]["type"] == "log" and option["yAxis"][2]["max"] == 8
    panels = [s["xAxisIndex"] for s in option["series"]]
    assert panels.count(0) == panels.count(1) == 4 and panels.count(2) == 4  # 2 runs x 2 layers
    dead = [s["encode"]["y"] for s in option["series"] if s["xAxisIndex"] == 2]
    assert dead == ["dead_1", "dead_2"] * 2
    with_saturated = curves_figure([("", history)], True, "en")
    assert [s["encode"]["y"] for s in with_saturated["series"] if s["xAxisIndex"] == 2] == [
        "dead_1",
        "dead_2",
        "saturated_1",
        "saturated_2",
    ]


def test_history_rows_keep_steps_exact_and_nan_as_gaps():
    lab = lab_for(act="leaky_relu", lr=10.0)
    run = lab.runs[0]
    run.trainer.step(1)
    run.trainer.steps = 123_457  # a long run's step count (6 significant digits), without its minutes
    run.trainer.network.flat.fill_(float("nan"))
    run.record()
    rows = curves_figure([("", run.history)], False, "en")["dataset"][0]["source"]
    assert rows[-1][0] == 123_457 and rows[-1][2] is None  # step exact, loss a gap


def test_born_dead_bars_are_fractions():
    result = born_dead(lab_for().data.x_train, 2, 10, 50, init="kaiming_normal")
    option = born_dead_figure(result, "ko")
    assert option["xAxis"]["data"] == [str(d) for d in range(1, 11)]
    assert option["series"][0]["data"][-1] == pytest.approx(result.p_born_dead)


def test_history_rows_are_reused_between_refreshes_and_rebuilt_after_thinning(monkeypatch):
    from activations.training import lab as lab_module

    monkeypatch.setattr(lab_module, "MAX_RECORDS", 6)
    lab = lab_for()
    history = lab.runs[0].history
    first = curves_figure([("", history)], False, "en")["dataset"][0]["source"]
    lab.runs[0].trainer.step(1)
    lab.runs[0].record()
    second = curves_figure([("", history)], False, "en")["dataset"][0]["source"]
    assert second is first and len(second) == len(history)  # the same list, one row longer
    for _ in range(6):
        lab.runs[0].trainer.step(1)
        lab.runs[0].record()
    third = curves_figure([("", history)], False, "en")["dataset"][0]["source"]
    assert len(history) <= 6 and [row[0] for row in third] == list(history.series("step"))


def test_data_series_are_made_once_per_data_set_and_language():
    data = DataConfig("spiral3", 120, 0.05, 0.25, 4)
    first = data_series(data, "en")
    assert data_series(DataConfig("spiral3", 120, 0.05, 0.25, 4), "en") is first  # equal configs: cached
    assert data_series(data, "ko") is not first and data_series(data, "ko")[0]["name"] != first[0]["name"]
    made = data.make()
    arrays = (made.x_train.numpy(), made.y_train.numpy(), made.x_test.numpy(), made.y_test.numpy())
    assert list(first) == point_series(*arrays, 3, "en")  # the same series as from the data set itself
    assert sum(len(series["data"]) for series in first) == 120
    assert json.loads(json.dumps(boundary_figure(np.full((3, 4, 4), 1 / 3), 1.5, first)))["series"]


def test_colours_are_the_themes():
    from activations.core import theme
    from activations.training import figures

    assert figures.RUN_COLORS == (theme.BLUE, theme.RED) and NODE_COLORS["dead"] == theme.GREY
    assert figures.CLASS_COLORS[:3] == (theme.ORANGE, theme.BLUE, theme.TEAL)
    assert set(figures.CLASS_COLORS) <= {theme.BLUE, theme.ORANGE, theme.TEAL, theme.PURPLE, *theme.SERIES}
    assert len(set(figures.CLASS_COLORS)) == len(figures.CLASS_COLORS) >= MAX_CLASSES  # one per class
    assert all(
        color.startswith("#") and len(color) == 7 for color in figures.CLASS_COLORS
    )  # the PNG needs hex


def test_uploaded_class_names_label_the_legend_and_the_alt_text():
    rows = [f"{i % 5},{i // 5},{name}" for i, name in enumerate(["cat", "dog", "*bird*", "<b>e</b>"] * 4)]
    data = DataConfig(UPLOAD, upload_csv=("\n".join(rows) + "\n").encode())
    points = list(data_series(data, "en"))
    figure = boundary_figure(np.full((4, 4, 4), 0.25), 1.0, points)
    names = ["class cat", "class dog", "class *bird*", "class <b>e</b>"]
    assert figure["legend"]["data"] == names, "one entry per class, as written (text, never HTML)"
    assert [series["name"] for series in points] == names * 2, "train and test share a class's name"
    probs = np.zeros((4, 4, 4))
    probs[1] = 1.0
    assert "class dog on 100%" in boundary_alt(probs, 1.0, "en", data.class_names)
    assert "class 1 on 100%" in boundary_alt(probs, 1.0, "en")


def test_every_class_up_to_the_upload_limit_has_its_colour():
    rows = [f"{i % 7},{i // 7},{i % MAX_CLASSES}" for i in range(4 * MAX_CLASSES)]
    data = DataConfig(UPLOAD, upload_csv=("\n".join(rows) + "\n").encode())
    probs = np.random.default_rng(0).random((MAX_CLASSES, 6, 6))
    figure = boundary_figure(probs / probs.sum(axis=0), 1.0, list(data_series(data, "ko")))
    assert len(figure["legend"]["data"]) == MAX_CLASSES and figure["legend"]["data"][0] == "클래스 0"
