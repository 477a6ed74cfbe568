"""Softmax and everything around it, computed by PyTorch in float64.

``softmax(z / T)_i = exp(z_i / T) / sum_j exp(z_j / T)`` turns logits ``z`` into probabilities;
the temperature ``T`` sharpens (T < 1) or flattens (T > 1) them. Every number here comes from
torch: ``torch.softmax`` / ``torch.log_softmax``, ``F.cross_entropy`` with autograd for the
gradient, ``torch.autograd.functional.jacobian`` for the Jacobian and ``torch.multinomial`` with a
seeded ``torch.Generator`` for sampling. Formulas elsewhere are for display only; the closed forms
(``p - onehot(y)``, ``diag(p) - p p^T``) are computed beside the autograd values so the page and
the tests can show that they agree.

Functions take the logits as a tuple of floats (hashable, so results are cached) and return frozen
dataclasses of read-only numpy arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F

Logits = tuple[float, ...]

MAX_CLASSES = 64  # the most logits the functions here are given (the link's parser enforces it)
LOGIT_LIMIT = 1e6  # |z| bound: z / T stays far from float64 overflow at the lowest temperature
T_MIN, T_MAX = 0.05, 20.0  # the temperatures offered, and the range of the sweep

FLOAT32_EXP_LIMIT = math.log(torch.finfo(torch.float32).max)  # 88.72: exp overflows above it
FLOAT64_EXP_LIMIT = math.log(torch.finfo(torch.float64).max)  # 709.78
SWEEP_POINTS = 161


def _array(tensor: torch.Tensor) -> np.ndarray:
    """A read-only float64 (or int64) numpy copy, safe to share from a cache."""
    array = tensor.detach().to(torch.float64 if tensor.is_floating_point() else torch.int64).numpy().copy()
    array.setflags(write=False)
    return array


def _tensor(logits: Logits) -> torch.Tensor:
    return torch.tensor(logits, dtype=torch.float64)


def ties_at_max(values: torch.Tensor) -> tuple[int, ...]:
    """Every index holding the largest value (several when tied)."""
    return tuple(int(i) for i in torch.nonzero(values == values.max()).flatten())


@dataclass(frozen=True)
class Distribution:
    """softmax(z / T) and its summary numbers.

    ``argmax`` lists every class tied for the largest logit. ``entropy_nats`` is
    ``-sum p log p`` (0 log 0 = 0); perplexity ``exp(H)`` is the number of equally likely classes
    that would be as uncertain.
    """

    logits: np.ndarray
    temperature: float
    scaled: np.ndarray
    probs: np.ndarray
    log_probs: np.ndarray
    argmax: tuple[int, ...]
    entropy_nats: float
    total: float

    @property
    def size(self) -> int:
        return len(self.probs)

    @property
    def entropy_bits(self) -> float:
        return self.entropy_nats / math.log(2)

    @property
    def perplexity(self) -> float:
        return math.exp(self.entropy_nats)

    @property
    def max_entropy_nats(self) -> float:
        """ln K: the entropy of the uniform distribution over K classes."""
        return math.log(self.size)


@lru_cache(maxsize=512)
def distribution(logits: Logits, temperature: float = 1.0) -> Distribution:
    """softmax and log_softmax of ``logits / temperature`` in float64."""
    z = _tensor(logits)
    scaled = z / temperature
    probs = torch.softmax(scaled, dim=0)
    log_probs = torch.log_softmax(scaled, dim=0)
    entropy = -(probs * log_probs).sum()
    return Distribution(
        logits=_array(z),
        temperature=float(temperature),
        scaled=_array(scaled),
        probs=_array(probs),
        log_probs=_array(log_probs),
        argmax=ties_at_max(z),
        entropy_nats=max(0.0, float(entropy)),  # never -0.0 (one class)
        total=float(probs.sum()),
    )


def display_order(probs: np.ndarray, by_probability: bool) -> np.ndarray:
    """Class indices in input order, or by decreasing probability (ties keep input order)."""
    if not by_probability:
        return np.arange(len(probs))
    return np.argsort(-probs, kind="stable")


@dataclass(frozen=True)
class Loss:
    """Cross-entropy of softmax(z / T) for class ``target`` and its gradient with respect to z.

    ``grad`` comes from autograd through ``F.cross_entropy``; ``closed_form`` is
    ``(p - onehot(target)) / T`` computed from the probabilities, for comparison.
    """

    target: int
    loss: float
    grad: np.ndarray
    closed_form: np.ndarray

    @property
    def max_difference(self) -> float:
        return float(np.max(np.abs(self.grad - self.closed_form)))


@lru_cache(maxsize=512)
def cross_entropy(logits: Logits, temperature: float, target: int) -> Loss:
    """``F.cross_entropy(z / T, target)`` and ``d loss / d z`` by autograd."""
    z = _tensor(logits).requires_grad_(True)
    loss = F.cross_entropy((z / temperature).unsqueeze(0), torch.tensor([target]))
    (grad,) = torch.autograd.grad(loss, z)
    with torch.no_grad():
        probs = torch.softmax(z / temperature, dim=0)
        closed_form = (probs - F.one_hot(torch.tensor(target), len(logits)).to(torch.float64)) / temperature
    return Loss(target=target, loss=float(loss.detach()), grad=_array(grad), closed_form=_array(closed_form))


@dataclass(frozen=True)
class Sweep:
    """softmax(z / T) over a log-spaced range of temperatures, and its two limits.

    ``probs[i, k]`` is class k's probability at ``temperatures[i]``. As T -> 0 softmax becomes
    argmax (``cold``: one-hot, split evenly between tied maxima); as T -> inf it becomes uniform.
    """

    temperatures: np.ndarray
    probs: np.ndarray
    cold: np.ndarray
    hot: np.ndarray


@lru_cache(maxsize=128)
def temperature_sweep(logits: Logits, points: int = SWEEP_POINTS) -> Sweep:
    z = _tensor(logits)
    temperatures = torch.logspace(math.log10(T_MIN), math.log10(T_MAX), points, dtype=torch.float64)
    probs = torch.softmax(z.unsqueeze(0) / temperatures.unsqueeze(1), dim=1)
    tied = (z == z.max()).to(torch.float64)
    return Sweep(
        temperatures=_array(temperatures),
        probs=_array(probs),
        cold=_array(tied / tied.sum()),
        hot=_array(torch.full_like(z, 1.0 / len(logits))),
    )


@dataclass(frozen=True)
class Sampling:
    """Top-k / top-p filtering of softmax(z / T) and ``samples`` draws from what is left.

    ``kept`` marks the classes that survive the filters, ``kept_mass`` is their probability before
    renormalising and ``filtered`` the renormalised distribution the draws come from. ``first``
    holds the first draws in order.
    """

    probs: np.ndarray
    kept: np.ndarray
    kept_mass: float
    filtered: np.ndarray
    counts: np.ndarray
    first: tuple[int, ...]
    samples: int
    seed: int

    @property
    def frequencies(self) -> np.ndarray:
        return self.counts / self.samples

    @property
    def total_variation(self) -> float:
        """Half the L1 distance between the empirical frequencies and ``filtered``."""
        return float(0.5 * np.abs(self.frequencies - self.filtered).sum())


def keep_mask(scaled: torch.Tensor, top_k: int, top_p: float) -> torch.Tensor:
    """Which classes top-k then top-p (nucleus) filtering keep, as in Hugging Face's samplers.

    ``top_k`` (0: off) keeps the k largest logits and any tied with the k-th. ``top_p`` (1: off)
    then keeps the smallest set of most likely classes whose renormalised probability reaches
    ``top_p``. The most likely class always survives.
    """
    kept = torch.ones_like(scaled, dtype=torch.bool)
    if 0 < top_k < len(scaled):
        kth = torch.topk(scaled, top_k).values[-1]
        kept = scaled >= kth
    if top_p < 1.0:
        probs = torch.softmax(scaled.masked_fill(~kept, -math.inf), dim=0)
        order = torch.sort(probs, descending=True, stable=True).indices
        mass_before = torch.cumsum(probs[order], dim=0) - probs[order]
        nucleus = torch.zeros_like(kept)
        nucleus[order] = mass_before < top_p - 1e-12
        kept = kept & nucleus
    return kept


@lru_cache(maxsize=256)
def sample(logits: Logits, temperature: float, top_k: int, top_p: float, samples: int, seed: int) -> Sampling:
    """Filter softmax(z / T) with ``top_k`` and ``top_p``, renormalise, draw ``samples`` classes
    with replacement by ``torch.multinomial`` seeded with ``seed``."""
    scaled = _tensor(logits) / temperature
    probs = torch.softmax(scaled, dim=0)
    kept = keep_mask(scaled, top_k, top_p)
    filtered = torch.softmax(scaled.masked_fill(~kept, -math.inf), dim=0)
    generator = torch.Generator().manual_seed(seed)
    draws = torch.multinomial(filtered, samples, replacement=True, generator=generator)
    counts = torch.bincount(draws, minlength=len(logits))
    kept_array = kept.numpy().copy()
    kept_array.setflags(write=False)
    return Sampling(
        probs=_array(probs),
        kept=kept_array,
        kept_mass=float(probs[kept].sum()),
        filtered=_array(filtered),
        counts=_array(counts),
        first=tuple(int(i) for i in draws[:24]),
        samples=samples,
        seed=seed,
    )


@dataclass(frozen=True)
class Stability:
    """The naive ``exp(u) / sum(exp(u))`` against the stable form, for ``u = z / T``.

    ``naive32`` / ``naive64`` compute the formula as written in float32 / float64 (``exp`` of a
    value above :data:`FLOAT32_EXP_LIMIT` / :data:`FLOAT64_EXP_LIMIT` is inf, and inf / inf is
    NaN; when every ``exp`` underflows to 0 it is 0 / 0). ``stable32`` subtracts the max first,
    in float32; ``reference`` is ``torch.softmax`` in float64. The log-sum-exp values compare
    ``log(sum(exp(u)))`` with ``torch.logsumexp``.
    """

    scaled: np.ndarray
    exp32: np.ndarray
    naive32: np.ndarray
    naive64: np.ndarray
    stable32: np.ndarray
    reference: np.ndarray
    naive_lse32: float
    naive_lse64: float
    lse: float

    @property
    def overflow32(self) -> int:
        return int(np.sum(self.scaled > FLOAT32_EXP_LIMIT))

    @property
    def overflow64(self) -> int:
        return int(np.sum(self.scaled > FLOAT64_EXP_LIMIT))

    @staticmethod
    def _matches(values: np.ndarray, reference: np.ndarray, tolerance: float) -> bool:
        return bool(np.all(np.isfinite(values)) and np.max(np.abs(values - reference)) <= tolerance)

    @property
    def naive32_ok(self) -> bool:
        return self._matches(self.naive32, self.reference, 1e-5)

    @property
    def naive64_ok(self) -> bool:
        return self._matches(self.naive64, self.reference, 1e-12)

    @property
    def stable32_ok(self) -> bool:
        return self._matches(self.stable32, self.reference, 1e-5)


def naive_softmax(u: torch.Tensor) -> torch.Tensor:
    """``exp(u) / sum(exp(u))`` exactly as written, in ``u``'s dtype (overflows, on purpose)."""
    e = torch.exp(u)
    return e / e.sum()


def stable_softmax(u: torch.Tensor) -> torch.Tensor:
    """Subtract the max first: the largest ``exp`` is exp(0) = 1, so nothing overflows."""
    e = torch.exp(u - u.max())
    return e / e.sum()


@lru_cache(maxsize=256)
def stability(logits: Logits, temperature: float) -> Stability:
    u = _tensor(logits) / temperature
    u32 = u.to(torch.float32)
    return Stability(
        scaled=_array(u),
        exp32=_array(torch.exp(u32)),
        naive32=_array(naive_softmax(u32)),
        naive64=_array(naive_softmax(u)),
        stable32=_array(stable_softmax(u32)),
        reference=_array(torch.softmax(u, dim=0)),
        naive_lse32=float(torch.log(torch.exp(u32).sum())),
        naive_lse64=float(torch.log(torch.exp(u).sum())),
        lse=float(torch.logsumexp(u, dim=0)),
    )


@dataclass(frozen=True)
class Invariance:
    """Adding ``shift`` to every logit changes nothing; multiplying them by ``scale`` is the same as
    dividing the temperature by it.

    ``shifted`` = softmax((z + shift) / T); ``scaled`` = softmax(scale * z / T) and ``colder`` =
    softmax(z / (T / scale)). The errors are the largest differences (rounding only).
    """

    shift: float
    scale: float
    probs: np.ndarray
    shifted: np.ndarray
    scaled: np.ndarray
    colder: np.ndarray

    @property
    def shift_error(self) -> float:
        return float(np.max(np.abs(self.shifted - self.probs)))

    @property
    def scale_error(self) -> float:
        return float(np.max(np.abs(self.scaled - self.colder)))


@lru_cache(maxsize=256)
def invariance(logits: Logits, temperature: float, shift: float = 100.0, scale: float = 2.0) -> Invariance:
    z = _tensor(logits)
    return Invariance(
        shift=shift,
        scale=scale,
        probs=_array(torch.softmax(z / temperature, dim=0)),
        shifted=_array(torch.softmax((z + shift) / temperature, dim=0)),
        scaled=_array(torch.softmax(scale * z / temperature, dim=0)),
        colder=_array(torch.softmax(z / (temperature / scale), dim=0)),
    )


@dataclass(frozen=True)
class SigmoidComparison:
    """softmax([x, 0])_0 against sigmoid(x): the same function.

    ``x`` / ``sigmoid`` / ``softmax_pair`` is the curve over a range that covers ``points``
    (the user's ``z / T``); ``at_points`` is softmax([u_i, 0])_0 at each of them and
    ``sigmoid_points`` sigmoid(u_i). ``probs`` is the K-class softmax, for contrast: one of K sums
    to 1, independent sigmoids don't.
    """

    x: np.ndarray
    sigmoid: np.ndarray
    softmax_pair: np.ndarray
    points: np.ndarray
    at_points: np.ndarray
    sigmoid_points: np.ndarray
    probs: np.ndarray

    @property
    def max_difference(self) -> float:
        return float(
            max(
                np.max(np.abs(self.sigmoid - self.softmax_pair)),
                np.max(np.abs(self.sigmoid_points - self.at_points)),
            )
        )


def _pair_softmax(x: torch.Tensor) -> torch.Tensor:
    """softmax([x_i, 0]) for each x_i, first component."""
    return torch.softmax(torch.stack([x, torch.zeros_like(x)], dim=1), dim=1)[:, 0]


@lru_cache(maxsize=256)
def sigmoid_comparison(logits: Logits, temperature: float, points: int = 241) -> SigmoidComparison:
    u = _tensor(logits) / temperature
    reach = max(6.0, 1.1 * float(u.abs().max()))
    x = torch.linspace(-reach, reach, points, dtype=torch.float64)
    return SigmoidComparison(
        x=_array(x),
        sigmoid=_array(torch.sigmoid(x)),
        softmax_pair=_array(_pair_softmax(x)),
        points=_array(u),
        at_points=_array(_pair_softmax(u)),
        sigmoid_points=_array(torch.sigmoid(u)),
        probs=_array(torch.softmax(u, dim=0)),
    )


@dataclass(frozen=True)
class Jacobian:
    """d softmax(u) / d u at u = z / T: ``matrix`` by autograd, ``closed_form`` = diag(p) - p p^T."""

    matrix: np.ndarray
    closed_form: np.ndarray

    @property
    def max_difference(self) -> float:
        return float(np.max(np.abs(self.matrix - self.closed_form)))


@lru_cache(maxsize=128)
def jacobian(logits: Logits, temperature: float) -> Jacobian:
    u = _tensor(logits) / temperature
    matrix = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), u)
    p = torch.softmax(u, dim=0)
    return Jacobian(matrix=_array(matrix), closed_form=_array(torch.diag(p) - torch.outer(p, p)))
