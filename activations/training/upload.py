"""Your own data for the Training lab: a CSV of ``x1,x2,label``, checked strictly, never trusted.

The file is read as bytes and refused, with the row and the problem named, when it is larger than
:data:`MAX_BYTES`, compressed or binary (a zip bomb renamed ``.csv`` is refused by its magic bytes,
never opened), not UTF-8, empty, has a row with other than 3 columns, a cell that isn't a plain
decimal (``nan``, ``inf`` and spreadsheet formulas such as ``=cmd|...`` included), a label that
isn't a whole number, fewer than 2 or more than :data:`MAX_ROWS` rows, or other than 2 to
:data:`MAX_CLASSES` classes. A first row ``x1,x2,label`` is a header.

Accepted points are standardised the way the built-in sets are built, into roughly [-1, 1]²
(centred on their mean, divided by their largest absolute coordinate), labels are renumbered
0 … k-1 in ascending order. :func:`activations.training.data.uploaded_dataset` shuffles them with
the link's seed and splits them by ``test_frac`` like the built-in sets (``DataConfig("upload",
upload_csv=...)`` carries the file). This module reads bytes and needs nothing of the lab.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import torch

from activations.core.export import FORMULA_START
from activations.core.fields import InvalidValue, parse_number, shorten
from activations.core.i18n import t

MAX_BYTES = 256 * 1024  # 2,000 rows of three long decimals fit in a tenth of this
MAX_ROWS = 2000
MIN_ROWS = 2
MAX_CLASSES = 8
HEADER = ("x1", "x2", "label")
_MAGIC = {b"PK\x03\x04": "zip", b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ": "xz", b"7z\xbc\xaf": "7z"}


class UploadError(ValueError):
    """Why a file was refused: ``reason`` is a translation key (``upload.reason.*``), ``row`` the
    1-based line at fault (0: the whole file), ``token`` the cell as found (shortened)."""

    def __init__(self, reason: str, row: int = 0, token: str = "", limit: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.row, self.token, self.limit = reason, row, shorten(token, 24), limit


@dataclass(frozen=True)
class UploadedData:
    """Standardised points (float32, (n, 2)), labels 0 … k-1 (int64), and a digest that names the
    content (the lab's configuration holds it, so a new file is a new run). ``source``: the rows as
    read, ``(x1, x2, label)`` before standardising and renumbering (what an exported script embeds)."""

    x: torch.Tensor
    y: torch.Tensor
    classes: int
    digest: str
    rows: int
    source: tuple[tuple[float, float, int], ...] = field(default=(), repr=False)


def parse_upload(data: bytes) -> UploadedData:
    """The points of a ``x1,x2,label`` CSV file, or :class:`UploadError`."""
    if len(data) > MAX_BYTES:
        raise UploadError("upload.reason.too_large", limit=MAX_BYTES // 1024)
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise UploadError("upload.reason.compressed", token=kind)
    if b"\x00" in data:
        raise UploadError("upload.reason.binary", row=data[: data.index(b"\x00")].count(b"\n") + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError("upload.reason.encoding", row=data[: error.start].count(b"\n") + 1) from None
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    lines = [(number, line) for number, line in lines if line]
    if lines and tuple(cell.strip().lower() for cell in lines[0][1].split(",")) == HEADER:
        lines = lines[1:]
    if not lines:
        raise UploadError("upload.reason.empty")
    if len(lines) > MAX_ROWS:
        raise UploadError("upload.reason.too_many_rows", row=lines[MAX_ROWS][0], limit=MAX_ROWS)
    if len(lines) < MIN_ROWS:
        raise UploadError("upload.reason.too_few_rows", limit=MIN_ROWS)
    points, labels = [], []
    for number, line in lines:
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) != 3:
            raise UploadError("upload.reason.columns", row=number, token=line, limit=len(cells))
        x1, x2, label = (_cell(cell, number) for cell in cells)
        if label != int(label) or label < 0:
            raise UploadError("upload.reason.label", row=number, token=cells[2])
        points.append((x1, x2))
        labels.append(int(label))
    kinds = sorted(set(labels))
    if not 2 <= len(kinds) <= MAX_CLASSES:
        raise UploadError("upload.reason.classes", token=str(len(kinds)), limit=MAX_CLASSES)
    x = torch.tensor(points, dtype=torch.float64)
    x = x - x.mean(dim=0)
    x = (x / x.abs().max().clamp_min(1e-12)).float()
    renumber = {label: index for index, label in enumerate(kinds)}
    y = torch.tensor([renumber[label] for label in labels], dtype=torch.int64)
    source = tuple((x1, x2, label) for (x1, x2), label in zip(points, labels, strict=True))
    return UploadedData(x, y, len(kinds), hashlib.sha256(data).hexdigest()[:16], len(lines), source)


def _cell(cell: str, row: int) -> float:
    """A plain finite decimal; a formula or NaN/inf is named as such."""
    try:
        return parse_number(cell)
    except InvalidValue as error:
        if cell.lower().lstrip("+-") in ("nan", "inf", "infinity") or error.reason == "reason.not_finite":
            raise UploadError("upload.reason.not_finite", row=row, token=cell) from None
        if cell.startswith(FORMULA_START):
            raise UploadError("upload.reason.formula", row=row, token=cell) from None
        raise UploadError("upload.reason.not_a_number", row=row, token=cell) from None


def describe(error: UploadError, lang: str) -> str:
    """What is wrong with the file, in plain words, naming the row when there is one."""
    detail = t(error.reason, lang, token=error.token, limit=error.limit)
    return t("upload.at_row", lang, row=error.row, detail=detail) if error.row else detail
