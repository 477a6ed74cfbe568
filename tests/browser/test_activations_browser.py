"""The Activations page in a real browser: the chart component draws, follows its controls at once,
writes the URL, restores links and Back, speaks Korean and follows the dark theme."""

import io
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree

from PIL import Image
from playwright.sync_api import expect

from activations.explorer.alt import describe
from activations.explorer.family import chart_grid
from activations.explorer.link import check
from tests.browser.conftest import CANVAS_HASH, expect_no_exception, wait_for_app

SVG = "{http://www.w3.org/2000/svg}"


def url_has(page, text: str) -> None:
    """Wait until the query string holds ``text`` (during input the chart writes it every 0.1 s)."""
    page.wait_for_function("text => location.search.includes(text)", arg=text)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def open_chart(page, url: str):
    """Open ``url`` and wait until the chart shows exact data from torch."""
    page.goto(url)
    wait_for_app(page)
    expect(page.locator(".ax-root[data-loading='false'] canvas[aria-label]")).to_be_visible(timeout=60_000)
    return page.locator(".ax-canvas")


def drawing(page) -> int:
    return page.locator(".ax-canvas").evaluate(CANVAS_HASH)


def follows(page, call: str) -> None:
    """Wait until the page's fragment rerun after a report shows ``call`` (``F.elu(x, alpha=1.05)``,
    under the title) and is done."""
    expect(page.locator("[data-testid=stMarkdownContainer] code").filter(has_text=call)).to_be_visible(
        timeout=30_000
    )
    wait_for_app(page)


def test_chart_renders_without_exception(server, page):
    open_chart(page, server.url)
    expect(page.get_by_role("combobox", name="Activation")).to_have_value("relu")
    assert drawing(page) != 0
    expect(page.locator(".ax-legend")).to_contain_text("ReLU'(x)")
    expect_no_exception(page)


def test_a_new_visitor_gets_the_chart_first_then_the_tabs(server, page):
    """The tabs (KaTeX, the syntax highlighter) come once the chart has said it is on screen."""
    # Checked every frame (the canvas lives in the component's shadow root, out of a MutationObserver's
    # sight): the chart's first labelled frame, and the first frame with the tabs.
    page.add_init_script("""const seen = () => {
      const hosts = [...document.querySelectorAll("[data-testid=stBidiComponentIsolated]")];
      if (!window.__chartAt && hosts.some((h) => h.shadowRoot?.querySelector(".ax-canvas[aria-label]")))
        window.__chartAt = performance.now();
      const tabs = document.querySelector("[data-testid=stTabs]");
      if (!window.__tabsAt && tabs) window.__tabsAt = performance.now();
      if (!window.__tabsAt) requestAnimationFrame(seen);
    };
    requestAnimationFrame(seen);""")
    open_chart(page, server.url)
    expect(page.locator(".katex").first).to_be_visible(timeout=30_000)  # the About tab's formula
    expect(page.locator("[data-testid=stCode]").first).to_contain_text("torch.relu_(x)")
    chart_at, tabs_at = page.evaluate("() => [window.__chartAt, window.__tabsAt]")
    assert chart_at is not None and chart_at < tabs_at, "the tabs came before the chart was drawn"
    expect_no_exception(page)


def test_changing_activation_redraws_in_the_same_frame_then_the_page_follows(server, page):
    open_chart(page, server.url)
    before = drawing(page)
    page.get_by_role("combobox", name="Activation").select_option("gelu")
    assert drawing(page) != before  # drawn from the defaults block, before any round trip
    assert page.locator(".ax-root").get_attribute("data-loading") == "false"
    url_has(page, "act=gelu")
    expect(page.locator("h1")).to_have_text("GELU")  # the fragment rerun after the report
    expect(page.get_by_role("combobox", name="approximate")).to_have_value("none")
    expect_no_exception(page)


def test_slider_by_keyboard_redraws_and_updates_url_and_metrics(server, page):
    open_chart(page, f"{server.url}/?act=leaky_relu&x0=-1")
    page.get_by_role("spinbutton", name="xmax").press("ArrowDown")  # a new window first: 5.5
    expect(page.locator(".ax-root")).to_have_attribute("data-loading", "false")
    slider = page.get_by_role("slider", name="negative_slope")
    before = drawing(page)
    slider.focus()
    slider.press("ArrowRight")
    assert drawing(page) != before
    assert page.locator(".ax-root").get_attribute("data-loading") == "false"  # the whole family was shipped
    url_has(page, "negative_slope=0.02")
    assert query(page)["xmax"] == ["5.5"]
    expect(slider).to_have_attribute("aria-valuetext", "0.02")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("-0.02")
    expect_no_exception(page)


def test_second_parameter_shows_the_nearest_curve_until_torch_sends_its_family(server, page):
    open_chart(page, f"{server.url}/?act=softplus&x0=-1")
    beta = page.get_by_role("slider", name="beta").element_handle()
    threshold = page.get_by_role("slider", name="threshold").element_handle()
    # Both moves and both reads in one task, so that no answer from the server can come between
    # them (a fast server could send threshold's family for beta = 1.1 before a second step).
    loading = page.evaluate(
        """([beta, threshold]) => {
            const root = beta.getRootNode().querySelector(".ax-root");
            beta.stepUp();
            beta.dispatchEvent(new Event("input"));
            const afterBeta = root.dataset.loading;
            threshold.value = Number(threshold.value) - 1;
            threshold.dispatchEvent(new Event("input"));
            return [afterBeta, root.dataset.loading];
        }""",
        [beta, threshold],
    )
    # beta's own family is exact at once; threshold's family was computed with beta = 1
    assert loading == ["false", "true"]
    expect(page.locator(".ax-root")).to_have_attribute("data-loading", "false", timeout=30_000)
    page.wait_for_function("() => location.search.includes('threshold=19')")
    assert query(page)["beta"] == ["1.1"]
    expect(page.locator(".ax-probe-readout")).to_have_text("f = 0.261214 · f' = 0.24974")


def test_probe_readout_shows_torch_values(server, page):
    open_chart(page, f"{server.url}/?act=elu&alpha=2&x0=-1")
    expect(page.locator(".ax-probe-readout")).to_have_text("f = -1.26424 · f' = 0.735759")


def test_new_window_is_asked_for_and_drawn_exactly(server, page):
    open_chart(page, server.url)
    before = drawing(page)
    # Type 3 and commit it, then read the chart in the same task: drawn at once from the old
    # window's curve and marked as loading, before any answer can come from the server.
    loading = page.get_by_role("spinbutton", name="xmax").evaluate(
        """box => {
            box.value = "3";
            box.dispatchEvent(new Event("change"));
            return box.getRootNode().querySelector(".ax-root").dataset.loading;
        }"""
    )
    assert loading == "true" and drawing(page) != before
    expect(page.locator(".ax-root")).to_have_attribute("data-loading", "false", timeout=30_000)
    url_has(page, "xmax=3")
    expect(page.get_by_role("slider", name="x0")).to_have_attribute("max", "300")  # steps of 1/100 up to 3


def test_overlays_and_their_derivatives(server, page):
    open_chart(page, server.url)
    page.locator(".ax-compare summary").click()
    page.get_by_role("button", name="Tanh", exact=True).click()
    url_has(page, "compare=tanh")
    toggle = page.get_by_role("button", name="Tanh'(x)")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    before = drawing(page)
    toggle.click()
    assert drawing(page) != before
    expect_no_exception(page)


def test_back_restores_the_previous_view_and_rapid_input_adds_one_entry(server, page):
    page.clock.install()  # the chart's clock: time flows, and can jump
    open_chart(page, server.url)
    chooser = page.get_by_role("combobox", name="Activation")
    chooser.select_option("leaky_relu")
    follows(page, "F.leaky_relu(x, negative_slope=0.01)")
    length = page.evaluate("history.length")
    page.clock.fast_forward(1100)  # the previous change has settled (a second: a new history entry)
    slider = page.get_by_role("slider", name="negative_slope")
    slider.focus()
    for _ in range(8):
        slider.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('negative_slope=0.09')")
    assert page.evaluate("history.length") == length + 1
    follows(page, "F.leaky_relu(x, negative_slope=0.09)")
    page.go_back()
    expect(slider).to_have_attribute("aria-valuetext", "0.01")
    assert "negative_slope" not in query(page) and query(page)["act"] == ["leaky_relu"]
    follows(page, "F.leaky_relu(x, negative_slope=0.01)")
    expect(page.locator("h1")).to_have_text("LeakyReLU")
    expect_no_exception(page)


def test_link_restores_view_on_a_cold_server(cold_server, page):
    open_chart(page, f"{cold_server.url}/?act=elu&alpha=2&xmin=-3&xmax=2&compare=tanh&lang=ko")
    expect(page.get_by_role("combobox", name="활성화 함수")).to_have_value("elu")
    expect(page.get_by_role("slider", name="alpha")).to_have_attribute("aria-valuetext", "2.00")
    expect(page.get_by_role("spinbutton", name="xmin")).to_have_value("-3")
    expect(page.locator(".ax-legend")).to_contain_text("Tanh(x)")
    assert query(page)["alpha"] == ["2"] and query(page)["lang"] == ["ko"]
    expect_no_exception(page)


def test_bad_link_shows_message_not_traceback(server, page):
    open_chart(page, f"{server.url}/?act=<b>x</b>&xmin=nan&xmax=-9")
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.first).to_be_visible()
    assert "<b>x</b>" in alerts.first.inner_text()  # shown literally, not as HTML
    expect(page.get_by_role("combobox", name="Activation")).to_have_value("relu")
    assert "act" not in query(page) and "xmin" not in query(page)  # the bad values left the URL
    expect_no_exception(page)


def test_korean_renders(server, page):
    open_chart(page, f"{server.url}/?lang=ko")
    expect(page.get_by_text("수식과 설명")).to_be_visible()
    expect(page.get_by_role("combobox", name="활성화 함수")).to_be_visible()
    expect_no_exception(page)


def test_dark_theme_is_followed(server, browser):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_chart(page, server.url)
        color = page.locator(".ax-root").evaluate("root => getComputedStyle(root).color")
        channels = color[color.index("(") + 1 : color.index(")")].split(",")[:3]
        assert sum(int(part) for part in channels) > 500, color  # light text on a dark background
    finally:
        context.close()


def api(server, query: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{server.url}/api/curve?{query}", timeout=30) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_api_serves_the_curve_the_page_draws(server, page):
    status, body = api(server, "act=elu&alpha=2&x0=-1")
    assert status == 200 and body["params"] == {"alpha": 2.0}
    at = body["x"].index(-1.0)
    open_chart(page, f"{server.url}/?act=elu&alpha=2&x0=-1")
    readout = page.locator(".ax-probe-readout").inner_text()
    assert readout == f"f = {body['f'][at]:.6g} · f' = {body['df'][at]:.6g}"


def test_api_says_what_the_page_says(server, page):
    status, body = api(server, "act=hardtanh&min_val=2&max_val=1")
    assert status == 400
    open_chart(page, f"{server.url}/?act=hardtanh&min_val=2&max_val=1")
    warning = page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]').first
    assert warning.inner_text().strip() == body["error"]


def test_classroom_link_hides_controls_inside_the_chart(server, page):
    open_chart(page, f"{server.url}/?act=elu&hide=window")
    expect(page.get_by_role("spinbutton", name="xmin")).to_be_hidden()
    expect(page.get_by_role("slider", name="alpha")).to_be_visible()


def test_language_switch_keeps_the_view(server, page):
    open_chart(page, f"{server.url}/?act=elu")
    page.get_by_role("slider", name="alpha").press("ArrowRight")
    follows(page, "F.elu(x, alpha=1.05)")
    page.locator(".st-key-lang").get_by_text("ko", exact=True).click()
    expect(page.get_by_role("combobox", name="활성화 함수")).to_have_value("elu")
    expect(page.get_by_role("slider", name="alpha")).to_have_attribute("aria-valuetext", "1.05")
    assert query(page)["alpha"] == ["1.05"] and query(page)["lang"] == ["ko"]
    expect_no_exception(page)


def test_back_from_another_page_restores_the_view(server, page):
    open_chart(page, f"{server.url}/?act=elu")
    page.get_by_role("combobox", name="Activation").select_option("gelu")
    follows(page, "F.gelu(x, approximate='none')")
    page.get_by_role("link", name="Softmax").first.click()
    page.wait_for_url("**/softmax**")
    wait_for_app(page)
    page.go_back()
    expect(page.get_by_role("combobox", name="Activation")).to_have_value("gelu", timeout=30_000)
    expect(page.locator("h1")).to_have_text("GELU")
    expect_no_exception(page)


# Exports and alt text (issue 11).


def save(page, name: str, keyboard: bool = False):
    """Press the chart's button ``name`` (by mouse, or focus and Enter) and return the download."""
    button = page.get_by_role("button", name=name, exact=True)
    with page.expect_download(timeout=30_000) as info:
        if keyboard:
            button.focus()
            button.press("Enter")
        else:
            button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def curve_paths(svg: bytes) -> dict[str, int]:
    """Points per curve <path> of an exported SVG, by its class (and overlay name)."""
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    counts = {}
    for path in root.iter(f"{SVG}path"):
        kind = path.get("class", "")
        if "ax-f" in kind.split() or "ax-df" in kind.split() or "ax-overlay" in kind.split():
            key = kind.split()[-1] + (f":{path.get('data-act')}" if "ax-overlay" in kind else "")
            counts[key] = len(re.findall(r"[ML]", path.get("d")))
    return counts


def test_save_png_and_svg_from_the_chart(server, page):
    open_chart(page, f"{server.url}/?act=gelu&approximate=tanh&compare=tanh")
    width = page.locator(".ax-canvas").evaluate("canvas => canvas.clientWidth")
    name, data = save(page, "Save PNG")
    assert name == "gelu_tanh_x-6_6.png"
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.width >= 2 * width, "drawn at a device pixel ratio of 2 or more"
    corner = image.getpixel((0, 0))
    assert corner == (255, 255, 255), "a white background in the light theme, not transparent"
    pixels = list(image.get_flattened_data())
    assert sum(pixel != corner for pixel in pixels) > 0.01 * len(pixels)
    assert (0x1C, 0x83, 0xE1) in set(pixels), "f in the chart's blue (theme.BLUE)"
    name, svg = save(page, "Save SVG", keyboard=True)  # keyboard-operable
    assert name == "gelu_tanh_x-6_6.svg"
    x = chart_grid(-6.0, 6.0)
    assert curve_paths(svg) == {"ax-f": len(x), "ax-df": len(x), "ax-overlay-f:tanh": len(x)}  # 1,201 points
    text = svg.decode()
    assert "GELU(x)" in text and "Tanh(x)" in text and "<title>GELU: f rises from" in text
    expect_no_exception(page)


def test_exports_follow_the_view_theme_and_language(server, browser):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_chart(page, f"{server.url}/?act=relu&lang=ko")
        page.get_by_role("combobox", name="활성화 함수").select_option("elu")
        slider = page.get_by_role("slider", name="alpha")
        slider.focus()
        slider.press("ArrowRight")
        name, data = save(page, "PNG 저장")  # named after the view shown, at once
        assert name == "elu_alpha1.05_x-6_6.png"
        image = Image.open(io.BytesIO(data)).convert("RGB")
        assert sum(image.getpixel((0, 0))) < 200, "a dark background in the dark theme"
        name, svg = save(page, "SVG 저장")
        assert name == "elu_alpha1.05_x-6_6.svg"
        counts = curve_paths(svg)
        assert counts == {"ax-f": 1201, "ax-df": 1201}
        assert "죽은 구간" not in svg.decode() and "포화" in svg.decode()  # ELU saturates on the left
    finally:
        context.close()


def test_canvas_has_alt_text_from_the_library_and_follows_the_view(server, page):
    canvas = open_chart(page, f"{server.url}/?act=gelu")
    expect(canvas).to_have_attribute("role", "img")
    expect(canvas).to_have_attribute("aria-label", describe(check({"act": ["gelu"]})[0], "en"))
    expect(page.get_by_role("img", name="GELU: f rises from -0.17 at x=-0.75")).to_be_visible()
    page.get_by_role("combobox", name="Activation").select_option("relu")
    want = describe(check({"act": ["relu"]})[0], "en")
    assert "dead zone (f' = 0) on [-6, 0]" in want
    expect(canvas).to_have_attribute("aria-label", want, timeout=30_000)  # once the page answers
    expect_no_exception(page)


def test_korean_alt_text(server, page):
    canvas = open_chart(page, f"{server.url}/?act=tanh&xmin=-2&xmax=1&lang=ko")
    want = describe(check({"act": ["tanh"], "xmin": ["-2"], "xmax": ["1"]})[0], "ko")
    assert "증가" in want
    expect(canvas).to_have_attribute("aria-label", want)


def test_classroom_link_hides_the_chart_buttons(server, page):
    open_chart(page, f"{server.url}/?hide=export")
    expect(page.get_by_role("button", name="Save PNG")).to_be_hidden()
    expect(page.get_by_role("button", name="Save SVG")).to_be_hidden()
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(0)
