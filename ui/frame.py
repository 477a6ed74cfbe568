"""The frame every page shares: page config, routing, the language switch.

Each page calls :func:`page_frame` first; it also routes a page that a freshly started server ran
directly for a deep link (the ``pages/`` routing quirk, see ui/navigation.py).
"""

from __future__ import annotations

import streamlit as st

from activations.core.fields import Choice, validate
from activations.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ui.binder import show_problems
from ui.fields import widget
from ui.language import current_language, tr
from ui.navigation import ensure_routed

LANGUAGE = Choice("lang", DEFAULT_LANGUAGE, LANGUAGES, widget="segmented", label="frame.language")

# Less empty space above the page title than Streamlit's default (the top navigation is there).
_STYLE = "<style>.stMainBlockContainer { padding-top: 3.5rem; }</style>"


def page_frame(title_key: str) -> str:
    """Set up the page (title, wide layout, language switch) and return the language."""
    ensure_routed()
    st.set_page_config(page_title=f"{tr(title_key)} · Activation Explorer", page_icon="📈", layout="wide")
    st.html(_STYLE)
    problems = _language_problems()
    with st.sidebar:
        st.markdown(f"### :material/show_chart: {tr('app.title')}")
        st.caption(tr("app.tagline"))
        widget(LANGUAGE)
    show_problems(problems)
    return current_language()


def _language_problems() -> list:
    """A bad ``?lang=``, reported once per session. Read before the switch exists: creating a bound
    widget drops a value it can't use from the URL."""
    if st.session_state.get("_lang_checked"):
        return []
    st.session_state["_lang_checked"] = True
    return validate({"lang": st.query_params.get_all("lang")}, [LANGUAGE])[1]
