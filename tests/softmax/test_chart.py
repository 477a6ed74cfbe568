"""What the Softmax chart component is sent: torch's numbers for the view, and what the browser needs
to read and draw typed logits the way the page does (tests/browser/test_softmax_js_browser.py runs
softmax.js against the page's parser)."""

import json

from activations.softmax import chart, compute, link


def message(logits="2, 1, 0.1", temperature="1", names="", sort=False, lang="en", **options):
    values = link.SoftmaxState(
        **{**link.DEFAULTS, "logits": logits, "temperature": temperature, "names": names, "sort": sort}
    )
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
