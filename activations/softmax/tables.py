"""Tables of the Softmax page, as plain text, string columns and rows of metrics, built from
:mod:`activations.softmax.compute`.

Numbers in tables are formatted with ``%.6g`` (so ``nan`` and ``inf`` show as such), and rows follow
``order`` (see :func:`~activations.softmax.compute.display_order`).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from activations.core.fields import escape_markdown
from activations.core.i18n import t
from activations.softmax.compute import Distribution, Invariance, Loss, Sampling, Stability
from activations.softmax.link import SoftmaxState


@dataclass(frozen=True)
class View:
    """What the summary and the tabs draw from: the logits in use, their distribution, the class labels,
    the drawing order, the checked page state and the language."""

    logits: tuple[float, ...]
    dist: Distribution
    labels: Sequence[str]
    order: np.ndarray
    state: SoftmaxState
    lang: str

    @property
    def drawing(self) -> tuple[Sequence[str], np.ndarray, str]:
        """What every per-class chart takes after its data: labels, order, language."""
        return self.labels, self.order, self.lang


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` monospace columns."""
    return " " * (width - display_width(text)) + text


def values_text(dist: Distribution, labels: Sequence[str], order: np.ndarray, lang: str) -> str:
    """z, z / T, p and log p of every class as an aligned plain-text table (cheap to draw, easy to
    copy). Numbers are right-aligned; the class names come last, where a font whose CJK glyphs
    aren't exactly two columns wide can't push the numbers out of line."""
    rows = [("#", "z", "z / T", "p", "log p", t("softmax.col.class", lang))]
    rows += [
        (
            str(i),
            _fmt(dist.logits[i]),
            _fmt(dist.scaled[i]),
            _fmt(dist.probs[i]),
            _fmt(dist.log_probs[i]),
            labels[i],
        )
        for i in order
    ]
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(_pad(cell, width) for cell, width in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    )


def stability_columns(
    result: Stability, labels: Sequence[str], order: np.ndarray, lang: str
) -> dict[str, list[str]]:
    """Per class: z / T, float32 exp, the naive formula in float32 and float64, the max-subtracted
    form in float32 and torch.softmax in float64, as display strings."""
    columns = {
        "#": [str(i) for i in order],
        t("softmax.col.class", lang): [labels[i] for i in order],
        "z / T": result.scaled,
        "exp(z / T) float32": result.exp32,
        t("softmax.col.naive32", lang): result.naive32,
        t("softmax.col.naive64", lang): result.naive64,
        t("softmax.col.stable32", lang): result.stable32,
        t("softmax.col.reference", lang): result.reference,
    }
    return {
        name: values if isinstance(values, list) else [_fmt(v) for v in values[order]]
        for name, values in columns.items()
    }


@dataclass(frozen=True)
class Metric:
    """One number as the page shows it: ``value`` is safe to render as Markdown; ``delta`` is a
    note under it (no arrow, no colour) and ``help`` its tooltip."""

    label: str
    value: str
    help: str | None = None
    delta: str | None = None


def summary_metrics(dist: Distribution, labels: Sequence[str], lang: str) -> list[Metric]:
    """Sum of p, argmax (ties named), max p, entropy in nats and bits, perplexity."""
    rounding = dist.total - 1.0  # float64 rounding shows as a small delta under the 1
    winners = [labels[i] for i in dist.argmax]
    argmax = " = ".join(winners[:3]) + (" = …" if len(winners) > 3 else "")
    nats = dist.max_entropy_nats
    entropy_help = t("softmax.metric.entropy_help", lang, nats=nats, bits=nats / math.log(2))
    return [
        Metric(
            t("softmax.metric.sum", lang),
            "1" if rounding == 0 else f"{dist.total:.6f}",
            t("softmax.metric.sum_help", lang),
            f"{rounding:+.1e}" if rounding else None,
        ),
        Metric(
            t("softmax.metric.argmax", lang),
            escape_markdown(argmax),
            t("softmax.metric.argmax_help", lang),
            t("softmax.tie", lang, count=len(winners)) if len(winners) > 1 else None,
        ),
        Metric(t("softmax.metric.max_p", lang), f"{dist.probs.max():.4g}"),
        Metric(t("softmax.metric.entropy_nats", lang), f"{dist.entropy_nats:.4f}", entropy_help),
        Metric(t("softmax.metric.entropy_bits", lang), f"{dist.entropy_bits:.4f}", entropy_help),
        Metric(
            t("softmax.metric.perplexity", lang),
            f"{dist.perplexity:.4g}",
            t("softmax.metric.perplexity_help", lang),
        ),
    ]


def loss_metrics(loss: Loss, dist: Distribution, lang: str) -> list[Metric]:
    """Cross-entropy, p(target), and the loss of a uniform guess, ln K."""
    return [
        Metric(t("softmax.metric.loss", lang), f"{loss.loss:.6g}"),
        Metric(t("softmax.metric.p_target", lang), f"{dist.probs[loss.target]:.6g}"),
        Metric(
            t("softmax.metric.uniform_loss", lang),
            f"{dist.max_entropy_nats:.6g}",
            t("softmax.metric.uniform_loss_help", lang),
        ),
    ]


def sampling_metrics(sampling: Sampling, lang: str) -> list[Metric]:
    """Classes kept by top-k / top-p, the probability they held, the sampling error."""
    return [
        Metric(t("softmax.metric.kept", lang), f"{int(sampling.kept.sum())} / {len(sampling.kept)}"),
        Metric(
            t("softmax.metric.kept_mass", lang),
            f"{sampling.kept_mass:.4g}",
            t("softmax.metric.kept_mass_help", lang),
        ),
        Metric(
            t("softmax.metric.tv", lang), f"{sampling.total_variation:.3g}", t("softmax.metric.tv_help", lang)
        ),
    ]


def invariance_metrics(result: Invariance, lang: str) -> list[Metric]:
    """The largest change from a shift, and from a scale against the matching temperature."""
    rounding = t("softmax.metric.rounding_help", lang)
    return [
        Metric(
            t("softmax.metric.shift_error", lang, shift=f"{result.shift:g}"),
            f"{result.shift_error:.2g}",
            rounding,
        ),
        Metric(
            t("softmax.metric.scale_error", lang, scale=f"{result.scale:g}"),
            f"{result.scale_error:.2g}",
            rounding,
        ),
    ]


def lse_text(result: Stability, lang: str) -> str:
    """log Σ exp(z / T) computed naively in float32 and float64, and by torch.logsumexp."""
    sums = {"naive32": result.naive_lse32, "naive64": result.naive_lse64, "lse": result.lse}
    return t("softmax.lse", lang, **{key: f"{value:.6g}" for key, value in sums.items()})


def stability_badges(result: Stability, lang: str) -> list[tuple[str, str]]:
    """Per way of computing softmax (naive float32, naive float64, max-subtracted float32): its name
    and a Markdown badge saying whether it matched torch.softmax in float64."""
    ok = f":green-badge[:material/check: {t('softmax.result_ok', lang)}]"
    broken = f":red-badge[:material/close: {t('softmax.result_broken', lang)}]"
    works = {"naive32": result.naive32_ok, "naive64": result.naive64_ok, "stable32": result.stable32_ok}
    return [(t(f"softmax.col.{name}", lang), ok if good else broken) for name, good in works.items()]


def overflow_text(result: Stability, size: int, lang: str) -> tuple[str, bool]:
    """How many exp overflow in float32 and float64 on these logits (escaped Markdown), and whether any do."""
    largest = f"{result.scaled.max():.6g}"
    if not result.overflow32:
        return escape_markdown(t("softmax.no_overflow", lang, max=largest)), False
    counts = {"count32": result.overflow32, "count64": result.overflow64, "size": size}
    return escape_markdown(t("softmax.overflow", lang, max=largest, **counts)), True


def limits_text(dist: Distribution, labels: Sequence[str], lang: str) -> list[str]:
    """What softmax becomes as T → 0 (argmax, ties named) and as T → ∞ (uniform), escaped Markdown."""
    cold = "softmax.cold_limit_tie" if len(dist.argmax) > 1 else "softmax.cold_limit"
    return [
        escape_markdown(t(cold, lang, argmax=", ".join(labels[i] for i in dist.argmax))),
        escape_markdown(t("softmax.hot_limit", lang, uniform=1 / dist.size)),
    ]


def target_caption(labels: Sequence[str], target: int, default_label: str, lang: str) -> str:
    """ "Target: cat (#0)" (the number only when the class has a name), escaped Markdown."""
    label = labels[target]
    named = f"{label} ({default_label})" if label != default_label else label
    return escape_markdown(t("softmax.target_is", lang, label=named))


def first_draws_text(sampling: Sampling, labels: Sequence[str], lang: str) -> str:
    """The first draws by class name ("First draws: cat cat dog"), escaped Markdown."""
    return escape_markdown(t("softmax.first_draws", lang, draws=" ".join(labels[i] for i in sampling.first)))
