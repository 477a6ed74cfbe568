"""Every user-visible string, in English and Korean, behind one function: :func:`t`.

The catalogs live in ``activations/locales/``, one module per page plus ``common``; each defines
``STRINGS = {key: {"en": ..., "ko": ...}}``. Keys are unique across modules. Placeholders use
``str.format`` names (``{name}``) and must be the same in both languages (a test checks).
"""

from __future__ import annotations

import importlib
import pkgutil

from activations.core import locales

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"


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
    """The text for ``key`` in ``lang`` (English if that language lacks it), formatted."""
    texts = CATALOG[key]
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
