"""The app's JSON routes, served next to Streamlit by ``st.App(routes=...)``.

``GET /api/curve?<the Activations page's query string>``: see activations/explorer/api.py.
``GET /api/softmax?<the Softmax page's query string>``: see activations/softmax/api.py.
``GET /api/depth?<the Depth page's query string>``: see activations/depth/api.py. The query
string is capped at ``MAX_QUERY_CHARS``; whatever goes wrong, the answer is JSON, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

MAX_QUERY_CHARS = 4000
_LOG = logging.getLogger(__name__)


def _answer(request: Request, reply: Callable[..., tuple[int, dict]]) -> JSONResponse:
    """``reply(raw, lang, problems)`` for the request's query string, as JSON."""
    from activations.core.fields import parse_query, validate
    from activations.core.i18n import DEFAULT_LANGUAGE, LANGUAGE, t

    query = request.url.query
    if len(query) > MAX_QUERY_CHARS:
        error = f"query: {t('reason.too_long', DEFAULT_LANGUAGE)} (≤ {MAX_QUERY_CHARS} characters)"
        return JSONResponse({"error": error}, status_code=400)
    try:
        raw = parse_query(query)
        language, problems = validate({"lang": raw.get("lang", [])}, [LANGUAGE])
        status, body = reply(raw, str(language["lang"]), problems)
    except Exception:
        _LOG.exception("GET %s failed for %r", request.url.path, query)
        return JSONResponse({"error": "internal error"}, status_code=500)
    return JSONResponse(body, status_code=status)


# The routes run in Starlette's thread pool (plain ``def``s), so torch never blocks the event loop.
# The library is imported on the first request, not when app.py is imported: torch loads in the
# warm-up thread (ui/warm_up.py) while the server already answers.


def curve(request: Request) -> JSONResponse:
    from activations.explorer.api import curve_reply

    return _answer(request, curve_reply)


def softmax(request: Request) -> JSONResponse:
    from activations.softmax.api import softmax_reply

    return _answer(request, softmax_reply)


def depth(request: Request) -> JSONResponse:
    from activations.depth.api import depth_reply

    return _answer(request, depth_reply)


ROUTES = [
    Route("/api/curve", curve, methods=["GET"]),
    Route("/api/softmax", softmax, methods=["GET"]),
    Route("/api/depth", depth, methods=["GET"]),
]
