"""A deep link that is a fresh server's first request gets the app's navigation, not the file list."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import expect_no_exception, wait_for_app

pytestmark = pytest.mark.browser


def test_deep_link_on_a_cold_server_is_routed_through_the_app(cold_server, page):
    page.goto(f"{cold_server.url}/speed?size=4096&lang=ko")
    wait_for_app(page)
    navigation = page.locator('[data-testid="stTopNavLinkContainer"], header')
    expect(navigation.get_by_text("활성화 함수").first).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)  # the file-based list
    assert "size=4096" in page.url
    page.get_by_role("link", name="활성화 함수").first.click()
    page.wait_for_url(f"{cold_server.url}/**")
    wait_for_app(page)
    expect(page.locator(".st-key-act")).to_be_visible()
    expect_no_exception(page)
