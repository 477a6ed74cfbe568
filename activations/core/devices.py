"""Which torch devices this machine offers, shared by the Training lab and the Speed page."""

from __future__ import annotations

from functools import lru_cache

import torch


@lru_cache(maxsize=1)
def available_devices() -> tuple[str, ...]:
    """The device types PyTorch can use here: always the CPU, then CUDA and MPS when present."""
    found = ["cpu"]
    if torch.cuda.is_available():
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return tuple(found)
