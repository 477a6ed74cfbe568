"""Your own data for the Training lab: a CSV of ``x1,x2,label``, checked strictly, never trusted.

The file is read as bytes and refused, with the row and the problem named, when it is larger than
:data:`MAX_BYTES`, compressed or binary (a zip bomb renamed ``.csv`` is refused by its magic bytes,
never opened), not UTF-8, empty, not well-formed CSV, has a row with other than 3 columns, a
coordinate that isn't a plain decimal (``nan``, ``inf`` and spreadsheet formulas such as
``=cmd|...`` included), fewer than 2 or more than :data:`MAX_ROWS` rows, other than 2 to
:data:`MAX_CLASSES` classes, or numbers too large to centre and scale (``1e308`` everywhere: the
mean overflows). A first row ``x1,x2,label`` is a header. Rows are read by the standard ``csv``
module: quoted cells (``"1","2",a``), CRLF line ends, a byte-order mark and blank lines are fine.

Labels are whole numbers ≥ 0 (classes in ascending order) or names such as ``cat``/``dog``, as
spreadsheets hold them (classes in order of first appearance; a mix of numbers and names is names).
A name is 1 to :data:`MAX_NAME` printable characters and never a formula; it is the visitor's text,
so whoever shows it escapes it. A numeric class is named by its text as first written.

Accepted points are standardised the way the built-in sets are built, into roughly [-1, 1]²
(centred on their mean, divided by their largest absolute coordinate, in float64), labels are
renumbered 0 … k-1. :func:`activations.training.data.uploaded_dataset` shuffles them with
the link's seed and splits them by ``test_frac`` like the built-in sets (``DataConfig("upload",
upload_csv=...)`` carries the file). This module reads bytes and needs nothing of the lab.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field

import torch

from activations.core.export import FORMULA_START
from activations.core.fields import InvalidValue, parse_number, shorten
from activations.core.i18n import t

MAX_BYTES = 256 * 1024  # 2,000 rows of three long decimals fit in a tenth of this
MAX_ROWS = 2000
MIN_ROWS = 2
MAX_CLASSES = 8
MAX_NAME = 24  # characters of a class name (cat, dog, ...)
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
    read, ``(x1, x2, label)`` before standardising and renumbering (what an exported script embeds;
    ``label`` an int, or the name for named classes). ``labels``: each class's label in ``source``,
    in class order; ``class_names``: each class's name as written (the visitor's text: escape it)."""

    x: torch.Tensor
    y: torch.Tensor
    classes: int
    digest: str
    rows: int
    source: tuple[tuple[float, float, int | str], ...] = field(default=(), repr=False)
    labels: tuple[int | str, ...] = ()
    class_names: tuple[str, ...] = ()


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
    rows = _rows(text)
    if rows and tuple(cell.strip().lower() for cell in rows[0][1]) == HEADER:
        rows = rows[1:]
    if not rows:
        raise UploadError("upload.reason.empty")
    if len(rows) > MAX_ROWS:
        raise UploadError("upload.reason.too_many_rows", row=rows[MAX_ROWS][0], limit=MAX_ROWS)
    if len(rows) < MIN_ROWS:
        raise UploadError("upload.reason.too_few_rows", limit=MIN_ROWS)
    points, texts = [], []
    for number, row in rows:
        cells = [cell.strip() for cell in row]
        if len(cells) != 3:
            raise UploadError("upload.reason.columns", row=number, token=",".join(row), limit=len(cells))
        points.append((_cell(cells[0], number), _cell(cells[1], number)))
        texts.append((number, cells[2]))
    labels, order, names = _labels(texts)
    if not 2 <= len(order) <= MAX_CLASSES:
        raise UploadError("upload.reason.classes", token=str(len(order)), limit=MAX_CLASSES)
    x = _standardised(points)
    index = {label: k for k, label in enumerate(order)}
    y = torch.tensor([index[label] for label in labels], dtype=torch.int64)
    source = tuple((x1, x2, label) for (x1, x2), label in zip(points, labels, strict=True))
    digest = hashlib.sha256(data).hexdigest()[:16]
    return UploadedData(x, y, len(order), digest, len(rows), source, tuple(order), names)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each row that isn't blank, read as CSV."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
            if len(rows) > MAX_ROWS + 1:  # a header and one row too many: enough to say so
                break
    except csv.Error:
        raise UploadError("upload.reason.csv", row=reader.line_num) from None
    return rows


def _labels(texts: list[tuple[int, str]]) -> tuple[list, list, tuple[str, ...]]:
    """Each row's label, the classes' labels in class order and their names. All whole numbers ≥ 0:
    ints, ascending, each named by its text as first written; any other text: names, in order of
    first appearance."""
    for number, text in texts:
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise UploadError("upload.reason.not_finite", row=number, token=text)
    numbers = []
    for _, text in texts:
        try:
            numbers.append(parse_number(text))
        except InvalidValue:
            break
    if len(numbers) == len(texts):
        for (number, text), value in zip(texts, numbers, strict=True):
            if value != int(value) or value < 0:
                raise UploadError("upload.reason.label", row=number, token=text)
        labels = [int(value) for value in numbers]
        written = {}
        for label, (_, text) in zip(labels, texts, strict=True):
            written.setdefault(label, text)
        order = sorted(written)
        return labels, order, tuple(written[label] for label in order)
    for number, text in texts:
        if not 1 <= len(text) <= MAX_NAME or not text.isprintable():
            raise UploadError("upload.reason.name", row=number, token=text, limit=MAX_NAME)
        if text.startswith(FORMULA_START) and not _is_number(text):
            raise UploadError("upload.reason.formula", row=number, token=text)
    labels = [text for _, text in texts]
    order = list(dict.fromkeys(labels))
    return labels, order, tuple(order)


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except InvalidValue:
        return False
    return True


def _standardised(points: list[tuple[float, float]]) -> torch.Tensor:
    """Centred on the mean, divided by the largest absolute coordinate (float64, then float32); a
    file whose numbers are too large for that (the mean or a difference overflows) is refused."""
    x = torch.tensor(points, dtype=torch.float64)
    x = x - x.mean(dim=0)
    x = x / x.abs().max().clamp_min(1e-12)
    if not bool(torch.isfinite(x).all()):
        largest = max((value for point in points for value in point), key=abs)
        raise UploadError("upload.reason.overflow", token=repr(largest))
    return x.float()


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
