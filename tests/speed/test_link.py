"""The Speed page's URL contract: device, dtype and size, each bounded, checked without Streamlit."""

import ast
import inspect
from dataclasses import asdict

import pytest

from activations.core.fields import defaults, parse_query
from activations.core.i18n import LANGUAGES, t
from activations.speed import link, timing
from activations.speed.link import FIELDS, KEYS, SpeedState, check
from activations.speed.timing import MAX_ELEMENTS, Config
from tests.test_docs import table_keys

DEFAULTS = {"device": "cpu", "dtype": "float32", "size": 2**20}


def test_defaults_when_nothing_is_given():
    state, problems = check({})
    values = state.values()
    assert values == DEFAULTS and problems == []


def test_the_fields_defaults_are_the_benchmarks_defaults():
    assert defaults(FIELDS) == asdict(Config()) == DEFAULTS
    assert KEYS == ("device", "dtype", "size")


def test_good_values_pass():
    state, problems = check({"device": ["cpu"], "dtype": ["bfloat16"], "size": ["4096"]})
    values = state.values()
    assert values == {"device": "cpu", "dtype": "bfloat16", "size": 4096} and problems == []
    assert state.config() == Config("cpu", "bfloat16", 4096) and state.config().tensor_bytes == 4096 * 2


@pytest.mark.parametrize(("text", "size"), [("4096.0", 4096), ("1e3", 1000), (" 512 ", 512), ("+64", 64)])
def test_other_spellings_of_a_whole_number_are_taken(text, size):
    state, problems = check({"size": [text]})
    values = state.values()
    assert values["size"] == size and isinstance(values["size"], int) and problems == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"device": ["cuda"]}, "reason.device_unavailable"),
        ({"device": ["mps"]}, "reason.device_unavailable"),
        ({"device": ["tpu"]}, "reason.unknown_option"),
        ({"device": ["**cpu**"]}, "reason.unknown_option"),
        ({"dtype": ["fp8"]}, "reason.unknown_option"),
        ({"dtype": ["float64"]}, "reason.unknown_option"),
        ({"size": ["nan"]}, "reason.not_a_number"),
        ({"size": ["inf"]}, "reason.not_a_number"),
        ({"size": ["1e999"]}, "reason.not_finite"),
        ({"size": ["1_000"]}, "reason.not_a_number"),
        ({"size": ["٣"]}, "reason.not_a_number"),
        ({"size": ["0x10"]}, "reason.not_a_number"),
        ({"size": ["4096.5"]}, "reason.not_an_integer"),
        ({"size": ["-5"]}, "reason.out_of_range"),
        ({"size": ["0"]}, "reason.out_of_range"),
        ({"size": [str(MAX_ELEMENTS + 1)]}, "reason.out_of_range"),
        ({"size": ["9" * 12]}, "reason.out_of_range"),
        ({"size": ["9" * 400]}, "reason.not_a_number"),
        ({"size": ["x" * 5000]}, "reason.too_long"),
    ],
)
def test_bad_values_fall_back_with_a_reason(cpu_only, raw, reason):
    state, problems = check(raw)
    values = state.values()
    assert [p.reason for p in problems] == [reason]
    key = next(iter(raw))
    assert values[key] == DEFAULTS[key] and problems[0].fallback == str(DEFAULTS[key])
    assert t(reason)  # every reason has a translation (t raises KeyError otherwise)


def test_an_unavailable_device_names_the_available_ones(cpu_only):
    (problem,) = check({"device": ["cuda"]})[1]
    assert problem.allowed == "cpu" and problem.raw == "cuda"


def test_largest_size_is_allowed_and_capped():
    state, problems = check({"size": [str(MAX_ELEMENTS)]})
    values = state.values()
    assert values["size"] == MAX_ELEMENTS == 2**24 and not problems


def test_dtype_the_device_cant_run_falls_back_to_float32(monkeypatch):
    monkeypatch.setattr(link, "dtype_supported", lambda device, dtype: dtype != "bfloat16")
    state, problems = check({"dtype": ["bfloat16"]})
    values = state.values()
    assert values["dtype"] == "float32"
    assert [p.reason for p in problems] == ["speed.reason.dtype_unsupported"]
    assert problems[0].raw == "bfloat16 @ cpu" and problems[0].fallback == "float32"


@pytest.mark.parametrize(
    "text",
    [
        "size=4096&dtype=float16",
        "?size=4096&dtype=float16",
        "http://localhost:8501/speed?size=4096&dtype=float16",
        "https://example.org/app/speed?lang=ko&size=4096&dtype=float16",
        "/speed?size=4096&dtype=float16",
    ],
)
def test_a_page_link_or_its_query_string_reads_the_same(text):
    assert check(parse_query(text)) == (SpeedState("cpu", "float16", 4096), [])


def test_labels_and_help_are_translated_and_name_the_size_limit():
    for field in FIELDS:
        assert field.label and field.help
        for lang in LANGUAGES:
            assert t(field.label, lang) and t(field.help, lang)
    assert all(f"{MAX_ELEMENTS:,}" in t(link.SIZE.help, lang) for lang in LANGUAGES)


def test_the_measurement_does_not_depend_on_the_url_contract():
    """link.py imports from timing.py, never the other way round."""
    tree = ast.parse(inspect.getsource(timing))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert "activations.speed.link" not in imported and "activations.speed" not in imported
    assert not any(name.startswith("streamlit") for name in imported)


def test_the_readme_lists_exactly_these_keys():
    assert table_keys("## Speed (`/speed`)") == set(KEYS)
