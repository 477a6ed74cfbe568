"""The Training lab in a real browser: start, watch the counters move, pause, reset, restore a link."""

import os
import re
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


def button(page: Page, key: str):
    """The button of widget key ``key`` (Streamlit draws a button with a help tooltip twice, one copy
    hidden, which depends on the width: the one shown)."""
    return page.locator(f".st-key-{key} button").filter(visible=True).first


def click(page: Page, key: str) -> None:
    button(page, key).click()


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
    expect(button(page, "start")).to_be_visible(timeout=30_000)
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
    open_lab(page, f"{server.url}/training?batch=0&hidden=-1,8&device=tpu&act=<b>x</b>&lr=0.30")
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.first).to_be_visible()
    wanted = ("batch=0", "tpu", "<b>x</b>", "lr=0.30")
    deadline = time.perf_counter() + 30  # the warnings arrive one delta at a time
    text = " ".join(alerts.all_inner_texts())
    while not all(w in text for w in wanted) and time.perf_counter() < deadline:
        page.wait_for_timeout(100)
        text = " ".join(alerts.all_inner_texts())
    assert all(w in text for w in wanted), text
    expect(page.locator(".st-key-hidden input")).to_have_value("8,8")
    expect(page.locator(".st-key-lr")).to_contain_text("0.3")  # the slider's own spelling
    expect_no_exception(page)


def test_an_infinite_number_is_a_warning_not_a_crash(server, page):
    open_lab(page, f"{server.url}/training?points=inf&seed=1e999")
    text = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "points=inf" in text and "seed=1e999" in text
    expect(page.locator(".st-key-points input")).to_have_value("500")
    expect_no_exception(page)


def test_a_preset_reaches_the_url_and_a_copied_link_carries_it(server, page, browser):
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
    page.wait_for_timeout(1500)  # nothing takes the link back afterwards
    link = page.url
    assert parse_qs(urlparse(link).query).get("lr") == ["3"]
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:  # the copied link restores the preset
        open_lab(other, link)
        expect(other.locator(".st-key-lr")).to_contain_text("3")
        expect(other.locator(".st-key-act input")).to_have_value("relu")
        expect(other.locator(".st-key-seed input")).to_have_value("0")
        expect(other.locator('[data-testid="stAlert"]')).to_have_count(0)
    finally:
        other.context.close()
    expect_no_exception(page)


def test_lu_setup_reaches_the_url(server, page):
    open_lab(page, f"{server.url}/training?act=elu&bias_init=0.5&init=xavier_normal")
    page.get_by_role("tab", name="Born dead").click()
    click(page, "bd_lu")  # ReLU, Kaiming normal, zero bias in the sidebar
    page.wait_for_function(
        "() => { const q = new URLSearchParams(location.search);"
        " return q.get('init') === 'kaiming_normal' && !q.has('act') && !q.has('bias_init'); }",
        timeout=30_000,
    )
    expect(page.locator(".st-key-act input")).to_have_value("relu")
    expect_no_exception(page)


def test_compare_mode_copies_run_a_into_the_url(server, page):
    open_lab(page, f"{server.url}/training?optimizer=sgd&lr=3")
    page.locator(".st-key-compare label").first.click()  # run B starts as a copy of run A
    expect(page.locator(".st-key-b_lr")).to_contain_text("3")
    page.wait_for_function(
        "() => { const q = new URLSearchParams(location.search);"
        " return q.get('compare') === 'true' && q.get('b_lr') === '3' && q.get('b_optimizer') === 'sgd'; }",
        timeout=10_000,
    )
    expect_no_exception(page)


def _worker_cpu(server_pid: int) -> float:
    """CPU seconds used so far by the server's training workers (its ``spawn``ed children)."""
    total = 0.0
    with open(f"/proc/{server_pid}/task/{server_pid}/children") as listing:
        for pid in listing.read().split():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                    if b"spawn_main" not in cmd.read():
                        continue
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def test_a_closed_tab_stops_its_run(server, browser):
    """The run trains in a worker while the tab's ticks renew its lease, and stops when it closes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_lab(page, f"{server.url}/training")
    click(page, "start")
    wait_for_steps(page, wait_for_steps(page, 0))
    before = _worker_cpu(server.process.pid)
    page.wait_for_timeout(1000)
    assert _worker_cpu(server.process.pid) - before > 0.3  # it trains outside the server process
    context.close()  # the tab closes: no more ticks
    time.sleep(2.5)  # its last refresh, then the lease (under a second)
    before = _worker_cpu(server.process.pid)
    time.sleep(1.0)
    assert _worker_cpu(server.process.pid) - before < 0.1


def test_keyboard_shortcuts_start_pause_and_step(server, page):
    """K starts and pauses (Streamlit's own button shortcuts), N takes one step; typing in a box is
    not a shortcut."""
    open_lab(page, f"{server.url}/training?optimizer=sgd&lr=0.1")
    expect(button(page, "start")).to_be_visible()
    box = page.locator(".st-key-hidden input")
    box.press("End")
    box.press("k")  # typed into the box: a letter, not a start
    expect(box).to_have_value("8,8k")
    page.wait_for_timeout(1000)
    assert steps(page) == 0 and button(page, "start").is_visible()
    box.fill("8,8")
    page.evaluate("() => document.activeElement.blur()")  # focus out of the box
    wait_for_app(page)
    page.keyboard.press("k")
    wait_for_steps(page, wait_for_steps(page, 0))  # it trains
    expect(button(page, "pause")).to_be_visible(timeout=30_000)
    page.keyboard.press("k")
    expect(button(page, "start")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    paused = settled_steps(page)
    page.keyboard.press("n")
    wait_for_steps(page, paused)
    page.wait_for_timeout(1000)
    assert steps(page) == paused + 1
    expect_no_exception(page)


def test_a_teachers_link_shows_only_start_pause_and_the_learning_rate(server, page):
    open_lab(page, f"{server.url}/training?only=start&only=lr")
    expect(button(page, "start")).to_be_visible()
    expect(page.locator(".st-key-lr")).to_be_visible()
    for key in ("step", "reset", "preset", "bd_run", "download_history"):
        expect(page.locator(f".st-key-{key}")).to_have_count(0)
    for key in ("hidden", "act", "dataset", "optimizer", "pace", "lang"):  # still there, bound, not shown
        expect(page.locator(f".st-key-{key}").first).to_be_hidden()
    expect(page.get_by_role("tab")).to_have_count(0)
    for key in ("boundary_0", "network_0", "curves"):  # the charts stay, with their alt text
        expect(page.locator(f".st-key-{key} [data-testid='stEChartsChart']")).to_have_attribute(
            "aria-label", re.compile(r"^(Decision boundary|Network|Loss, accuracy)")
        )
    click(page, "start")
    wait_for_steps(page, 0)
    click(page, "pause")
    expect(button(page, "start")).to_be_visible(timeout=30_000)
    expect_no_exception(page)
