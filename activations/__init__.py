"""Activation Explorer's library: torch, numpy and plotly, no streamlit. See README.md, "Layout"."""
