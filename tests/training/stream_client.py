"""What a live-lab stream's client does, without a socket: want a frame, wait for it, draw, again."""

import queue
import time

from activations.training.frames import decode
from activations.training.session import LabSession


def next_frame(one: LabSession, full: bool = False, lang: str = "en") -> dict | None:
    """Want the next frame and wait for it, decoded (None: the lab is gone)."""
    answers = queue.SimpleQueue()
    one.want(full, lang, answers.put)
    data = answers.get(timeout=60)
    return decode(data) if data is not None else None


def pull_for(*sessions: LabSession, seconds: float) -> None:
    """Pull frames of every session in turn for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for one in sessions:
            next_frame(one)
