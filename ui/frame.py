"""The frame every page shares: page config, language switch, and the ``tr`` helper.

Each page calls :func:`page_frame` first; it also routes a page that a freshly started server ran
directly for a deep link (the ``pages/`` routing quirk, see ui/navigation.py).
"""

from __future__ import annotations

import streamlit as st

from activations.core.fields import Choice, Problem, validate
from activations.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

LANGUAGE = Choice("lang", DEFAULT_LANGUAGE, LANGUAGES)

# Less empty space above the page title than Streamlit's default (the top navigation is there).
_STYLE = "<style>.stMainBlockContainer { padding-top: 3.5rem; }</style>"


def current_language() -> str:
    """The language chosen by the switch, else the link's ``lang``, else English."""
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def tr(key: str, /, **values: object) -> str:
    """:func:`activations.core.i18n.t` in the current language."""
    return t(key, current_language(), **values)


def _language_problems() -> list[Problem]:
    """A bad ``?lang=``, reported once per session. Read before the switch exists: creating a bound
    widget drops a value it can't use from the URL."""
    if st.session_state.get("_lang_checked"):
        return []
    st.session_state["_lang_checked"] = True
    return validate({"lang": st.query_params.get_all("lang")}, [LANGUAGE])[1]


def page_frame(title_key: str) -> str:
    """Set up the page (title, wide layout, language switch) and return the language."""
    from ui.navigation import ensure_routed  # here, not on top: navigation imports this module

    ensure_routed()
    st.set_page_config(page_title=f"{tr(title_key)} · Activation Explorer", page_icon="📈", layout="wide")
    st.html(_STYLE)
    problems = _language_problems()
    with st.sidebar:
        st.markdown(f"### :material/show_chart: {tr('app.title')}")
        st.caption(tr("app.tagline"))
        st.segmented_control(
            tr("frame.language"),
            LANGUAGES,
            default=DEFAULT_LANGUAGE,
            key="lang",
            bind="query-params",
            required=True,
        )
    if problems:
        from ui.link_state import show_problems  # here, not on top: link_state imports this module

        show_problems(problems)
    return current_language()
