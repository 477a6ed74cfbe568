"""The language of this session, and ``tr``: :func:`activations.core.i18n.t` in that language."""

from __future__ import annotations

import streamlit as st

from activations.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, t


def current_language() -> str:
    """The language chosen by the switch, else the link's ``lang``, else English."""
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def tr(key: str, /, **values: object) -> str:
    """:func:`activations.core.i18n.t` in the current language."""
    return t(key, current_language(), **values)
