"""The Training lab's real JavaScript in Chromium, against Python: a frame that
``frames.encode`` wrote reads back in the browser exactly as ``frames.decode`` reads it (every float16
through the lookup table), the page's message splits into its header and frame, histories merge as the
lab's History keeps them, and the boundary's pixels follow chart.py's colour rule."""

import numpy as np
import pytest

from activations.training import chart, frames
from activations.training.data import DataConfig
from activations.training.lab import Lab, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import Architecture
from tests.js import call, module_page

READ_FRAME = """async ([bytes]) => {
  const m = await import("/lab-frame.js");
  const { header, sections } = m.decodeFrame(new Uint8Array(bytes));
  const out = {};
  for (const [name, s] of Object.entries(sections)) {
    out[name] = Array.from(s.values, (v) => (Number.isNaN(v) ? "nan" : v));
  }
  return { header, sections: out };
}"""


@pytest.fixture(scope="module")
def page(browser):
    with module_page(browser) as page:
        yield page


def lab(compare: bool = False, steps: int = 5) -> Lab:
    data = DataConfig("spiral3", points=120, seed=3)
    run = RunConfig(Architecture((6, 5), 3, "relu"), Recipe("adam", 0.03, 32))
    made = Lab(LabConfig(data, (run, run) if compare else (run,)))
    made.step(steps)
    return made


def as_list(array: np.ndarray) -> list:
    return ["nan" if np.isnan(v) else float(v) for v in np.asarray(array, np.float64).ravel()]


@pytest.mark.parametrize("compare", [False, True])
def test_a_frame_reads_in_the_browser_as_python_decodes_it(page, compare):
    data, _ = frames.encode(lab(compare).view(), seq=4, lang="ko")
    read = page.evaluate(READ_FRAME, [list(data)])
    decoded = frames.decode(data)
    assert read["header"] == {key: value for key, value in decoded.items() if key != "arrays"}
    assert read["sections"].keys() == decoded["arrays"].keys()
    for name, array in decoded["arrays"].items():
        assert read["sections"][name] == as_list(array), name


def test_every_float16_through_the_table(page):
    bits = np.arange(65536, dtype=np.uint16)
    expected = as_list(bits.view(np.float16))
    table = page.evaluate(
        'async () => Array.from((await import("/lab-frame.js")).F16, (v) => Number.isNaN(v) ? "nan" : v)'
    )
    assert table == expected


def test_the_pages_message_carries_its_header_and_the_frame(page):
    data, _ = frames.encode(lab().view(), seq=1)
    head = {"token": "abc", "labels": {"start": "시작"}, "runs": [{"sizes": [2, 6, 5, 3]}]}
    message = chart.message(head, data)
    read = page.evaluate(
        'async ([bytes]) => { const m = await import("/lab-frame.js");'
        " const r = m.decodeMessage(new Uint8Array(bytes));"
        " return { page: r.page, seq: r.frame.header.seq }; }",
        [list(message)],
    )
    assert read == {"page": head, "seq": 1}
    assert chart.read(message) == (head, data)
    empty = page.evaluate(
        'async ([bytes]) => (await import("/lab-frame.js")).decodeMessage(new Uint8Array(bytes)).frame',
        [list(chart.message(head, None))],
    )
    assert empty is None


def test_histories_append_and_replace_as_the_lab_keeps_them(page):
    made = lab(steps=2)
    first, cursor = frames.encode(made.view(), seq=1)
    made.step(3)
    second, _ = frames.encode(made.view(), seq=2, cursor=cursor)
    assert not frames.decode(second)["history_replace"]
    merged = page.evaluate(
        """async ([a, b]) => {
          const m = await import("/lab-frame.js");
          const held = m.mergeHistories(null, m.decodeFrame(new Uint8Array(a)));
          return m.mergeHistories(held, m.decodeFrame(new Uint8Array(b)));
        }""",
        [list(first), list(second)],
    )
    whole = frames.history_rows(made.runs[0].history)
    assert np.array_equal(np.array(merged[0], np.float32).T, whole)


def python_pixels(probabilities: np.ndarray, pixels: int) -> np.ndarray:
    """(pixels, pixels, 3), top row = largest y: bilinear from the cell centres, then chart.palette's
    colour of the winning class at its confidence level (the rule the page used to draw in Python)."""
    classes, size, _ = probabilities.shape
    values = np.where(np.isfinite(probabilities), probabilities.astype(np.float64), 1 / classes)

    def along(n):
        position = np.clip((np.arange(pixels) + 0.5) * n / pixels - 0.5, 0, n - 1)
        low = np.floor(position).astype(int)
        return low, np.minimum(low + 1, n - 1), position - low

    low, high, weight = along(size)
    rows = values[:, low, :] * (1 - weight)[None, :, None] + values[:, high, :] * weight[None, :, None]
    up = rows[:, :, low] * (1 - weight) + rows[:, :, high] * weight
    winner = up.argmax(axis=0)
    best = up.max(axis=0)
    confidence = np.clip((best - 1 / classes) / (1 - 1 / classes), 0.0, 1.0)
    level = np.rint(confidence * (chart.MIX["levels"] - 1)).astype(int)
    return np.flipud(chart.palette(classes)[winner, level])


@pytest.mark.parametrize("pixels", [64, 128])
def test_the_boundary_is_coloured_by_the_pages_rule(page, pixels):
    view = lab(steps=30).view()
    data, _ = frames.encode(view, seq=1)
    decoded = frames.decode(data)
    probabilities = decoded["arrays"]["boundary.0"].copy()
    probabilities[:, 0, 0] = np.nan  # a diverged cell counts as a tie
    classes = probabilities.shape[0]
    colors = list(chart.CLASS_COLORS[:classes])
    table = call(page, "lab-boundary.js", "palette", colors, [255, 255, 255], chart.MIX)
    assert table == chart.palette(classes).ravel().tolist()
    rgba = page.evaluate(
        """async ([values, classes, size, pixels, colors, mix]) => {
          const m = await import("/lab-boundary.js");
          const table = m.palette(colors, [255, 255, 255], mix);
          const probabilities = Float32Array.from(values, (v) => v === null ? NaN : v);
          return Array.from(m.heatmap(probabilities, classes, size, pixels, table, mix.levels));
        }""",
        [
            [None if np.isnan(v) else float(v) for v in probabilities.astype(np.float64).ravel()],
            classes, probabilities.shape[1], pixels, colors, chart.MIX,
        ],
    )  # fmt: skip
    picture = np.array(rgba, np.uint8).reshape(pixels, pixels, 4)
    assert (picture[..., 3] == 255).all()
    expected = python_pixels(probabilities, pixels)
    assert np.array_equal(picture[..., :3], expected)
    assert len(np.unique(expected.reshape(-1, 3), axis=0)) > 20  # a real boundary, not one flat colour
