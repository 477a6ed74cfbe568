"""The server gzips Streamlit's JavaScript bundles when the browser asks (ui/compression.py).

Streamlit itself serves /static/ uncompressed; the app's GZipMiddleware, outside Streamlit's own,
compresses them. Checked on a real ``streamlit run app.py``: the middleware list is only built
when the server imports app.py.
"""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from harness import Server
from harness.streamlit_client import run_sync
from ui import compression


def get(url: str, accept_encoding: str | None) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as reply:
        return {k.lower(): v for k, v in reply.headers.items()}, reply.read()


def test_static_javascript_comes_back_gzipped_when_asked(server: Server) -> None:
    _, html = get(server.url + "/", None)
    script = re.search(rb'src="\.?(/static/js/[^"]+\.js)"', html).group(1).decode()
    plain_headers, plain = get(server.url + script, None)
    headers, body = get(server.url + script, "gzip, deflate, br")
    assert "content-encoding" not in plain_headers
    assert headers["content-encoding"] == "gzip"
    assert "accept-encoding" in headers.get("vary", "").lower()
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 2


def test_a_static_file_is_compressed_once_and_then_served_from_memory(server: Server) -> None:
    _, html = get(server.url + "/", None)
    script = re.search(rb'src="\.?(/static/js/[^"]+\.js)"', html).group(1).decode()
    _, first = get(server.url + script, "gzip")
    again_headers, again = get(server.url + script, "gzip")
    assert again == first and again_headers["content-length"] == str(len(first))
    assert again_headers["content-encoding"] == "gzip" and "accept-encoding" in again_headers["vary"].lower()
    plain_headers, plain = get(server.url + script, None)  # a client without gzip: the plain file
    assert "content-encoding" not in plain_headers and gzip.decompress(again) == plain


def test_gzip_can_be_left_to_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIVATIONS_GZIP", "0")
    assert compression.middleware() == []
    monkeypatch.delenv("ACTIVATIONS_GZIP")
    cache, layer = compression.middleware()
    assert cache.cls is compression.StaticGzipCache and cache.kwargs == {"max_bytes": compression.CACHE_BYTES}
    assert layer.kwargs == {"minimum_size": compression.MINIMUM_SIZE, "compresslevel": compression.LEVEL}


class Calls:
    """An ASGI app standing for Streamlit + gzip: answers every path with a gzipped body in two
    chunks (or 404 under /static/missing), and counts the calls."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self, scope, receive, send) -> None:
        self.count += 1
        if scope["path"].startswith("/static/missing"):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b"no"})
            return
        headers = [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"abc", "more_body": True})
        await send({"type": "http.response.body", "body": b"def"})


def call(app, path: str, headers: dict[bytes, bytes], query: bytes = b"") -> tuple[int, bytes]:
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "query_string": query,
             "headers": list(headers.items())}  # fmt: skip
    run_sync(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


GZIP = {b"accept-encoding": b"gzip, br"}


def test_the_cache_answers_repeats_without_the_app_and_keeps_to_its_rules() -> None:
    inner = Calls()
    cache = compression.StaticGzipCache(inner, max_bytes=10)
    assert call(cache, "/static/js/a.js", GZIP) == (200, b"abcdef") and inner.count == 1
    assert call(cache, "/static/js/a.js", GZIP) == (200, b"abcdef") and inner.count == 1
    call(cache, "/static/js/a.js", {})  # no gzip accepted
    call(cache, "/static/js/a.js", GZIP, query=b"v=2")
    call(cache, "/static/js/a.js", {**GZIP, b"if-none-match": b'"x"'})
    call(cache, "/index.html", GZIP)
    assert inner.count == 5, "each of those went to the app"
    call(cache, "/static/missing.js", GZIP)
    call(cache, "/static/missing.js", GZIP)
    assert inner.count == 7, "errors are not kept"
    call(cache, "/static/js/b.js", GZIP)
    call(cache, "/static/js/b.js", GZIP)
    assert inner.count == 9 and cache.size == 6, "full: b.js (6 more bytes) was not kept"
