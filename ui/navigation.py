"""The app's pages and the one way they are run: inside ``st.navigation``.

A folder named ``pages/`` makes a freshly started server use Streamlit's old file-based router
until some session runs ``st.navigation``: the first visitor who arrives by a deep link
(``/softmax?...``) gets the page file run directly, with a sidebar list of files whose links
(``/activations``) don't exist in the real app. :func:`ensure_routed`, called first by every page,
notices that and runs the request through :func:`navigate` instead, so every visitor gets the same
top navigation, page paths and frame.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

import streamlit as st

from ui.language import tr
from ui.warm_up import wait_until_warm

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
_routed: ContextVar[bool] = ContextVar("routed", default=False)


def _pages() -> list:
    return [
        st.Page(PAGES_DIR / "activations.py", title=tr("nav.activations"), icon=":material/show_chart:",
                default=True),
        st.Page(PAGES_DIR / "softmax.py", title=tr("nav.softmax"), icon=":material/bar_chart:",
                url_path="softmax"),
        st.Page(PAGES_DIR / "training.py", title=tr("nav.training"), icon=":material/model_training:",
                url_path="training"),
        st.Page(PAGES_DIR / "speed.py", title=tr("nav.speed"), icon=":material/speed:", url_path="speed"),
        st.Page(PAGES_DIR / "depth.py", title=tr("nav.depth"), icon=":material/stacked_line_chart:",
                url_path="depth"),
    ]  # fmt: skip


def navigate() -> None:
    """Run the page the URL asks for, under the app's top navigation."""
    token = _routed.set(True)
    try:
        page = st.navigation(_pages(), position="top")
        wait_until_warm(default_page=page.url_path == "")
        page.run()
    finally:
        _routed.reset(token)


def ensure_routed() -> None:
    """If Streamlit's file-based router ran this page directly, run it through :func:`navigate`
    and end the outer run here."""
    if not _routed.get():
        navigate()
        st.stop()
