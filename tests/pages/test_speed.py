"""AppTest of the Speed page: links good and bad, running the benchmark on a tiny tensor, languages."""

import json

import pytest
import torch

from activations.core import devices
from activations.core.registry import NAMES, get
from activations.speed import timing
from activations.speed.timing import MAX_ELEMENTS, QUICK, RESULTS, Config, run_benchmark

WITH_INPLACE = [name for name in NAMES if get(name).inplace]


@pytest.fixture(autouse=True)
def quick_and_fresh(monkeypatch):
    """Quick timing settings for the page and no results left over from another test."""
    monkeypatch.setattr(timing, "DEFAULT", QUICK)
    RESULTS.clear()
    yield
    RESULTS.clear()


def chart(at) -> dict:
    (element,) = at.get("plotly_chart")
    return json.loads(element.proto.spec)


def test_default_view_waits_for_the_button(app_test):
    at = app_test("speed")
    assert not at.exception and not at.warning
    assert at.title[0].value == "Is ReLU popular because it is fast?"
    assert at.button(key="run").label == "Run benchmark"
    assert "1,048,576 elements" in at.info[0].value and f"{len(NAMES)} activations" in at.info[0].value
    assert not at.get("plotly_chart"), "nothing is measured until the button is pressed"
    assert at.number_input(key="size").value == 2**20
    assert at.button_group(key="device").value == "cpu"
    assert at.button_group(key="dtype").value == "float32"
    assert at.button_group(key="device").options == list(devices.available_devices())
    assert at.button_group(key="dtype").options == ["float32", "bfloat16", "float16"]
    assert at.number_input(key="size").help.startswith(
        "Number of elements of the input tensor, 1 to 16,777,216"
    )


def test_link_restores_the_settings(app_test):
    at = app_test("speed", dtype="bfloat16", size="4096")
    assert not at.exception and not at.warning
    assert at.number_input(key="size").value == 4096
    assert at.button_group(key="dtype").value == "bfloat16"
    assert any("4,096 elements · 8 KiB per tensor in bfloat16" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize(("size", "count"), [("4096.0", "4,096"), ("1e3", "1,000")])
def test_other_spellings_of_a_whole_size_are_taken(app_test, size, count):
    at = app_test("speed", size=size)
    assert not at.exception and not at.warning
    assert any(c.value.startswith(f"{count} elements") for c in at.sidebar.caption)


def test_running_on_a_tiny_tensor_shows_chart_table_and_conclusion(app_test):
    at = app_test("speed", size="256")
    at.button(key="run").click().run()
    assert not at.exception and not at.warning
    bars = chart(at)["data"][0]
    assert bars["type"] == "bar" and len(bars["y"]) == len(NAMES) and "<b>ReLU</b>" in bars["y"]
    main_table, inplace_table = at.dataframe
    assert len(main_table.value) == len(NAMES)
    assert list(main_table.value["ratio_to_copy"]) == sorted(main_table.value["ratio_to_copy"], reverse=True)
    assert (main_table.value["ratio_to_copy"] > 0).all() and (main_table.value["fwd"] > 0).all()
    assert len(inplace_table.value) == len(WITH_INPLACE) and inplace_table.value["inplace_verified"].all()
    conclusion = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert "ReLU's forward pass took" in conclusion and "copy" in conclusion
    assert [m.label for m in at.metric] == ["Copy (floor)", "Copy bandwidth", "ReLU vs copy", "CPU threads"]
    assert at.metric[3].value == str(torch.get_num_threads())
    assert at.button(key="run").label == "Measure again"
    assert RESULTS.get(Config(size=256)) is not None
    assert at.expander[0].label == "How this is measured"


def test_chart_views(app_test):
    RESULTS.put(run_benchmark(Config(size=256), settings=QUICK))
    at = app_test("speed", size="256")
    assert chart(at)["data"][0]["x"], "a stored result is shown without pressing the button"
    at.button_group(key="speed_view").set_value("inplace").run()
    traces = chart(at)["data"]
    assert [t["name"] for t in traces] == ["out of place: f(x)", "in place: f_(x)"]
    assert len(traces[0]["y"]) == len(WITH_INPLACE)
    at.button_group(key="speed_view").set_value("fwd_bwd").run()
    assert len(chart(at)["data"][0]["y"]) == len(NAMES) and not at.exception


def test_results_are_kept_per_configuration(app_test):
    RESULTS.put(run_benchmark(Config(size=256), settings=QUICK))
    assert app_test("speed", size="256").get("plotly_chart")
    other = app_test("speed", size="512")
    assert not other.get("plotly_chart") and other.button(key="run").label == "Run benchmark"


def test_busy_server_says_so(app_test):
    at = app_test("speed", size="256")
    with timing._LOCK:
        at.button(key="run").click().run()
    assert not at.exception
    assert any("Another benchmark is running" in w.value for w in at.warning)
    assert not at.get("plotly_chart")


def test_quick_size_pill_sets_the_size(app_test):
    at = app_test("speed")
    at.button_group(key="size_preset").set_value(2**14).run()
    assert at.number_input(key="size").value == 2**14
    assert at.query_params["size"] == "16384", "the link follows the preset, written as a whole number"
    assert at.button_group(key="size_preset").value is None and not at.exception


@pytest.mark.parametrize(
    "query",
    [
        {"device": "cuda"},
        {"device": "mps"},
        {"device": "tpu"},
        {"device": "<script>alert(1)</script>"},
        {"dtype": "fp8"},
        {"dtype": "**float32**"},
        {"size": "nan"},
        {"size": "inf"},
        {"size": "-inf"},
        {"size": "1e999"},
        {"size": "-1"},
        {"size": "0"},
        {"size": "4096.5"},
        {"size": "1_024"},
        {"size": "٣"},
        {"size": str(MAX_ELEMENTS + 1)},
        {"size": "9" * 5000},
        {"size": "$x$"},
        {"device": "cuda", "dtype": "fp8", "size": "nan"},
    ],
)
def test_bad_links_fall_back_and_say_so(app_test, monkeypatch, query):
    monkeypatch.setattr(devices, "available_devices", lambda: ("cpu",))
    at = app_test("speed", **query)
    assert not at.exception
    assert len(at.warning) == len(query), "one message per refused key"
    assert at.button_group(key="device").value == "cpu"
    assert at.button_group(key="dtype").value == "float32"
    assert at.number_input(key="size").value == 2**20
    for warning in at.warning:
        assert "<script>" not in warning.value and "**" not in warning.value.replace("\\*", "")
    assert at.button(key="run")


def test_a_bad_link_does_not_stop_a_run(app_test):
    at = app_test("speed", size="256", dtype="fp8")
    assert at.warning
    at.button(key="run").click().run()
    assert not at.exception and at.get("plotly_chart")


def test_korean(app_test):
    at = app_test("speed", lang="ko", size="256")
    assert not at.exception
    assert at.title[0].value == "ReLU는 빨라서 인기일까?"
    assert at.button(key="run").label == "벤치마크 실행"
    at.button(key="run").click().run()
    assert not at.exception
    conclusion = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert "ReLU 순전파는" in conclusion
    assert at.metric[0].label == "복사(하한)"
    assert chart(at)["layout"]["xaxis"]["title"]["text"].startswith("x.clone() 대비 속도")
