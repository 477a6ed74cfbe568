"""``.streamlit/config.toml``: the server's own limits fit what the app accepts and sends."""

from __future__ import annotations

import tomllib
from pathlib import Path

from activations.training import upload

ROOT = Path(__file__).resolve().parents[2]
MIB = 2**20  # Streamlit counts maxUploadSize in 2**20-byte megabytes
MB = 10**6  # ... and maxMessageSize in 10**6-byte ones
LARGEST_MESSAGE = 320_000  # bytes: the Activations page's first view (the largest measured)


def server_options() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]


def test_uploads_are_cut_off_at_the_smallest_whole_megabyte_above_the_apps_own_cap() -> None:
    size = server_options()["maxUploadSize"]
    assert isinstance(size, int) and not isinstance(size, bool)
    assert (size - 1) * MIB < upload.MAX_BYTES <= size * MIB


def test_messages_have_room_for_the_largest_view_and_no_more_than_a_few_mb() -> None:
    size = server_options()["maxMessageSize"]
    assert isinstance(size, int) and not isinstance(size, bool)
    assert 10 * LARGEST_MESSAGE <= size * MB <= 16 * MB


def test_the_lab_stream_is_served_where_the_chart_asks_for_it() -> None:
    """The chart opens the stream at the paths its page sends (activations/training/chart.py), from
    the site's root. ``st.App`` serves its own routes (ui/stream.py) at their literal paths whatever
    ``server.baseUrlPath`` says (only Streamlit's routes move under it): with it set, a proxy that
    forwards only that prefix would cut the lab off its stream (docs/deploy.md)."""
    from activations.training.chart import PATHS
    from ui.stream import STREAM_ROUTES

    assert {route.path for route in STREAM_ROUTES} == set(PATHS.values())
    assert all(path.startswith("/api/lab/") for path in PATHS.values())
    assert not server_options().get("baseUrlPath")
