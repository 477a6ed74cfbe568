"""The JSON answer of ``GET /api/softmax?<the Softmax page's query string>``.

For a link the page accepts, the numbers its chart shows, as torch computed them (float64):
``{"logits", "temperature", "p", "log_p", "entropy"}`` (entropy in nats). For a link the page would
correct, or logits it can't read, status 400 and ``{"error": ...}`` with the page's own warnings,
one per line. Class names are not part of the answer, so they are not read. The page's ``check``
and parser bound the work: at most 64 logits with ``|z| <= 1e6`` and ``T >= 0.05``, so every number
is finite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from activations.core.fields import Problem
from activations.core.i18n import problem_message
from activations.softmax import compute, link


def softmax_reply(
    raw: Mapping[str, Sequence[str]], lang: str, problems: Sequence[Problem] = ()
) -> tuple[int, dict]:
    """HTTP status and JSON body for the query ``raw``; ``problems`` found elsewhere (the language)
    are reported with the page's."""
    state, found = link.check(raw)
    messages = [problem_message(problem, lang) for problem in [*problems, *found]]
    try:
        logits = link.parse_logits(state.logits)
    except link.TextError as error:  # what a fresh link shows instead: the defaults
        messages.append(link.logits_message(error, lang, link.parse_logits(link.DEFAULT_LOGITS)))
    if messages:
        return 400, {"error": "\n".join(messages)}
    dist = compute.distribution(logits, link.temperature_value(state.temperature))
    return 200, {
        "logits": dist.logits.tolist(),
        "temperature": dist.temperature,
        "p": dist.probs.tolist(),
        "log_p": dist.log_probs.tolist(),
        "entropy": dist.entropy_nats,
    }
