"""Streamlit glue shared by the pages: the frame, URL-bound widgets, link validation.

Kept outside ``pages/`` (every file there becomes a page) and outside ``activations/`` (the library
has no streamlit import).
"""
