"""The page state base: values by URL key, and back to URL text in each field's format."""

import dataclasses
from collections.abc import Mapping

from activations.core.fields import Choice, Field, Flag, MultiChoice, Number, Text, Whole, as_raw, validate
from activations.core.state import State

SIZE = Whole("size", 500, 1, 10_000)
RATE = Number("rate", 0.1, 0.0, 1.0)
NAMES = MultiChoice("names", ("a", "b", "c"), max_items=3)
B_MODE = Choice("b_mode", "x", ("x", "y"))
B_ON = Flag("b_on")
B_EXTRA = Text("b_extra", "", 20)


@dataclasses.dataclass(frozen=True)
class Inner(State):
    mode: str
    on: bool
    extra: Mapping[str, str]


@dataclasses.dataclass(frozen=True)
class Outer(State):
    size: int
    rate: float
    names: tuple[str, ...]
    inner: Inner | None = dataclasses.field(metadata={"prefix": "b_"})

    def fields(self) -> tuple[Field, ...]:
        return (SIZE, RATE, NAMES, B_MODE, B_ON, B_EXTRA)


def test_values_come_from_the_dataclass_fields_with_prefixes_and_mappings():
    state = Outer(500, 1e-7, ("a", "c"), Inner("y", True, {"extra": "hi, you"}))
    assert state.values() == {"size": 500, "rate": 1e-7, "names": ("a", "c"), "b_mode": "y", "b_on": True,
                              "b_extra": "hi, you"}  # fmt: skip
    assert Outer(500, 0.1, (), None).values() == {"size": 500, "rate": 0.1, "names": ()}


def test_raw_and_query_write_each_value_in_its_fields_format():
    state = Outer(500, 1e-7, ("a", "c"), Inner("y", True, {"extra": "hi, you"}))
    raw = state.raw()
    assert raw == {"size": ["500"], "rate": ["1e-7"], "names": ["a", "c"], "b_mode": ["y"], "b_on": ["true"],
                   "b_extra": ["hi, you"]}  # fmt: skip
    values, problems = validate(raw, state.fields())
    assert problems == [] and values == state.values()
    assert state.query() == "rate=1e-7&names=a&names=c&b_mode=y&b_on=true&b_extra=hi,%20you"


def test_a_reported_value_is_formatted_by_its_field_or_passed_on_as_text():
    raw = as_raw({"size": 3000, "rate": "fast", "names": ["b"], "other": 1}, (SIZE, RATE, NAMES, B_ON))
    assert raw == {"size": ["3000"], "rate": ["fast"], "names": ["b"]}
    assert [p.key for p in validate(raw, (SIZE, RATE, NAMES))[1]] == ["rate"]
    assert as_raw({"size": 2.5}, (SIZE,)) == {"size": ["2.5"]}  # refused by the check, not rounded
