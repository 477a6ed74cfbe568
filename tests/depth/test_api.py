"""GET /api/depth through the app's route (ui/api.py's ROUTES): the facts of issue 17 hold in its
JSON as in the library, and a bad or over-budget link gets 400 with the page's own message at once."""

import json
import time

import numpy as np
import pytest
from starlette.requests import Request

from activations.depth import link
from tests.depth.test_facts import CHECKS, SEEDS
from ui.api import ROUTES

FACT_QUERIES = {
    "relu_kaiming": "count=1&depth=50",
    "relu_xavier": "count=1&init=xavier_normal&depth=20",
    "selu_lecun": "count=1&act=selu&init=lecun_normal&depth=50",
    "sigmoid_xavier": "count=1&act=sigmoid&init=xavier_normal&depth=20",
}
STATS = {"preact_std", "act_mean", "act_std", "act_rms", "zero_grad", "grad_norm"}


def get(query: str) -> tuple[int, dict]:
    """Call the /api/depth route's handler as Starlette would."""
    [route] = [route for route in ROUTES if route.path == "/api/depth"]
    scope = {"type": "http", "method": "GET", "path": "/api/depth", "headers": [],
             "query_string": query.encode("latin-1")}  # fmt: skip
    response = route.endpoint(Request(scope))
    return response.status_code, json.loads(response.body)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fact", FACT_QUERIES)
def test_the_facts_hold_through_the_api(fact, seed):
    status, body = get(f"{FACT_QUERIES[fact]}&width=256&batch=1024&seed={seed}")
    assert status == 200 and body["others"] == [] and body["diverged_at"] is None
    CHECKS[fact]({name: np.array(values) for name, values in body["layers"].items()})


def test_the_defaults_answer_three_configurations():
    status, body = get("")
    assert status == 200
    keys = {"act", "params", "init", "init_std", "depth", "width", "batch", "seed", "diverged_at", "layers"}
    assert set(body) == {*keys, "others"}
    assert (body["act"], body["init"], body["depth"], body["width"]) == ("relu", "kaiming_normal", 30, 128)
    assert set(body["layers"]) == STATS and all(len(v) == 30 for v in body["layers"].values())
    assert [(o["act"], o["init"]) for o in body["others"]] == [
        ("relu", "xavier_normal"),
        ("sigmoid", "xavier_normal"),
    ]


def test_parameters_by_torch_name():
    status, body = get(
        "count=2&act=prelu&prelu_init=0.1&b_act=leaky_relu&b_negative_slope=0.2&depth=3&width=8"
    )
    assert (
        status == 200
        and body["params"] == {"init": 0.1}
        and body["others"][0]["params"] == {"negative_slope": 0.2}
    )


def test_overflow_is_null_never_nan():
    status, body = get("count=1&init=normal&init_std=10&depth=60&width=64&batch=16")
    assert status == 200 and body["diverged_at"] is not None
    rms = body["layers"]["act_rms"]
    assert all(v is None for v in rms[body["diverged_at"] :]) and all(
        v is not None for v in rms[: body["diverged_at"]]
    )


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("depth=nan", ["depth=nan", "1 … 200"]),
        ("depth=200&width=1024&batch=4096", ["batch=4096", "too much computation", "4e9"]),
        ("act=relu7", ["act=relu7", "unknown"]),
        ("lang=ko&width=1", ["width=1", "범위"]),
    ],
)
def test_bad_links_get_400_with_the_pages_message_at_once(query, words):
    start = time.perf_counter()
    status, body = get(query)
    assert status == 400 and set(body) == {"error"} and all(word in body["error"] for word in words)
    assert time.perf_counter() - start < 2  # check() alone: nothing was measured


def test_the_budgets_edge():
    """The work the budget counts decides: one more input than fits is refused."""
    fits = link.MAX_WORK // link.work(1, 1, 1024, 1)
    status, body = get(f"count=1&depth=1&width=1024&batch={fits}")
    assert status == 200 and len(body["layers"]["grad_norm"]) == 1
    status, body = get(f"count=1&depth=1&width=1024&batch={fits + 1}")
    assert status == 400 and f"Using {fits} instead" in body["error"]
