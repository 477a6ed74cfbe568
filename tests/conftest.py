"""Shared fixture: AppTest for a page, opened through the app's router as a link would."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

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
