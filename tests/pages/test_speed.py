"""AppTest of the Speed page: links good and bad, running the benchmark on a tiny tensor, languages."""

import csv
import io
import json
import math

import pytest
import streamlit.testing.v1.app_test as app_test_module
import torch
from streamlit.testing.v1.element_tree import Block

from activations.core import devices
from activations.core.registry import NAMES, get
from activations.speed import timing
from activations.speed.figures import ratio_alt
from activations.speed.tables import format_ratio, ranked
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


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "float16"])
def test_the_page_runs_on_cuda(app_test, dtype):
    at = app_test("speed", device="cuda", dtype=dtype, size="1048576")
    assert not at.exception and not at.warning and at.button_group(key="device").value == "cuda"
    at.button(key="run").click().run()
    assert not at.exception and not at.warning
    main_table = at.dataframe[0].value
    assert len(main_table) == len(NAMES) and (main_table["fwd"] > 0).all()
    assert any("CUDA events" in el.value for el in [*at.markdown, *at.caption])


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


def test_a_bad_link_names_each_refused_value_and_the_size_used(app_test, monkeypatch):
    monkeypatch.setattr(devices, "available_devices", lambda: ("cpu",))
    at = app_test("speed", size="inf", device="cuda", dtype="fp8")
    assert not at.exception
    shown = [w.value.replace("\\", "") for w in at.warning]  # as shown: Markdown escapes removed
    assert sum(text.startswith("Ignored size=inf") for text in shown) == 1
    assert sum(text.startswith("Ignored dtype=fp8") for text in shown) == 1
    assert "1,048,576 elements · 4 MiB per tensor in float32" in [c.value for c in at.sidebar.caption]


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


def test_korean_size_controls(app_test):
    at = app_test("speed", lang="ko", size="64")
    assert not at.exception and not at.warning
    assert at.button_group(key="size_preset").label == "빠른 선택"
    assert "원소 64개 · float32 텐서 하나에 256 B" in [c.value for c in at.sidebar.caption]


# Exports, Copy link and classroom links (issue 11).


@pytest.fixture
def media(monkeypatch):
    """The files AppTest's download buttons serve: ``media(url)`` gives one's bytes."""
    stores = []

    class Recording(app_test_module.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)

    def read(url: str) -> bytes:
        name = url.rsplit("/", 1)[-1]
        for store in reversed(stores):
            try:
                return bytes(store.get_file(name).content)
            except Exception:  # an earlier run's store
                continue
        raise AssertionError(f"no file {url}")

    return read


def test_exports_hold_the_numbers_the_page_shows(app_test, media):
    at = app_test("speed", size="256")
    at.button(key="run").click().run()
    csv_button, json_button = at.get("download_button")
    assert (csv_button.key, csv_button.label) == ("export_csv", "Download CSV")
    assert (json_button.key, json_button.label) == ("export_json", "Download JSON")
    assert "speed_cpu_float32_256.csv" in csv_button.help and "speed_cpu_float32_256.json" in json_button.help
    assert csv_button.proto.ignore_rerun and json_button.proto.ignore_rerun
    rows = list(csv.DictReader(io.StringIO(media(csv_button.proto.url).decode())))
    document = json.loads(media(json_button.proto.url))
    shown = at.dataframe[0].value.set_index("activation")
    assert len(rows) == len(document["results"]) == len(shown) == len(NAMES)
    for row, record in zip(rows, document["results"], strict=True):
        label = get(row["name"]).label
        assert math.isclose(float(row["ratio_to_copy"]), shown.loc[label, "ratio_to_copy"], rel_tol=1e-3)
        assert math.isclose(record["ratio_to_copy"], shown.loc[label, "ratio_to_copy"], rel_tol=1e-3)
        assert math.isclose(float(row["gbps"]), shown.loc[label, "gbps"], rel_tol=1e-3)
    assert RESULTS.get(Config(size=256)).threads == document["threads"]


def test_korean_export_labels(app_test):
    RESULTS.put(run_benchmark(Config(size=256), settings=QUICK))
    at = app_test("speed", lang="ko", size="256")
    assert [b.label for b in at.get("download_button")] == ["CSV 내려받기", "JSON 내려받기"]


def copy_link(at) -> dict | None:
    components = [c for c in at.get("bidi_component") if c.key == "copy_link"]
    return json.loads(components[0].proto.json) if components else None


@pytest.mark.parametrize(
    ("lang", "label", "copied"), [("en", "Copy link", "Copied"), ("ko", "링크 복사", "복사했습니다")]
)
def test_copy_link_button_in_the_sidebar(app_test, lang, label, copied):
    at = app_test("speed", lang=lang)
    data = copy_link(at)
    assert data["label"] == label and data["copied"] == copied
    assert any(c.key == "copy_link" for c in at.sidebar.get("bidi_component"))


def hidden_widgets(node) -> set[str]:
    """Keys of the widgets inside the classroom's hidden containers, anywhere under ``node``."""
    found: set[str] = set()
    for child in getattr(node, "children", {}).values():
        if isinstance(child, Block) and "classroom_hidden_" in getattr(child.proto, "id", ""):
            found |= {leaf.key for leaf in child.children.values() if getattr(leaf, "key", None)}
        else:
            found |= hidden_widgets(child)
    return found


def test_only_size_keeps_the_other_widgets_but_hides_them(app_test):
    at = app_test("speed", only="size", dtype="float16", size="4096")
    assert not at.exception and not at.warning
    assert at.number_input(key="size").value == 4096
    assert at.button_group(key="dtype").value == "float16", "a hidden widget still holds the link's value"
    assert at.button_group(key="device").value == "cpu"
    assert hidden_widgets(at.sidebar) == {"lang", "device", "dtype"}
    assert "size_preset" not in [b.key for b in at.button_group], "the quick sizes act as buttons: left out"
    assert "run" not in [b.key for b in at.button], "Run is a button: only=size leaves it out"
    assert copy_link(at) is None
    style = "".join(h.proto.body for h in at.get("html"))
    assert "st-key-classroom_hidden_" in style and "font-size: 20px" not in style


def test_hide_named_groups(app_test):
    RESULTS.put(run_benchmark(Config(size=256), settings=QUICK))
    at = app_test("speed", size="256", hide=["export", "presets", "view", "dtype"])
    assert not at.exception and not at.warning
    assert not at.get("download_button") and at.button(key="run") and at.get("plotly_chart")
    assert "size_preset" not in [b.key for b in at.button_group]
    assert hidden_widgets(at.main) == {"speed_view"} and hidden_widgets(at.sidebar) == {"dtype"}
    assert at.button_group(key="speed_view").value == "fwd"


def test_unknown_group_is_a_warning_not_an_error(app_test):
    at = app_test("speed", hide=["size", "nope"], present="maybe")
    assert not at.exception
    messages = [w.value for w in at.warning]
    assert len(messages) == 2
    assert any(m.startswith("Ignored hide\\=size\\&nope\\: unknown name") for m in messages)
    assert any(m.startswith("Ignored present\\=maybe\\: not true or false") for m in messages)
    assert at.number_input(key="size").value == 2**20 and at.button(key="run")


def test_presentation_mode(app_test):
    at = app_test("speed", present="true")
    assert not at.exception and not at.warning
    style = "".join(h.proto.body for h in at.get("html"))
    assert "font-size: 20px" in style
    assert copy_link(at) is not None and at.button(key="run")


def test_the_chart_has_alt_text_from_the_results(app_test):
    """``st.plotly_chart(alt=...)``: the chart's accessible name, from the numbers it draws."""
    RESULTS.put(run_benchmark(Config(size=256), settings=QUICK))
    result = RESULTS.get(Config(size=256))
    at = app_test("speed", size="256")
    for view in ("fwd", "fwd_bwd", "inplace"):
        if view != "fwd":
            at.button_group(key="speed_view").set_value(view).run()
        assert at.get("plotly_chart")[0].proto.alt == ratio_alt(result, "en", view), view
    assert at.get("plotly_chart")[0].proto.alt.startswith("Bar chart, in place vs out of place, for the ")
    fastest = ranked(result)[0]
    text = ratio_alt(result, "en", "fwd")
    assert f"The fastest is {fastest.label} ({format_ratio(fastest.ratio_to_copy)})" in text
    korean = app_test("speed", size="256", lang="ko").get("plotly_chart")[0].proto.alt
    assert korean == ratio_alt(result, "ko", "fwd") and korean.startswith(
        "막대그래프, 순전파: 활성화 함수 23개"
    )
