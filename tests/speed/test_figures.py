"""The bar charts: sorted fastest first, ReLU highlighted in the theme's colours, the copy line at 1."""

import pytest

from activations.core import theme
from activations.core.registry import NAMES
from activations.speed.figures import VIEWS, ratio_alt, ratio_figure
from activations.speed.tables import format_ratio, ranked
from tests.speed.conftest import WITH_INPLACE


@pytest.mark.parametrize("view", VIEWS)
def test_figures_sorted_fastest_first_with_relu_highlighted(result, view):
    figure = ratio_figure(result, "en", view)
    bars = figure.data
    assert bars and all(bar.type == "bar" for bar in bars)
    values = list(bars[-1].x) if view == "inplace" else list(bars[0].x)
    assert values == sorted(values, reverse=True)
    labels = list(bars[0].y)
    assert "<b>ReLU</b>" in labels
    if view != "inplace":
        assert len(labels) == len(NAMES)
        colors = bars[0].marker.color
        assert colors[labels.index("<b>ReLU</b>")] == theme.RED and colors[labels.index("GELU")] == theme.BLUE
    else:
        assert len(bars) == 2 and len(labels) == len(WITH_INPLACE)
        assert [bar.marker.color for bar in bars] == [theme.BLUE, theme.TEAL]
        assert figure.layout.showlegend and figure.layout.margin.t == 70
    assert any(shape.x0 == 1 for shape in figure.layout.shapes), "the copy line at 1.0"
    assert figure.layout.margin.r == 150, "room for the numbers column"


def test_korean_axis(result):
    assert ratio_figure(result, "ko").layout.xaxis.title.text.startswith("x.clone() 대비 속도")


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_alt_text_names_the_numbers_of_the_chart(result, view, lang):
    """The alt text is built from the bars the chart draws: the fastest and slowest (or, in place,
    the largest speed-up) with their values, and ReLU's place."""
    text = ratio_alt(result, lang, view)
    assert text and "<" not in text and "{" not in text, "plain text, every placeholder filled"
    if view == "inplace":
        rows = [s for s in result.summaries if s.inplace_speedup is not None]
        top = max(rows, key=lambda s: s.inplace_speedup)
        assert top.label in text and f"{top.inplace_speedup:.2f}" in text
        assert str(len(rows)) in text
        return
    key = "ratio_to_copy" if view == "fwd" else "fwd_bwd_ratio_to_copy"
    rows = [s for s in ranked(result, key) if getattr(s, key) is not None]
    figure = ratio_figure(result, lang, view)
    assert list(figure.data[0].x) == [getattr(s, key) for s in rows], "the same rows, in the same order"
    for summary in (rows[0], rows[-1]):
        assert summary.label in text and format_ratio(getattr(summary, key)) in text
    relu_rank = [s.name for s in rows].index("relu") + 1
    assert "ReLU" in text and f"{relu_rank}" in text
    if lang == "en":
        assert f"for {len(rows)} activations, fastest first" in text
        assert f"number {relu_rank} of {len(rows)}" in text
