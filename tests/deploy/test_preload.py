"""Every page's HTML preloads the chunks its first view needs (ui/preload.py).

The chunk list is read from the installed Streamlit; the middleware is checked in isolation and on
a real ``streamlit run app.py`` (the middleware list is only built when the server imports app.py).
"""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from harness import Server
from harness.streamlit_client import run_sync
from ui.preload import FIRST_VIEW_ELEMENTS, STATIC, PreloadMiddleware, chunk_files

TAG = re.compile(rb'<link rel="modulepreload" crossorigin href="\./static/js/([\w.-]+\.js)">')


def test_every_first_view_element_has_its_chunk_and_its_imports():
    files = chunk_files()
    for element in FIRST_VIEW_ELEMENTS:
        assert any(name.startswith(f"{element}.") for name in files), element
    assert "BidiComponent" in files[0] and any(name.startswith("recordbatch.") for name in files)  # Arrow
    html = (STATIC / "index.html").read_bytes()
    assert not [name for name in files if name.encode() in html], "index.html loads these already"
    assert len(files) == len(set(files))
    assert all((STATIC / "static" / "js" / name).is_file() for name in files)


def test_an_element_without_a_chunk_of_its_own_is_skipped():
    assert chunk_files(("NoSuchElement",)) == []
    assert chunk_files(("Metric", "NoSuchElement")) == chunk_files(("Metric",))


def run(middleware: PreloadMiddleware, headers: list[tuple[bytes, bytes]]) -> tuple[dict, bytes, list]:
    """Call the middleware once with GET /; returns the response headers, body, and what the app saw."""
    sent, seen = [], []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": headers}
    run_sync(middleware(scope, receive, send))
    start, *bodies = sent
    return dict(start["headers"]), b"".join(m.get("body", b"") for m in bodies), seen


def html_app(seen: list):
    """An app that answers with a small HTML page in two chunks, and notes the request headers."""

    async def app(scope, receive, send):
        seen.append(dict(scope["headers"]))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html"), (b"content-length", b"33")]})  # fmt: skip
        await send({"type": "http.response.body", "body": b"<html><head></head>", "more_body": True})
        await send({"type": "http.response.body", "body": b"<body></body></html>"})

    return app


def test_a_navigation_gets_the_tags_before_head_end_and_a_right_length():
    seen: list = []
    middleware = PreloadMiddleware(html_app(seen), files=["Metric.X.js"])
    accept = [(b"accept", b"text/html,*/*"), (b"accept-encoding", b"gzip")]
    headers, body, _ = run(middleware, accept)
    tag = b'<link rel="modulepreload" crossorigin href="./static/js/Metric.X.js">'
    assert body == b"<html><head>" + tag + b"</head><body></body></html>"
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"accept-encoding" not in seen[0], "asked uncompressed, so that it can be edited"


def test_other_requests_pass_untouched():
    seen: list = []
    middleware = PreloadMiddleware(html_app(seen), files=["Metric.X.js"])
    headers, body, _ = run(middleware, [(b"accept", b"*/*"), (b"accept-encoding", b"gzip")])
    assert body == b"<html><head></head><body></body></html>" and headers[b"content-length"] == b"33"
    assert seen[0][b"accept-encoding"] == b"gzip"


@pytest.mark.parametrize("path", ["/", "/softmax?logits=1,2", "/training", "/speed"])
def test_each_page_preloads_the_chunks_and_they_are_served(server: Server, path: str):
    request = urllib.request.Request(
        server.url + path, headers={"Accept": "text/html", "Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.headers["Content-Encoding"] == "gzip"  # still compressed, by ui/compression.py
        html = gzip.decompress(reply.read())
    files = [name.decode() for name in TAG.findall(html)]
    assert files[-len(chunk_files()) :] == chunk_files()
    assert html.index(b"modulepreload") < html.index(b"</head>")
    with urllib.request.urlopen(f"{server.url}/static/js/{files[-1]}", timeout=30) as chunk:
        assert chunk.status == 200 and "javascript" in chunk.headers["Content-Type"]
