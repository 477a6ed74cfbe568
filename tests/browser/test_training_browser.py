"""The Training lab in a real browser: start, watch the counters move, pause, reset, restore a link."""

import os
import re
import time
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.conftest import POLL_MS, Runs, expect_no_exception, wait_for_app


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
        page.wait_for_timeout(POLL_MS)
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


def settled_steps(page: Page, runs: Runs) -> int:
    """The step counter once nothing runs any more (paused: the last refresh has arrived)."""
    expect(button(page, "start")).to_be_visible(timeout=30_000)
    runs.wait_idle()
    return steps(page)


def test_start_watch_pause_step_reset(server, page, runs):
    open_lab(page, f"{server.url}/training?optimizer=sgd&lr=3")
    assert steps(page) == 0
    click(page, "start")
    first = wait_for_steps(page, 0)
    second = wait_for_steps(page, first)  # the counter keeps moving while it trains
    assert second > first
    deadline = time.perf_counter() + 30  # lr 3 kills ReLU units: the dead count moves too
    while metric(page, "Dead units").startswith(("0 ", "1 ")) and time.perf_counter() < deadline:
        page.wait_for_timeout(POLL_MS)
    assert int(metric(page, "Dead units").split("/")[0]) >= 2
    click(page, "pause")
    paused = settled_steps(page, runs)
    click(page, "step")
    wait_for_steps(page, paused)
    runs.wait_idle()
    assert steps(page) == paused + 1
    click(page, "reset")
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Step").first).to_contain_text("0")
    deadline = time.perf_counter() + 30
    while steps(page) != 0 and time.perf_counter() < deadline:
        page.wait_for_timeout(POLL_MS)
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


def test_link_restores_the_configuration_and_never_starts(server, page, runs):
    open_lab(
        page,
        f"{server.url}/training?dataset=spiral&hidden=16,4&act=leaky_relu&negative_slope=0.2&lr=0.3&seed=7&lang=ko",
    )
    expect(page.locator(".st-key-hidden input")).to_have_value("16,4")
    expect(page.locator(".st-key-act input")).to_have_value("leaky_relu")
    expect(page.locator(".st-key-lr")).to_contain_text("0.3")
    expect(page.locator(".st-key-negative_slope")).to_contain_text("0.20")
    expect(page.get_by_text("학습 실험실").first).to_be_visible()
    runs.wait_idle()  # nothing more runs by itself...
    assert int(metric(page, "단계").replace(",", "")) == 0  # ...and a link never starts training
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


# Every frame, until all of ``wanted`` are in the page's warnings at once (they arrive one delta at a
# time, and the binder shows a link's problems only until the fixed values have reached the URL).
ALL_WARNED = """wanted => {
  const text = [...document.querySelectorAll('[data-testid="stAlert"]')].map((a) => a.innerText).join(" ");
  return wanted.every((w) => text.includes(w));
}"""


def test_bad_link_shows_messages_not_tracebacks(server, page):
    page.goto(f"{server.url}/training?batch=0&hidden=-1,8&device=tpu&act=<b>x</b>&lr=0.25")
    wanted = ["batch=0", "hidden=-1,8", "device=tpu", "act=<b>x</b>", "lr=0.25"]  # <b> shown literally
    page.wait_for_function(ALL_WARNED, arg=wanted, polling="raf", timeout=60_000)
    expect(page.locator(".st-key-hidden input")).to_have_value("8,8")
    # 0.25 lies between two steps: the nearest one on a log scale, 0.3, in the slider's spelling
    expect(page.locator('.st-key-lr [data-testid="stSliderThumbValue"]')).to_have_text("0.3")
    expect_no_exception(page)


def test_a_preset_reaches_the_url_and_a_copied_link_carries_it(server, page, runs, browser):
    open_lab(page, f"{server.url}/training?act=elu&init=xavier_normal&seed=5")
    page.locator(".st-key-preset button").filter(has_text="large learning rate").click()
    page.wait_for_function(
        "() => { const q = new URLSearchParams(location.search);"
        " return q.get('lr') === '5' && q.get('optimizer') === 'sgd' && !q.has('act') && !q.has('init'); }",
        timeout=30_000,
    )
    expect(page.locator(".st-key-act input")).to_have_value("relu")
    expect(page.locator(".st-key-init input")).to_have_value("default")
    assert "seed" not in parse_qs(urlparse(page.url).query)
    runs.wait_idle()  # nothing takes the link back afterwards
    link = page.url
    assert parse_qs(urlparse(link).query).get("lr") == ["5"]
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:  # the copied link restores the preset
        open_lab(other, link)
        expect(other.locator(".st-key-lr")).to_contain_text("5")
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
    deadline = time.perf_counter() + 30
    while _worker_cpu(server.process.pid) - before <= 0.3:  # it trains outside the server process
        assert time.perf_counter() < deadline, "the workers used no CPU while the run trained"
        page.wait_for_timeout(POLL_MS)
    context.close()  # the tab closes: no more ticks, then the lease runs out
    deadline = time.perf_counter() + 30
    while not _workers_idle(server.process.pid):
        assert time.perf_counter() < deadline, "the run went on training after its tab closed"


def _workers_idle(server_pid: int, samples: int = 4) -> bool:
    """No CPU used by the workers over ``samples`` looks in a row, a quarter of a second apart (a
    training worker runs flat out: ~0.25 s of CPU between two looks)."""
    for _ in range(samples):
        before = _worker_cpu(server_pid)
        time.sleep(0.25)
        if _worker_cpu(server_pid) - before >= 0.05:
            return False
    return True


def test_keyboard_shortcuts_start_pause_and_step(server, page, runs):
    """K starts and pauses (Streamlit's own button shortcuts), N takes one step; typing in a box is
    not a shortcut."""
    open_lab(page, f"{server.url}/training?optimizer=sgd&lr=0.1")
    expect(button(page, "start")).to_be_visible()
    box = page.locator(".st-key-hidden input")
    box.press("End")
    box.press("k")  # typed into the box: a letter, not a start
    expect(box).to_have_value("8,8k")
    runs.wait_idle()  # a start would have run, and set the live view's timer
    assert steps(page) == 0 and button(page, "start").is_visible()
    box.fill("8,8")
    page.evaluate("() => document.activeElement.blur()")  # focus out of the box
    wait_for_app(page)
    page.keyboard.press("k")
    wait_for_steps(page, wait_for_steps(page, 0))  # it trains
    expect(button(page, "pause")).to_be_visible(timeout=30_000)
    page.keyboard.press("k")
    paused = settled_steps(page, runs)
    page.keyboard.press("n")
    wait_for_steps(page, paused)
    runs.wait_idle()
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
