"""The app's JSON routes, served next to Streamlit by ``st.App(routes=...)``.

``GET /api/curve?<the Activations page's query string>``: see activations/explorer/api.py. The
query string is capped at ``MAX_QUERY_CHARS``; whatever goes wrong, the answer is JSON, never a
traceback.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

MAX_QUERY_CHARS = 4000
_LOG = logging.getLogger(__name__)


def curve(request: Request) -> JSONResponse:
    """Runs in Starlette's thread pool (a plain ``def``), so torch never blocks the event loop."""
    # Imported on the first request, not when app.py is imported: torch loads in the warm-up
    # thread (ui/warm_up.py) while the server already answers.
    from activations.core.fields import parse_query, validate
    from activations.core.i18n import DEFAULT_LANGUAGE, LANGUAGE, t
    from activations.explorer.api import curve_reply

    query = request.url.query
    if len(query) > MAX_QUERY_CHARS:
        error = f"query: {t('reason.too_long', DEFAULT_LANGUAGE)} (≤ {MAX_QUERY_CHARS} characters)"
        return JSONResponse({"error": error}, status_code=400)
    try:
        raw = parse_query(query)
        language, problems = validate({"lang": raw.get("lang", [])}, [LANGUAGE])
        status, body = curve_reply(raw, str(language["lang"]), problems)
    except Exception:
        _LOG.exception("GET /api/curve failed for %r", query)
        return JSONResponse({"error": "internal error"}, status_code=500)
    return JSONResponse(body, status_code=status)


ROUTES = [Route("/api/curve", curve, methods=["GET"])]
