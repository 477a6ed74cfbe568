"""softmax.js, the real module in Chromium, against the page's Python: it reads typed logits as
``link.parse_logits`` does (with the rules the page sends), previews the softmax as torch computes it
in float64 (``compute.distribution``), and names a preview's file as ``export.file_stem`` does."""

import math
import sys

import pytest

from activations.softmax import chart, compute, export, link
from tests.js import call, calls, module_page

INPUTS = [
    # valid
    "2, 1, 0.1", "+1 -2 .5 5. 1e3 1E-4", "  3  ", "-0", "0,0,0", "1e2,\t2e-3\n4", "tensor([1., 2., 3.])",
    "tensor([1, 2],\n  dtype=torch.float64)".replace(",\n  dtype=torch.float64", ""), "[1, 2]", "(1 2 3)",
    "[ 1 , 2 ]", "tensor((4, 5))", "1000, 1001, 999", "-1000 -999", "1e4", "9999.5", ",1,,2,",
    "1\u00a02", "1\u20032", "1\u30002", ("1," * 64)[:-1], "1e-300 2", "0.1 " * 10,
    # invalid
    "", "   ", "[]", "tensor()", "x", "1 x", "٣", "0x10", "1_000", "nan", "inf", "-inf", "1e99999",
    "1e5", "10001", "1," * 65, "1" * 65, "1e", ".", "+", "--1", "1..2", "[1, 2", "1, 2]", "((1))",
    "tensor([1, 2]", "１", "1;2", "1 2" + " " * 5000, "1\ufeff2", "1\x1c2",
]  # fmt: skip


def python_read(text: str) -> list[float] | None:
    try:
        return list(link.parse_logits(text))
    except link.TextError:
        return None


@pytest.fixture(scope="module")
def page(browser):
    with module_page(browser) as page:
        yield page


def test_the_browser_reads_logits_as_the_page_does(page):
    script = "(m, text, rules) => m.readLogits(text, m.readRules(rules))"
    read = calls(page, "softmax.js", script, INPUTS, chart.rules())
    mismatched = {
        text: (js, python_read(text))
        for text, js in zip(INPUTS, read, strict=True)
        if js != python_read(text)
    }
    assert not mismatched
    assert sum(value is not None for value in read) > 15 and sum(value is None for value in read) > 15


@pytest.mark.parametrize("temperature", link.TEMPERATURES[::3])
@pytest.mark.parametrize(
    "logits", [(2.0, 1.0, 0.1), (1000.0, 1001.0, 999.0), (-5.0,), (0.0, 0.0), (1e4, -1e4, 3.0)]
)
def test_the_preview_is_torchs_softmax_in_float64(page, logits, temperature):
    preview = call(page, "softmax.js", "softmax", list(logits), float(temperature))
    dist = compute.distribution(logits, float(temperature))
    # torch divides first, the preview subtracts the max first: both round z / T, whose error is a
    # few ulps of max |z| / T, in the exponent of p and in log p.
    tolerance = 8 * sys.float_info.epsilon * max(1.0, max(abs(z) for z in logits) / float(temperature))
    for js, torch_values in ((preview["p"], dist.probs), (preview["logP"], dist.log_probs)):
        for a, b in zip(js, torch_values.tolist(), strict=True):
            assert math.isclose(a, b, rel_tol=tolerance), (a, b)
    top = max(preview["p"])
    assert [i for i, p in enumerate(preview["p"]) if p == top] == list(dist.argmax)


def test_a_previews_file_name_is_the_pages(page):
    for step in link.TEMPERATURES:
        for count, sort in ((1, False), (3, True)):
            dist = compute.distribution(tuple(float(i) for i in range(count)), float(step))
            assert call(page, "softmax.js", "previewStem", step, count, sort) == export.file_stem(dist, sort)
