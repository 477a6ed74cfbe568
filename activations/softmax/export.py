"""The Softmax page's numbers and chart as files to download.

* :func:`values_csv`: the Values table (index, class, z, z/T, p, log p) as CSV, rows in the page's
  order. Numbers are torch's float64 values written with ``repr`` (the shortest text that reads back
  as the same float64), so ``float(cell)`` gives exactly the page's number; ``inf`` and ``nan`` stay
  as such. Class names a spreadsheet would run as a formula (``+``, ``-``, ``=``, ``@`` first) get a
  leading ``'``.
* :func:`chart_html`: the probability chart as a standalone web page (``Figure.to_html``, plotly.js
  from its CDN): the chart stays interactive. The figure is built only when the file is asked for.

File names say what they hold: ``softmax_T1_3-classes.csv``, ``softmax_T0.5_10-classes_sorted.html``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

from activations.core.export import Download, safe_text
from activations.core.i18n import t
from activations.core.plural import plural
from activations.softmax.compute import Distribution

COLUMNS = ("index", "class", "z", "z/T", "p", "log p")


def file_stem(dist: Distribution, sorted_bars: bool = False) -> str:
    """``softmax_T<T>_<K>-classes`` (``_sorted`` when the rows follow the probabilities)."""
    classes = f"{dist.size}-{plural(dist.size, 'class', 'classes')}"
    return f"softmax_T{dist.temperature:g}_{classes}" + ("_sorted" if sorted_bars else "")


def file_name(dist: Distribution, extension: str, sorted_bars: bool = False) -> str:
    return f"{file_stem(dist, sorted_bars)}.{extension}"


def rows(dist: Distribution, labels: Sequence[str], order: np.ndarray) -> list[tuple[object, ...]]:
    """One row per class in ``order``: index, name, z, z/T, p, log p (Python floats: float64)."""
    return [
        (
            int(i),
            labels[i],
            float(dist.logits[i]),
            float(dist.scaled[i]),
            float(dist.probs[i]),
            float(dist.log_probs[i]),
        )
        for i in order
    ]


def values_csv(dist: Distribution, labels: Sequence[str], order: np.ndarray) -> bytes:
    """The Values table as UTF-8 CSV with a header row of :data:`COLUMNS`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for index, name, *numbers in rows(dist, labels, order):
        writer.writerow([index, safe_text(name), *(repr(number) for number in numbers)])
    return buffer.getvalue().encode()


def chart_html(figure: go.Figure, title: str) -> bytes:
    """``figure`` as a standalone HTML page; plotly.js comes from its CDN when the page is opened."""
    html = figure.to_html(include_plotlyjs="cdn", full_html=True, config={"displaylogo": False})
    return html.replace("<head>", f"<head><title>{_escape(title)}</title>", 1).encode()  # plotly sets utf-8


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def downloads(
    dist: Distribution,
    labels: Sequence[str],
    order: np.ndarray,
    figure: Callable[[], go.Figure],
    sorted_bars: bool,
    lang: str,
) -> list[Download]:
    """The page's downloads: the values as CSV (a few hundred bytes, made now) and the chart as HTML
    (made when the button is pressed, from ``figure()``)."""
    csv_name, html_name = file_name(dist, "csv", sorted_bars), file_name(dist, "html", sorted_bars)
    title = f"{t('nav.softmax', lang)} · T = {dist.temperature:g}"
    csv_help = t("softmax.export.csv_help", lang, name=csv_name)
    html_help = t("softmax.export.html_help", lang, name=html_name)
    return [
        Download("export_csv", t("softmax.export.csv", lang), csv_help, csv_name, "text/csv",
                 values_csv(dist, labels, order)),
        Download("export_html", t("softmax.export.html", lang), html_help, html_name, "text/html",
                 lambda: chart_html(figure(), title)),
    ]  # fmt: skip
