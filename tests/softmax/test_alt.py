"""Alt text of every Softmax chart: built from the chart's own numbers, in English and Korean."""

import re

import numpy as np
import pytest

from activations.softmax import compute as sm
from activations.softmax import figures

LOGITS = (2.0, 1.0, 0.1)
LABELS = ["cat", "dog", "bird"]


def args_of(name: str, logits=LOGITS, labels=LABELS, temperature=1.0, lang="en") -> tuple:
    """The arguments the page passes to the chart ``name`` (and so to its alt text)."""
    dist = sm.distribution(logits, temperature)
    order = sm.display_order(dist.probs, False)
    drawing = (labels, order, lang)
    return {
        "probability": (dist, *drawing),
        "sweep": (sm.temperature_sweep(logits), labels, temperature, lang),
        "limits": (sm.temperature_sweep(logits), dist, *drawing),
        "gradient": (sm.cross_entropy(logits, temperature, 0), *drawing),
        "sampling": (sm.sample(logits, temperature, 0, 1.0, 1000, 0), *drawing),
        "invariance": (sm.invariance(logits, temperature), *drawing),
        "sigmoid": (sm.sigmoid_comparison(logits, temperature), labels, lang),
        "multilabel": (sm.sigmoid_comparison(logits, temperature), *drawing),
        "jacobian": (sm.jacobian(logits, temperature), *drawing),
    }[name]


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(
    "logits", [LOGITS, (4.0,), (1.0, 1.0, 0.0, -1.0, -30.0), tuple(np.linspace(-5, 5, 64))]
)
def test_every_chart_has_alt_text(name, lang, logits):
    labels = [f"#{i}" for i in range(len(logits))]
    draw, describe = figures.FIGURES[name]
    args = args_of(name, logits, labels, lang=lang)
    draw(*args)  # the figure builds from the same arguments
    text = describe(*args)
    assert 40 < len(text) < 600 and "{" not in text and "nan" not in text
    if lang == "ko":
        assert re.search("[\uac00-\ud7a3]", text)


def test_probability_alt_names_the_largest_and_the_numbers():
    text = figures.probability_alt(*args_of("probability"))
    dist = sm.distribution(LOGITS)
    assert text == (
        "Bar chart of softmax probabilities for 3 classes at T = 1: p is largest for cat "
        f"({dist.probs[0]:.3g}), then dog ({dist.probs[1]:.3g}), bird ({dist.probs[2]:.3g}). "
        f"Below it, log p runs from {dist.log_probs.min():.3g} to {dist.log_probs.max():.3g}."
    )
    assert "cat (0.659)" in text
    ko = figures.probability_alt(*args_of("probability", lang="ko"))
    assert "클래스 3개" in ko and "cat (0.659)" in ko


def test_probability_alt_ties_and_long_tails():
    logits = (1.0, 1.0, 0.0, -1.0, -5.0)
    labels = ["a", "b", "c", "d", "e"]
    text = figures.probability_alt(*args_of("probability", logits, labels))
    p = sm.distribution(logits).probs
    assert (
        f"p is largest for a, b (tied, {p[0]:.3g} each), then c ({p[2]:.3g}), d ({p[3]:.3g}); the smallest "
        f"is e ({p[4]:.3g})." in text
    )
    one = figures.probability_alt(*args_of("probability", (3.0,), ["only"]))
    assert "for 1 class at T = 1: p is largest for only (1)." in one


def test_other_alt_texts_carry_the_charts_numbers():
    loss = sm.cross_entropy(LOGITS, 1.0, 0)
    gradient = figures.gradient_alt(*args_of("gradient"))
    assert f"{loss.grad[0]:+.3g} on the target" in gradient and "target cat" in gradient
    sampling = sm.sample(LOGITS, 1.0, 0, 1.0, 1000, 0)
    text = figures.sampling_alt(*args_of("sampling"))
    assert "1,000 draws" in text and f"frequency {sampling.frequencies[0]:.3g}" in text
    assert "keep 3 of 3 classes" in text
    jac = sm.jacobian(LOGITS, 1.0)
    text = figures.jacobian_alt(*args_of("jacobian"))
    assert "3×3" in text and f"{np.diag(jac.matrix).max():.3g}" in text
    assert "1×1" in figures.jacobian_alt(*args_of("jacobian", (1.0,), ["x"]))
    assert "the only class" in figures.gradient_alt(*args_of("gradient", (1.0,), ["x"]))
    assert "T = 0.05 cat holds p = 1" in figures.sweep_alt(*args_of("sweep"))
    assert "your 3 logits" in figures.sigmoid_alt(*args_of("sigmoid"))
    assert "all the probability goes to cat" in figures.limits_alt(*args_of("limits"))
    assert "softmax((z + 100) / T) are the same" in figures.invariance_alt(*args_of("invariance"))
    assert "the largest sigmoid is cat (0.881)" in figures.multilabel_alt(*args_of("multilabel"))
