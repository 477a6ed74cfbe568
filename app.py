"""Activation Explorer: the router. Each page draws the shared frame itself (see ui/frame.py).

URL paths are the page files' names (``/softmax``), the same as the file-based router gives a
freshly started server for a deep link (see README, "Routing").
"""

from pathlib import Path

import streamlit as st

from ui.frame import tr

PAGES = Path(__file__).parent / "pages"

navigation = st.navigation(
    [
        st.Page(
            PAGES / "activations.py", title=tr("nav.activations"), icon=":material/show_chart:", default=True
        ),
        st.Page(
            PAGES / "softmax.py", title=tr("nav.softmax"), icon=":material/bar_chart:", url_path="softmax"
        ),
        st.Page(
            PAGES / "training.py",
            title=tr("nav.training"),
            icon=":material/model_training:",
            url_path="training",
        ),
        st.Page(PAGES / "speed.py", title=tr("nav.speed"), icon=":material/speed:", url_path="speed"),
    ],
    position="top",
)
navigation.run()
