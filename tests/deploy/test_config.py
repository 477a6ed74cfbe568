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
