"""What a benchmark may be asked to do: device, dtype and size, from a link or a command line.

Every value is bounded. The device must exist on this machine (CUDA and MPS only when PyTorch sees
them), the dtype must work there (checked by running a tiny forward and backward, never assumed),
and the size is a plain count of elements up to :data:`MAX_ELEMENTS`, so no link can make the
server allocate more than a few hundred MB or run for minutes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

import torch

from activations.core.devices import available_devices
from activations.core.fields import Choice, InvalidValue, Problem, validate

MAX_ELEMENTS = 2**24  # 64 MiB per float32 tensor; a forward+backward holds about five of them
MIN_ELEMENTS = 1
DEFAULT_SIZE = 2**20
DEVICES = ("cpu", "cuda", "mps")
DTYPES = ("float32", "bfloat16", "float16")
DEFAULT_DEVICE = "cpu"
DEFAULT_DTYPE = "float32"
SIZE_PRESETS = (2**10, 2**14, 2**17, 2**20, 2**22, 2**24)
KEYS = ("device", "dtype", "size")
_DIGITS = re.compile(r"[0-9]{1,12}", re.ASCII)


@lru_cache(maxsize=16)
def dtype_supported(device: str, dtype: str) -> bool:
    """Whether a forward and backward pass in ``dtype`` runs on ``device`` (tried, not assumed)."""
    if device not in available_devices() or dtype not in DTYPES:
        return False
    try:
        x = torch.linspace(-2, 2, 8, device=device, dtype=getattr(torch, dtype), requires_grad=True)
        (grad,) = torch.autograd.grad(torch.relu(x), x, torch.ones_like(x))
        return bool(torch.isfinite(grad.float()).all())
    except (RuntimeError, TypeError, NotImplementedError):
        return False


def supported_dtypes(device: str) -> tuple[str, ...]:
    return tuple(dtype for dtype in DTYPES if dtype_supported(device, dtype))


@dataclass(frozen=True)
class Device:
    """A device type that must be available on this machine, not merely known to PyTorch."""

    key: str = "device"
    default: str = DEFAULT_DEVICE

    def parse(self, raw: Sequence[str]) -> str:
        value = raw[-1]
        if value in available_devices():
            return value
        raise InvalidValue("speed.reason.device_unavailable" if value in DEVICES else "reason.unknown_option")

    def describe(self) -> str:
        return ", ".join(available_devices())


@dataclass(frozen=True)
class Count:
    """A whole number of elements written as plain ASCII digits (no ``1e6``, ``1_000``, ``nan``)."""

    key: str
    default: int
    low: int
    high: int

    def parse(self, raw: Sequence[str]) -> int:
        text = raw[-1].strip()
        if not _DIGITS.fullmatch(text):
            raise InvalidValue("speed.reason.not_digits")
        value = int(text)
        if not self.low <= value <= self.high:
            raise InvalidValue("reason.out_of_range")
        return value

    def describe(self) -> str:
        power = f" = 2^{self.high.bit_length() - 1}" if self.high & (self.high - 1) == 0 else ""
        return f"{self.low} … {self.high}{power}"


DEVICE = Device()
DTYPE = Choice("dtype", DEFAULT_DTYPE, DTYPES)
SIZE = Count("size", DEFAULT_SIZE, MIN_ELEMENTS, MAX_ELEMENTS)
FIELDS = (DEVICE, DTYPE, SIZE)


@dataclass(frozen=True)
class Config:
    """One benchmark configuration; also the key its results are cached under."""

    device: str = DEFAULT_DEVICE
    dtype: str = DEFAULT_DTYPE
    size: int = DEFAULT_SIZE

    @property
    def torch_dtype(self) -> torch.dtype:
        return getattr(torch, self.dtype)

    @property
    def element_bytes(self) -> int:
        return torch.empty((), dtype=self.torch_dtype).element_size()

    @property
    def tensor_bytes(self) -> int:
        return self.size * self.element_bytes

    @classmethod
    def of(cls, values: Mapping[str, object]) -> Config:
        return cls(str(values["device"]), str(values["dtype"]), int(values["size"]))  # type: ignore[call-overload]


def check(raw: Mapping[str, Sequence[str]]) -> tuple[dict[str, object], list[Problem]]:
    """Valid ``device``, ``dtype`` and ``size`` from raw query values, and what had to be replaced.

    A dtype this device can't run falls back to float32 (which every PyTorch device supports).
    """
    values, problems = validate(raw, FIELDS)
    if not dtype_supported(str(values["device"]), str(values["dtype"])):
        problems.append(
            Problem(
                ("dtype",),
                f"{values['dtype']} @ {values['device']}",
                "speed.reason.dtype_unsupported",
                DEFAULT_DTYPE,
                ", ".join(supported_dtypes(str(values["device"]))),
            )
        )
        values["dtype"] = DEFAULT_DTYPE
    return values, problems


def parse_query(text: str) -> dict[str, list[str]]:
    """Raw query values from a full page URL (``http://host/speed?size=4096``) or a bare query
    string (``size=4096&dtype=float16``, a leading ``?`` allowed)."""
    text = text.strip()
    if "://" in text or text.startswith("/"):
        text = urlsplit(text).query
    return parse_qs(text.removeprefix("?"), keep_blank_values=True)


def human_bytes(count: float) -> str:
    """``4 MiB``, ``64 KiB``, ``512 B``."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.3g} {unit}" if unit != "B" else f"{int(count)} B"
        count /= 1024
    raise AssertionError("unreachable")


def short_count(count: int) -> str:
    """``1K``, ``16K``, ``1M``, ``16M`` for powers of two, else the number with separators."""
    for shift, suffix in ((20, "M"), (10, "K")):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift}{suffix}"
    return f"{count:,}"
