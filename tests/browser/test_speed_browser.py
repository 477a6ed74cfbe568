"""The Speed page in Chromium: run a benchmark on a small tensor, see the chart; links in and out."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from activations.core.registry import NAMES
from tests.browser.conftest import chart_data, expect_no_exception, wait_for_app

RUN_TIMEOUT_S = 180  # the server times every activation with its real settings; the machine may be busy


def wait_for_chart(page: Page, timeout: float = RUN_TIMEOUT_S) -> list[dict]:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        data = chart_data(page)
        if data:
            return data
        page.wait_for_timeout(200)
    raise AssertionError("no chart after the run")


def bar_labels(page: Page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelector('.st-key-chart .js-plotly-plot')._fullData[0].y)"""
    )


def test_run_shows_the_sorted_chart(server, page: Page):
    # a size no other test measures: the server keeps results by configuration, for every visitor
    page.goto(f"{server.url}/speed?size=72")
    wait_for_app(page)
    expect(page.get_by_text("Is ReLU popular because it is fast?")).to_be_visible()
    assert chart_data(page) is None
    page.locator(".st-key-run button").click()
    traces = wait_for_chart(page)
    wait_for_app(page)
    expect_no_exception(page)
    assert len(traces) == 1 and len(traces[0]["y"]) == 5
    labels = bar_labels(page)
    assert len(labels) == len(NAMES) and "<b>ReLU</b>" in labels
    expect(page.get_by_text("What the numbers say")).to_be_visible()
    expect(page.get_by_text("ReLU's forward pass took")).to_be_visible()
    expect(page.locator(".st-key-run button")).to_contain_text("Measure again")
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()


def test_controls_write_the_link(server, page: Page):
    page.goto(f"{server.url}/speed")
    wait_for_app(page)
    page.locator(".st-key-size_preset button", has_text="16K").click()
    page.wait_for_function("() => location.search.includes('size=')", timeout=30_000)
    wait_for_app(page)
    assert "size=16384" in page.url and "16384.0" not in page.url
    expect(page.get_by_text("16,384 elements · 64 KiB per tensor in float32")).to_be_visible()
    page.locator(".st-key-dtype button").filter(has_text=re.compile(r"^float16$")).click()
    page.wait_for_function("() => location.search.includes('dtype=float16')", timeout=30_000)
    wait_for_app(page)
    assert "device=" not in page.url, "the default device stays out of the link"
    page.locator(".st-key-size input").fill("5000")
    page.locator(".st-key-size input").press("Enter")
    page.wait_for_function("() => location.search.includes('size=5000')", timeout=30_000)
    wait_for_app(page)
    assert "size=5000" in page.url and "5000.0" not in page.url
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="Ignored")).to_have_count(0)
    expect_no_exception(page)
