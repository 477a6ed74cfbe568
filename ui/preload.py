"""Preload hints for the lazy chunks every first view needs, added to Streamlit's index.html.

Streamlit's frontend loads most element code lazily: the component host (``BidiComponent``, which
draws the Activations chart), Arrow, the language pills, metrics, download buttons... are fetched
only once the first script run's messages arrive, a round of requests that starts ~0.3 s into a
new visitor's page load and then waits on a server busy with that very run. A
``<link rel="modulepreload">`` tag per chunk in the HTML lets the browser fetch and compile them
while it still waits for its session, next to the main bundle.

Chunk names carry a content hash, so they are found in the installed Streamlit's ``static/js``:
each element's chunk by its name, then everything it imports statically, less what index.html
preloads already. An element that no longer has a chunk of its own is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit

# The elements every page's first view draws (the browser's resource timing on each page): the
# chart components' host, the language pills, metrics, download buttons, the frame's HTML.
FIRST_VIEW_ELEMENTS = ("BidiComponent", "ButtonGroup", "Metric", "DownloadButton", "Html")
STATIC = Path(streamlit.__file__).parent / "static"
_IMPORT = re.compile(rb'(?:from|import)\s*"\./([\w.-]+\.js)"')  # a static import in a chunk
_IN_HTML = re.compile(rb'(?:href|src)="\./static/js/([\w.-]+\.js)"')  # a script index.html loads


def chunk_files(elements: tuple[str, ...] = FIRST_VIEW_ELEMENTS, static: Path = STATIC) -> list[str]:
    """The chunk files of ``elements`` (``Metric`` -> ``Metric.MSVuxtnf.js``) and all they import
    statically, in import order, less what index.html loads already."""
    folder = static / "static" / "js"
    loaded = {name.decode() for name in _IN_HTML.findall((static / "index.html").read_bytes())}
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order or name in loaded or not (folder / name).is_file():
            return
        order.append(name)
        for imported in _IMPORT.findall((folder / name).read_bytes()):
            visit(imported.decode())

    for element in elements:
        own = [path.name for path in folder.glob(f"{element}.*.js") if path.name.count(".") == 2]
        if len(own) == 1:
            visit(own[0])
    return order


def link_tags(files: list[str]) -> bytes:
    tag = '<link rel="modulepreload" crossorigin href="./static/js/{}">'
    return "".join(tag.format(name) for name in files).encode()


class PreloadMiddleware:
    """ASGI middleware: the HTML of a page navigation gets the tags just before ``</head>``.

    It sits inside the gzip middleware (ui/compression.py) and asks Streamlit for the HTML
    uncompressed, so it can edit it; the gzip middleware compresses the result."""

    def __init__(self, app, files: list[str] | None = None) -> None:
        self.app = app
        self.tags = link_tags(chunk_files() if files is None else files)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not self.tags or not _navigation(scope):
            await self.app(scope, receive, send)
            return
        held: dict = {}

        async def edit(message) -> None:
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if message["status"] == 200 and kind.startswith(b"text/html"):
                    held["start"], held["body"] = message, []
                    return
            elif "start" in held:
                held["body"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(held["body"]).replace(b"</head>", self.tags + b"</head>", 1)
                start = held.pop("start")
                headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
                await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                message = {"type": "http.response.body", "body": body}
            await send(message)

        plain = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
        await self.app({**scope, "headers": plain}, receive, edit)


def _navigation(scope) -> bool:
    """A browser asking for a page (``Accept: text/html``), not for a script, an image or JSON."""
    return b"text/html" in dict(scope["headers"]).get(b"accept", b"")
