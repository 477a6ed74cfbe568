"""The Softmax page in Chromium: the chart component redraws on every keystroke and slider step from
its own float64 preview, which agrees with torch; torch's numbers then replace it and the link follows."""

import io
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from activations.softmax import compute
from activations.softmax.link import TEMPERATURES
from tests.browser.conftest import CANVAS_HASH, Runs, expect_no_exception, wait_for_app

# Set the box and the slider as typing and dragging would, then read what the chart shows, all in
# one task: no message from the server can arrive in between, so this is the browser's own preview.
SET_AND_READ = """([root, logits, step]) => {
  const set = (control, value) => {
    control.value = value;
    control.dispatchEvent(new Event("input", {bubbles: true}));
  };
  if (logits !== null) set(root.querySelector(".sm-logits"), logits);
  if (step !== null) set(root.querySelector(".sm-temperature"), String(step));
  const numbers = root.querySelector(".sm-numbers");
  return {source: numbers.dataset.source, ...JSON.parse(numbers.value)};
}"""


def open_softmax(page: Page, base_url: str, query: str = "") -> None:
    """Open the page and wait until the chart shows torch's numbers."""
    page.goto(f"{base_url}/softmax{query}")
    wait_for_app(page)
    expect(page.locator(".sm-numbers[data-source='torch']")).to_be_attached(timeout=60_000)


def shown(page: Page) -> dict:
    """What the chart draws now: where the numbers come from, z, p, log p and the temperature step."""
    numbers = page.locator(".sm-numbers")
    return {"source": numbers.get_attribute("data-source"), **json.loads(numbers.evaluate("o => o.value"))}


def torch_answer(page: Page, timeout: float = 30_000) -> dict:
    expect(page.locator(".sm-numbers")).to_have_attribute("data-source", "torch", timeout=timeout)
    return shown(page)


def drawing(page: Page) -> int:
    return page.locator(".sm-canvas").evaluate(CANVAS_HASH)


def preview(page: Page, logits: str | None = None, step: int | None = None) -> dict:
    root = page.locator(".sm-root").element_handle()
    return page.evaluate(SET_AND_READ, [root, logits, step])


def link(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def step_of(temperature: str) -> int:
    return TEMPERATURES.index(temperature)


HARD_CASES = [
    ("1000, 999, -1000", "1"),
    ("1000000, -1000000, 999999.5", "1"),
    ("1000000, 999999, -999999", "0.5"),
    ("-1e6, -1e6, -999999.75", "2"),
    ("5, 5, 5, 5", "0.05"),
    ("7", "1"),
    ("0, 88.8, 710, -745", "1"),
    (", ".join(str((i * 37) % 23 - 11) for i in range(64)), "0.7"),
    ("tensor([2.5, -1e-300, 1e-300, 3])", "1.4"),
]


@pytest.fixture(scope="module")
def softmax_page(server, browser: Browser) -> Iterator[tuple[Page, Runs]]:
    """One page for all the preview cases (each sets both the logits and the temperature), and its runs."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    runs = Runs(page)
    open_softmax(page, server.url)
    yield page, runs
    context.close()


@pytest.mark.parametrize(("logits", "temperature"), HARD_CASES)
def test_the_browsers_preview_agrees_with_torch(softmax_page, logits: str, temperature: str):
    page, runs = softmax_page
    runs.wait_idle()  # the previous case's answer and link are in
    mine = preview(page, logits, step_of(temperature))
    assert mine["source"] == "preview" and mine["t"] == temperature
    parsed = tuple(float(v) for v in re.split(r"[,\s]+", logits.removeprefix("tensor([").removesuffix("])")))
    dist = compute.distribution(parsed, float(temperature))
    assert mine["z"] == list(parsed)
    assert mine["p"] == pytest.approx(dist.probs.tolist(), abs=1e-12, rel=0)
    assert mine["log_p"] == pytest.approx(dist.log_probs.tolist(), abs=1e-12, rel=1e-12)
    assert sum(mine["p"]) == pytest.approx(1.0, abs=1e-12)
    answer = torch_answer(page)  # the page's run: exactly torch's doubles replace the preview
    assert answer["p"] == dist.probs.tolist() and answer["log_p"] == dist.log_probs.tolist()
    expect_no_exception(page)


def test_a_keystroke_redraws_before_any_rerun(server, page: Page):
    open_softmax(page, server.url)
    before = drawing(page)
    box = page.get_by_role("textbox", name="Logits z")
    box.press("End")
    box.press("4")  # "2, 1, 0.14"
    # Read at once: the page reports only after input settles (0.15 s), so nothing came back yet.
    assert shown(page)["source"] == "preview" and shown(page)["z"] == [2, 1, 0.14]
    assert drawing(page) != before
    box.press_sequentially(", 3", delay=30)
    answer = torch_answer(page)
    assert answer["z"] == [2, 1, 0.14, 3]
    assert answer["p"] == compute.distribution((2, 1, 0.14, 3)).probs.tolist()
    page.wait_for_url(re.compile(r"[?&]logits=2"))
    assert link(page)["logits"] == ["2, 1, 0.14, 3"]
    argmax = page.get_by_test_id("stMetricValue").nth(1)
    expect(argmax).to_have_text("#3")  # the rest of the page follows
    expect_no_exception(page)


def test_the_temperature_slider_by_keyboard(server, page: Page):
    open_softmax(page, server.url)
    slider = page.get_by_role("slider", name="Temperature T (log scale)")
    expect(slider).to_have_attribute("aria-valuetext", "1")
    before = drawing(page)
    slider.press("ArrowRight")
    assert drawing(page) != before and shown(page)["t"] == "1.1"
    expect(slider).to_have_attribute("aria-valuetext", "1.1")
    expect(page.locator(".sm-t-readout")).to_have_text("T = 1.1")
    answer = torch_answer(page)
    assert answer["p"] == compute.distribution((2.0, 1.0, 0.1), 1.1).probs.tolist()
    page.wait_for_url(re.compile(r"[?&]temperature=1\.1"))
    expect_no_exception(page)


def test_bad_typing_says_why_and_keeps_the_bars(server, page: Page):
    open_softmax(page, server.url, "?logits=3,1")
    before = shown(page)
    box = page.get_by_role("textbox", name="Logits z")
    box.fill("3, 1, <b>x</b>")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".sm-hint")).to_contain_text("Can't read these logits yet")
    assert shown(page)["z"] == before["z"] and shown(page)["p"] == before["p"]
    alert = page.locator('[data-testid="stAlertContentWarning"]')
    expect(alert).to_contain_text("value 3, “<b>x</b>”, is not a plain decimal number", timeout=30_000)
    expect(box).to_have_value("3, 1, <b>x</b>")
    assert torch_answer(page)["p"] == before["p"]
    box.fill("3, 1, 2")
    expect(box).to_have_attribute("aria-invalid", "false")
    expect(alert).to_have_count(0, timeout=30_000)
    expect_no_exception(page)


def test_presets_and_the_sort_toggle_keep_the_link(server, page: Page):
    open_softmax(page, server.url, "?temperature=0.5")
    page.get_by_role("button", name="Huge logits: naive exp overflows").click()
    box = page.get_by_role("textbox", name="Logits z")
    expect(box).to_have_value("1000, 1001, 999", timeout=30_000)
    page.wait_for_url(re.compile(r"logits=1000"))
    page.locator(".st-key-sort label").click()
    page.wait_for_url(re.compile(r"sort=true"))
    wait_for_app(page)
    assert link(page)["logits"] == ["1000, 1001, 999"] and link(page)["temperature"] == ["0.5"]
    assert torch_answer(page)["p"] == compute.distribution((1000.0, 1001.0, 999.0), 0.5).probs.tolist()
    expect_no_exception(page)


def test_a_temperature_between_steps_is_replaced_in_the_link_too(server, page: Page):
    open_softmax(page, server.url, "?temperature=0.75&logits=1,2")
    expect(page.get_by_text("Ignored temperature=0.75")).to_be_visible()
    page.wait_for_url(re.compile(r"temperature=0\.8"))
    assert torch_answer(page)["t"] == "0.8"
    expect_no_exception(page)


def save_png(page: Page, name: str) -> tuple[str, Image.Image]:
    """Press the chart's Save PNG button by keyboard and return the file's name and picture."""
    button = page.get_by_role("button", name=name, exact=True)
    with page.expect_download(timeout=30_000) as info:
        button.focus()
        button.press("Enter")
    download = info.value
    picture = Image.open(io.BytesIO(Path(download.path()).read_bytes()))
    return download.suggested_filename, picture.convert("RGB")


def test_save_png_draws_the_chart_again_named_after_the_view(server, page: Page):
    open_softmax(page, server.url, "?names=cat,dog,bird&sort=true")
    width = page.locator(".sm-canvas").evaluate("canvas => canvas.clientWidth")
    name, image = save_png(page, "Save PNG")
    assert name == "softmax_T1_3-classes_sorted.png"
    assert image.width >= 2 * width and image.getpixel((0, 0)) == (255, 255, 255)
    assert (0x0B, 0x4F, 0x9C) in set(image.get_flattened_data()), "the argmax bar in theme.DARK_BLUE"
    preview(page, "1, 2, 3, 4", step_of("0.5"))  # named after the view shown, before the page answers
    assert save_png(page, "Save PNG")[0] == "softmax_T0.5_4-classes_sorted.png"


def test_korean_dark_theme_and_accessible_names(server, browser):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_softmax(page, server.url, "?lang=ko&names=고양이,개,새")
        expect(page.get_by_role("textbox", name="로짓 z")).to_have_value("2, 1, 0.1")
        expect(page.get_by_role("slider", name="온도 T(로그 눈금)")).to_be_visible()
        expect(page.get_by_role("img", name=re.compile("p가 가장 큰 클래스는 고양이"))).to_be_attached()
        color = page.locator(".sm-root").evaluate("root => getComputedStyle(root).color")
        channels = color[color.index("(") + 1 : color.index(")")].split(",")[:3]
        assert sum(int(part) for part in channels) > 500, color  # light text on a dark background
        page.get_by_role("textbox", name="로짓 z").press("End")
        page.get_by_role("textbox", name="로짓 z").press("x")
        expect(page.locator(".sm-hint")).to_contain_text("아직 이 로짓을 읽을 수 없습니다")
        image = save_png(page, "PNG 저장")[1]
        assert sum(image.getpixel((0, 0))) < 200, "a dark background in the dark theme"
    finally:
        context.close()


def test_classroom_links_hide_controls_inside_the_chart(server, page: Page):
    open_softmax(page, server.url, "?hide=input")
    expect(page.get_by_role("textbox", name="Logits z")).to_be_hidden()
    expect(page.get_by_role("slider", name="Temperature T (log scale)")).to_be_visible()
    open_softmax(page, server.url, "?only=logits")
    expect(page.get_by_role("textbox", name="Logits z")).to_be_visible()
    expect(page.get_by_role("slider", name="Temperature T (log scale)")).to_be_hidden()
    expect(page.get_by_role("button", name="Save PNG")).to_be_hidden()


def api(server, query: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{server.url}/api/softmax?{query}", timeout=30) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_api_serves_the_numbers_the_page_draws(server, page: Page):
    query = "logits=1000,%20999,%20-1000&temperature=0.5"
    status, body = api(server, query)
    assert status == 200
    open_softmax(page, server.url, f"?{query}")
    assert shown(page)["p"] == body["p"] and shown(page)["log_p"] == body["log_p"]
    status, body = api(server, "logits=1,%20x")
    assert status == 400
    open_softmax(page, server.url, "?logits=1,%20x")
    warning = page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]').first
    assert warning.inner_text().strip() == body["error"]
