"""The Softmax library: values against torch and by hand, strict parsing, the link contract."""

import ast
import inspect
import math

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
import torch.nn.functional as F

from activations.core import theme
from activations.core.fields import Steps, Whole, escape_markdown
from activations.core.i18n import CATALOG, t
from activations.softmax import compute as sm
from activations.softmax import figures, link, tables

THREE = (2.0, 1.0, 0.1)


def torch_softmax(logits, temperature=1.0):
    return torch.softmax(torch.tensor(logits, dtype=torch.float64) / temperature, dim=0).numpy()


# --- softmax and its summary -------------------------------------------------------------------


@pytest.mark.parametrize("temperature", [0.05, 0.7, 1.0, 3.0, 20.0])
@pytest.mark.parametrize("logits", [THREE, (0.0,), (5.0, 5.0, 5.0), (-3.5, 0.0, 12.25, 7.0, -1e3)])
def test_distribution_matches_torch(logits, temperature):
    dist = sm.distribution(logits, temperature)
    np.testing.assert_allclose(dist.probs, torch_softmax(logits, temperature), rtol=0, atol=1e-15)
    expected_log = torch.log_softmax(torch.tensor(logits, dtype=torch.float64) / temperature, dim=0)
    np.testing.assert_allclose(dist.log_probs, expected_log.numpy(), rtol=0, atol=1e-12)
    assert dist.total == pytest.approx(1.0, abs=1e-15)


def test_hand_checked_values():
    np.testing.assert_allclose(sm.distribution(THREE).probs, [0.659001, 0.242433, 0.098566], atol=1e-6)
    # 1000 and 1001 differ by 1: e / (1 + e) and 1 / (1 + e), whatever the offset
    np.testing.assert_allclose(sm.distribution((1000.0, 1001.0)).probs, [0.268941, 0.731059], atol=1e-6)
    assert sm.distribution((1000.0, 1001.0)).argmax == (1,)


def test_large_logit_does_not_overflow():
    dist = sm.distribution((89.0, 0.0))
    assert np.all(np.isfinite(dist.probs)) and np.all(np.isfinite(dist.log_probs))
    assert dist.probs[0] == pytest.approx(1.0)
    assert dist.probs[1] == pytest.approx(math.exp(-89.0), rel=1e-12)
    assert dist.log_probs[1] == pytest.approx(-89.0)


def test_log_softmax_stays_finite_where_probability_underflows():
    dist = sm.distribution((0.0, -1e6))
    assert dist.probs[1] == 0.0
    assert dist.log_probs[1] == pytest.approx(-1e6)


@pytest.mark.parametrize("size", [2, 3, 10, 64])
def test_uniform_logits(size):
    dist = sm.distribution((1.5,) * size, 0.3)
    np.testing.assert_allclose(dist.probs, 1 / size, atol=1e-15)
    assert dist.argmax == tuple(range(size))
    assert dist.entropy_nats == pytest.approx(math.log(size))
    assert dist.entropy_bits == pytest.approx(math.log2(size))
    assert dist.perplexity == pytest.approx(size)


def test_single_logit():
    dist = sm.distribution((-42.0,))
    assert dist.probs.tolist() == [1.0] and dist.log_probs.tolist() == [0.0]
    assert dist.entropy_nats == 0.0 and dist.perplexity == 1.0 and dist.argmax == (0,)
    assert math.copysign(1.0, dist.entropy_bits) == 1.0  # shown as 0.0000, not -0.0000


def test_entropy_of_a_known_distribution():
    probs = np.array([0.5, 0.25, 0.25])
    dist = sm.distribution(tuple(np.log(probs)))
    assert dist.entropy_bits == pytest.approx(1.5)
    assert dist.perplexity == pytest.approx(2**1.5)


def test_results_are_read_only():
    with pytest.raises(ValueError):
        sm.distribution(THREE).probs[0] = 0.0


def test_display_order():
    probs = np.array([0.1, 0.4, 0.1, 0.4])
    assert sm.display_order(probs, False).tolist() == [0, 1, 2, 3]
    assert sm.display_order(probs, True).tolist() == [1, 3, 0, 2]


# --- cross-entropy and its gradient ------------------------------------------------------------


@pytest.mark.parametrize("temperature", [1.0, 0.5, 4.0])
@pytest.mark.parametrize("target", [0, 2])
def test_cross_entropy_matches_torch_and_closed_form(temperature, target):
    loss = sm.cross_entropy(THREE, temperature, target)
    z = torch.tensor(THREE, dtype=torch.float64)
    expected = F.cross_entropy((z / temperature).unsqueeze(0), torch.tensor([target]))
    assert loss.loss == pytest.approx(float(expected), abs=1e-14)
    probs = torch_softmax(THREE, temperature)
    assert loss.loss == pytest.approx(-math.log(probs[target]))
    onehot = np.eye(3)[target]
    np.testing.assert_allclose(loss.grad, (probs - onehot) / temperature, atol=1e-15)
    assert loss.max_difference < 1e-15
    assert loss.grad.sum() == pytest.approx(0.0, abs=1e-15)


def test_gradient_at_temperature_one_is_p_minus_onehot():
    loss = sm.cross_entropy((1000.0, 1001.0), 1.0, 0)
    np.testing.assert_allclose(loss.grad, [0.268941 - 1, 0.731059], atol=1e-6)


# --- temperature ---------------------------------------------------------------------------------


def test_temperature_sweep_and_limits():
    sweep = sm.temperature_sweep(THREE)
    assert sweep.probs.shape == (sm.SWEEP_POINTS, 3)
    assert sweep.temperatures[0] == pytest.approx(0.05) and sweep.temperatures[-1] == pytest.approx(20.0)
    np.testing.assert_allclose(sweep.probs.sum(axis=1), 1.0, atol=1e-14)
    np.testing.assert_allclose(sweep.probs[0], sweep.cold, atol=1e-8)  # T = 0.05 is already argmax
    assert sweep.cold.tolist() == [1.0, 0.0, 0.0] and sweep.hot.tolist() == pytest.approx([1 / 3] * 3)
    assert np.all(np.diff(sweep.probs[:, 0]) <= 1e-15)  # the winner loses probability as T grows


def test_cold_limit_splits_ties():
    assert sm.temperature_sweep((3.0, 1.0, 3.0)).cold.tolist() == [0.5, 0.0, 0.5]


# --- sampling ------------------------------------------------------------------------------------


def keep(logits, top_k, top_p):
    return sm.keep_mask(torch.tensor(logits, dtype=torch.float64), top_k, top_p).tolist()


def test_top_k():
    assert keep((0.0, 3.0, 1.0, 2.0), 2, 1.0) == [False, True, False, True]
    assert keep((0.0, 3.0, 1.0, 2.0), 0, 1.0) == [True] * 4  # 0 is off
    assert keep((0.0, 3.0, 1.0, 2.0), 64, 1.0) == [True] * 4
    assert keep((1.0, 1.0, 1.0, 0.0), 1, 1.0) == [True, True, True, False]  # ties with the k-th stay


def test_top_p_keeps_the_smallest_set_that_reaches_p():
    logits = tuple(np.log([0.5, 0.3, 0.2]))
    assert keep(logits, 0, 0.5) == [True, False, False]
    assert keep(logits, 0, 0.8) == [True, True, False]
    assert keep(logits, 0, 0.81) == [True, True, True]
    assert keep(logits, 0, 0.01) == [True, False, False]  # the most likely class always stays
    assert keep(logits, 2, 0.9) == [True, True, False]  # top-p applies to what top-k left


def test_sampling_is_seeded_torch_multinomial():
    result = sm.sample(THREE, 1.0, 0, 1.0, 5000, 7)
    probs = torch.softmax(torch.tensor(THREE, dtype=torch.float64), dim=0)
    draws = torch.multinomial(probs, 5000, replacement=True, generator=torch.Generator().manual_seed(7))
    assert result.counts.tolist() == torch.bincount(draws, minlength=3).tolist()
    assert result.first == tuple(draws[:24].tolist())
    assert result.counts.sum() == 5000 and result.kept_mass == pytest.approx(1.0)
    assert sm.sample(THREE, 1.0, 0, 1.0, 5000, 8).counts.tolist() != result.counts.tolist()


def test_filtered_samples_stay_in_the_kept_classes():
    result = sm.sample(THREE, 1.0, 2, 1.0, 2000, 0)
    assert result.kept.tolist() == [True, True, False]
    assert result.counts[2] == 0
    assert result.kept_mass == pytest.approx(0.659001 + 0.242433, abs=1e-6)
    np.testing.assert_allclose(
        result.filtered, [0.659001 / result.kept_mass, 0.242433 / result.kept_mass, 0], atol=1e-5
    )


def test_frequencies_converge():
    assert sm.sample(THREE, 1.0, 0, 1.0, 100_000, 1).total_variation < 0.01
    assert sm.sample(THREE, 1.0, 0, 1.0, 10, 1).total_variation > 0.0


# --- numerical stability -------------------------------------------------------------------------


def test_float32_overflow_point():
    assert abs(sm.FLOAT32_EXP_LIMIT - 88.7228) < 1e-4
    assert abs(sm.FLOAT64_EXP_LIMIT - 709.7827) < 1e-4
    assert torch.isinf(torch.exp(torch.tensor(88.8, dtype=torch.float32)))
    assert torch.isfinite(torch.exp(torch.tensor(88.7, dtype=torch.float32)))


def test_naive_formula_breaks_on_large_logits_and_stable_one_does_not():
    result = sm.stability((89.0, 0.0), 1.0)
    assert math.isinf(result.exp32[0]) and math.isnan(result.naive32[0])
    assert result.overflow32 == 1 and result.overflow64 == 0
    assert not result.naive32_ok and result.naive64_ok and result.stable32_ok
    huge = sm.stability((1000.0, 1001.0), 1.0)
    assert np.all(np.isnan(huge.naive64)) and huge.overflow64 == 2
    np.testing.assert_allclose(huge.stable32, [0.268941, 0.731059], atol=1e-6)
    assert math.isinf(huge.naive_lse64) and huge.lse == pytest.approx(1001 + math.log1p(math.exp(-1)))


def test_naive_formula_fails_when_every_exp_underflows():
    result = sm.stability((-200.0, -201.0), 1.0)
    assert np.all(np.isnan(result.naive32)) and not result.naive32_ok and result.stable32_ok


def test_small_logits_agree_everywhere():
    result = sm.stability(THREE, 1.0)
    assert result.naive32_ok and result.naive64_ok and result.stable32_ok and result.overflow32 == 0


# --- invariances, sigmoid, Jacobian --------------------------------------------------------------


def test_shift_changes_nothing_and_scale_is_temperature():
    result = sm.invariance((3.0, -1.0, 0.5, 2.0), 0.7)
    assert result.shift_error < 1e-14 and result.scale_error < 1e-14
    assert result.scaled.max() > result.probs.max()  # doubling the logits sharpens


def test_two_class_softmax_is_sigmoid():
    result = sm.sigmoid_comparison((4.0, -2.0, 0.3, 30.0), 0.5)
    assert result.max_difference < 1e-15
    np.testing.assert_allclose(
        result.at_points, torch.sigmoid(torch.tensor(result.points)).numpy(), atol=1e-15
    )
    assert result.x[-1] >= result.points.max()  # the curve covers the user's points
    assert result.probs.sum() == pytest.approx(1.0) and result.sigmoid_points.sum() > 1.5


def test_jacobian_is_diag_p_minus_outer_p():
    logits = (1.0, -0.5, 2.5, 0.0)
    result = sm.jacobian(logits, 1.5)
    p = torch_softmax(logits, 1.5)
    np.testing.assert_allclose(result.matrix, np.diag(p) - np.outer(p, p), atol=1e-15)
    assert result.max_difference < 1e-15
    np.testing.assert_allclose(result.matrix, result.matrix.T, atol=1e-15)
    np.testing.assert_allclose(result.matrix.sum(axis=1), 0.0, atol=1e-15)
    assert np.all(np.diag(result.matrix) > 0) and np.all(result.matrix[~np.eye(4, dtype=bool)] < 0)


# --- parsing typed logits and names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2, 1, 0.1", THREE),
        ("2 1 0.1", THREE),
        ("2,1,0.1,", THREE),
        ("[2, 1, 0.1]", THREE),
        ("(2, 1, 0.1)", THREE),
        ("tensor([2.0000, 1.0000, 0.1000])", THREE),
        ("  -1e3,\t+.5\n7.  ", (-1000.0, 0.5, 7.0)),
        ("-0", (0.0,)),
        (", ".join(["1"] * 64), (1.0,) * 64),
        ("1e6, -1e6", (1e6, -1e6)),
    ],
)
def test_logits_parse(text, expected):
    assert link.parse_logits(text) == expected


@pytest.mark.parametrize(
    ("text", "reason", "position", "token"),
    [
        ("", "softmax.detail.empty", 0, ""),
        ("  , ,", "softmax.detail.empty", 0, ""),
        ("[]", "softmax.detail.empty", 0, ""),
        ("1, nan", "softmax.detail.not_a_number", 2, "nan"),
        ("inf", "softmax.detail.not_a_number", 1, "inf"),
        ("1, 2, 1e309", "softmax.detail.not_finite", 3, "1e309"),
        ("1_000", "softmax.detail.not_a_number", 1, "1_000"),
        ("0x10", "softmax.detail.not_a_number", 1, "0x10"),
        ("1, ٣", "softmax.detail.not_a_number", 2, "٣"),
        ("１", "softmax.detail.not_a_number", 1, "１"),
        ("[[1, 2]]", "softmax.detail.not_a_number", 1, "[1"),
        ("[" * 500 + "1" + "]" * 500, "softmax.detail.not_a_number", 1, "[" * 23 + "…"),
        ("<b>1</b>", "softmax.detail.not_a_number", 1, "<b>1</b>"),
        ("**1**, 2", "softmax.detail.not_a_number", 1, "**1**"),
        ("1;2", "softmax.detail.not_a_number", 1, "1;2"),
        ("__import__('os')", "softmax.detail.not_a_number", 1, "__import__('os')"),
        ("1, 2e6", "softmax.detail.too_large", 2, "2e6"),
        (", ".join(["1"] * 65), "softmax.detail.too_many", 0, ""),
        ("1, " * 700, "softmax.detail.too_long", 0, ""),
    ],
)
def test_bad_logits_name_the_problem(text, reason, position, token):
    with pytest.raises(link.TextError) as caught:
        link.parse_logits(text)
    error = caught.value
    assert (error.reason, error.position, error.token) == (reason, position, token)
    for lang in ("en", "ko"):
        message = link.logits_message(error, lang, THREE)
        assert "2, 1, 0.1" in message
        assert token in message


def test_messages_are_specific():
    with pytest.raises(link.TextError) as caught:
        link.parse_logits("1, 2, abc")
    assert link.logits_message(caught.value, "en", (1.0, 2.0)) == (
        "Can't read the logits: value 3, “abc”, is not a plain decimal number (like 2, -0.5 or 1e3). "
        "Showing these instead: 1, 2."
    )
    with pytest.raises(link.TextError) as caught:
        link.parse_logits(", ".join(["1"] * 70))
    assert "70" in link.logits_message(caught.value, "ko", (1.0,)) and "64" in link.logits_message(
        caught.value, "ko", (1.0,)
    )


def test_user_text_in_a_message_is_escaped_for_display():
    with pytest.raises(link.TextError) as caught:
        link.parse_logits("<script>alert(1)</script>")
    shown = escape_markdown(link.logits_message(caught.value, "en", THREE))
    assert "<script>" not in shown and r"\<script\>" in shown


def test_names():
    assert link.parse_names("cat, dog, bird", 3) == link.Names(("cat", "dog", "bird"), 3)
    assert link.parse_names("cat dog", 3) == link.Names(("cat", "dog", "#2"), 2)
    assert link.parse_names("cat, , ice cream", 3).labels == ("cat", "#1", "ice cream")
    assert link.parse_names("", 2) == link.Names(("#0", "#1"), 0)
    assert link.parse_names("고양이, 개", 2).labels == ("고양이", "개")
    assert link.parse_names("a, b, c", 2).labels == ("a", "b")
    assert (
        link.names_note(link.parse_names("a, b, c", 2), "en")
        == "3 names for 2 classes: the extra names are not used."
    )
    assert link.names_note(link.parse_names("a", 2), "en") == "1 name for 2 classes: the others are numbered."
    assert link.names_note(link.parse_names("a, b", 2), "en") is None
    names, error = link.read_names("cat, cat", 2)  # what the page uses: numbered classes and why
    assert names.labels == ("#0", "#1") and error.reason == "softmax.detail.duplicate_name"
    assert link.read_names("cat", 2) == (link.Names(("cat", "#1"), 1), None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<b>cat</b>, dog", "softmax.detail.name_characters"),
        ("**cat**", "softmax.detail.name_characters"),
        ("$x$", "softmax.detail.name_characters"),
        ("#1, dog", "softmax.detail.name_characters"),
        ("cat, cat", "softmax.detail.duplicate_name"),
        ("x" * 25, "softmax.detail.name_too_long"),
        (", ".join(f"n{i}" for i in range(65)), "softmax.detail.too_many"),
        ("a," * 1001, "softmax.detail.too_long"),
    ],
)
def test_bad_names(text, reason):
    with pytest.raises(link.TextError) as caught:
        link.parse_names(text, 3)
    assert caught.value.reason == reason
    assert link.names_message(caught.value, "en").startswith("Can't use the class names: ")


def test_presets_parse_and_name_every_class():
    for preset in link.PRESETS:
        logits = link.parse_logits(preset.logits)
        names = link.parse_names(preset.names, len(logits))
        assert not names.mismatch, preset.key
        assert t(f"softmax.preset.{preset.key}", "ko")
    assert link.parse_logits(link.preset("huge").logits) == (1000.0, 1001.0, 999.0)


# --- the link ------------------------------------------------------------------------------------


def test_defaults_without_problems():
    state, problems = link.check({})
    values = state.values()
    assert problems == []
    assert values == {"logits": "2, 1, 0.1", "names": "", "temperature": "1", "sort": False, "target": 0,
                      "top_k": 0, "top_p": 1.0, "samples": 1000, "seed": 0}  # fmt: skip
    assert values == link.DEFAULTS


def test_every_key_is_a_field_with_translated_label_and_help():
    assert [field.key for field in link.FIELDS] == [
        "logits", "names", "temperature", "sort", "target", "top_k", "top_p", "samples", "seed"
    ]  # fmt: skip
    for field in link.FIELDS:
        assert field.label in CATALOG, field.key
        assert field.help in CATALOG or (field.key == "samples" and not field.help), field.key
    assert link.NAMES.placeholder in CATALOG
    assert isinstance(link.TEMPERATURE, Steps)
    assert all(isinstance(f, Whole) for f in (link.TARGET, link.TOP_K, link.SAMPLES, link.SEED))


def test_target_field_follows_the_number_of_classes():
    field = link.target_field(3)
    assert (field.key, field.low, field.high, field.label) == ("target", 0, 2, "softmax.target")
    assert link.TARGET.high == sm.MAX_CLASSES - 1  # the link's bound is left alone


def test_draw_again_and_presets_set_link_values():
    assert link.next_seed(0) == 1 and link.next_seed(41) == 42
    assert link.next_seed(link.SEED.high) == 0  # wraps round instead of leaving the range
    assert link.preset("near_tie").values() == {"logits": "2.31, 2.30, 2.26, 0.5", "names": "A, B, C, D"}
    assert link.check({key: [value] for key, value in link.preset("long_tail").values().items()})[1] == []


def test_a_good_link_is_taken_as_is():
    raw = {"logits": ["3, 1"], "names": ["a, b"], "temperature": ["0.7"], "target": ["1"], "sort": ["true"],
           "top_k": ["1"], "top_p": ["0.9"], "samples": ["50"], "seed": ["12"]}  # fmt: skip
    state, problems = link.check(raw)
    values = state.values()
    assert problems == []
    assert values == {"logits": "3, 1", "names": "a, b", "temperature": "0.7", "target": 1, "sort": True,
                      "top_k": 1, "top_p": 0.9, "samples": 50, "seed": 12}  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "key", "reason", "fallback"),
    [
        ({"temperature": ["0"]}, "temperature", "reason.out_of_range", "1"),
        ({"temperature": ["-1"]}, "temperature", "reason.out_of_range", "1"),
        ({"temperature": ["25"]}, "temperature", "reason.out_of_range", "1"),
        ({"temperature": ["nan"]}, "temperature", "reason.not_a_number", "1"),
        ({"temperature": ["0.75"]}, "temperature", "reason.between_steps", "0.8"),
        ({"target": ["3"]}, "target", "reason.out_of_range", "0"),
        ({"target": ["٣"]}, "target", "reason.not_a_number", "0"),
        ({"target": ["1.5"]}, "target", "reason.not_an_integer", "0"),
        ({"top_p": ["1.5"]}, "top_p", "reason.out_of_range", "1"),
        ({"top_p": ["0"]}, "top_p", "reason.out_of_range", "1"),
        ({"top_k": ["-1"]}, "top_k", "reason.out_of_range", "0"),
        ({"samples": ["0"]}, "samples", "reason.out_of_range", "1000"),
        ({"samples": ["1e9"]}, "samples", "reason.out_of_range", "1000"),
        ({"seed": ["abc"]}, "seed", "reason.not_a_number", "0"),
        ({"sort": ["maybe"]}, "sort", "reason.not_a_flag", "False"),
        ({"logits": ["1," * 2000]}, "logits", "reason.too_long", link.DEFAULT_LOGITS),
    ],
)
def test_bad_link_values_fall_back(raw, key, reason, fallback):
    state, problems = link.check(raw)
    values = state.values()
    assert [(p.key, p.reason, p.fallback) for p in problems] == [(key, reason, fallback)]
    value = values[key]
    assert (f"{value:g}" if isinstance(value, float) else str(value)) == fallback
    assert link.check({**raw, key: [str(values[key])]})[1] == []  # the fallback itself is valid


def test_another_spelling_of_a_temperature_step_is_that_step_without_a_word():
    # The slider matches its URL value as text: "0.50" used to be dropped silently (T = 1).
    for spelling in ("0.50", "5e-1"):
        state, problems = link.check({"temperature": [spelling]})
        values = state.values()
        assert values["temperature"] == "0.5" and link.temperature_value(values["temperature"]) == 0.5
        assert problems == []


def test_target_is_checked_against_the_logits_shown():
    assert link.check({"logits": ["1, 2, 3, 4, 5"], "target": ["4"]})[1] == []
    assert link.check({"logits": ["1, 2, abc, 4, 5"], "target": ["4"]})[1] == []  # the page reports it
    assert link.check({"logits": ["1, 2, abc, 4, 5"], "target": ["4"]}, fallback_count=5)[1] == []
    fallback = link.check({"logits": ["1, 2, abc, 4, 5"], "target": ["4"]}, fallback_count=3)[1][0]
    assert (fallback.key, fallback.allowed) == ("target", "0 … 2")
    problem = link.check({"logits": ["1, 2"], "target": ["4"]})[1][0]
    assert (problem.key, problem.allowed) == ("target", "0 … 1")


def test_temperature_steps_are_log_spaced_and_increasing():
    values = [link.temperature_value(step) for step in link.TEMPERATURES]
    assert (values[0], values[-1]) == (sm.T_MIN, sm.T_MAX) == (0.05, 20.0) and 1.0 in values
    with pytest.raises(ValueError):
        link.temperature_value("0.50")
    ratios = np.array(values[1:]) / np.array(values[:-1])
    assert np.all(ratios > 1.05) and np.all(ratios < 1.3)


# --- figures -------------------------------------------------------------------------------------


def test_probability_figure_draws_the_probabilities_in_order():
    dist = sm.distribution(THREE)
    labels = ("a", "b", "c")
    figure = figures.probability_figure(dist, labels, sm.display_order(dist.probs, True)[::-1], "en")
    bars, logs = figure.data
    assert list(bars.x) == ["c", "b", "a"]
    np.testing.assert_allclose(bars.y, dist.probs[::-1])
    np.testing.assert_allclose(logs.y, dist.log_probs[::-1])
    np.testing.assert_allclose(np.asarray(bars.customdata)[:, 0], [2, 1, 0])  # hover names the index
    assert bars.marker.color[-1] == theme.DARK_BLUE and bars.marker.color[0] == theme.BLUE
    assert logs.marker.color == theme.PURPLE
    assert figure.layout.margin.t == 20 and figure.layout.margin.l == 10  # the theme's, a lower top


def test_figures_take_the_theme_layout():
    dist = sm.distribution(THREE)
    sweep = sm.temperature_sweep(THREE)
    figure = figures.limits_figure(sweep, dist, ("a", "b", "c"), np.arange(3), "en")
    expected = theme.plotly_layout(380)
    assert (
        figure.layout.height == 380 and figure.layout.legend.orientation == expected["legend"]["orientation"]
    )
    assert figure.layout.margin.to_plotly_json() == expected["margin"]
    assert [trace.marker.color for trace in figure.data] == [theme.DARK_BLUE, theme.BLUE, theme.MUTED]
    jacobian = figures.jacobian_figure(sm.jacobian(THREE, 1.0), ("a", "b", "c"), np.arange(3), "en")
    assert jacobian.layout.margin.t == 60


def test_value_labels_only_while_they_fit():
    few = sm.cross_entropy(THREE, 1.0, 0)
    assert figures.gradient_figure(few, ("a", "b", "c"), np.arange(3), "en").data[0].text == (
        "-0.341",
        "+0.242",
        "+0.099",
    )
    many = tuple(float(i) for i in range(64))
    labels = link.parse_names("", 64).labels
    gradient = figures.gradient_figure(sm.cross_entropy(many, 1.0, 0), labels, np.arange(64), "en")
    assert gradient.data[0].text is None


def test_every_figure_builds_in_both_languages():
    logits = (3.0, 1.0, 1.0, -2.0, *(float(i) / 10 for i in range(20)))
    dist = sm.distribution(logits, 0.7)
    labels = link.parse_names("", len(logits)).labels
    order = sm.display_order(dist.probs, True)
    sweep = sm.temperature_sweep(logits)
    comparison = sm.sigmoid_comparison(logits, 0.7)
    for lang in ("en", "ko"):
        built = [
            figures.sweep_figure(sweep, labels, 0.7, lang),
            figures.limits_figure(sweep, dist, labels, order, lang),
            figures.gradient_figure(sm.cross_entropy(logits, 0.7, 2), labels, order, lang),
            figures.sampling_figure(sm.sample(logits, 0.7, 5, 0.9, 100, 0), labels, order, lang),
            figures.invariance_figure(sm.invariance(logits, 0.7), labels, order, lang),
            figures.sigmoid_figure(comparison, labels, lang),
            figures.multilabel_figure(comparison, labels, order, lang),
            figures.jacobian_figure(sm.jacobian(logits, 0.7), labels, order, lang),
        ]
        assert all(isinstance(figure, go.Figure) and figure.data for figure in built)
    sweep_traces = built[0].data
    assert len(sweep_traces) == figures.SWEEP_LINES + 1 and sweep_traces[-1].name == "나머지 16개(합)"
    assert np.asarray(built[-1].data[0].z).shape == (len(logits), len(logits))


# --- tables --------------------------------------------------------------------------------------


def test_values_text_is_an_aligned_table_in_display_order():
    dist = sm.distribution((2.0, -1.5, 30.0), 2.0)
    lines = tables.values_text(dist, ("고양이", "dog", "#2"), np.array([2, 0, 1]), "ko").splitlines()
    assert lines[0].split() == ["#", "z", "z", "/", "T", "p", "log", "p", "클래스"]
    assert lines[1].split() == ["2", "30", "15", "0.999999", "-9.76026e-07", "#2"]  # ln(1 + e^-14 + e^-15.75)
    assert lines[2].split()[0] == "0" and lines[2].endswith("  고양이")
    # the numbers end in the same column on every line, whatever the names
    ends = {
        len(line) - len(name) for line, name in zip(lines, ("클래스", "#2", "고양이", "dog"), strict=True)
    }
    assert len(ends) == 1


def test_stability_columns_show_nan_and_inf():
    result = sm.stability((1000.0, 1001.0), 1.0)
    columns = tables.stability_columns(result, ("a", "b"), np.array([1, 0]), "en")
    assert columns["#"] == ["1", "0"] and columns["class"] == ["b", "a"]
    assert columns["exp(z / T) float32"] == ["inf", "inf"]
    assert columns["naive float64"] == ["nan", "nan"]
    assert columns["max subtracted, float32"] == ["0.731059", "0.268941"]
    assert set(map(len, columns.values())) == {2}


def test_summary_metrics_name_ties_and_keep_names_literal():
    dist = sm.distribution((3.0, 3.0, 3.0, 3.0, 1.0))
    shown = {m.label: m for m in tables.summary_metrics(dist, ("_a_", "b", "c", "d", "e"), "en")}
    assert shown["argmax"].value == r"\_a\_ \= b \= c \= …" and shown["argmax"].delta == "4-way tie"
    assert (shown["Sum of p"].value, shown["Sum of p"].delta) == ("1", None)
    assert shown["max p"].help is None
    assert "ln K = 1.609 nats" in shown["Entropy (nats)"].help  # K = 5
    one = {m.label: m.value for m in tables.summary_metrics(sm.distribution(THREE), ("a", "b", "c"), "en")}
    assert (one["argmax"], one["Entropy (bits)"], one["Perplexity"]) == (
        "a",
        "1.2216",
        "2.332",
    )  # H = 0.846741 nats


def test_tab_metrics():
    loss = {
        m.label: m.value
        for m in tables.loss_metrics(sm.cross_entropy(THREE, 1.0, 2), sm.distribution(THREE), "en")
    }
    assert loss == {
        "Cross-entropy (nats)": "2.31703",
        "p(target)": "0.0985659",
        "Uniform guess: ln K": "1.09861",
    }
    sampling = {
        m.label: m.value for m in tables.sampling_metrics(sm.sample(THREE, 1.0, 1, 1.0, 100, 0), "ko")
    }
    assert sampling["남은 클래스"] == "1 / 3" and sampling["샘플링 오차"] == "0"
    labels = [m.label for m in tables.invariance_metrics(sm.invariance(THREE, 1.0), "en")]
    assert labels == ["max |p(z + 100) − p(z)|", "max |p(2·z / T) − p(z / (T/2))|"]
    assert "torch.logsumexp 1001.31" in tables.lse_text(sm.stability((1000.0, 1001.0), 1.0), "en")


def test_computation_does_not_depend_on_the_link():
    imported = {
        node.module
        for node in ast.walk(ast.parse(inspect.getsource(sm)))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(name.startswith("activations.softmax") for name in imported)
