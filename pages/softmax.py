"""Placeholder until the softmax page lands."""

import streamlit as st

from ui.frame import page_frame, tr

page_frame("nav.softmax")
st.title(tr("nav.softmax"))
