"""A link that spells a slider step otherwise (``lr=0.30``, ``temperature=0.50``) is that step: the
page uses it without a warning and writes the link back the way the slider writes it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import expect_no_exception, wait_for_app
from tests.browser.test_softmax_browser import open_softmax, shown

# Every frame until the link's value of ``key`` is ``value``, and no other spelling is left in it
LINK_READS = """([key, value]) => {
  const params = new URLSearchParams(window.location.search);
  return params.getAll(key).length === 1 && params.get(key) === value;
}"""


def alerts_naming(page: Page, key: str):
    return page.locator('[data-testid="stAlert"]').filter(has_text=f"{key}=")


def test_a_learning_rate_spelled_otherwise_is_taken_silently_and_the_link_normalised(server, page):
    page.goto(f"{server.url}/training?lr=0.30&seed=3")
    wait_for_app(page)
    page.wait_for_function(LINK_READS, arg=["lr", "0.3"], polling="raf", timeout=60_000)
    expect(page.locator(".st-key-lr")).to_contain_text("0.3")  # the slider holds the step
    expect(alerts_naming(page, "lr")).to_have_count(0)  # link problems show on the first run
    assert "seed=3" in page.url, "the rest of the link stays"
    expect_no_exception(page)


def test_a_temperature_spelled_otherwise_is_taken_silently_and_the_link_normalised(server, page: Page):
    open_softmax(page, server.url, "?temperature=5e-1&logits=1,2")
    page.wait_for_function(LINK_READS, arg=["temperature", "0.5"], polling="raf", timeout=60_000)
    expect(alerts_naming(page, "temperature")).to_have_count(0)
    assert shown(page)["t"] == "0.5"
    expect_no_exception(page)


def test_a_depth_learning_rate_spelled_otherwise_is_taken_silently_and_the_link_normalised(server, page):
    page.goto(f"{server.url}/depth?lr=0.10&depth=8&width=16&batch=32")
    wait_for_app(page)
    page.wait_for_function(LINK_READS, arg=["lr", "0.1"], polling="raf", timeout=60_000)
    expect(page.locator(".st-key-lr")).to_contain_text("0.1")
    expect(alerts_naming(page, "lr")).to_have_count(0)
    assert "depth=8" in page.url, "the rest of the link stays"
    expect_no_exception(page)
