"""The server gzips Streamlit's JavaScript bundles when the browser asks (ui/compression.py).

Streamlit itself serves /static/ uncompressed; the app's GZipMiddleware, outside Streamlit's own,
compresses them. Checked on a real ``streamlit run app.py``: the middleware list is only built
when the server imports app.py.
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from collections.abc import Iterator

import pytest

from harness import Server
from ui import compression


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    server = Server()
    server.wait_healthy()
    yield server
    server.stop()


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


def test_gzip_can_be_left_to_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIVATIONS_GZIP", "0")
    assert compression.middleware() == []
    monkeypatch.delenv("ACTIVATIONS_GZIP")
    (layer,) = compression.middleware()
    assert layer.kwargs == {"minimum_size": compression.MINIMUM_SIZE, "compresslevel": compression.LEVEL}
