"""English singular and plural forms for strings that count things."""

import pytest

from activations.core.plural import counted, format_counted, is_one, plural


@pytest.mark.parametrize(
    ("count", "one"),
    [(1, True), (1.0, True), ("1", True), (" 1 ", True), (0, False), (2, False), (-1, False), (1.5, False),
     ("1,048,576", False), ("1,000", False), ("", False), ("n/a", False), (True, False)],
)  # fmt: skip
def test_is_one(count, one):
    assert is_one(count) is one


def test_plural_and_counted():
    assert plural(1, "run") == "run" and plural(2, "run") == "runs" and plural(0, "run") == "runs"
    assert plural(3, "class", "classes") == "classes" and plural(1, "class", "classes") == "class"
    assert counted(1, "run") == "1 run" and counted(2, "run") == "2 runs"
    assert counted(1_048_576, "element") == "1,048,576 elements"
    assert counted(1.5, "second") == "1.5 seconds" and counted(1.0, "second") == "1 second"


def test_format_spec_in_a_catalog_string():
    text = "{count} {count:activation|activations} on {size} {size:element|elements}"
    assert format_counted(text, count=1, size="1") == "1 activation on 1 element"
    assert format_counted(text, count=23, size="1,048,576") == "23 activations on 1,048,576 elements"
    assert format_counted("{x:.2f} {n:run|runs}", x=0.5, n=1) == "0.50 run", "other specs still work"
    assert format_counted("실행 {n}회", n=2) == "실행 2회", "a Korean string without the spec is unchanged"
