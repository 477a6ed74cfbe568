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
from collections import OrderedDict
from collections.abc import Collection
from pathlib import Path

from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from streamlit import file_util

LEVEL = 5
MINIMUM_SIZE = 1000  # bytes; smaller bodies gain less than the header costs (Streamlit's own choice)
CACHE_BYTES = 32 * 2**20  # compressed, keys included; all of Streamlit 1.67's static files take ~9 MB
CACHE_ENTRIES = 512  # Streamlit 1.67 ships 357 files under static/; a page needs a few dozen


def middleware() -> list[Middleware]:
    """What app.py hands to ``st.App(middleware=...)``; empty when ``ACTIVATIONS_GZIP=0``."""
    if os.environ.get("ACTIVATIONS_GZIP", "1").strip() == "0":
        return []
    return [
        Middleware(StaticGzipCache, max_bytes=CACHE_BYTES, max_entries=CACHE_ENTRIES),
        Middleware(GZipMiddleware, minimum_size=MINIMUM_SIZE, compresslevel=LEVEL),
    ]


def streamlit_assets() -> frozenset[str]:
    """The URL path of every file Streamlit serves under ``/static/`` (its package's
    ``static/static`` folder), listed once: the package doesn't change while the server runs."""
    root = Path(file_util.get_static_dir())
    folder = root / "static"
    return frozenset("/" + path.relative_to(root).as_posix() for path in folder.rglob("*") if path.is_file())


class StaticGzipCache:
    """ASGI middleware: a gzip-compressed ``/static/`` file is answered from memory after its first
    request. Only plain GETs are cached (no query string, no conditional headers), only whole 200
    answers that came back gzipped, and only for paths that name one of Streamlit's real files.

    Why a list of real files, and not the answer's content type: Streamlit answers *any* unknown
    ``/static/...`` path with its ``index.html`` and status 200, so without it every distinct junk
    path a client invents would be kept (600 of them grew the server by ~160 MiB). The content type
    would also work today, but it trusts a detail of Streamlit's fallback (HTML, and nothing else,
    for a miss); the package's own file list is exact, costs one walk of its folder at start-up
    (``assets``, a frozenset, so each lookup is one hash) and can't be grown by a request.

    The cache is bounded by ``max_entries`` and by ``max_bytes`` (bodies, headers and keys), and
    forgets the least recently used file first when a new one doesn't fit."""

    def __init__(
        self,
        app,
        max_bytes: int = CACHE_BYTES,
        max_entries: int = CACHE_ENTRIES,
        assets: Collection[str] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.assets = streamlit_assets() if assets is None else frozenset(assets)
        self.size = 0
        # path -> (response headers, gzipped body); oldest use first
        self.files: OrderedDict[str, tuple[list, bytes]] = OrderedDict()

    async def __call__(self, scope, receive, send) -> None:
        if not _cacheable(scope) or scope["path"] not in self.assets:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path in self.files:
            self.files.move_to_end(path)
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
        headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
        if (b"content-encoding", b"gzip") not in headers:
            return
        headers.append((b"content-length", str(len(body)).encode()))
        cost = entry_bytes(path, headers, body)
        if cost > self.max_bytes or self.max_entries < 1:
            return
        while self.files and (len(self.files) >= self.max_entries or self.size + cost > self.max_bytes):
            old_path, (old_headers, old_body) = self.files.popitem(last=False)
            self.size -= entry_bytes(old_path, old_headers, old_body)
        self.files[path] = (headers, body)
        self.size += cost


def entry_bytes(path: str, headers: list, body: bytes) -> int:
    """What one cached file counts against ``max_bytes``: its key, headers and body."""
    return len(path) + sum(len(k) + len(v) for k, v in headers) + len(body)


def _cacheable(scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or scope.get("query_string"):
        return False
    if not scope["path"].startswith("/static/"):
        return False
    headers = dict(scope["headers"])
    conditional = b"if-none-match" in headers or b"if-modified-since" in headers
    return b"gzip" in headers.get(b"accept-encoding", b"") and not conditional
