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
