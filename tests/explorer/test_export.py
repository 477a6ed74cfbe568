"""The Activations page's exports and alt text: the curve CSV against torch.nn.functional and
autograd on the chart's grid, file names, and alt text built from the curve, in English and Korean."""

import csv
import io
import re

import pytest
import torch
import torch.nn.functional as F

from activations.core.registry import NAMES
from activations.explorer import alt, chart, export, link
from activations.explorer.family import chart_grid


def values_of(**query) -> dict:
    raw = {key: value if isinstance(value, list) else [str(value)] for key, value in query.items()}
    values, problems = link.check(raw)
    assert not problems, problems
    return values


def read(data: bytes) -> tuple[list[str], list[list[float]]]:
    header, *rows = list(csv.reader(io.StringIO(data.decode())))
    return header, [[float(cell) for cell in row] for row in rows]


def reference(fn, x: torch.Tensor) -> tuple[list[float], list[float]]:
    """f from the functional call, f' by autograd: what the CSV must hold, bit for bit."""
    leaf = x.clone().requires_grad_(True)
    y = fn(leaf)
    (grad,) = torch.autograd.grad(y.sum(), leaf)
    return y.detach().tolist(), grad.tolist()


def test_csv_matches_functional_and_autograd_on_the_chart_grid():
    values = values_of(act="gelu", approximate="tanh", xmin=-3, xmax=2, compare=["tanh", "leaky_relu"])
    header, rows = read(export.curve_csv(values))
    assert header == ["x", "f", "df", "f_tanh", "df_tanh", "f_leaky_relu", "df_leaky_relu"]
    x = chart_grid(-3.0, 2.0)
    columns = list(zip(*rows, strict=True))
    assert list(columns[0]) == x.tolist()  # exactly the chart's grid: k / 200, 1,001 points
    assert len(rows) == 1001 and 0.0 in columns[0]
    expected = [
        *reference(lambda t: F.gelu(t, approximate="tanh"), x),
        *reference(torch.tanh, x),
        *reference(F.leaky_relu, x),
    ]
    for got, want in zip(columns[1:], expected, strict=True):
        assert list(got) == want  # float64, full precision: repr reads back as the same float


def test_csv_relu_kink_follows_torch_and_rrelu_is_eval_mode():
    _, rows = read(export.curve_csv(values_of(act="relu")))
    at_zero = next(row for row in rows if row[0] == 0.0)
    assert at_zero[1:] == [0.0, 0.0]  # ReLU'(0) = 0, as autograd says
    values = values_of(act="rrelu", training="true")
    _, rows = read(export.curve_csv(values))
    x = chart_grid(-6.0, 6.0)
    f, df = reference(lambda t: F.rrelu(t, 1 / 8, 1 / 3, training=False), x)
    assert [row[1] for row in rows] == f and [row[2] for row in rows] == df


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"act": "gelu", "approximate": "tanh"}, "gelu_tanh_x-6_6.csv"),
        ({"act": "relu"}, "relu_x-6_6.csv"),
        ({"act": "elu", "alpha": 2, "xmin": -3, "xmax": 2.5}, "elu_alpha2_x-3_2.5.csv"),
        (
            {"act": "leaky_relu", "negative_slope": 0.2, "compare": ["tanh"]},
            "leaky_relu_negative_slope0.2_x-6_6.csv",
        ),
        ({"act": "hardtanh", "min_val": -2, "max_val": 1}, "hardtanh_min_val-2_x-6_6.csv"),
    ],
)
def test_file_names_say_what_they_hold(query, name):
    values = values_of(**query)
    assert export.file_name(values, "csv") == name
    assert chart.header(values, "en", 1, 0)["stem"] == name.removesuffix(".csv")


def test_download_is_made_when_pressed_and_named():
    (item,) = export.downloads(values_of(act="gelu", approximate="tanh"), "ko")
    assert item.key == "export_csv" and item.file_name == "gelu_tanh_x-6_6.csv" and item.mime == "text/csv"
    assert callable(item.data) and item.data().startswith(b"x,f,df\n")
    assert "gelu_tanh_x-6_6.csv" in item.help and re.search("[\uac00-\ud7a3]", item.label + item.help)


def test_alt_text_for_gelu():
    assert alt.describe(values_of(act="gelu"), "en") == (
        "GELU: f rises from -0.17 at x=-0.75 to 6 at x=6; f' between -0.129 and 1.13."
    )
    ko = alt.describe(values_of(act="gelu"), "ko")
    assert ko.startswith("GELU: ") and "증가" in ko and "-0.17" in ko and "x=-0.75" in ko


def test_alt_text_names_the_dead_zone_and_overlays():
    text = alt.describe(values_of(act="relu", compare=["tanh"]), "en")
    assert text == (
        "ReLU: f rises from 0 at x=-6 to 6 at x=6; f' between 0 and 1; dead zone (f' = 0) on [-6, 0]; "
        "compared with Tanh."
    )
    assert "죽은 구간" in alt.describe(values_of(act="relu"), "ko")
    assert "dead" not in alt.describe(values_of(act="leaky_relu"), "en")


def test_alt_text_falls_and_is_constant():
    # Hardtanh on a window left of min_val: constant; a window where the curve goes down: falls.
    assert alt.describe(values_of(act="hardtanh", xmin=-6, xmax=-2), "en") == (
        "Hardtanh: f is constant at -1; f' = 0 throughout; dead zone (f' = 0) on [-6, -2]."
    )
    assert "일정" in alt.describe(values_of(act="hardtanh", xmin=-6, xmax=-2), "ko")
    assert alt.describe(values_of(act="relu", xmin=1, xmax=3), "en") == (
        "ReLU: f rises from 1 at x=1 to 3 at x=3; f' = 1 throughout."
    )
    assert alt.describe(values_of(act="mish", xmin=-6, xmax=-2), "en") == (
        "Mish: f falls from -0.0149 at x=-6 to -0.253 at x=-2; f' between -0.113 and -0.0124."
    )
    assert "감소" in alt.describe(values_of(act="mish", xmin=-6, xmax=-2), "ko")
    # Mish dips before rising: described from its lowest point to its highest
    assert alt.describe(values_of(act="mish"), "en").startswith(
        "Mish: f rises from -0.309 at x=-1.19 to 6 at x=6"
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_activation_has_alt_text(name, lang):
    values = values_of(act=name)
    text = alt.describe(values, lang)
    assert 30 < len(text) < 400 and "{" not in text and "nan" not in text
    assert re.search(r"\b(rises|falls|is constant)\b", text) or lang == "ko"
    assert chart.header(values, lang, 1, 0)["alt"] == text


def test_alt_direction_follows_the_curve():
    """rises/falls agree with the sign of f(end) - f(start) of a monotonic curve on every window."""
    for name in NAMES:
        for window in ((-6, 6), (-2, -1), (1, 3)):
            values = values_of(act=name, xmin=window[0], xmax=window[1])
            data = export.columns(values)
            f = data["f"]
            text = alt.describe(values, "en")
            if f.max() == f.min():
                assert "is constant" in text, (name, window)
            elif (f[1:] >= f[:-1]).all():
                assert "rises" in text, (name, window)
            elif (f[1:] <= f[:-1]).all():
                assert "falls" in text, (name, window)
