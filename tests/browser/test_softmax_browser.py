"""The Softmax page in Chromium: typed logits redraw the bars and land in the link."""

import math
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import chart_data, expect_no_exception, wait_for_app, wait_for_chart_change

pytestmark = pytest.mark.browser
CHART = "softmax_chart"


def open_softmax(page: Page, base_url: str, query: str = "") -> list[dict]:
    page.goto(f"{base_url}/softmax{query}")
    wait_for_app(page)
    page.wait_for_selector(f".st-key-{CHART} .js-plotly-plot", timeout=60_000)
    page.wait_for_function(
        "key => document.querySelector(`.st-key-${key} .js-plotly-plot`)._fullData", arg=CHART, timeout=30_000
    )
    return chart_data(page, CHART)


def softmax(*logits: float) -> list[float]:
    top = max(logits)
    weights = [math.exp(z - top) for z in logits]
    return [w / sum(weights) for w in weights]


def link(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_typing_logits_redraws_the_bars_and_updates_the_url(page: Page, server):
    before = open_softmax(page, server.url)
    assert before[0]["y"] == pytest.approx(softmax(2, 1, 0.1))
    box = page.locator(".st-key-logits input")
    box.fill("1000, 1001")
    box.press("Enter")
    after = wait_for_chart_change(page, before, CHART)
    assert after[0]["y"] == pytest.approx([0.268941, 0.731059], abs=1e-6)
    page.wait_for_url(re.compile(r"[?&]logits=1000"))
    assert link(page)["logits"] == ["1000, 1001"]
    expect_no_exception(page)


def test_the_chart_follows_while_typing(page: Page, server):
    before = open_softmax(page, server.url)
    box = page.locator(".st-key-logits input")
    box.click()
    box.press("End")
    box.press_sequentially(", 4", delay=40)  # no Enter: the box commits after a short pause
    after = wait_for_chart_change(page, before, CHART)
    assert after[0]["y"] == pytest.approx(softmax(2, 1, 0.1, 4))
    expect_no_exception(page)


def test_bad_typing_says_why_and_keeps_the_bars(page: Page, server):
    before = open_softmax(page, server.url, "?logits=3,1")
    box = page.locator(".st-key-logits input")
    box.fill("3, 1, <b>x</b>")
    box.press("Enter")
    alert = page.locator('[data-testid="stAlertContentWarning"]')
    expect(alert).to_contain_text("value 3, “<b>x</b>”, is not a plain decimal number", timeout=30_000)
    expect(page.locator(".st-key-logits input")).to_have_value("3, 1, <b>x</b>")
    wait_for_app(page)
    assert chart_data(page, CHART) == before
    expect_no_exception(page)


def test_a_deep_link_works_on_a_fresh_server(page: Page, cold_server):
    bars = open_softmax(page, cold_server.url, "?logits=3,1&temperature=0.5&names=yes,no")
    assert bars[0]["y"] == pytest.approx(softmax(6, 2))
    expect(page.locator(".st-key-temperature")).to_contain_text("0.5")
    expect(page.locator("h1")).to_have_text("Softmax")
    assert link(page)["names"] == ["yes,no"]
    expect_no_exception(page)
