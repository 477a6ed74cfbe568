"""Custom Components v2 of the app: each is a Python wrapper next to its html, css and js files.

The chart components are built on one kit: ``kit.js`` (theme, instance, canvas, ticks, axes, legend,
reports, saving a file), ``painter.js`` (one set of drawing calls for a canvas and for SVG) and
``common.css`` (their Save buttons). Each component's JavaScript is a few ES modules that import one
another (``explorer*.js``). Streamlit loads a component's ``js`` given as text as one module with no
address of its own, so it can't import its siblings (a path is served only from the ``asset_dir`` of
a component packaged with a manifest): :func:`sources` joins the modules in dependency order into one,
leaving out the imports of siblings and the ``export`` keyword of all but the default export.
"""

import re
from pathlib import Path

_HERE = Path(__file__).resolve().parent
KIT = ("kit.js", "painter.js")
# Each component's modules, the kit's first; the last one holds the default export.
MODULES = {
    "explorer": (
        *KIT, "explorer-data.js", "explorer-view.js", "explorer-draw.js", "explorer-export.js",
        "explorer-controls.js", "explorer.js",
    ),
    "softmax": (*KIT, "softmax.js"),
    "depth": (
        *KIT, "depth-data.js", "depth-draw.js", "depth-view.js", "depth-export.js", "depth-controls.js",
        "depth.js",
    ),
    "lab": (
        *KIT, "lab-frame.js", "lab-boundary.js", "lab-network.js", "lab-curves.js", "lab-view.js",
        "lab-stream.js", "lab.js",
    ),
}  # fmt: skip
# `import { a, b } from "./kit.js";` (on one line or several), and `export ` before a declaration.
_SIBLING_IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./[\w.-]+\.js";\n', re.MULTILINE)
_EXPORT = re.compile(r"^export (?!default\b)", re.MULTILINE)


def _read(file: str) -> str:
    return (_HERE / file).read_text(encoding="utf-8")


def module(name: str) -> str:
    """The component ``name``'s modules joined into the one module Streamlit loads."""
    return "\n".join(_EXPORT.sub("", _SIBLING_IMPORT.sub("", _read(file))) for file in MODULES[name])


def sources(name: str) -> dict[str, str]:
    """``html``, ``css`` and ``js`` for ``st.components.v2.component`` from ``<name>.*`` here."""
    return {
        "html": _read(f"{name}.html"),
        "css": _read("common.css") + _read(f"{name}.css"),
        "js": module(name),
    }
