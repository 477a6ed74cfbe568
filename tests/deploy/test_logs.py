"""ui/logs.py: one JSON line per event, bounded, and wired where the events happen."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from activations.core.fields import Problem
from ui import logs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def lines(monkeypatch: pytest.MonkeyPatch):
    """The JSON records written while the test runs."""
    buffer = io.StringIO()
    monkeypatch.setattr(logs, "stream", buffer)
    return lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_each_event_is_one_json_line_with_name_time_and_process(lines) -> None:
    logs.run_refused("training", "busy", active=2, cap=2)
    logs.run_queued("training", position=3, active=2, cap=2)
    logs.device_fallback("training", "cuda", "cpu", "CUDA error: out of memory")
    records = lines()
    assert [r["event"] for r in records] == ["run_refused", "run_queued", "device_fallback"]
    assert records[0] | {"ts": 0} == {
        "ts": 0, "event": "run_refused", "pid": records[0]["pid"], "session": None,
        "page": "training", "reason": "busy", "active": 2, "cap": 2,
    }  # fmt: skip
    assert records[1]["position"] == 3 and records[2]["used"] == "cpu"


def test_visitor_text_is_cut_and_problems_are_listed(lines) -> None:
    problems = [Problem(("xmin",), "x" * 10_000, "reason.not_a_number", -6.0, "-50 … 50")]
    logs.link_rejected("activations", problems)
    logs.link_rejected("activations", [])  # nothing to say: no line
    (record,) = lines()
    assert record["event"] == "link_rejected" and record["count"] == 1
    (item,) = record["problems"]
    assert item["key"] == "xmin" and item["reason"] == "reason.not_a_number"
    assert len(item["raw"]) == logs.MAX_TEXT


def test_script_error_names_the_exception_and_where_it_was_raised(lines) -> None:
    try:
        {}["missing"]
    except KeyError as error:
        assert logs.script_error(error) is None  # None: Streamlit still shows its error box
    (record,) = lines()
    assert record["type"] == "KeyError" and "missing" in record["message"]
    line = test_script_error_names_the_exception_and_where_it_was_raised.__code__.co_firstlineno + 2
    assert record["where"] == f"tests/deploy/test_logs.py:{line}"


def test_lines_from_many_threads_never_interleave(lines) -> None:
    threads = [
        threading.Thread(target=lambda: [logs.event("x", n="y" * 500) for _ in range(50)]) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(lines()) == 400


def test_a_bad_link_is_logged_once_per_session(lines, app_test) -> None:
    at = app_test("softmax", top_p="nan")
    at.run()  # later runs of the same session check the widgets, not the link
    records = [r for r in lines() if r["event"] == "link_rejected"]
    assert len(records) == 1, records
    assert records[0]["page"] == "softmax" and records[0]["session"]
    assert [(p["key"], p["raw"]) for p in records[0]["problems"]] == [("top_p", "nan")]


def test_app_hands_the_logger_and_gzip_to_streamlit() -> None:
    """app.py builds ``st.App`` only when imported as a module (``streamlit run``): check that in a
    subprocess, so this process's Streamlit config stays untouched."""
    code = (
        "import app, ui.logs; a = app.app;"
        "assert a._on_script_error is ui.logs.script_error;"
        "print([m.cls.__name__ for m in a._user_middleware])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['StaticGzipCache', 'GZipMiddleware', 'PreloadMiddleware']"
