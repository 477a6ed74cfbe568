"""A field's rule as a chart component reads it (activations/core/rules.py)."""

import json
import re

import pytest

from activations.core import rules
from activations.core.fields import NUMBER_PATTERN, Choice, Flag, MultiChoice, Number, Steps, Text, Whole


def test_a_number_sends_its_bounds_and_the_sliders_grid():
    field = Number("alpha", 1.0, 0.0, 2.0, step=0.05, decimals=2)
    rule = rules.rule(field)
    assert rule["kind"] == "number" and rule["default"] == 1.0 and (rule["low"], rule["high"]) == (0.0, 2.0)
    assert rule["grid"][:4] == [0.0, 0.05, 0.1, 0.15] and rule["grid"][-1] == 2.0 and len(rule["grid"]) == 41
    assert all(field.parse([str(value)]) == value for value in rule["grid"])  # each a value the link takes
    assert rule["pattern"] == NUMBER_PATTERN.pattern and re.fullmatch(rule["pattern"], "-1.5e3")


def test_a_grid_is_rounded_to_the_fields_decimals():
    grid = rules.grid(Number("x", 0.0, -6.0, 6.0, step=0.1, decimals=1))
    assert 0.3 in grid and 0.30000000000000004 not in grid and grid[60] == 0.0


@pytest.mark.parametrize(
    ("field", "kind", "extra"),
    [
        (Whole("n", 5, 1, 9), "whole", {"low": 1, "high": 9, "step": 1}),
        (Steps("t", "1", ("0.5", "1", "2")), "steps", {"steps": ["0.5", "1", "2"]}),
        (Choice("act", "relu", ("relu", "gelu")), "choice", {"options": ["relu", "gelu"]}),
        (Flag("sort"), "flag", {}),
        (MultiChoice("compare", ("a", "b"), 2), "multi", {"options": ["a", "b"], "max_items": 2}),
        (Text("names", "", 100), "text", {"max_chars": 100}),
    ],
)
def test_every_kind_of_field_has_a_rule(field, kind, extra):
    rule = rules.rule(field)
    assert rule["key"] == field.key and rule["kind"] == kind and extra.items() <= rule.items()
    assert json.loads(json.dumps(rule)) == rule  # plain JSON for the component's data


def test_rules_by_key():
    fields = (Flag("a"), Choice("b", "x", ("x", "y")))
    assert list(rules.rules(fields)) == ["a", "b"]


@pytest.mark.parametrize(
    ("field", "kind", "default"),
    [
        (Number("alpha", 1.0, 0.0, 2.0), "number", 1.0),
        (Whole("n", 5, 1, 9), "whole", 5),
        (Steps("t", "1", ("0.5", "1", "2")), "steps", "1"),
        (Choice("act", "relu", ("relu", "gelu")), "choice", "relu"),
        (Flag("sort"), "flag", False),
        (MultiChoice("compare", ("a", "b"), 2, default=("b",)), "multi", ["b"]),
        (Text("names", "x, y", 100), "text", "x, y"),
    ],
)
def test_what_a_component_writes_to_the_url_is_the_key_kind_and_default(field, kind, default):
    written = rules.written(field)
    assert written == {"key": field.key, "kind": kind, "default": default}
    assert written.items() <= rules.rule(field).items()  # a rule says how to write the field too
    assert json.loads(json.dumps(written)) == written


def test_a_field_of_no_known_kind_has_no_rule():
    with pytest.raises(TypeError):
        rules.written(object())  # type: ignore[arg-type]
