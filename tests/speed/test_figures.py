"""The bar charts: sorted fastest first, ReLU highlighted in the theme's colours, the copy line at 1."""

import pytest

from activations.core import theme
from activations.core.registry import NAMES
from activations.speed.figures import VIEWS, ratio_figure
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
