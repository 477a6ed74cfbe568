"""Placeholder until the speed page lands."""

import streamlit as st

from ui.frame import page_frame, tr

page_frame("nav.speed")
st.title(tr("nav.speed"))
