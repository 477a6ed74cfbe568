"""The frame every page shares: page config, routing, the language switch, Copy link, classroom links.

Each page calls :func:`page_frame` first; it also routes a page that a freshly started server ran
directly for a deep link (the ``pages/`` routing quirk, see ui/navigation.py). It reads the link's
classroom keys (``hide``, ``only``, ``present``: ui/classroom.py) before any widget exists, so
every field widget the page creates afterwards knows whether to hide itself.
"""

from __future__ import annotations

import streamlit as st

from activations.core.classroom import COPY_LINK
from activations.core.fields import validate
from activations.core.i18n import LANGUAGE
from ui import classroom
from ui.binder import show_problems
from ui.fields import widget
from ui.language import current_language, tr
from ui.navigation import ensure_routed
from ui.share import copy_link_button

# Less empty space above the page title than Streamlit's default (the top navigation is there).
_STYLE = "<style>.stMainBlockContainer { padding-top: 3.5rem; }</style>"


def page_frame(title_key: str) -> str:
    """Set up the page (title, wide layout, language switch, Copy link, classroom link) and return
    the language. ``title_key`` is ``nav.<page>``: the page's URL path name follows from it."""
    ensure_routed()
    room, classroom_problems = classroom.setup(title_key.removeprefix("nav."))
    st.set_page_config(
        page_title=f"{tr(title_key)} · Activation Explorer",
        page_icon="📈",
        layout="wide",
        initial_sidebar_state="collapsed" if room.present else "auto",
    )
    st.html(_STYLE + classroom.style(room))
    problems = _language_problems()
    with st.sidebar:
        st.markdown(f"### :material/show_chart: {tr('app.title')}")
        st.caption(tr("app.tagline"))
        widget(LANGUAGE)
        if classroom.visible(COPY_LINK):
            copy_link_button()
    show_problems(problems + classroom_problems)
    return current_language()


def _language_problems() -> list:
    """A bad ``?lang=``, reported once per session. Read before the switch exists: creating a bound
    widget drops a value it can't use from the URL."""
    if st.session_state.get("_lang_checked"):
        return []
    st.session_state["_lang_checked"] = True
    return validate({"lang": st.query_params.get_all("lang")}, [LANGUAGE])[1]
