"""One real ``streamlit run app.py`` for the deploy tests that need the server's HTTP answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness import Server


@pytest.fixture(scope="package")
def server() -> Iterator[Server]:
    server = Server()
    server.wait_healthy()
    yield server
    server.stop()
