"""The Training lab in a real browser, driven through its chart component and the stream: Start moves
the picture with no script run, Pause stops it, Step, Reset, the keys K and N, compare mode, Korean, the
dark theme, the HTTP fallback, classroom links; restoring a link."""

import contextlib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.conftest import CANVAS_HASH, POLL_MS, Runs, expect_no_exception, wait_for_app

STILL_FRAMES = 20  # animation frames a paused picture must stay the same for


def metric(page: Page, label: str, run: str = "A") -> str:
    """A metric of the lab's run ``run`` as shown."""
    box = page.locator(f'.lab-run[data-run="{run}"] .lab-metric').filter(has_text=label).first
    return box.locator(".lab-metric-value").inner_text()


def steps(page: Page, run: str = "A") -> int:
    return int(
        page.locator(f'.lab-run[data-run="{run}"] .lab-metric-value').first.inner_text().replace(",", "")
    )


def wait_for_steps(page: Page, above: int, timeout: float = 90) -> int:  # a cold server starts its workers
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        now = steps(page)
        if now > above:
            return now
        page.wait_for_timeout(POLL_MS)
    raise AssertionError(f"the step counter stayed at {above}")


def tool(page: Page, name: str):
    """A button of the lab's toolbar: ``toggle`` (Start/Pause), ``step``, ``reset``."""
    return page.locator(f'.lab-button[data-command="{name}"]')


def status(page: Page) -> str:
    return page.locator(".lab-status").get_attribute("data-status") or ""


def wait_status(page: Page, wanted: str) -> None:
    expect(page.locator(f'.lab-status[data-status="{wanted}"]')).to_be_attached(timeout=30_000)


def picture(page: Page, run: str = "A") -> int:
    """A hash of the run's decision boundary as drawn."""
    return page.locator(f'.lab-run[data-run="{run}"] .lab-boundary').evaluate(CANVAS_HASH)


def wait_for_new_picture(page: Page, before: int, run: str = "A") -> int:
    deadline = time.perf_counter() + 30
    while (now := picture(page, run)) == before:
        assert time.perf_counter() < deadline, "the picture never changed"
        page.wait_for_timeout(POLL_MS)
    return now


def animation_frames(page: Page, count: int) -> None:
    page.evaluate(
        "n => new Promise((done) => {"
        " const next = (k) => (k ? requestAnimationFrame(() => next(k - 1)) : done()); next(n); })",
        count,
    )


def open_lab(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.locator(".lab-run .lab-metric").first).to_be_visible(timeout=30_000)


def pause(page: Page, runs: Runs, press: Callable[[], None]) -> int:
    """``press`` Pause (a click, a key); the step counter once the page's run that the Pause asked for
    has drawn the paused lab and nothing runs any more."""
    before = runs.finished
    press()
    wait_status(page, "paused")
    runs.wait_for_run(before)
    return steps(page)


def test_start_moves_the_picture_without_reruns_pause_stops_it(server, page, runs):
    open_lab(page, f"{server.url}/training?optimizer=sgd&lr=3")
    assert steps(page) == 0 and status(page) == "ready"
    expect(tool(page, "toggle")).to_have_text("Start")
    tool(page, "toggle").click()
    first = wait_for_steps(page, 0)
    expect(tool(page, "toggle")).to_have_text("Pause")
    expect(tool(page, "step")).to_be_disabled()
    runs.wait_idle()  # the Start's one rerun is over, and no fragment timer is set
    shown = picture(page)
    wait_for_new_picture(page, wait_for_new_picture(page, shown))
    assert wait_for_steps(page, first) > first and runs.idle  # frames came over the stream, no rerun
    deadline = time.perf_counter() + 30  # lr 3 kills ReLU units: the dead count moves too
    while metric(page, "Dead units").startswith(("0 ", "1 ")) and time.perf_counter() < deadline:
        page.wait_for_timeout(POLL_MS)
    assert int(metric(page, "Dead units").split("/")[0]) >= 2
    assert "frames/s" in page.locator(".lab-status").inner_text()
    paused = pause(page, runs, tool(page, "toggle").click)
    still = picture(page)
    animation_frames(page, STILL_FRAMES)
    assert picture(page) == still and steps(page) == paused  # the picture stopped at once
    expect(tool(page, "toggle")).to_have_text("Start")
    tool(page, "step").click()
    stepped = wait_for_steps(page, paused)
    runs.wait_idle()
    assert stepped == paused + 1  # the paused picture shows the lab as it paused, not a frame before
    tool(page, "step").click()
    wait_for_steps(page, stepped)
    runs.wait_idle()
    assert steps(page) == stepped + 1
    tool(page, "reset").click()
    deadline = time.perf_counter() + 30
    while steps(page) != 0 and time.perf_counter() < deadline:
        page.wait_for_timeout(POLL_MS)
    assert steps(page) == 0 and status(page) == "ready"
    expect_no_exception(page)


def test_the_pictures_carry_alt_text_from_the_frames(server, page):
    open_lab(page, f"{server.url}/training")
    run = page.locator('.lab-run[data-run="A"]')
    expect(run.locator(".lab-boundary")).to_have_attribute("aria-label", re.compile(r"^Decision boundary on"))
    expect(run.locator(".lab-network")).to_have_attribute("aria-label", re.compile(r"^Network 2 → 8 → 8 → 1"))
    expect(page.locator(".lab-curves")).to_have_attribute("aria-label", re.compile(r"^Loss, accuracy"))
    expect(run.locator(".lab-figure-boundary figcaption")).to_have_text(re.compile("Decision boundary on"))


def test_compare_mode_draws_both_runs(server, page, runs):
    open_lab(page, f"{server.url}/training?compare=true&optimizer=sgd&lr=3&b_optimizer=sgd&b_lr=3")
    expect(page.locator(".lab-run")).to_have_count(2)
    expect(page.locator(".lab-run-label").nth(1)).to_have_text(re.compile(r"^B · LeakyReLU"))
    before = picture(page, "B")
    tool(page, "toggle").click()
    wait_for_steps(page, 0)
    wait_for_new_picture(page, before, "B")
    paused = pause(page, runs, tool(page, "toggle").click)
    assert steps(page, "B") == paused > 0  # in lockstep
    expect(page.locator(".lab-legend")).to_contain_text("B · train")
    expect_no_exception(page)


def test_korean_and_the_dark_theme(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    try:
        open_lab(page, f"{server.url}/training?lang=ko")
        expect(tool(page, "toggle")).to_have_text("시작")
        expect(page.locator(".lab-run .lab-metric-label").first).to_have_text("단계")
        expect(page.locator(".lab-status")).to_contain_text("준비됨")
        expect(page.locator(".lab-root.lab-dark")).to_be_attached()
        # the boundary is mixed into the dark background, not into white
        corner = page.locator(".lab-boundary").evaluate(
            "c => Array.from(c.getContext('2d')"
            ".getImageData(45 * devicePixelRatio, 10 * devicePixelRatio, 1, 1).data)"
        )
        assert sum(corner[:3]) < 3 * 128, corner
        tool(page, "toggle").click()
        wait_status(page, "running")
        expect(page.locator(".lab-status")).to_contain_text("학습 중")
        tool(page, "toggle").click()
        wait_status(page, "paused")
        expect_no_exception(page)
    finally:
        context.close()


def test_without_websockets_the_lab_updates_over_http(server, page, runs):
    """A proxy that strips WebSockets: the stream fails before any frame, and the same pull goes over
    the HTTP fallback; the status line says so, quietly."""
    page.route_web_socket(re.compile(r"/api/lab/stream"), lambda socket: socket.close(code=1006))
    open_lab(page, f"{server.url}/training")
    tool(page, "toggle").click()
    wait_for_steps(page, wait_for_steps(page, 0))
    expect(page.locator(".lab-status")).to_contain_text("updates over HTTP")
    runs.wait_idle()
    shown = picture(page)
    wait_for_new_picture(page, shown)
    pause(page, runs, tool(page, "toggle").click)
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
    page.locator(".st-key-bd_lu button").filter(visible=True).first.click()  # ReLU, Kaiming normal, zero bias
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
    """CPU seconds used so far by the server's training workers (its ``spawn``ed children, whichever
    of its threads started them)."""
    children = []
    for task in os.listdir(f"/proc/{server_pid}/task"):
        with contextlib.suppress(FileNotFoundError):  # a thread that ended meanwhile
            children += Path(f"/proc/{server_pid}/task/{task}/children").read_text().split()
    total = 0.0
    for pid in children:
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
    """The run trains in a worker while the tab's stream renews its lease, and stops when it closes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_lab(page, f"{server.url}/training")
    tool(page, "toggle").click()
    wait_for_steps(page, wait_for_steps(page, 0))
    before = _worker_cpu(server.process.pid)
    deadline = time.perf_counter() + 30
    while _worker_cpu(server.process.pid) - before <= 0.3:  # it trains outside the server process
        assert time.perf_counter() < deadline, "the workers used no CPU while the run trained"
        page.wait_for_timeout(POLL_MS)
    context.close()  # the tab closes, and its stream with it: the run stops
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
    """K starts and pauses, N takes one step; typing in a box is not a shortcut."""
    open_lab(page, f"{server.url}/training?optimizer=sgd&lr=0.1")
    box = page.locator(".st-key-hidden input")
    box.press("End")
    box.press("k")  # typed into the box: a letter, not a start
    expect(box).to_have_value("8,8k")
    runs.wait_idle()
    assert steps(page) == 0 and status(page) == "ready"
    box.fill("8,8")
    page.evaluate("() => document.activeElement.blur()")  # focus out of the box
    wait_for_app(page)
    page.keyboard.press("k")
    wait_for_steps(page, wait_for_steps(page, 0))  # it trains
    expect(tool(page, "toggle")).to_have_text("Pause")
    paused = pause(page, runs, lambda: page.keyboard.press("k"))
    page.keyboard.press("n")
    stepped = wait_for_steps(page, paused)
    runs.wait_idle()
    page.keyboard.press("n")
    wait_for_steps(page, stepped)
    runs.wait_idle()
    assert steps(page) == stepped + 1
    expect(tool(page, "toggle")).to_have_attribute("title", re.compile(r"shortcut: K"))
    expect_no_exception(page)


def test_a_teachers_link_shows_only_start_pause_and_the_learning_rate(server, page, runs):
    open_lab(page, f"{server.url}/training?only=start&only=lr")
    expect(tool(page, "toggle")).to_be_visible()
    expect(page.locator(".st-key-lr")).to_be_visible()
    for name in ("step", "reset"):  # the chart hides its own buttons
        expect(tool(page, name)).to_be_hidden()
    for key in ("preset", "bd_run", "download_history"):
        expect(page.locator(f".st-key-{key}")).to_have_count(0)
    for key in ("hidden", "act", "dataset", "optimizer", "pace", "lang"):  # still there, bound, not shown
        expect(page.locator(f".st-key-{key}").first).to_be_hidden()
    expect(page.get_by_role("tab")).to_have_count(0)
    expect(page.locator(".lab-boundary").first).to_have_attribute(
        "aria-label", re.compile("^Decision boundary")
    )
    tool(page, "toggle").click()
    wait_for_steps(page, 0)
    paused = pause(page, runs, tool(page, "toggle").click)
    page.keyboard.press("n")  # the hidden Step has no shortcut either
    animation_frames(page, STILL_FRAMES)
    runs.wait_idle()
    assert steps(page) == paused
    expect_no_exception(page)


def test_a_classroom_link_hides_step(server, page):
    open_lab(page, f"{server.url}/training?hide=step")
    expect(tool(page, "step")).to_be_hidden()
    expect(tool(page, "toggle")).to_be_visible()
    expect(tool(page, "reset")).to_be_visible()


def test_leaving_the_page_closes_its_stream(server, page):
    """Another page of the app replaces the lab's chart: its stream closes, so the run stops."""
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket) if "/api/lab/stream" in socket.url else None)
    open_lab(page, f"{server.url}/training")
    tool(page, "toggle").click()
    wait_for_steps(page, wait_for_steps(page, 0))
    assert sockets and not sockets[-1].is_closed()
    page.get_by_role("link", name="Softmax").first.click()
    page.wait_for_url(re.compile(r"/softmax"))
    deadline = time.perf_counter() + 30
    while not all(socket.is_closed() for socket in sockets):
        assert time.perf_counter() < deadline, "the lab's stream stayed open on another page"
        page.wait_for_timeout(POLL_MS)
    expect_no_exception(page)


def test_quick_steps_all_count(server, page, runs):
    """Three quick presses of N while the page is still answering the first: three steps."""
    open_lab(page, f"{server.url}/training")
    for _ in range(3):
        page.keyboard.press("n")
    deadline = time.perf_counter() + 30
    while steps(page) < 3:
        assert time.perf_counter() < deadline, f"{steps(page)} steps for 3 presses"
        page.wait_for_timeout(POLL_MS)
    runs.wait_idle()
    assert steps(page) == 3
