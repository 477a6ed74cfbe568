"""Copy link and classroom links in Chromium: the clipboard gets the address bar's URL; hidden
controls are hidden but still bound; presentation mode."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import expect_no_exception, wait_for_app

# Fails the clipboard API the way a browser that denies permission does.
DENY_CLIPBOARD = """Object.defineProperty(navigator.clipboard, "writeText", {
    value: () => Promise.reject(new DOMException("denied", "NotAllowedError")),
})"""


@pytest.fixture
def clipboard_page(browser: Browser) -> Iterator[Page]:
    """A page whose context may read and write the clipboard."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, permissions=["clipboard-read", "clipboard-write"]
    )
    yield context.new_page()
    context.close()


def clipboard(page: Page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def test_copy_link_copies_the_current_url(server, clipboard_page: Page):
    page = clipboard_page
    page.goto(f"{server.url}/speed?size=4096&hide=dtype")
    wait_for_app(page)
    page.locator(".st-key-size_preset button", has_text="16K").click()
    expect(page.locator(".st-key-size input")).to_have_value("16384", timeout=30_000)  # the server took it
    page.wait_for_function("() => location.search.includes('size=16384')", timeout=30_000)
    wait_for_app(page)
    button = page.locator(".st-key-copy_link button")
    expect(button).to_have_text("Copy link")
    button.click()
    expect(page.locator(".st-key-copy_link .copy-link-status")).to_have_text("Copied")
    copied = clipboard(page)
    assert copied == page.url
    assert copied.startswith(f"{server.url}/speed?") and "size=16384" in copied and "hide=dtype" in copied
    expect_no_exception(page)


def test_copy_link_in_korean(server, clipboard_page: Page):
    page = clipboard_page
    page.goto(f"{server.url}/?lang=ko&act=gelu")
    wait_for_app(page)
    button = page.locator(".st-key-copy_link button")
    expect(button).to_have_text("링크 복사")
    button.click()
    expect(page.locator(".st-key-copy_link .copy-link-status")).to_have_text("복사했습니다")
    assert clipboard(page) == page.url and "act=gelu" in page.url


def test_copy_link_falls_back_to_a_selected_field(server, clipboard_page: Page):
    page = clipboard_page
    page.add_init_script(DENY_CLIPBOARD)
    page.goto(f"{server.url}/speed?size=2048")
    wait_for_app(page)
    page.locator(".st-key-copy_link button").click()
    field = page.locator(".st-key-copy_link input")
    expect(field).to_be_visible()
    assert field.input_value() == page.url
    selected = field.evaluate("f => f.value.slice(f.selectionStart, f.selectionEnd)")
    assert selected == page.url, "selected, ready for Ctrl+C"
    status = page.locator(".st-key-copy_link .copy-link-status")
    expect(status).to_have_text(
        re.compile(r"^(Copied|Press Ctrl\+C \(⌘C on a Mac\) to copy the selected link\.)$")
    )
    if status.text_content() == "Copied":  # document.execCommand("copy") did it
        assert clipboard(page) == page.url


def test_only_size_hides_the_rest_but_keeps_it_bound(server, page: Page):
    page.goto(f"{server.url}/speed?only=size&dtype=float16&size=4096")
    wait_for_app(page)
    expect(page.locator(".st-key-size input")).to_be_visible()
    expect(page.locator(".st-key-size input")).to_have_value("4096")
    for key in ("dtype", "device", "lang"):
        expect(page.locator(f".st-key-{key}")).to_have_count(1)  # it exists...
        expect(page.locator(f".st-key-{key}")).to_be_hidden()  # ...but nobody sees it
    expect(page.locator(".st-key-copy_link")).to_have_count(0)
    expect(page.locator(".st-key-run")).to_have_count(0)
    expect(page.get_by_text("4,096 elements · 8 KiB per tensor in float16")).to_be_visible()
    page.locator(".st-key-size input").fill("8192")
    page.locator(".st-key-size input").press("Enter")
    page.wait_for_function("() => location.search.includes('size=8192')", timeout=30_000)
    wait_for_app(page)
    assert "dtype=float16" in page.url and "only=size" in page.url, "the hidden value stays in the link"
    expect_no_exception(page)


def test_hide_the_sidebar_and_an_unknown_group(server, page: Page):
    page.goto(f"{server.url}/speed?hide=sidebar&hide=nope")
    wait_for_app(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator(".st-key-run button")).to_be_visible()
    expect(page.get_by_text("Ignored hide=sidebar&nope: unknown name", exact=False)).to_be_visible()
    expect_no_exception(page)


def test_presentation_mode(server, page: Page):
    page.goto(f"{server.url}/speed?present=true&only=size&only=run")
    wait_for_app(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    page.wait_for_function("() => getComputedStyle(document.documentElement).fontSize === '20px'")
    expect(page.locator(".st-key-run button")).to_be_visible()
