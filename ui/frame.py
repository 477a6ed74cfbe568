"""The frame every page shares: page config, language switch, and the ``tr`` helper.

Each page calls :func:`page_frame` first, so a page also works when a freshly started server runs
its file directly for a deep link (the ``pages/`` routing quirk in NOTES.md).
"""

from __future__ import annotations

import streamlit as st

from activations.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

ASSETS = "assets"


def current_language() -> str:
    """The language chosen by the switch, else the link's ``lang``, else English."""
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def tr(key: str, /, **values: object) -> str:
    """:func:`activations.i18n.t` in the current language."""
    return t(key, current_language(), **values)


def page_frame(title_key: str) -> str:
    """Set up the page (title, wide layout, language switch) and return the language."""
    st.set_page_config(page_title=f"{tr(title_key)} · Activation Explorer", page_icon="📈", layout="wide")
    with st.sidebar:
        st.segmented_control(
            tr("frame.language"),
            LANGUAGES,
            default=DEFAULT_LANGUAGE,
            key="lang",
            bind="query-params",
            required=True,
            format_func=None,
        )
    return current_language()
