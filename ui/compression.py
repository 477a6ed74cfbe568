"""Gzip for everything the server sends over HTTP, Streamlit's JavaScript bundles included.

Streamlit compresses only its small dynamic responses: its own middleware deliberately skips
``/static/`` (the JS bundles, ~7 MB for a page with plotly), expecting a proxy or CDN in front to
compress. A demo link opened by a class on a school network often has none, so each fresh browser
downloads the 7 MB. ``st.App`` puts user middleware *outside* Streamlit's, so Starlette's
``GZipMiddleware`` here sees the static responses too; responses Streamlit already compressed
carry ``Content-Encoding`` and are passed through untouched.

Starlette's middleware compresses every response anew: at level 5 about 0.13 s of CPU per 7 MB
here (level 6 costs 35 % more and level 9 twice as much, for about 1 % fewer bytes). Streamlit's
``/static/`` files never change while the server runs (their names carry a content hash), so
:class:`StaticGzipCache`, outside it, keeps each compressed file in memory after its first
request: a class of new visitors costs the compression once. Behind a proxy that compresses, set
``ACTIVATIONS_GZIP=0`` to leave it to the proxy (deploy/haproxy.cfg compresses whatever arrives
uncompressed, with a faster encoder that makes files ~50 % larger).
"""

from __future__ import annotations

import os

from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware

LEVEL = 5
MINIMUM_SIZE = 1000  # bytes; smaller bodies gain less than the header costs (Streamlit's own choice)
CACHE_BYTES = 32 * 2**20  # compressed; all of Streamlit 1.67's static files take ~9 MB


def middleware() -> list[Middleware]:
    """What app.py hands to ``st.App(middleware=...)``; empty when ``ACTIVATIONS_GZIP=0``."""
    if os.environ.get("ACTIVATIONS_GZIP", "1").strip() == "0":
        return []
    return [
        Middleware(StaticGzipCache, max_bytes=CACHE_BYTES),
        Middleware(GZipMiddleware, minimum_size=MINIMUM_SIZE, compresslevel=LEVEL),
    ]


class StaticGzipCache:
    """ASGI middleware: a gzip-compressed ``/static/`` file is answered from memory after its first
    request. Only plain GETs are cached (no query string, no conditional headers), only whole 200
    answers that came back gzipped, and no more than ``max_bytes`` in all (then it just passes on)."""

    def __init__(self, app, max_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.size = 0
        self.files: dict[str, tuple[list, bytes]] = {}  # path -> (response headers, gzipped body)

    async def __call__(self, scope, receive, send) -> None:
        if not _cacheable(scope):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path in self.files:
            headers, body = self.files[path]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        answer: dict = {"body": []}

        async def keep(message) -> None:
            if message["type"] == "http.response.start":
                answer["start"] = message
            elif message["type"] == "http.response.body":
                answer["body"].append(message.get("body", b""))
                if not message.get("more_body"):
                    self._store(path, answer)
            await send(message)

        await self.app(scope, receive, keep)

    def _store(self, path: str, answer: dict) -> None:
        start, body = answer.get("start"), b"".join(answer["body"])
        if path in self.files or start is None or start["status"] != 200:
            return
        if self.size + len(body) > self.max_bytes:
            return
        headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
        if (b"content-encoding", b"gzip") not in headers:
            return
        self.files[path] = ([*headers, (b"content-length", str(len(body)).encode())], body)
        self.size += len(body)


def _cacheable(scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or scope.get("query_string"):
        return False
    if not scope["path"].startswith("/static/"):
        return False
    headers = dict(scope["headers"])
    conditional = b"if-none-match" in headers or b"if-modified-since" in headers
    return b"gzip" in headers.get(b"accept-encoding", b"") and not conditional
