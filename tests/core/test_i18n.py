"""Every string exists in English and Korean with the same placeholders."""

import re
import string

import pytest

from activations.core.i18n import CATALOG, LANGUAGES, t

HANGUL = re.compile("[\uac00-\ud7a3]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_both_languages_present_with_same_placeholders(key):
    texts = CATALOG[key]
    assert set(texts) == set(LANGUAGES)
    assert placeholders(texts["en"]) == placeholders(texts["ko"])


def test_korean_is_korean():
    korean = [k for k, texts in CATALOG.items() if HANGUL.search(texts["ko"])]
    assert len(korean) > 0.8 * len(CATALOG)


def test_t_formats_and_falls_back():
    assert t("link.problem", "ko", key="a", raw="b", reason="c", allowed="d", fallback="e").startswith("a=b")
    assert t("yes", "xx") == "yes"


PLURAL_SPEC = re.compile(r"\{\w+:[^{}|]*\|[^{}]*\}")


@pytest.mark.parametrize("key", sorted(CATALOG))
@pytest.mark.parametrize("count", [1, 2, "1,048,576"])
def test_every_string_formats_in_both_languages(key, count):
    """Each placeholder filled with a number (or a number written for people where no number format
    is asked for): no KeyError, no format error, nothing left in braces; Korean has no plural specs."""
    names = placeholders(CATALOG[key]["en"])
    for lang in LANGUAGES:
        specs = {name: spec for _, name, spec, _ in string.Formatter().parse(CATALOG[key][lang]) if name}
        values = {name: count if not specs[name] or "|" in specs[name] else 2 for name in names}
        text = t(key, lang, **values)
        if names:
            assert not PLURAL_SPEC.search(text) and not any(f"{{{name}" in text for name in names), text
    assert not PLURAL_SPEC.search(CATALOG[key]["ko"]), "Korean keeps plain placeholders"


@pytest.mark.parametrize(
    ("key", "values", "one", "many"),
    [
        ("speed.measured", {"time": "12:00:00", "elapsed": "1.0"}, "(1 round)", "(2 rounds)"),
        ("speed.size_caption", {"bytes": "4 B", "dtype": "float32"}, "1 element ·", "2 elements ·"),
        (
            "speed.prompt",
            {"size": "1", "device": "cpu", "dtype": "float32"},
            "1 activation on",
            "2 activations",
        ),
        ("softmax.chart.others", {}, "1 other (sum)", "2 others (sum)"),
        ("softmax.detail.too_many", {"limit": 64}, "holds 1 value and", "holds 2 values and"),
        ("upload.reason.columns", {}, "1 column instead", "2 columns instead"),
        ("upload.reason.classes", {"limit": 8}, "1 class;", "2 classes;"),
        ("speed.c.near_copy", {"total": 23, "percent": 80, "names": "ReLU"}, "activations runs at", "run at"),
        (
            "speed.c.near_copy",
            {"total": 23, "percent": 80, "names": "ReLU"},
            "for it memory",
            "for them memory",
        ),
    ],
)
def test_english_counts_in_singular_and_plural(key, values, one, many):
    text = CATALOG[key]["en"]
    specs = string.Formatter().parse(text)
    counted = next(name for _, name, spec, _ in specs if spec and "|" in spec and name not in values)
    others = {name: "x" for name in placeholders(text) if name not in values and name != counted}
    assert one in t(key, "en", **values, **others, **{counted: 1})
    assert many in t(key, "en", **values, **others, **{counted: 2})
    assert many in t(key, "en", **values, **others, **{counted: "2"}), "a number already written as text"
    korean = t(key, "ko", **values, **others, **{counted: 1})
    assert "|" not in korean and "{" not in korean


def test_one_run_two_runs():
    assert t("speed.measured", "en", time="t", elapsed="1", rounds=1).endswith(
        "(1 round). Results are kept per device, dtype and size for everyone on this server."
    )
    assert "(7 rounds)" in t("speed.measured", "en", time="t", elapsed="1", rounds=7)
    assert "(1회 반복)" in t("speed.measured", "ko", time="t", elapsed="1", rounds=1)
    assert (
        t("upload.using", "en", file="a.csv", rows="1,000", classes=2, names="cat, dog")
        == "Training on a.csv: 1,000 points, 2 classes (cat, dog)."
    )
    assert (
        t("softmax.names_fewer", "en", given=1, count=2) == "1 name for 2 classes: the others are numbered."
    )
    assert (
        t("softmax.names_more", "en", given=3, count=1)
        == "3 names for 1 class: the extra names are not used."
    )
