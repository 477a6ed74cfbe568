"""The Activations chart's JavaScript, the real modules in Chromium, against the page's Python: a
picture's file name (``export.file_stem``) and the probe's lattice (``family.lattice``), with the
specs and rules the page sends (``chart.specs``, ``chart.window_fields``)."""

import pytest

from activations.explorer import chart, export, family, link
from tests.js import calls, module_page

LINKS = [
    {}, {"act": ["gelu"], "approximate": ["tanh"]}, {"act": ["elu"], "alpha": ["1.05"]},
    {"act": ["leaky_relu"], "negative_slope": ["0.2"], "xmin": ["-2.5"], "xmax": ["1e1"]},
    {"act": ["rrelu"], "lower": ["0.1"], "upper": ["0.3"], "training": ["true"]},
    {"act": ["hardtanh"], "min_val": ["-0.5"], "max_val": ["2"], "xmin": ["-0.001"], "xmax": ["0.002"]},
    {"act": ["celu"], "alpha": ["0.3333"]}, {"act": ["softplus"], "beta": ["2"], "threshold": ["15"]},
]  # fmt: skip
WINDOWS = [(-6, 6), (-0.001, 0.002), (-100, 100), (-1, 1), (0, 0.5), (-12.5, 37.25)]


@pytest.fixture(scope="module")
def page(browser):
    with module_page(browser) as page:
        yield page


def test_a_pictures_file_name_is_the_pages(page):
    specs = {spec["key"]: spec for spec in chart.specs()}
    views = [link.jsonable(link.check(raw)[0]) for raw in LINKS]
    script = "(m, view, specs) => m.stemFor(specs[view.act], view)"
    stems = calls(page, "explorer-export.js", script, views, specs)
    assert stems == [export.file_stem(link.check(raw)[0]) for raw in LINKS]
    assert len(set(stems)) == len(LINKS)


def test_the_probes_lattice_is_the_pages(page):
    rule = chart.window_fields()["lattice"]
    views = [{"xmin": low, "xmax": high} for low, high in WINDOWS]
    got = calls(page, "explorer-controls.js", "(m, view, rule) => m.lattice(rule, view)", views, rule)
    assert got == [family.lattice(low, high) for low, high in WINDOWS]
