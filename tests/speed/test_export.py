"""Speed exports: CSV and JSON hold the result's numbers with the command line's fields."""

import csv
import dataclasses
import io
import json
import math

import pytest

from activations.core.registry import NAMES
from activations.speed import cli, export
from activations.speed.timing import Config
from tests.speed.conftest import WITH_INPLACE

NUMBERS = ("fwd_ms", "fwd_bwd_ms", "gbps", "ratio_to_copy", "fwd_bwd_ratio_to_copy", "inplace_ms",
           "inplace_ratio_to_copy")  # fmt: skip


def close(written: object, value: float | None) -> bool:
    """A written number is the result's, to the four significant digits the command line prints."""
    if value is None:
        return written in ("", None)
    return math.isclose(float(written), value, rel_tol=1e-3)  # type: ignore[arg-type]


def expected(summary) -> dict[str, float | None]:
    return {key: getattr(summary, key) for key in NUMBERS}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def test_file_names_say_what_they_hold(result):
    assert export.file_name(result, "csv") == "speed_cpu_float32_256.csv"
    bigger = dataclasses.replace(result, config=Config("cpu", "bfloat16", 1_048_576))
    assert export.file_name(bigger, "json") == "speed_cpu_bfloat16_1048576.json"


def test_csv_holds_every_activation_with_the_results_numbers(result):
    data = export.to_csv(result)
    header = data.decode().splitlines()[0]
    assert header.split(",") == list(export.COLUMNS)
    rows = csv_rows(data)
    assert [row["name"] for row in rows] == list(NAMES)
    for row, summary in zip(rows, result.summaries, strict=True):
        assert row["name"] == summary.name
        for key, value in expected(summary).items():
            assert close(row[key], value), (summary.name, key, row[key], value)
        assert (row["device"], row["dtype"], row["size"]) == ("cpu", "float32", "256")
        assert row["threads"] == str(result.threads) and row["error"] == ""
        assert (row["inplace"] == "") == (summary.name not in WITH_INPLACE)
        assert row["inplace"] == (summary.inplace_call or "")


def test_json_holds_the_command_lines_records_and_the_context(result):
    document = json.loads(export.to_json(result))
    assert document["results"] == [json.loads(json.dumps(r)) for r in export.records(result)]
    assert (document["device"], document["dtype"], document["size"]) == ("cpu", "float32", 256)
    assert document["threads"] == result.threads and document["torch"] == result.torch_version
    assert document["repeats"] == len(result.copy.samples)
    assert math.isclose(document["copy_ms"], result.copy.median * 1e3, rel_tol=1e-3)
    assert math.isclose(document["copy_gbps"], result.copy_gbps, rel_tol=1e-3)
    for record, summary in zip(document["results"], result.summaries, strict=True):
        assert record["name"] == summary.name
        for key, value in expected(summary).items():
            assert close(record[key], value), (summary.name, key)
        assert record["inplace"] == summary.inplace_call


def test_fields_are_the_command_lines(result, capsys):
    """The files use exactly the keys ``python -m activations bench`` prints, in its order."""
    assert cli.main(["size=64", "--repeats", "1", "--quiet"]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(list(record) == list(export.COLUMNS[:-1]) for record in printed)  # ``error`` only on failure
    assert [list(r) for r in export.records(result)] == [list(r) for r in printed]


def test_a_failed_activation_and_a_formula_like_message(result):
    rows = list(result.rows)
    rows[0] = dataclasses.replace(rows[0], fwd=None, fwd_bwd=None, inplace=None, error="=cmd|' /C calc'!A0")
    broken = dataclasses.replace(result, rows=tuple(rows))
    first = csv_rows(export.to_csv(broken))[0]
    assert first["error"] == "'=cmd|' /C calc'!A0", "a spreadsheet must not run it"
    assert first["fwd_ms"] == "" and first["ratio_to_copy"] == ""
    record = json.loads(export.to_json(broken))["results"][0]
    assert record["error"] == "=cmd|' /C calc'!A0" and record["fwd_ms"] is None


@pytest.mark.parametrize("make", [export.to_csv, export.to_json])
def test_bytes_are_utf8(result, make):
    assert make(result).decode("utf-8")
