"""``kill -9`` of the server during a live training run, then a restart on the same port.

The browser reconnects by itself (Streamlit's frontend pings ``/_stcore/health`` and reopens its
WebSocket; nobody reloads the page), and the link restores the view: same URL, same widget values.
The live run lived only in the killed process: the page shows a clear, ready lab (step 0, Start),
never a traceback.
"""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness import Server
from tests.browser.conftest import expect_no_exception, wait_for_app
from tests.browser.test_training_browser import open_lab, status, steps, tool, wait_for_steps

LINK = "/training?optimizer=sgd&lr=3&hidden=6,6&seed=7"
# every input's value, sidebar and main area (selects and text boxes show what the URL asked for)
INPUTS = """() => Array.from(document.querySelectorAll(
    'section.stMain input, section.stMain select, section.stMain textarea, [data-testid="stSidebar"] input'))
  .map(e => e.type === 'checkbox' ? String(e.checked) : e.value)"""


def link_values(page: Page) -> None:
    """The link's hidden layers and seed are shown (not the defaults), the whole sidebar drawn."""
    expect(page.locator(".st-key-hidden input")).to_have_value("6,6", timeout=30_000)
    expect(page.locator(".st-key-seed input")).to_have_value("7", timeout=30_000)


def test_killed_server_comes_back_and_the_link_restores_the_view(browser: Browser) -> None:
    server = Server()
    restarted = None
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        server.wait_healthy()
        open_lab(page, server.url + LINK)
        link_values(page)
        inputs = page.evaluate(INPUTS)
        lr = page.locator(".st-key-lr").inner_text()
        assert "3" in lr.split()
        tool(page, "toggle").click()
        wait_for_steps(page, 0)
        expect(tool(page, "toggle")).to_have_text("Pause")
        page.evaluate("() => { window.__not_reloaded = true; }")

        server.kill()
        killed = time.perf_counter()
        restarted = Server(port=server.port)
        restarted.wait_healthy(timeout=90)

        # Reconnected by itself: the lab's Start comes back (the new server runs the page afresh from
        # the URL and sends the chart a new lab).
        expect(tool(page, "toggle")).to_have_text("Start", timeout=90_000)
        wait_for_app(page)
        link_values(page)
        print(f"view back {time.perf_counter() - killed:.1f} s after the kill")
        assert page.evaluate("() => window.__not_reloaded === true")  # the same document: no reload
        assert page.url == server.url + LINK
        # every input back as before (checked each frame: the page may still be drawing a part)
        try:
            page.wait_for_function(
                f"inputs => JSON.stringify(({INPUTS})()) === JSON.stringify(inputs)",
                arg=inputs,
                timeout=30_000,
            )
        except PlaywrightTimeout:
            assert page.evaluate(INPUTS) == inputs  # says which input differs
        assert page.locator(".st-key-lr").inner_text() == lr
        assert steps(page) == 0  # the run is gone with its process: a clear lab
        assert status(page) == "ready"
        expect(page.get_by_text("Ready", exact=False).first).to_be_visible()
        expect_no_exception(page)
    finally:
        context.close()
        server.stop()  # after the kill: only its log file is left to remove
        if restarted is not None:
            restarted.stop()
