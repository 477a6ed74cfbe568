"""The Depth page in a real browser: it draws, the chart's own choices redraw without a rerun, a
widget changes the picture and the link, a link restores a view, and training draws loss curves."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from activations.core.i18n import t
from activations.depth import chart
from tests.browser.conftest import CANVAS_HASH, POLL_MS, Runs, expect_no_exception, wait_for_app

SMALL = "depth=8&width=16&batch=32"  # quick to compute: the tests are about the page, not the numbers
CANVAS = ".dp-canvas[aria-label]"


def open_depth(page: Page, url: str, query: str = SMALL) -> None:
    page.goto(f"{url}/depth?{query}")
    wait_for_app(page)
    expect(page.locator(CANVAS)).to_be_visible(timeout=60_000)


def legend(page: Page) -> list[str]:
    return page.locator(".dp-legend .dp-key").all_inner_texts()


def canvas_hash(page: Page) -> int:
    return page.locator(".dp-canvas").evaluate(CANVAS_HASH)


def drawn_changes(page: Page, before: int) -> None:
    """Wait until the canvas shows something other than ``before`` (state, not time)."""
    for _ in range(1200):
        if canvas_hash(page) != before:
            return
        page.wait_for_timeout(POLL_MS)
    raise AssertionError("the chart was never redrawn")


def link(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_the_page_draws_the_story(server, page: Page):
    open_depth(page, server.url, "")
    expect_no_exception(page)
    assert legend(page) == ["ReLU · Kaiming normal", "ReLU · Xavier normal", "Sigmoid · Xavier normal"]
    assert page.locator(".dp-root").get_attribute("data-large") == "act_rms"
    expect(page.get_by_role("link", name=t("nav.depth"))).to_be_visible()


def test_the_charts_choices_redraw_in_the_browser_without_a_rerun(server, page: Page):
    runs = Runs(page)
    open_depth(page, server.url)
    runs.wait_idle()
    before = canvas_hash(page)
    page.locator(".dp-large").select_option("grad_norm")
    assert page.locator(".dp-root").get_attribute("data-large") == "grad_norm"  # drawn in the handler
    expect(page.locator(".dp-help")).to_have_text(t("depth_page.metric.grad_norm_help"))
    assert canvas_hash(page) != before
    page.locator(".dp-log").uncheck()
    assert page.locator(".dp-root").get_attribute("data-log") == "false"
    page.locator(".dp-heat").select_option("2")
    assert page.locator(".dp-root").get_attribute("data-heat") == "2"
    assert runs.idle and not runs.requested, "no choice of the chart reruns the page"
    page.wait_for_function("() => new URLSearchParams(location.search).get('heat') === 'c'", timeout=10_000)
    assert link(page)["panel"] == ["grad_norm"] and link(page)["scale"] == ["linear"]
    box = page.locator(".dp-canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 150)
    expect(page.locator(".dp-probe")).to_contain_text(re.compile(r"layer \d+ · Weight-gradient norm"))
    page.locator(".dp-canvas").focus()
    page.keyboard.press("Home")
    expect(page.locator(".dp-probe")).to_contain_text("layer 1 ·")
    expect_no_exception(page)


def test_a_widget_changes_the_picture_and_the_link(server, page: Page):
    open_depth(page, server.url)
    before = canvas_hash(page)
    page.locator(".st-key-depth input").fill("12")
    page.locator(".st-key-depth input").press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('depth') === '12'", timeout=60_000)
    drawn_changes(page, before)
    page.locator(".st-key-b_init").click()
    page.get_by_role("option", name="orthogonal").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('b_init') === 'orthogonal'",
                           timeout=60_000)  # fmt: skip
    expect(page.locator(".dp-legend")).to_contain_text("ReLU · Orthogonal")
    assert link(page)["depth"] == ["12"] and link(page)["width"] == ["16"]
    expect_no_exception(page)


def test_a_link_restores_a_view(server, page: Page):
    open_depth(page, server.url, f"{SMALL}&count=2&act=tanh&b_act=selu&b_init=lecun_normal&lang=ko")
    assert legend(page) == ["Tanh · Kaiming 정규", "SELU · LeCun 정규"]
    open_depth(page, server.url, f"{SMALL}&panel=histogram&scale=linear&heat=b&count=2&act=tanh&lang=ko")
    root = page.locator(".dp-root")
    shown = [root.get_attribute(f"data-{name}") for name in ("large", "log", "heat")]
    assert shown == ["histogram", "false", "1"]
    expect(page.locator(".dp-large")).to_have_value("histogram")
    expect(page.get_by_role("combobox", name=t("depth.act", "ko")).first).to_have_value("tanh")
    expect(page.locator("h1")).to_have_text(t("depth_page.title", "ko"))
    expect_no_exception(page)


def test_train_through_depth_draws_curves(server, page: Page):
    open_depth(page, server.url, "count=2&depth=6&width=8&steps=30&lr=0.1")
    page.locator(".st-key-train button").click()
    expect(page.locator(".st-key-depth_loss [_echarts_instance_]")).to_be_attached(timeout=120_000)
    expect(page.get_by_text(re.compile(r"ReLU · Kaiming normal: final loss \d"))).to_be_visible()
    expect_no_exception(page)


def saved(page: Page, label: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_save_png_and_svg_draw_the_picture_named_after_the_view(server, page: Page):
    open_depth(page, server.url, f"{SMALL}&count=2")
    stem = "depth8_width16_relu-kaiming_normal_relu-xavier_normal"
    name, svg = saved(page, t("chart.save_svg"))
    assert name == f"{stem}.svg"
    text = svg.decode()
    assert text.startswith("<svg") and text.count('class="dp-panel"') == len(chart.PANELS)
    assert text.count('class="dp-line"') == 2 * len(chart.METRIC_KEYS)  # two configurations per panel
    assert "ReLU · Kaiming normal" in text and "ReLU · Xavier normal" in text  # the legend
    name, png = saved(page, t("chart.save_png"))
    assert name == f"{stem}.png" and png[:8] == b"\x89PNG\r\n\x1a\n"


def test_configurations_not_shown_keep_their_widgets_out_of_sight(server, page: Page):
    open_depth(page, server.url, f"{SMALL}&count=1&c_act=elu")
    assert legend(page) == ["ReLU · Kaiming normal"]
    expect(page.locator(".st-key-act")).to_be_visible()
    expect(page.locator(".st-key-b_act")).to_be_hidden()
    expect(page.locator(".st-key-c_act")).to_be_hidden()
    page.locator(".st-key-count input").fill("3")
    page.locator(".st-key-count input").press("Enter")
    expect(page.locator(".dp-legend")).to_contain_text("ELU · Xavier normal", timeout=60_000)
    expect(page.locator(".st-key-c_act")).to_be_visible()
    assert "c_act=elu" in page.url
