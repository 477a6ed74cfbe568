"""kit.js's link, the real module in Chromium, against the fields' Python: for values of every kind
it writes exactly ``field.format(value)`` (a repeated key once per item), leaves a default out,
deletes the keys it owns that the view lacks and keeps every other key."""

import sys
from urllib.parse import parse_qs

import pytest

from activations.core.fields import Choice, Flag, MultiChoice, Number, Steps, Text, Whole
from activations.core.rules import written
from activations.core.state import QUERY_SAFE
from tests.js import call, module_page

NUMBERS = [
    0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1 / 3, -2 / 3, 2.5, 6.0, 100.0, 1e-6, 1.5e-6, 9.99e-7, 1e-7,
    -3e-7, 123456.789, 1e20, 1e21, 1.5e21, -2.5e22, 5e-324, 1.7976931348623157e308, 0.3, 0.125, 1e-300,
    12345678901234567890.0, 0.000123, -49.5, 3.14159, 2 ** 53, 2 ** 53 + 2.0,
]  # fmt: skip
CASES = [
    (Number("x", 1.0, -sys.float_info.max, sys.float_info.max), NUMBERS),
    (Whole("n", 5, -(2**21), 2**21), [0, 1, 5, -7, 100, 999_999, -1_000_000, 2**20]),
    (Steps("t", "1", ("0.05", "0.5", "1", "2", "20")), ["0.05", "0.5", "1", "2", "20"]),
    (Choice("act", "relu", ("relu", "gelu", "elu")), ["relu", "gelu", "elu"]),
    (Flag("sort"), [False, True]),
    (Flag("on", True), [False, True]),
    (MultiChoice("compare", ("a", "b", "c"), 3), [(), ("a",), ("b", "a"), ("a", "b", "c")]),
    (MultiChoice("pick", ("a", "b"), 2, default=("a",)), [("a",), ("b",), ("a", "b")]),
    (Text("logits", "2, 1, 0.1", 200), ["2, 1, 0.1", "", " ", "1 2", "a&b=c", "+%20+", "[1, 2]", "ü ∑ 😀"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def page(browser):
    with module_page(browser) as page:
        yield page


def link_query(page, search, owns, fields, view):
    return call(page, "kit.js", "linkQuery", search, owns, [written(field) for field in fields], view)


@pytest.mark.parametrize(("field", "values"), CASES, ids=[field.key for field, _ in CASES])
def test_the_kit_writes_each_value_in_its_fields_format_and_leaves_defaults_out(page, field, values):
    for value in values:
        json_value = list(value) if isinstance(value, tuple) else value
        query = parse_qs(link_query(page, "keep=1", [field.key], [field], {field.key: json_value}),
                         keep_blank_values=True)  # fmt: skip
        expected = (
            {} if field.format(value) == field.format(field.default) else {field.key: field.format(value)}
        )
        assert query == {"keep": ["1"], **expected}, value
        if expected:  # and the link reads back as the value
            assert field.parse(query[field.key]) == (tuple(value) if isinstance(value, tuple) else value)


def test_keys_the_component_owns_but_the_view_lacks_are_deleted(page):
    fields = [Choice("act", "relu", ("relu", "gelu")), Number("approximate", 0.5, 0.0, 1.0)]
    search = "act=elu&alpha=2&compare=a&compare=b&lang=fr"
    query = link_query(page, search, ["act", "alpha", "approximate", "compare"], fields, {"act": "gelu"})
    assert parse_qs(query) == {"act": ["gelu"], "lang": ["fr"]}


def test_commas_stay_readable_as_the_library_writes_them(page):
    logits = Text("logits", "1,0", max_chars=100)
    query = link_query(page, "lang=ko", ["logits"], [logits], {"logits": "2,1,0.1,-1"})
    assert query == "lang=ko&logits=2,1,0.1,-1" and QUERY_SAFE == ","
