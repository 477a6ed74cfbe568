"""What the Softmax chart component is sent: torch's numbers for the view, and what the browser needs
to read and draw typed logits the way the page does."""

import json
import re

import pytest

from activations.softmax import chart, compute, export, link


def message(logits="2, 1, 0.1", temperature="1", names="", sort=False, lang="en", **options):
    values = {**link.DEFAULTS, "logits": logits, "temperature": temperature, "names": names, "sort": sort}
    parsed = link.parse_logits(logits)
    dist = compute.distribution(parsed, float(temperature))
    labels = link.read_names(names, len(parsed))[0].labels
    return chart.message(values, dist, labels, names, lang, seq=options.pop("seq", 1), **options)


def test_the_answer_holds_torchs_float64_numbers_exactly():
    data = message("1000, 1001, 999", "0.5", names="a, b", sort=True, hidden=["logits"])
    dist = compute.distribution((1000.0, 1001.0, 999.0), 0.5)
    answer = json.loads(json.dumps(data))["answer"]  # what the browser gets: repr round-trips float64
    assert answer["p"] == dist.probs.tolist() and answer["log_p"] == dist.log_probs.tolist()
    assert answer["view"] == data["view"] == {"logits": "1000, 1001, 999", "temperature": "0.5"}
    assert answer["labels"] == ["a", "b", "#2"] and answer["argmax"] == [1]
    assert answer["stem"] == "softmax_T0.5_3-classes_sorted" and data["sort"] is True
    assert data["names"][:3] == ["a", "b", "#2"] and len(data["names"]) == compute.MAX_CLASSES
    assert data["hidden"] == ["logits"] and data["steps"] == list(link.TEMPERATURES)


def test_labels_in_the_pages_language():
    labels = message(lang="ko")["labels"]
    assert labels["softmax.logits"] == "로짓 z" and labels["chart.save_png"] == "PNG 저장"
    assert "{logits}" in labels["softmax.chart.canvas"] and "{temperature}" in labels["softmax.chart.canvas"]


@pytest.mark.parametrize(
    "text", ["2, 1, 0.1", "+1 -2 .5 5. 1e3 1E-4", "٣", "0x10", "1_000", "nan", "inf", "1e99999", "1," * 70]
)
def test_the_browser_reads_numbers_with_the_pages_pattern(text):
    """softmax.js splits as link.parse_logits does and tests each piece against ``rules.number``."""
    pattern = re.compile(chart.rules()["number"], re.ASCII)
    pieces = [piece for piece in re.split(r"[,\s]+", text) if piece]
    try:
        link.parse_logits(text)
        readable = True
    except link.TextError:
        readable = False
    by_pattern = 0 < len(pieces) <= chart.rules()["max_classes"] and all(
        pattern.fullmatch(piece) and abs(float(piece)) <= chart.rules()["limit"] for piece in pieces
    )
    assert by_pattern == readable


def test_file_stems_the_browser_builds_match_the_pages():
    """softmax.js names a preview's PNG ``softmax_T<step>_...``: each step is spelled as ``{:g}`` would."""
    for step in link.TEMPERATURES:
        dist = compute.distribution((1.0, 2.0), float(step))
        assert export.file_stem(dist) == f"softmax_T{step}_2-classes"
    assert export.file_stem(compute.distribution((1.0,))) == "softmax_T1_1-class"
