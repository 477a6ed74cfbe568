"""Custom Components v2 of the app: each is a Python wrapper next to its html, css and js files.

The chart components share ``common.css`` (their Save buttons) and ``common.js`` (reading
Streamlit's theme); :func:`sources` puts them before each component's own CSS and module.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def sources(name: str) -> dict[str, str]:
    """``html``, ``css`` and ``js`` for ``st.components.v2.component`` from ``<name>.*`` here."""

    def read(file: str) -> str:
        return (_HERE / file).read_text(encoding="utf-8")

    return {
        "html": read(f"{name}.html"),
        "css": read("common.css") + read(f"{name}.css"),
        "js": read("common.js") + read(f"{name}.js"),
    }
