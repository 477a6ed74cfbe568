"""A deep link that is a fresh server's first request gets the app's navigation, not the file list,
and the page it names, in the link's view."""

import re

from playwright.sync_api import expect

from activations.core.i18n import t
from activations.softmax import compute
from tests.browser.conftest import expect_no_exception, wait_for_app
from tests.browser.test_softmax_browser import link, open_softmax, shown


def test_deep_link_on_a_cold_server_is_routed_through_the_app(cold_server, page):
    open_softmax(page, cold_server.url, "?logits=3,1&temperature=0.5&names=yes,no&lang=ko")
    assert shown(page)["p"] == compute.distribution((3.0, 1.0), 0.5).probs.tolist()
    slider = page.get_by_role("slider", name=t("softmax.temperature", "ko"))
    expect(slider).to_have_attribute("aria-valuetext", "0.5")
    expect(page.locator("h1")).to_have_text(t("nav.softmax", "ko"))  # the app's frame and titles
    expect(page.get_by_role("img", name=re.compile("p가 가장 큰 클래스는 yes"))).to_be_attached()
    assert link(page)["names"] == ["yes,no"] and link(page)["logits"] == ["3,1"]
    navigation = page.locator('[data-testid="stTopNavLinkContainer"], header')
    expect(navigation.get_by_text("활성화 함수").first).to_be_visible()
    expect(navigation.get_by_text(t("nav.depth", "ko")).first).to_be_visible()  # the fifth page
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)  # the file-based list
    page.get_by_role("link", name="활성화 함수").first.click()
    page.wait_for_url(f"{cold_server.url}/**")
    wait_for_app(page)
    expect(page.locator(".st-key-act")).to_be_visible()
    expect_no_exception(page)
