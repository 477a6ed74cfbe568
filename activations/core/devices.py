"""Which torch devices this machine offers, and the ``device`` field that only accepts those."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import torch

from activations.core.fields import InvalidValue, Labels

DEVICES = ("cpu", "cuda", "mps")  # every device type a link may name


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


@dataclass(frozen=True)
class Device(Labels):
    """A device type that must be available on this machine, not merely known to PyTorch."""

    key: str = "device"
    default: str = "cpu"

    @property
    def options(self) -> tuple[str, ...]:
        return available_devices()

    def parse(self, raw: Sequence[str]) -> str:
        value = raw[-1]
        if value in available_devices():
            return value
        raise InvalidValue("reason.device_unavailable" if value in DEVICES else "reason.unknown_option")

    def format(self, value: str) -> list[str]:
        return [value]

    def describe(self) -> str:
        return ", ".join(available_devices())
