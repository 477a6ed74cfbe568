"""The chart components' real JavaScript, run in Chromium without a server.

:func:`module_page` opens a page (in the browser tests' Chromium) at a made-up origin that serves
``ui/components``, so a test imports a component's modules as they are written
(``await import("/softmax.js")``) and calls their exported functions with Python's values:
:func:`call` and :func:`calls` return what the functions returned, as JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, Route

COMPONENTS = Path(__file__).resolve().parents[1] / "ui" / "components"
ORIGIN = "http://components.test"


def _serve(route: Route) -> None:
    name = route.request.url.removeprefix(f"{ORIGIN}/")
    if name.endswith(".js") and (COMPONENTS / name).is_file():
        route.fulfill(body=(COMPONENTS / name).read_text(encoding="utf-8"), content_type="text/javascript")
    else:
        route.fulfill(body="<!doctype html><title>components</title>", content_type="text/html")


@contextmanager
def module_page(browser: Browser) -> Iterator[Page]:
    """A blank page from which ``import("/<file>.js")`` loads ``ui/components/<file>.js``."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route(f"{ORIGIN}/**", _serve)
        page.goto(f"{ORIGIN}/")
        yield page
    finally:
        context.close()


def call(page: Page, module: str, function: str, *args: object) -> object:
    """``function(...args)`` from ``ui/components/<module>``, in the page."""
    return page.evaluate(
        "async ([module, name, args]) => (await import(`/${module}`))[name](...args)",
        [module, function, list(args)],
    )


def calls(page: Page, module: str, script: str, values: list, context: object = None) -> list:
    """``script`` (``(m, value, context) => ...``, ``m`` the module) for each of ``values``, in one
    round trip."""
    return page.evaluate(
        f"async ([module, values, context]) => {{ const m = await import(`/${{module}}`); const f = {script};"
        " return values.map((value) => f(m, value, context)); }",
        [module, values, context],
    )
