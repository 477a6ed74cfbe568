"""GET /api/curve: the page's curve for a link as JSON, or the page's warnings with status 400."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from starlette.requests import Request

from activations.core.fields import parse_query
from activations.explorer.api import curve_reply
from activations.explorer.family import chart_grid
from ui.api import MAX_QUERY_CHARS, curve


def get(query: str) -> tuple[int, dict]:
    """Call the route's handler as Starlette would."""
    scope = {"type": "http", "method": "GET", "path": "/api/curve", "headers": [],
             "query_string": query.encode("latin-1")}  # fmt: skip
    response = curve(Request(scope))
    return response.status_code, json.loads(response.body)


def test_curve_is_torch_functional_and_autograd_on_the_chart_grid():
    status, body = get("act=elu&alpha=2&xmin=-3&xmax=2&x0=0.5&compare=relu&lang=ko")
    assert status == 200 and body["act"] == "elu" and body["params"] == {"alpha": 2.0}
    x = chart_grid(-3.0, 2.0)
    assert body["x"] == x.tolist()
    leaf = x.clone().requires_grad_(True)
    y = F.elu(leaf, alpha=2.0)
    y.sum().backward()
    assert body["f"] == y.detach().tolist() and body["df"] == leaf.grad.tolist()


def test_defaults_and_choice_parameters():
    status, body = get("")
    assert status == 200 and body["act"] == "relu" and body["params"] == {} and len(body["x"]) == 1201
    status, body = get("act=gelu&approximate=tanh")
    assert body["params"] == {"approximate": "tanh"}
    expected = F.gelu(torch.tensor(body["x"], dtype=torch.float64), approximate="tanh")
    np.testing.assert_array_equal(body["f"], expected.numpy())


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("xmin=nan", "Ignored xmin=nan: not a plain decimal number (allowed: -50 … 50). Using -6 instead."),
        ("act=threshold&threshold=20",
         "Ignored threshold=20: out of range (allowed: -5 … 5). Using 1 instead."),
        ("act=hardtanh&min_val=2&max_val=1",
         "Ignored min_val, max_val=2, 1: the first must be smaller than the second (allowed: min_val < "
         "max_val). Using -1, 1 instead."),
        ("lang=fr", "Ignored lang=fr: unknown name (allowed: en, ko). Using en instead."),
    ],
)  # fmt: skip
def test_bad_value_is_400_with_the_page_message(query, error):
    assert get(query) == (400, {"error": error})


def test_message_in_the_links_language_one_line_per_problem():
    status, body = get("act=nope&x0=1e999&lang=ko")
    assert status == 400 and len(body["error"].splitlines()) == 2
    assert "값을 무시했습니다" in body["error"]


@pytest.mark.parametrize(
    "query", ["%ff%fe", "act=&act=", "act=relu&act=gelu", "x0=" + "9" * 70, "=&&==", "a" * 3999]
)
def test_garbage_never_raises(query):
    status, body = get(query)
    assert status in (200, 400) and set(body) in ({"error"}, {"act", "params", "x", "f", "df"})


def test_query_size_is_bounded():
    status, body = get("compare=relu&" * (MAX_QUERY_CHARS // 13 + 1))
    assert status == 400 and "too long" in body["error"]


def test_library_reply_takes_raw_query_values():
    status, body = curve_reply(parse_query("act=softsign&xmin=0&xmax=1"), "en")
    assert status == 200 and body["x"][0] == 0.0 and body["f"][-1] == 0.5
