"""Browser-test fixtures: one Chromium, a context per test; the server is the run's shared one
(``server`` in tests/conftest.py), or a fresh one where a test needs a first request (``cold_server``).

Chromium is Debian's (``CHROMIUM_PATH``, default /usr/bin/chromium): Playwright can't download a
browser here. Helpers follow Streamlit's own e2e tests: wait for the app, read chart data, expect no
exception. Every wait is on state (an element, the URL, the script's runs), never on a clock.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect, sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

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
POLL_MS = 50  # between two looks at a state that Playwright can't wait for by itself


@pytest.fixture
def cold_server() -> Iterator[Server]:
    """A fresh server nobody has visited yet: a test whose first request must be the server's first
    (a deep link while ``pages/`` still switches a new server to the file-based router) needs its own."""
    with Server() as server:
        yield server


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


class Runs:
    """The script runs of one page, read from Streamlit's WebSocket as they happen (attach before the
    page opens). :attr:`idle`: no run going, none asked for, and no fragment timer (``run_every``)
    set: nothing more runs until someone acts. Timers follow the browser's own rule: a run whose
    ``new_session`` names no fragment (a full run) drops them all, ``auto_rerun`` sets one and
    ``stop_auto_rerun`` drops the ones it names."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.running = False
        self.requested = False  # a run asked for (by the browser, or by the script's st.rerun)
        self.timers: set[str] = set()  # the fragments whose timer is set
        self.finished = 0  # script runs finished so far
        page.on("websocket", self._watch)

    @property
    def timer(self) -> bool:
        return bool(self.timers)

    def _watch(self, socket: WebSocket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            socket.on("framereceived", self._received)
            socket.on("framesent", self._sent)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            message = BackMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "rerun_script":
                self.requested = True

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.running, self.requested = True, False
            if not message.metadata.run.fragment_ids:  # a full run: the browser clears every timer
                self.timers.clear()
        elif kind == "auto_rerun":
            self.timers.add(message.auto_rerun.fragment_id)
        elif kind == "stop_auto_rerun":
            self.timers.difference_update(message.stop_auto_rerun.fragment_ids)
        elif kind == "script_finished":
            self.running = False
            self.finished += 1
            early = message.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
            if early:  # the script's own st.rerun(): another run follows
                self.requested = True

    @property
    def idle(self) -> bool:
        return not (self.running or self.requested or self.timer)

    def wait_for_run(self, after: int, timeout: float = 60) -> None:
        """Wait until a script run finishes beyond the first ``after``, then until the page is idle."""
        deadline = time.perf_counter() + timeout
        while self.finished <= after:
            assert time.perf_counter() < deadline, "no script run came"
            self.page.wait_for_timeout(POLL_MS)
        self.wait_idle(timeout)

    def wait_idle(self, timeout: float = 60) -> None:
        # a round trip through the page first: what it sent before this call has been reported
        self.page.evaluate("() => new Promise(requestAnimationFrame)")
        deadline = time.perf_counter() + timeout
        while not self.idle:
            if time.perf_counter() > deadline:
                state = {"running": self.running, "requested": self.requested, "timer": self.timer}
                raise AssertionError(f"the page never went idle: {state}")
            self.page.wait_for_timeout(POLL_MS)


@pytest.fixture
def runs(page: Page) -> Runs:
    """:class:`Runs` of the test's ``page``."""
    return Runs(page)


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


def expect_no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
