"""Browser-test fixtures: one Streamlit server per session, one Chromium, a context per test.

Chromium is Debian's (``CHROMIUM_PATH``, default /usr/bin/chromium): Playwright can't download a
browser here. Helpers follow Streamlit's own e2e tests: wait for the app, read chart data, expect no
exception.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from harness import CHROMIUM, CHROMIUM_ARGS, Server

# A hash of a canvas's pixels (``locator.evaluate(CANVAS_HASH)``): it changes when the drawing does.
CANVAS_HASH = """canvas => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let hash = 0;
  for (let i = 0; i < data.length; i += 4) {
    hash = (hash * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 3]) | 0;
  }
  return hash;
}"""


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    server = Server()
    server.wait_healthy()
    yield server
    server.stop()


@pytest.fixture
def cold_server() -> Iterator[Server]:
    """A fresh server nobody has visited yet (for the first-request deep-link case)."""
    server = Server()
    server.wait_healthy()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page: Page) -> None:
    """Wait until the app is connected and no script is running."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=60_000)


def chart_data(page: Page, key: str = "chart") -> list[dict]:
    """Name and first y values of each trace of the plotly chart inside widget-key ``key``."""
    return page.evaluate(
        """key => {
            const div = document.querySelector(`.st-key-${key} .js-plotly-plot`);
            if (!div || !div._fullData) return null;
            return div._fullData.map(t => ({name: t.name, y: Array.from(t.y || []).slice(0, 5)}));
        }""",
        key,
    )


def wait_for_chart_change(page: Page, before, key: str = "chart", timeout: float = 30) -> list[dict]:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        now = chart_data(page, key)
        if now and now != before:
            return now
        page.wait_for_timeout(50)
    raise AssertionError("chart did not change")


def expect_no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
