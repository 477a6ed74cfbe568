"""Gzip for everything the server sends over HTTP, Streamlit's JavaScript bundles included.

Streamlit compresses only its small dynamic responses: its own middleware deliberately skips
``/static/`` (the JS bundles, ~7 MB for a page with plotly), expecting a proxy or CDN in front to
compress. A demo link opened by a class on a school network often has none, so each fresh browser
downloads the 7 MB. ``st.App`` puts user middleware *outside* Streamlit's, so Starlette's
``GZipMiddleware`` here sees the static responses too; responses Streamlit already compressed
carry ``Content-Encoding`` and are passed through untouched.

The price is CPU on every first visit (the middleware caches nothing): at level 5 about 0.13 s
per 7 MB here; level 6 costs 35 % more and level 9 twice as much, for about 1 % fewer bytes
(zlib on Streamlit's bundles). Behind a proxy that compresses, set ``ACTIVATIONS_GZIP=0`` to leave
it to the proxy (deploy/haproxy.cfg compresses whatever arrives uncompressed, with a faster
encoder that makes files ~50 % larger).
"""

from __future__ import annotations

import os

from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware

LEVEL = 5
MINIMUM_SIZE = 1000  # bytes; smaller bodies gain less than the header costs (Streamlit's own choice)


def middleware() -> list[Middleware]:
    """What app.py hands to ``st.App(middleware=...)``; empty when ``ACTIVATIONS_GZIP=0``."""
    if os.environ.get("ACTIVATIONS_GZIP", "1").strip() == "0":
        return []
    return [Middleware(GZipMiddleware, minimum_size=MINIMUM_SIZE, compresslevel=LEVEL)]
