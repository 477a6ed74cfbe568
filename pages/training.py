"""Placeholder until the training page lands."""

import streamlit as st

from ui.frame import page_frame, tr

page_frame("nav.training")
st.title(tr("nav.training"))
