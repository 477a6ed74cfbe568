"""Shared fixtures: AppTest for a page, opened through the app's router as a link would; one real
``streamlit run app.py`` for every test that needs a server (browser, deploy, faults)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from harness import Server

ROOT = Path(__file__).resolve().parent.parent

# AppTest puts a page's folder first on sys.path, where pages/activations.py would shadow the
# library package of the same name: import the package before any page runs.
import activations  # noqa: E402, F401


@pytest.fixture
def app_test():
    """``app_test(page, **query)``: the app opened at ``pages/<page>.py`` by a link, run once."""

    def open_page(page: str, **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page(f"pages/{page}.py")
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()

    return open_page


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """One server for the whole run, started when the first test asks for it (a run without such
    tests starts none). Tests that need a server of their own (a first request on a fresh one, a
    kill) start it themselves."""
    with Server() as server:
        yield server


BROWSER_TESTS = ROOT / "tests" / "browser"


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``browser`` every test in tests/browser/ (the folder decides, no file has to say it), and
    ``server`` every test that talks to a real server: the shared one, a fresh one, or a browser
    test's. Under pytest-xdist (``-n 2 --dist loadgroup``) the server tests form one group: one
    worker runs them in turn against one shared server, the other the library tests."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") or {"server", "cold_server"} & set(item.fixturenames):
            item.add_marker(pytest.mark.server)
            item.add_marker(pytest.mark.xdist_group("server"))
