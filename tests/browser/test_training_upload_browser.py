"""Own data and downloads of the Training lab in a real browser: upload a CSV, refuse a bad one,
and download the history, configuration, weights and script the buttons make on a click."""

import io
import json

import torch
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import expect_no_exception, wait_for_app

GOOD = ("x1,x2,label\n" + "\n".join(f"{i % 9 - 4},{i % 7 * 3},{i % 3}" for i in range(60)) + "\n").encode()
BAD = b"x1,x2,label\n1,2,0\n=cmd|' /C calc'!A0,1,1\n"


def upload(page: Page, name: str, content: bytes) -> None:
    files = page.locator('.st-key-training_upload input[type="file"]')
    files.set_input_files({"name": name, "mimeType": "text/csv", "buffer": content})


def download(page: Page, key: str) -> tuple[str, bytes]:
    """Click a download button and read the file. A click that lands while a rerun replaces the
    button is lost (seen under load): wait for the app, then try again, up to three times."""
    for attempt in range(3):
        wait_for_app(page)
        try:
            with page.expect_download(timeout=15_000) as info:
                page.locator(f".st-key-{key}").get_by_role("button").first.click()
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            continue
        done = info.value
        return done.suggested_filename, open(done.path(), "rb").read()
    raise AssertionError("unreachable")


def test_upload_train_download_and_refuse_a_bad_file(server, page):
    page.goto(f"{server.url}/training?dataset=upload&hidden=4&test_frac=0.25")
    wait_for_app(page)
    expect(page.get_by_text("A link can't carry your file")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("keeps using moons")).to_be_visible()

    upload(page, "points.csv", GOOD)
    expect(page.get_by_text("Training on points.csv: 60 points, 3 classes (0, 1, 2).")).to_be_visible(
        timeout=30_000
    )
    wait_for_app(page)
    page.locator('.lab-button[data-command="step"]').click()  # the lab chart's toolbar
    expect(page.locator('.lab-run[data-run="A"] .lab-metric-value').first).to_have_text("1", timeout=30_000)
    wait_for_app(page)
    expect_no_exception(page)

    name, history = download(page, "download_history")
    assert name == "training_relu_4_upload_history.csv"
    rows = history.decode().splitlines()
    assert rows[0].startswith("step,epoch,loss") and rows[-1].startswith("1,")
    name, config = download(page, "download_config")
    document = json.loads(config)
    assert name.endswith("_config.json") and document["upload"]["rows"] == 60
    assert document["query"].startswith("dataset=upload")
    name, weights = download(page, "download_weights")
    state = torch.load(io.BytesIO(weights))
    assert (
        name.endswith("_weights.pt")
        and state["0.weight"].shape == (4, 2)
        and state["2.weight"].shape == (3, 4)
    )
    name, script = download(page, "download_script")
    assert name == "training_relu_4_upload_train.py"
    assert b"ROWS = [" in script and b"(-4.0, 0.0, 0)," in script and b"DEFAULT_STEPS = 1\n" in script

    upload(page, "bad.csv", BAD)
    warning = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="bad.csv")
    expect(warning).to_contain_text("row 3", timeout=30_000)
    expect(warning).to_contain_text("spreadsheet formula")
    expect(page.get_by_text("Training on points.csv")).to_be_visible()  # the lab keeps its data
    expect_no_exception(page)
