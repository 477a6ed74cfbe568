"""Activation Explorer: the router. Each page draws the shared frame itself (see ui/frame.py)."""

from pathlib import Path

import streamlit as st

from ui.frame import tr

HERE = Path(__file__).parent

PAGES = [
    st.Page(HERE / "pages/activations.py", title=tr("nav.activations"), icon="📈", default=True),
]

st.navigation(PAGES, position="top").run()
