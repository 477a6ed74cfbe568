"""The Activations page in a real browser: renders, writes the URL, restores links, speaks Korean."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.conftest import chart_data, expect_no_exception, wait_for_app, wait_for_chart_change


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def choose_activation(page, name: str) -> None:
    page.locator(".st-key-act input").click()
    page.get_by_role("option", name=name, exact=True).click()


def test_chart_renders_without_exception(server, page):
    page.goto(server.url)
    wait_for_app(page)
    data = wait_for_chart_change(page, None)
    assert [trace["name"] for trace in data][:2] == ["ReLU(x)", "ReLU'(x)"]
    expect_no_exception(page)


def test_changing_activation_updates_chart_and_url(server, page):
    page.goto(server.url)
    wait_for_app(page)
    before = wait_for_chart_change(page, None)
    choose_activation(page, "gelu")
    after = wait_for_chart_change(page, before)
    assert after[0]["name"] == "GELU(x)"
    page.wait_for_function("() => location.search.includes('act=gelu')")
    assert query(page)["act"] == ["gelu"]
    expect_no_exception(page)


def test_link_restores_view_on_a_cold_server(cold_server, page):
    page.goto(f"{cold_server.url}/?act=elu&alpha=2&xmin=-3&xmax=2&compare=tanh&lang=ko")
    wait_for_app(page)
    data = wait_for_chart_change(page, None)
    names = [trace["name"] for trace in data]
    assert names[:2] == ["ELU(x)", "ELU'(x)"] and "Tanh(x)" in names
    expect(page.locator(".st-key-alpha")).to_contain_text("2.00")
    expect(page.get_by_text("활성화 함수").first).to_be_visible()
    assert query(page)["alpha"] == ["2"] or query(page)["alpha"] == ["2.0"]
    expect_no_exception(page)


def test_bad_link_shows_message_not_traceback(server, page):
    page.goto(f"{server.url}/?act=<b>x</b>&xmin=nan&xmax=-9")
    wait_for_app(page)
    wait_for_chart_change(page, None)
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.first).to_be_visible()
    assert "<b>x</b>" in alerts.first.inner_text()  # shown literally, not as HTML
    assert chart_data(page)[0]["name"] == "ReLU(x)"
    expect_no_exception(page)


def test_korean_renders(server, page):
    page.goto(f"{server.url}/?lang=ko")
    wait_for_app(page)
    wait_for_chart_change(page, None)
    expect(page.get_by_text("수식과 설명")).to_be_visible()
    expect_no_exception(page)
