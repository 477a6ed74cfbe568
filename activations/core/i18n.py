"""Every user-visible string, in English and Korean, behind one function: :func:`t`.

The catalogs live in ``activations/core/locales/``, one module per feature plus ``common``; each defines
``STRINGS = {key: {"en": ..., "ko": ...}}``. Keys are unique across modules. Placeholders use
``str.format`` names (``{name}``) and must be the same in both languages (a test checks).

Strings that count things pick the English singular or plural with a ``one|other`` format spec
(:mod:`activations.core.plural`): ``"{count} {count:class|classes}"`` is "1 class", "3 classes"
(the value may be a number or a number already written with separators, ``"1,048,576"``). Korean
has no plural forms: its text keeps the plain ``{count}``.
"""

from __future__ import annotations

import importlib
import pkgutil

from activations.core import locales
from activations.core.fields import Choice, Problem
from activations.core.plural import FORMATTER

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LANGUAGE = Choice("lang", DEFAULT_LANGUAGE, LANGUAGES, widget="segmented", label="frame.language")


def _load() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for module_info in pkgutil.iter_modules(locales.__path__):
        module = importlib.import_module(f"{locales.__name__}.{module_info.name}")
        for key, texts in module.STRINGS.items():
            if key in catalog:
                raise ValueError(f"translation key {key!r} is defined twice")
            catalog[key] = texts
    return catalog


CATALOG = _load()


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English if that language lacks it), formatted; a
    ``{name:one|other}`` field is the form of the noun for ``values[name]``."""
    texts = CATALOG[key]
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    if not values:
        return text
    # str.format is ~10x faster than the plural-aware formatter; only texts with a "|" need it.
    return FORMATTER.format(text, **values) if "|" in text else text.format(**values)


def problem_message(problem: Problem, lang: str) -> str:
    """The plain text of a replaced link value: "Ignored xmin=nan: not a plain decimal number
    (allowed: -50 … 50). Using -6 instead." (the page's warning and the JSON API's error alike)."""
    return t("link.problem", lang, key=problem.key, raw=problem.raw, reason=t(problem.reason, lang),
             allowed=problem.allowed, fallback=problem.fallback)  # fmt: skip
