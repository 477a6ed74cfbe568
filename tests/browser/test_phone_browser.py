"""Every page on a phone (390×844, touch): no exception, nothing wider than the screen, the main chart
inside the viewport's width, and the page's first control reachable (through the sidebar's button
where it lives in the sidebar, which Streamlit collapses on narrow screens).

Screenshots of ``/softmax``, ``/speed`` and ``/depth`` at phone size go to ``$PHONE_SCREENSHOTS`` when it
is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import expect_no_exception, wait_for_app

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("PHONE_SCREENSHOTS")
RUN_TIMEOUT_MS = 180_000  # the Speed page times every activation for real; the machine may be busy


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def no_horizontal_scroll(page: Page) -> None:
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " body: document.body.scrollWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"] + 1, f"the document scrolls sideways: {sizes}"
    assert sizes["inner"] == PHONE["width"]


def fits_the_width(page: Page, selector: str) -> None:
    """The element ``selector`` is visible and lies within the viewport's width."""
    element = page.locator(selector).first
    expect(element).to_be_visible(timeout=60_000)
    box = element.bounding_box()
    assert box is not None and box["width"] > 200, f"{selector}: {box}"
    assert box["x"] >= -1 and box["x"] + box["width"] <= PHONE["width"] + 1, f"{selector} is cut off: {box}"


def reachable_in_sidebar(page: Page, selector: str) -> None:
    """Open the collapsed sidebar with its button (as a thumb would) and see the control ``selector``."""
    control = page.locator(selector).filter(visible=True).first
    opener = page.locator('[data-testid="stExpandSidebarButton"]')
    expect(opener).to_be_visible(), "a collapsed sidebar on a phone"  # its controls lie off-screen
    opener.tap()
    expect(page.get_by_role("button", name="Collapse sidebar")).to_be_visible()
    expect(control).to_be_in_viewport()
    box = control.bounding_box()
    for _ in range(60):  # the sidebar slides in
        if box is not None and box["x"] >= -1:
            break
        page.wait_for_timeout(50)
        box = control.bounding_box()
    assert box is not None and box["x"] >= -1 and box["x"] + box["width"] <= PHONE["width"] + 1, box


def reachable(page: Page, selector: str) -> None:
    """Scroll to the control ``selector`` and see it within the width (Streamlit keeps a second, hidden
    copy of some buttons: the visible one counts)."""
    control = page.locator(selector).filter(visible=True).first
    control.scroll_into_view_if_needed()
    expect(control).to_be_visible(timeout=30_000)
    box = control.bounding_box()
    assert box is not None and box["x"] >= -1 and box["x"] + box["width"] <= PHONE["width"] + 1, box


def screenshot(page: Page, name: str, *selectors: str) -> None:
    """Screenshots at phone size: the top of the page, then each of ``selectors`` scrolled into view
    (Streamlit scrolls its main area, not the document, so a full-page shot shows only the top)."""
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SCREENSHOTS) / f"phone_{name}_top.png"))
    for index, selector in enumerate(selectors, 1):
        page.locator(selector).filter(visible=True).first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"phone_{name}_{index}.png"))


def test_activations_on_a_phone(server, phone: Page):
    phone.goto(f"{server.url}/")
    wait_for_app(phone)
    expect(phone.locator(".ax-root[data-loading='false'] canvas[aria-label]")).to_be_visible(timeout=60_000)
    expect_no_exception(phone)
    no_horizontal_scroll(phone)
    fits_the_width(phone, ".ax-canvas")
    reachable(phone, ".ax-root select, .ax-root [role='combobox'], .ax-root input")
    no_horizontal_scroll(phone)


def test_softmax_on_a_phone(server, phone: Page):
    phone.goto(f"{server.url}/softmax?names=cat,dog,bird")
    wait_for_app(phone)
    expect(phone.locator(".sm-numbers[data-source='torch']")).to_be_attached(timeout=60_000)
    expect_no_exception(phone)
    no_horizontal_scroll(phone)
    fits_the_width(phone, ".sm-canvas")
    reachable(phone, ".sm-logits")
    reachable(phone, ".st-key-export_csv button")
    # The chart's accessible name is its alt text, built from the numbers.
    named = phone.locator('.sm-canvas[aria-label*="p is largest for cat"]')
    expect(named.first).to_be_attached()
    screenshot(phone, "softmax", ".sm-canvas", ".st-key-export_csv button")
    no_horizontal_scroll(phone)


def test_training_on_a_phone(server, phone: Page):
    phone.goto(f"{server.url}/training")
    wait_for_app(phone)
    expect(phone.locator(".lab-run .lab-metric").first).to_be_visible(timeout=60_000)
    expect_no_exception(phone)
    no_horizontal_scroll(phone)
    fits_the_width(phone, ".lab-boundary")
    fits_the_width(phone, ".lab-network")
    boundary, network = (phone.locator(f".lab-{name}").bounding_box() for name in ("boundary", "network"))
    assert network["y"] >= boundary["y"] + boundary["height"], "stacked on a phone, not side by side"
    reachable(phone, '.lab-button[data-command="toggle"]')
    reachable_in_sidebar(phone, ".st-key-dataset")
    no_horizontal_scroll(phone)


def test_speed_on_a_phone(server, phone: Page):
    phone.goto(f"{server.url}/speed?size=64")
    wait_for_app(phone)
    expect_no_exception(phone)
    no_horizontal_scroll(phone)
    reachable(phone, ".st-key-run button")
    screenshot(phone, "speed_start")
    reachable_in_sidebar(phone, ".st-key-device")
    screenshot(phone, "speed_sidebar")
    phone.locator(
        '[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]'
    ).first.tap()
    phone.locator(".st-key-run button").tap()
    chart = ".st-key-chart .js-plotly-plot"
    expect(phone.locator(chart)).to_be_visible(timeout=RUN_TIMEOUT_MS)
    wait_for_app(phone)
    expect_no_exception(phone)
    no_horizontal_scroll(phone)
    fits_the_width(phone, chart)
    named = phone.locator('.st-key-chart [aria-label*="Bar chart, Forward"]')
    expect(named.first).to_be_attached()
    screenshot(phone, "speed", chart, '[data-testid="stDataFrame"]')
    no_horizontal_scroll(phone)


def test_depth_on_a_phone(server, phone: Page):
    phone.goto(f"{server.url}/depth?depth=8&width=16&batch=32")
    wait_for_app(phone)
    expect(phone.locator(".dp-canvas[aria-label]")).to_be_visible(timeout=60_000)
    expect_no_exception(phone)
    no_horizontal_scroll(phone)
    fits_the_width(phone, ".dp-canvas")
    reachable(phone, ".st-key-depth input")
    reachable(phone, ".dp-large")
    reachable(phone, ".st-key-train button")
    screenshot(phone, "depth", ".dp-canvas", ".st-key-train button")
    no_horizontal_scroll(phone)
