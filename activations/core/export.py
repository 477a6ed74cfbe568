"""What every feature's exports share: a download button's description and spreadsheet-safe text.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by a spreadsheet (CSV injection); :func:`safe_text` prefixes such a text with ``'``.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` for a CSV cell: with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass(frozen=True)
class Download:
    """One download button: ``key`` (its widget key and classroom name), ``label``, ``help``,
    ``file_name``, ``mime`` and ``data`` (bytes, or a function that makes them when pressed)."""

    key: str
    label: str
    help: str
    file_name: str
    mime: str
    data: object

    @property
    def button(self) -> dict[str, object]:
        """The arguments of ``st.download_button`` for it."""
        return {"label": self.label, "data": self.data, "file_name": self.file_name, "mime": self.mime,
                "key": self.key, "help": self.help}  # fmt: skip
