"""The Training lab in a real browser: start, watch the counters move, pause, reset, restore a link."""

import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import expect_no_exception, wait_for_app

pytestmark = pytest.mark.browser


def metric(page: Page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def steps(page: Page) -> int:
    return int(metric(page, "Step").replace(",", ""))


def wait_for_steps(page: Page, above: int, timeout: float = 30) -> int:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        now = steps(page)
        if now > above:
            return now
        page.wait_for_timeout(100)
    raise AssertionError(f"the step counter stayed at {above}")


def click(page: Page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()


def open_lab(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=30_000)


def settled_steps(page: Page, timeout: float = 30) -> int:
    """The step counter once it has stopped moving (paused: the last refresh has arrived)."""
    deadline = time.perf_counter() + timeout
    last = steps(page)
    while time.perf_counter() < deadline:
        page.wait_for_timeout(1000)
        now = steps(page)
        if now == last:
            return now
        last = now
    raise AssertionError("the step counter never settled")


def test_start_watch_pause_step_reset(server, page):
    open_lab(page, f"{server.url}/training?optimizer=sgd&lr=3")
    assert steps(page) == 0
    click(page, "start")
    first = wait_for_steps(page, 0)
    second = wait_for_steps(page, first)  # the counter keeps moving while it trains
    assert second > first
    deadline = time.perf_counter() + 30  # lr 3 kills ReLU units: the dead count moves too
    while metric(page, "Dead units").startswith(("0 ", "1 ")) and time.perf_counter() < deadline:
        page.wait_for_timeout(200)
    assert int(metric(page, "Dead units").split("/")[0]) >= 2
    click(page, "pause")
    expect(page.locator(".st-key-start button")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    paused = settled_steps(page)
    click(page, "step")
    wait_for_steps(page, paused)
    assert steps(page) == paused + 1
    click(page, "reset")
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Step").first).to_contain_text("0")
    deadline = time.perf_counter() + 30
    while steps(page) != 0 and time.perf_counter() < deadline:
        page.wait_for_timeout(100)
    assert steps(page) == 0
    expect_no_exception(page)


def test_charts_update_in_place_while_training(server, page):
    open_lab(page, f"{server.url}/training")
    click(page, "start")
    moved = wait_for_steps(page, wait_for_steps(page, 0))
    charts = "[_echarts_instance_]"  # ECharts marks the element it draws in
    for key in ("boundary_0", "network_0", "curves"):
        expect(page.locator(f".st-key-{key} {charts}").first).to_be_attached(timeout=30_000)
    page.evaluate(f"() => document.querySelectorAll('{charts}').forEach(c => c.dataset.first = 'yes')")
    wait_for_steps(page, wait_for_steps(page, moved))  # a few refreshes later
    for key in ("boundary_0", "network_0", "curves"):  # not remounted: the same chart, redrawn
        chart = page.locator(f".st-key-{key} {charts}").first
        expect(chart.locator("canvas").first).to_be_visible()
        assert chart.get_attribute("data-first") == "yes", key
    click(page, "pause")
    expect_no_exception(page)


def test_link_restores_the_configuration_and_never_starts(server, page):
    open_lab(
        page,
        f"{server.url}/training?dataset=spiral&hidden=16,4&act=leaky_relu&negative_slope=0.2&lr=0.3&seed=7&lang=ko",
    )
    expect(page.locator(".st-key-hidden input")).to_have_value("16,4")
    expect(page.locator(".st-key-act input")).to_have_value("leaky_relu")
    expect(page.locator(".st-key-lr")).to_contain_text("0.3")
    expect(page.locator(".st-key-negative_slope")).to_contain_text("0.20")
    expect(page.get_by_text("학습 실험실").first).to_be_visible()
    page.wait_for_timeout(1500)
    assert int(metric(page, "단계").replace(",", "")) == 0  # a link never starts training
    expect_no_exception(page)


def test_changed_settings_go_to_the_url_and_back(server, page, browser):
    open_lab(page, f"{server.url}/training")
    field = page.locator(".st-key-hidden input")
    field.fill("12,6")
    field.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('hidden') === '12,6'")
    link = page.url
    assert parse_qs(urlparse(link).query)["hidden"] == ["12,6"]
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        open_lab(other, link)
        expect(other.locator(".st-key-hidden input")).to_have_value("12,6")
        assert metric(other, "Dead units").endswith("/ 18")
    finally:
        other.context.close()


def test_bad_link_shows_messages_not_tracebacks(server, page):
    open_lab(page, f"{server.url}/training?batch=0&hidden=-1,8&device=cuda&act=<b>x</b>")
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.first).to_be_visible()
    text = " ".join(alerts.all_inner_texts())
    assert "batch=0" in text and "cuda" in text and "<b>x</b>" in text
    expect(page.locator(".st-key-hidden input")).to_have_value("8,8")
    expect_no_exception(page)


def test_a_preset_reaches_the_url(server, page):
    open_lab(page, f"{server.url}/training?act=elu&init=xavier_normal&seed=5")
    page.locator(".st-key-preset button").filter(has_text="large learning rate").click()
    page.wait_for_function(
        "() => { const q = new URLSearchParams(location.search);"
        " return q.get('lr') === '3' && q.get('optimizer') === 'sgd' && !q.has('act') && !q.has('init'); }",
        timeout=30_000,
    )
    expect(page.locator(".st-key-act input")).to_have_value("relu")
    expect(page.locator(".st-key-init input")).to_have_value("default")
    assert "seed" not in parse_qs(urlparse(page.url).query)
    expect_no_exception(page)
