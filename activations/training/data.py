"""2-D toy data sets for the Training lab, generated with a seeded ``torch.Generator``.

Every set lies roughly in [-1, 1]² before noise; ``noise`` is the standard deviation of Gaussian
noise added to both coordinates, in those units. The points of all classes are shuffled and split
into a training and a test set. The same (name, points, noise, seed) gives the same tensors on any
machine: everything is drawn on the CPU from one generator.

Your own data (``dataset="upload"``): the configuration carries the CSV file's bytes
(``upload_csv``), so it stays hashable and picklable; :mod:`~activations.training.upload` checks and
standardises the points, :func:`uploaded_dataset` shuffles them with the seed and splits them by
``test_frac``. ``points`` and ``noise`` don't apply to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import torch

from activations.training.upload import UploadedData, UploadError, parse_upload

DATASETS = ("moons", "circles", "xor", "spiral", "blobs", "spiral3")
CLASSES = {name: 3 if name == "spiral3" else 2 for name in DATASETS}
UPLOAD = "upload"  # the visitor's own CSV file (carried by DataConfig.upload_csv, never by a link)


@dataclass(frozen=True)
class DataConfig:
    """Which data set to make: name, number of points, noise, test share and seed."""

    dataset: str = "moons"
    points: int = 500
    noise: float = 0.1
    test_frac: float = 0.2
    seed: int = 0
    upload_csv: bytes = field(default=b"", repr=False)  # dataset "upload": the file as uploaded

    def make(self) -> Dataset:
        if self.dataset == UPLOAD:
            return uploaded_dataset(self.uploaded(), self.test_frac, self.seed)
        return make_dataset(self.dataset, self.points, self.noise, self.test_frac, self.seed)

    def uploaded(self) -> UploadedData:
        """The checked, standardised points of ``upload_csv`` (:class:`UploadError` when refused)."""
        return parsed_upload(self.upload_csv)

    @property
    def classes(self) -> int:
        return self.uploaded().classes if self.dataset == UPLOAD else CLASSES[self.dataset]

    @property
    def class_names(self) -> tuple[str, ...]:
        """Each class's name: an uploaded file's labels as written (``cat``; the visitor's text,
        escape it where shown), else the class numbers ``0`` … ``k-1``."""
        if self.dataset == UPLOAD:
            return self.uploaded().class_names
        return tuple(str(k) for k in range(CLASSES[self.dataset]))


@dataclass(frozen=True)
class Dataset:
    """Training and test points (float32, shape (n, 2)) and labels (int64 class indices)."""

    name: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    classes: int

    @property
    def extent(self) -> float:
        """Half the side of a square around the origin that holds every point, with a margin
        (a multiple of 0.25, so the axes get round numbers)."""
        every = torch.cat([self.x_train, self.x_test])
        return math.ceil(max(1.2, 1.05 * float(every.abs().max())) * 4) / 4


def derive_seed(seed: int, stream: int) -> int:
    """An independent seed for one use of ``seed`` (0 data, 1 init, 2 shuffling, 3 RReLU, 4 born-dead)."""
    return (seed * 0x9E3779B97F4A7C15 + stream * 0xBF58476D1CE4E5B9) % 2**63


def _sizes(points: int, classes: int) -> list[int]:
    return [points // classes + (k < points % classes) for k in range(classes)]


def _uniform(n: int, low: float, high: float, gen: torch.Generator) -> torch.Tensor:
    return torch.rand(n, generator=gen) * (high - low) + low


def _moons(sizes: list[int], gen: torch.Generator) -> list[torch.Tensor]:
    # scikit-learn's two half circles, centred and scaled by 2/3 to about [-1, 1] x [-0.5, 0.5].
    upper = _uniform(sizes[0], 0, math.pi, gen)
    lower = _uniform(sizes[1], 0, math.pi, gen)
    first = torch.stack([upper.cos(), upper.sin()], 1)
    second = torch.stack([1 - lower.cos(), 0.5 - lower.sin()], 1)
    centre = torch.tensor([0.5, 0.25])
    return [(first - centre) * (2 / 3), (second - centre) * (2 / 3)]


def _ring(n: int, r_low: float, r_high: float, gen: torch.Generator) -> torch.Tensor:
    radius = _uniform(n, r_low, r_high, gen)
    angle = _uniform(n, 0, 2 * math.pi, gen)
    return torch.stack([radius * angle.cos(), radius * angle.sin()], 1)


def _circles(sizes: list[int], gen: torch.Generator) -> list[torch.Tensor]:
    # TensorFlow Playground's "circle": a disc of radius 0.5 inside a ring from 0.7 to 1.
    return [_ring(sizes[0], 0.0, 0.5, gen), _ring(sizes[1], 0.7, 1.0, gen)]


def _xor(sizes: list[int], gen: torch.Generator) -> list[torch.Tensor]:
    # Uniform in the square, pushed 0.05 away from the axes so the quadrants don't touch.
    total = sum(sizes)
    quadrant_points: list[list[torch.Tensor]] = [[], []]
    while any(sum(len(p) for p in quadrant_points[k]) < sizes[k] for k in range(2)):
        xy = _uniform(2 * total, -0.95, 0.95, gen).reshape(-1, 2)
        xy = xy + 0.05 * xy.sign()
        positive = xy[:, 0] * xy[:, 1] > 0
        quadrant_points[0].append(xy[~positive])
        quadrant_points[1].append(xy[positive])
    return [torch.cat(quadrant_points[k])[: sizes[k]] for k in range(2)]


def _spiral_arm(n: int, turns: float, offset: float) -> torch.Tensor:
    fraction = torch.arange(n, dtype=torch.float32) / max(n, 1)
    angle = turns * 2 * math.pi * fraction + offset
    return torch.stack([fraction * angle.sin(), fraction * angle.cos()], 1)


def _spiral(sizes: list[int], gen: torch.Generator) -> list[torch.Tensor]:
    # TensorFlow Playground's two interleaved spirals of 1.75 turns.
    return [_spiral_arm(sizes[0], 1.75, 0.0), _spiral_arm(sizes[1], 1.75, math.pi)]


def _spiral3(sizes: list[int], gen: torch.Generator) -> list[torch.Tensor]:
    # CS231n's three-arm spiral: arm k sweeps the angles [4k, 4k + 4] while the radius grows to 1.
    arms = []
    for k, n in enumerate(sizes):
        radius = torch.linspace(0.0, 1.0, n)
        angle = torch.linspace(4.0 * k, 4.0 * (k + 1), n)
        arms.append(torch.stack([radius * angle.sin(), radius * angle.cos()], 1))
    return arms


def _blobs(sizes: list[int], gen: torch.Generator) -> list[torch.Tensor]:
    # Two round Gaussian clouds (sd 0.25) centred at -(0.45, 0.45) and (0.45, 0.45).
    return [torch.randn(sizes[k], 2, generator=gen) * 0.25 + centre for k, centre in enumerate((-0.45, 0.45))]


_MAKERS = {
    "moons": _moons,
    "circles": _circles,
    "xor": _xor,
    "spiral": _spiral,
    "blobs": _blobs,
    "spiral3": _spiral3,
}


def make_points(name: str, points: int, noise: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``points`` shuffled points of data set ``name`` (float32, (n, 2)) and their labels (int64)."""
    if name not in _MAKERS:
        raise KeyError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
    if points < CLASSES[name]:
        raise ValueError(f"need at least {CLASSES[name]} points")
    gen = torch.Generator().manual_seed(derive_seed(seed, 0))
    parts = _MAKERS[name](_sizes(points, CLASSES[name]), gen)
    x = torch.cat(parts).float()
    y = torch.cat([torch.full((len(part),), k, dtype=torch.int64) for k, part in enumerate(parts)])
    if noise > 0:
        x = x + noise * torch.randn(x.shape, generator=gen)
    order = torch.randperm(len(x), generator=gen)
    return x[order].contiguous(), y[order].contiguous()


def make_dataset(name: str, points: int, noise: float, test_frac: float, seed: int) -> Dataset:
    """Data set ``name`` split into training and test points (at least one of each)."""
    x, y = make_points(name, points, noise, seed)
    n_test = min(max(round(points * test_frac), 1), points - 1)
    n_train = points - n_test
    return Dataset(name, x[:n_train], y[:n_train], x[n_train:], y[n_train:], CLASSES[name])


@lru_cache(maxsize=8)
def parsed_upload(csv: bytes) -> UploadedData:
    """:func:`~activations.training.upload.parse_upload`, remembered for the last few files (a lab,
    its figures and its exports all read the same one). Shared: read only."""
    if not csv:
        raise UploadError("upload.reason.empty")
    return parse_upload(csv)


def uploaded_dataset(upload: UploadedData, test_frac: float, seed: int) -> Dataset:
    """The uploaded points shuffled with ``seed`` and split by ``test_frac`` (at least one of each)."""
    gen = torch.Generator().manual_seed(derive_seed(seed, 0))
    order = torch.randperm(len(upload.x), generator=gen)
    x, y = upload.x[order].contiguous(), upload.y[order].contiguous()
    points = len(x)
    n_test = min(max(round(points * test_frac), 1), points - 1)
    n_train = points - n_test
    return Dataset(UPLOAD, x[:n_train], y[:n_train], x[n_train:], y[n_train:], upload.classes)
