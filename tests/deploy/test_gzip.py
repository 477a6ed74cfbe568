"""The server gzips Streamlit's JavaScript bundles when the browser asks (ui/compression.py).

Streamlit itself serves /static/ uncompressed; the app's GZipMiddleware, outside Streamlit's own,
compresses them. Checked on a real ``streamlit run app.py``: the middleware list is only built
when the server imports app.py.
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path

import pytest
from streamlit import file_util

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
    assert cache.cls is compression.StaticGzipCache
    assert cache.kwargs == {"max_bytes": compression.CACHE_BYTES, "max_entries": compression.CACHE_ENTRIES}
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


ASSETS = {"/static/js/a.js", "/static/js/b.js", "/static/js/c.js", "/static/missing.js"}


def kept(cache: compression.StaticGzipCache) -> list[str]:
    return list(cache.files)


def test_the_cache_answers_repeats_without_the_app_and_keeps_to_its_rules() -> None:
    inner = Calls()
    cache = compression.StaticGzipCache(inner, assets=ASSETS)
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
    assert kept(cache) == ["/static/js/a.js"]


def test_a_path_that_names_no_streamlit_file_is_never_kept() -> None:
    """Streamlit answers an unknown /static/ path with index.html and 200: junk must not fill memory."""
    inner = Calls()
    cache = compression.StaticGzipCache(inner, assets=ASSETS)
    for index in range(50):
        assert call(cache, f"/static/js/junk-{index}.js", GZIP) == (200, b"abcdef")
    call(cache, "/static/js/junk-0.js", GZIP)
    assert inner.count == 51 and kept(cache) == [] and cache.size == 0


def test_the_real_assets_are_streamlits_own_files() -> None:
    assets = compression.streamlit_assets()
    index = (Path(file_util.get_static_dir()) / "index.html").read_text()
    bundle = re.search(r'src="\.?(/static/js/[^"]+\.js)"', index).group(1)
    assert bundle in assets and all(path.startswith("/static/") for path in assets)
    assert "/index.html" not in assets and "/static/js/junk.js" not in assets


def test_the_cache_is_bounded_by_entries_and_forgets_the_least_recently_used() -> None:
    inner = Calls()
    cache = compression.StaticGzipCache(inner, max_entries=2, assets=ASSETS)
    call(cache, "/static/js/a.js", GZIP)
    call(cache, "/static/js/b.js", GZIP)
    call(cache, "/static/js/a.js", GZIP)  # a is now the most recently used
    assert inner.count == 2
    call(cache, "/static/js/c.js", GZIP)
    assert kept(cache) == ["/static/js/a.js", "/static/js/c.js"], "b, the least recently used, went"
    call(cache, "/static/js/b.js", GZIP)
    assert inner.count == 4 and kept(cache) == ["/static/js/c.js", "/static/js/b.js"]


def test_the_cache_is_bounded_by_bytes_keys_and_headers_included() -> None:
    inner = Calls()
    one = compression.StaticGzipCache(inner, assets=ASSETS)
    call(one, "/static/js/a.js", GZIP)
    headers, body = one.files["/static/js/a.js"]
    cost = len("/static/js/a.js") + sum(len(k) + len(v) for k, v in headers) + len(body)
    assert one.size == cost > len(body), "the key and headers count, not only the body"
    cache = compression.StaticGzipCache(inner, max_bytes=2 * cost, assets=ASSETS)
    for name in "abc":
        call(cache, f"/static/js/{name}.js", GZIP)
    assert kept(cache) == ["/static/js/b.js", "/static/js/c.js"] and cache.size == 2 * cost
    tiny = compression.StaticGzipCache(inner, max_bytes=cost - 1, assets=ASSETS)
    call(tiny, "/static/js/a.js", GZIP)
    assert kept(tiny) == [] and tiny.size == 0, "a file larger than the whole cache is passed on"
