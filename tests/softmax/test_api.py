"""GET /api/softmax: torch's float64 numbers for a Softmax link as JSON, or the page's own warnings
with status 400."""

import json

import pytest
import torch
from starlette.requests import Request

from activations.core.fields import parse_query
from activations.softmax.api import softmax_reply
from ui.api import MAX_QUERY_CHARS, softmax


def get(query: str) -> tuple[int, dict]:
    """Call the route's handler as Starlette would."""
    scope = {"type": "http", "method": "GET", "path": "/api/softmax", "headers": [],
             "query_string": query.encode("latin-1")}  # fmt: skip
    response = softmax(Request(scope))
    return response.status_code, json.loads(response.body)


def torch_softmax(logits: list[float], temperature: float) -> tuple[list[float], list[float]]:
    z = torch.tensor(logits, dtype=torch.float64) / temperature
    return torch.softmax(z, 0).tolist(), torch.log_softmax(z, 0).tolist()


def test_defaults():
    status, body = get("")
    assert status == 200 and set(body) == {"logits", "temperature", "p", "log_p", "entropy"}
    assert body["logits"] == [2.0, 1.0, 0.1] and body["temperature"] == 1.0
    p, log_p = torch_softmax([2.0, 1.0, 0.1], 1.0)
    assert body["p"] == p and body["log_p"] == log_p
    assert body["entropy"] == pytest.approx(-sum(a * b for a, b in zip(p, log_p, strict=True)), rel=1e-15)


@pytest.mark.parametrize(
    ("query", "logits", "temperature"),
    [
        ("logits=1000,%201001,%20999&temperature=0.5", [1000.0, 1001.0, 999.0], 0.5),
        ("logits=-1e6%201e6&temperature=0.05", [-1e6, 1e6], 0.05),
        ("logits=tensor([4,%204,%204])", [4.0, 4.0, 4.0], 1.0),
        ("logits=7&temperature=20&names=only&sort=true", [7.0], 20.0),
        ("logits=" + ",".join(str(i % 9 - 4) for i in range(64)), [float(i % 9 - 4) for i in range(64)], 1.0),
    ],
)
def test_numbers_are_torchs_float64(query, logits, temperature):
    status, body = get(query)
    assert status == 200 and body["logits"] == logits and body["temperature"] == temperature
    assert (body["p"], body["log_p"]) == torch_softmax(logits, temperature)


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("temperature=0.75",
         "Ignored temperature=0.75: between two steps of the slider (allowed: 0.05 … 20). Using 0.8 "
         "instead."),
        ("logits=1,%20x",
         "Can't read the logits: value 2, “x”, is not a plain decimal number (like 2, -0.5 or 1e3). Showing "
         "these instead: 2, 1, 0.1."),
        ("lang=fr", "Ignored lang=fr: unknown name (allowed: en, ko). Using en instead."),
    ],
)  # fmt: skip
def test_bad_value_is_400_with_the_page_message(query, error):
    assert get(query) == (400, {"error": error})


def test_message_in_the_links_language_one_line_per_problem():
    status, body = get("logits=nan&top_p=2&lang=ko")
    assert status == 400 and len(body["error"].splitlines()) == 2
    assert "로짓을 읽을 수 없습니다" in body["error"]


@pytest.mark.parametrize(
    "query",
    ["%ff%fe", "logits=&logits=", "logits=1&logits=2", "logits=" + "9" * 70, "=&&==", "a" * 3999,
     "logits=" + "1," * 65, "logits=2e6", "temperature=nan"],
)  # fmt: skip
def test_garbage_never_raises(query):
    status, body = get(query)
    assert status in (200, 400) and set(body) in ({"error"}, set(get("")[1]))


def test_query_size_is_bounded():
    status, body = get("logits=" + "1," * (MAX_QUERY_CHARS // 2))
    assert status == 400 and "too long" in body["error"]


def test_library_reply_takes_raw_query_values():
    status, body = softmax_reply(parse_query("logits=0,0&temperature=2"), "en")
    assert status == 200 and body["p"] == [0.5, 0.5]
