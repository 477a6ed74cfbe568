"""The Softmax page's downloads: the values CSV holds exactly torch's numbers, formula-like names are
escaped, file names say what they hold, the chart's HTML page is made when asked for."""

import csv
import io
from functools import partial

import numpy as np
import pytest

from activations.softmax import compute as sm
from activations.softmax import export, figures
from activations.softmax.link import PRESETS, parse_logits, read_names


def read(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


CASES = [
    ((2.0, 1.0, 0.1), 1.0, False),
    ((2.0, 1.0, 0.1), 0.05, True),
    ((1e6, -1e6, 0.0, 3.3333333333333335), 0.5, True),  # p underflows to 0; log p stays finite
    ((0.1, 0.2, 0.3), 20.0, False),
    ((7.0,), 1.0, False),
    *((parse_logits(str(preset.values()["logits"])), 1.0, True) for preset in PRESETS),
]


@pytest.mark.parametrize(("logits", "temperature", "by_probability"), CASES)
def test_csv_holds_the_pages_numbers_exactly(logits, temperature, by_probability):
    dist = sm.distribution(logits, temperature)
    order = sm.display_order(dist.probs, by_probability)
    labels = [f"#{i}" for i in range(len(logits))]
    rows = read(export.values_csv(dist, labels, order))
    assert list(rows[0]) == list(export.COLUMNS) == ["index", "class", "z", "z/T", "p", "log p"]
    assert [int(row["index"]) for row in rows] == list(order), "the table's order"
    columns = {"z": dist.logits, "z/T": dist.scaled, "p": dist.probs, "log p": dist.log_probs}
    for name, values in columns.items():
        read_back = np.array([float(row[name]) for row in rows])
        assert np.array_equal(read_back, values[order]), f"{name}: float64 bit for bit"
    assert [row["class"] for row in rows] == [labels[i] for i in order]


def test_csv_values_come_from_torch_softmax():
    import torch

    logits, temperature = (3.0, -1.5, 0.25, 0.25), 0.7
    dist = sm.distribution(logits, temperature)
    rows = read(export.values_csv(dist, ["a", "b", "c", "d"], np.arange(4)))
    u = torch.tensor(logits, dtype=torch.float64) / temperature
    assert [float(row["p"]) for row in rows] == torch.softmax(u, 0).tolist()
    assert [float(row["log p"]) for row in rows] == torch.log_softmax(u, 0).tolist()


def test_formula_like_names_are_escaped():
    names, error = read_names("+cmd, -sum, cat, 'quoted, a+b", 5)
    assert error is None
    dist = sm.distribution((1.0, 2.0, 3.0, 4.0, 5.0))
    rows = read(export.values_csv(dist, names.labels, np.arange(5)))
    assert [row["class"] for row in rows] == ["'+cmd", "'-sum", "cat", "'quoted", "a+b"]
    for text in ("=1+1", "@SUM(A1)", "\tx", "\rx", "-2"):
        assert export.safe_text(text) == "'" + text
    assert export.safe_text("#0") == "#0" and export.safe_text("고양이") == "고양이"


def test_csv_is_utf8_with_korean_names_and_quotes_what_needs_it():
    dist = sm.distribution((1.0, 0.0))
    data = export.values_csv(dist, ["고양이", "a, b"], np.arange(2))
    rows = read(data)
    assert rows[0]["class"] == "고양이" and rows[1]["class"] == "a, b"
    assert data.decode().splitlines()[2].startswith('1,"a, b",')


@pytest.mark.parametrize(
    ("logits", "temperature", "sorted_bars", "name"),
    [
        ((2.0, 1.0, 0.1), 1.0, False, "softmax_T1_3-classes.csv"),
        ((2.0, 1.0, 0.1), 0.5, True, "softmax_T0.5_3-classes_sorted.csv"),
        ((5.0,), 20.0, False, "softmax_T20_1-class.csv"),
        (tuple(range(64)), 0.05, False, "softmax_T0.05_64-classes.csv"),
    ],
)
def test_file_names_say_what_they_hold(logits, temperature, sorted_bars, name):
    dist = sm.distribution(logits, temperature)
    assert export.file_name(dist, "csv", sorted_bars) == name


def test_chart_html_is_a_standalone_page_of_the_same_figure():
    dist = sm.distribution((2.0, 1.0, 0.1))
    order = sm.display_order(dist.probs, False)
    figure = figures.probability_figure(dist, ["cat", "dog", "bird"], order, "en")
    html = export.chart_html(figure, "Softmax <T = 1>").decode()
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<title>Softmax &lt;T = 1&gt;</title>" in html and 'charset="utf-8"' in html
    assert 'src="https://cdn.plot.ly/plotly-' in html, "plotly.js from its CDN, not 4 MB inlined"
    assert len(html) < 100_000 and '"cat"' in html and '"displaylogo": false' in html


def test_downloads_of_the_page():
    dist = sm.distribution((2.0, 1.0, 0.1), 2.0)
    order = sm.display_order(dist.probs, True)
    labels = ["cat", "dog", "bird"]
    figure = partial(figures.probability_figure, dist, labels, order, "ko")
    csv_file, html_file = export.downloads(dist, labels, order, figure, True, "ko")
    assert (csv_file.key, html_file.key) == ("export_csv", "export_html")
    assert csv_file.file_name == "softmax_T2_3-classes_sorted.csv" and csv_file.mime == "text/csv"
    assert csv_file.data == export.values_csv(dist, labels, order)
    assert html_file.file_name == "softmax_T2_3-classes_sorted.html" and html_file.mime == "text/html"
    assert callable(html_file.data) and b"plotly" in html_file.data(), "made when the button is pressed"
    assert csv_file.label == "값(CSV)" and csv_file.file_name in csv_file.help
    assert set(csv_file.button) == {"label", "data", "file_name", "mime", "key", "help"}
