"""A benchmark result as files to download: CSV and JSON, with the command line's fields.

Each activation is one record, exactly what ``python -m activations bench`` prints for it
(:meth:`~activations.speed.timing.Summary.as_json`: ``name``, ``fwd_ms``, ``fwd_bwd_ms``, ``gbps``,
``ratio_to_copy``, ``fwd_bwd_ratio_to_copy``, ``inplace``, ``inplace_ms``,
``inplace_ratio_to_copy``, ``device``, ``dtype``, ``size``, ``threads``, and ``error``), in the
registry's order. The CSV has one row per record (an empty cell where nothing was measured); the
JSON document holds the records under ``results`` with the run's context around them. File names
say what they hold: ``speed_cpu_float32_1048576.csv``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from activations.core.export import safe_text
from activations.speed.timing import BenchResult

COLUMNS = (
    "name", "fwd_ms", "fwd_bwd_ms", "gbps", "ratio_to_copy", "fwd_bwd_ratio_to_copy", "inplace",
    "inplace_ms", "inplace_ratio_to_copy", "device", "dtype", "size", "threads", "error",
)  # fmt: skip


def records(result: BenchResult) -> list[dict[str, object]]:
    """One record per activation, as the command line prints it."""
    return [summary.as_json(result.config, result.threads) for summary in result.summaries]


def file_name(result: BenchResult, extension: str) -> str:
    """``speed_<device>_<dtype>_<size>.<extension>``."""
    config = result.config
    return f"speed_{config.device}_{config.dtype}_{config.size}.{extension}"


def to_csv(result: BenchResult) -> bytes:
    """The records as UTF-8 CSV with a header row of :data:`COLUMNS`."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records(result):
        writer.writerow({key: _cell(record.get(key)) for key in COLUMNS})
    return buffer.getvalue().encode()


def to_json(result: BenchResult) -> bytes:
    """A JSON document: the run's context and ``results``, the records."""
    config = result.config
    document = {
        "device": config.device,
        "device_name": result.device_name,
        "dtype": config.dtype,
        "size": config.size,
        "threads": result.threads,
        "torch": result.torch_version,
        "timer": result.timer,
        "started_at": datetime.fromtimestamp(result.started_at, UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(result.elapsed, 3),
        "repeats": len(result.copy.samples),
        "copy_ms": float(f"{result.copy.median * 1e3:.4g}"),
        "copy_gbps": float(f"{result.copy_gbps:.4g}"),
        "results": records(result),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def _cell(value: object) -> object:
    """``value`` for a CSV cell: empty for None, ``true``/``false``, texts that a spreadsheet would
    read as a formula prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return safe_text(value) if isinstance(value, str) else value
