"""Activation Explorer's entrypoint: ``streamlit run app.py``.

This file is read twice, for two jobs:

* ``streamlit run`` finds the ``st.App`` below and imports this file once as a module to serve it;
  its lifespan hook starts importing torch while the server starts (ui/warm_up.py), which takes
  about a second off the first page load.
* Each session then runs this file as its script (``__name__ == "__main__"``): it routes the
  request to its page (ui/navigation.py); each page draws the shared frame itself (ui/frame.py).
"""

import streamlit as st

if __name__ == "__main__":
    from ui.navigation import navigate

    navigate()
else:
    from starlette.middleware import Middleware

    from ui import compression, logs
    from ui.api import ROUTES
    from ui.preload import PreloadMiddleware
    from ui.stream import STREAM_ROUTES
    from ui.warm_up import lifespan

    app = st.App(
        __file__,
        lifespan=lifespan,
        # GET /api/curve, /api/softmax (ui/api.py); the live lab's stream and its fallback (ui/stream.py)
        routes=[*ROUTES, *STREAM_ROUTES],
        # gzip the JS bundles too (ui/compression.py); preload what every first view needs (ui/preload.py)
        middleware=[*compression.middleware(), Middleware(PreloadMiddleware)],
        on_script_error=logs.script_error,  # one JSON line per script error on stderr (ui/logs.py)
    )
