"""Link and typed values are parsed strictly and bounded."""

import pytest

from activations.core.fields import (
    Choice,
    Flag,
    InvalidValue,
    MultiChoice,
    Number,
    Steps,
    Text,
    Whole,
    escape_markdown,
    parse_number,
    parse_query,
    url_number,
    validate,
)


@pytest.mark.parametrize("text", ["1", "-2.5", "+.5", "3.", "1e3", "-1.5E-2", " 7 "])
def test_plain_decimals_parse(text):
    assert parse_number(text) == float(text)


@pytest.mark.parametrize(
    "text", ["nan", "NaN", "inf", "-inf", "1_000", "0x10", "٣", "１", "", "1e", "--1", "1,5", "e5", "x" * 100]
)
def test_everything_else_is_rejected(text):
    with pytest.raises(InvalidValue):
        parse_number(text)


def test_overflowing_exponent_is_not_finite():
    with pytest.raises(InvalidValue) as error:
        parse_number("1e309")
    assert error.value.reason == "reason.not_finite"


def test_validate_falls_back_and_reports():
    fields = [Number("a", 1.0, 0, 10), Choice("b", "x", ("x", "y")), Text("c", "", 5)]
    values, problems = validate({"a": ["11"], "b": ["<script>"], "c": ["toolong"]}, fields)
    assert values == {"a": 1.0, "b": "x", "c": ""}
    assert [p.reason for p in problems] == ["reason.out_of_range", "reason.unknown_option", "reason.too_long"]


def test_absent_keys_take_defaults_silently():
    values, problems = validate({}, [Number("a", 2.0, 0, 10)])
    assert values == {"a": 2.0} and problems == []


def test_whole_numbers():
    field = Whole("n", 5, 1, 10)
    assert validate({"n": ["7"]}, [field])[0]["n"] == 7
    assert validate({"n": ["7.0"]}, [field])[0]["n"] == 7
    assert validate({"n": ["7.5"]}, [field])[1][0].reason == "reason.not_an_integer"
    for bad in ("inf", "1e999", "nan", "1_0", "٣"):
        values, problems = validate({"n": [bad]}, [field])
        assert values["n"] == 5 and problems, bad


def test_steps_name_the_nearest_step():
    field = Steps("t", "1", ("0.5", "1", "2"))
    assert validate({"t": ["2"]}, [field]) == ({"t": "2"}, [])
    for spelling in ("0.50", "5e-1", " .5", "+0.5000"):  # the same step: taken as the slider writes it
        assert validate({"t": [spelling]}, [field]) == ({"t": "0.5"}, []), spelling
    assert validate({"t": ["1.0000000000001"]}, [field]) == ({"t": "1"}, [])  # equal up to rounding
    values, problems = validate({"t": ["1.9"]}, [field])
    assert values["t"] == "2" and problems[0].reason == "reason.between_steps"
    assert validate({"t": ["9"]}, [field])[1][0].reason == "reason.out_of_range"


def test_parse_query_reads_links_and_bare_query_strings():
    assert parse_query("http://host/speed?size=4096&dtype=float16") == {
        "size": ["4096"],
        "dtype": ["float16"],
    }
    assert parse_query("?compare=relu&compare=gelu") == {"compare": ["relu", "gelu"]}


def test_multichoice_keeps_known_items():
    field = MultiChoice("m", ("a", "b", "c"), max_items=2)
    values, problems = validate({"m": ["a", "zzz", "b", "a"]}, [field])
    assert values["m"] == ("a", "b")
    assert problems[0].reason == "reason.unknown_option"
    values, problems = validate({"m": ["a", "b", "c"]}, [field])
    assert values["m"] == ("a", "b") and problems[0].reason == "reason.too_many"


def test_huge_raw_values_are_cut_when_echoed():
    values, problems = validate({"b": ["y" * 100_000]}, [Choice("b", "x", ("x",))])
    assert values["b"] == "x" and len(problems[0].raw) <= 40


def test_escape_markdown_neutralises_markup():
    escaped = escape_markdown("**b** $x$ :red[y] <b>")
    assert "\\*\\*b\\*\\*" in escaped and "\\$x\\$" in escaped and "\\:red\\[y\\]" in escaped


def _every_field() -> list:
    from activations.core.registry import NAMES, get
    from activations.explorer import link as explorer
    from activations.softmax import link as softmax
    from activations.speed import link as speed
    from activations.training import link as training

    fields = [*softmax.FIELDS, *speed.FIELDS, *training.fields(compare=True)]
    fields += [field for name in NAMES for field in explorer.fields(get(name))]
    fields += [field for name in NAMES for field in training.fields(name)]
    return list({field.key + repr(field): field for field in fields}.values())


def _samples(field) -> list:
    """Valid values of ``field``: its default and its extremes."""
    if isinstance(field, Number):
        return [field.default, field.low, field.high, (field.low + field.high) / 3]
    if isinstance(field, Whole):
        return [field.default, field.low, field.high]
    if isinstance(field, Steps):
        return list(field.steps)
    if isinstance(field, MultiChoice):
        return [field.default, field.options[: field.max_items]]
    if hasattr(field, "options"):
        return list(field.options)
    if isinstance(field, Flag):
        return [True, False]
    return [field.default]


@pytest.mark.parametrize("field", _every_field(), ids=lambda field: field.key)
def test_format_is_the_exact_inverse_of_parse(field):
    for value in _samples(field):
        assert field.parse(field.format(value)) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [(6.0, "6"), (0.1, "0.1"), (1e-7, "1e-7"), (1e-5, "0.00001"), (1.5e21, "1.5e+21"), (-0.0, "0")],
)
def test_numbers_are_written_as_javascript_writes_them(value, text):
    assert url_number(value) == text
