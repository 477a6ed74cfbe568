"""What the Depth chart component is sent: torch's per-layer numbers, named, with no NaN."""

import json
import math

import pytest

from activations.depth import chart
from activations.depth.measure import EDGES, DepthConfig, Shape, measure

SMALL = Shape(depth=6, width=16, batch=32, seed=0)
STORY = (
    DepthConfig.of("relu", init="kaiming_normal"),
    DepthConfig.of("relu", init="xavier_normal"),
    DepthConfig.of("sigmoid", init="xavier_normal"),
)


def message(configs=STORY, shape=SMALL, lang="en") -> dict:
    results = [measure(config, shape) for config in configs]
    return chart.message(configs, results, lang, alt="alt text", stem="depth_stem")


def test_every_panel_holds_torchs_numbers_by_layer():
    data = message()
    assert data["depth"] == SMALL.depth and data["alt"] == "alt text" and data["stem"] == "depth_stem"
    assert [m["key"] for m in data["metrics"]] == list(chart.METRIC_KEYS)
    for config, sent in zip(STORY, data["configs"], strict=True):
        result = measure(config, SMALL)
        for key in chart.METRIC_KEYS:
            assert sent["layers"][key] == pytest.approx(getattr(result, key).tolist(), rel=0, abs=0)
        assert sent["histogram"] == result.histogram.tolist()
        assert all(sum(row) == SMALL.width * SMALL.batch for row in sent["histogram"])
        assert sent["overflow_at"] is None
    assert data["edges"] == EDGES.tolist()


def test_names_colours_and_labels():
    data = message()
    assert [c["name"] for c in data["configs"]] == [
        "ReLU · Kaiming normal", "ReLU · Xavier normal", "Sigmoid · Xavier normal",
    ]  # fmt: skip
    assert len({c["color"] for c in data["configs"]}) == 3
    korean = message(lang="ko")
    assert korean["configs"][0]["name"] == "ReLU · Kaiming 정규"
    assert korean["labels"]["depth_page.metric.zero_grad"] == "여기서 죽음 (f' = 0)"
    assert set(chart.LABEL_KEYS) == set(data["labels"])


def test_parameters_and_init_std_are_named_when_they_differ_from_the_defaults():
    leaky = DepthConfig.of("leaky_relu", {"negative_slope": 0.2}, init="normal", init_std=0.05)
    assert chart.config_name(leaky, "en") == "LeakyReLU(negative_slope=0.2) · Normal (σ=0.05)"
    plain = DepthConfig.of("leaky_relu", {"negative_slope": 0.01}, init="orthogonal")
    assert chart.config_name(plain, "en") == "LeakyReLU · Orthogonal"


def test_overflow_is_named_by_layer_and_never_sent_as_nan():
    exploding = DepthConfig.of("relu", init="normal", init_std=30.0)
    data = message((exploding,), Shape(depth=40, width=16, batch=8, seed=0))
    (sent,) = data["configs"]
    result = measure(exploding, Shape(depth=40, width=16, batch=8, seed=0))
    assert result.diverged_at is not None, "std 30 per layer overflows float32 within 40 layers"
    assert sent["overflow_at"] == result.diverged_at + 1
    text = json.dumps(data, allow_nan=False)  # raises on NaN or inf
    assert "NaN" not in text
    layers = sent["layers"]["act_rms"]
    assert layers[result.diverged_at] is None and all(v is not None for v in layers[: result.diverged_at])


def test_the_message_is_small_and_plain_json_at_the_largest_depth():
    shape = Shape(depth=200, width=8, batch=4, seed=1)
    text = json.dumps(message(shape=shape), allow_nan=False)
    assert len(text) < 400_000
    data = json.loads(text)
    assert all(len(c["layers"]["grad_norm"]) == 200 and len(c["histogram"]) == 200 for c in data["configs"])
    assert all(isinstance(v, float) and math.isfinite(v) for v in data["configs"][0]["layers"]["act_rms"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_panel_has_its_label_and_help(lang):
    labels = message(lang=lang)["labels"]
    assert chart.PANELS[-1] == chart.HISTOGRAM
    for key in chart.PANELS:
        assert labels[f"depth_page.metric.{key}"] and labels[f"depth_page.metric.{key}_help"]


def test_the_charts_view_comes_from_the_link_and_bad_values_fall_back():
    assert chart.view({}) == ({"panel": "act_rms", "scale": "log", "heat": "a"}, [])
    shown, problems = chart.view({"panel": ["grad_norm"], "scale": ["linear"], "heat": ["c"]})
    assert shown == {"panel": "grad_norm", "scale": "linear", "heat": "c"} and not problems
    shown, problems = chart.view({"panel": ["<b>"], "heat": ["d"]})
    assert shown == {"panel": "act_rms", "scale": "log", "heat": "a"}
    assert [p.keys for p in problems] == [("panel",), ("heat",)]
    data = message()
    assert data["view"] == chart.view({})[0]
    assert data["link"]["owns"] == ["panel", "scale", "heat"]
    assert [f["default"] for f in data["link"]["fields"]] == ["act_rms", "log", "a"]
