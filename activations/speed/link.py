"""The Speed page's URL contract: which keys a link may carry (``device``, ``dtype``, ``size``) and
what values they may take. The command line (``python -m activations bench``) reads the same keys.

Each key is declared once, from the bounds of the measurement itself (:mod:`activations.speed.timing`):
the device must exist on this machine (CUDA and MPS only when PyTorch sees them), the dtype must be
one the benchmark offers, and the size a whole number of elements up to
:data:`~activations.speed.timing.MAX_ELEMENTS`. :func:`check` adds the one rule between keys (a
dtype that this device can't run falls back to float32) and returns a :class:`SpeedState`, whose
:meth:`~SpeedState.config` is the benchmark to run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from activations.core.devices import Device
from activations.core.fields import Choice, Field, Problem, Whole, validate
from activations.core.state import State
from activations.speed.timing import (
    DTYPES,
    MAX_ELEMENTS,
    MIN_ELEMENTS,
    Config,
    dtype_supported,
    supported_dtypes,
)

_DEFAULT = Config()
DEVICE = Device(label="speed.device", help="speed.device_help")
DTYPE = Choice(
    "dtype", _DEFAULT.dtype, DTYPES, widget="segmented", label="speed.dtype", help="speed.dtype_help"
)
SIZE = Whole(
    "size", _DEFAULT.size, MIN_ELEMENTS, MAX_ELEMENTS, step=1024, label="speed.size", help="speed.size_help"
)
FIELDS: tuple[Field, ...] = (DEVICE, DTYPE, SIZE)
KEYS = tuple(field.key for field in FIELDS)
SIZE_PRESETS = (2**10, 2**14, 2**17, 2**20, 2**22, 2**24)  # the quick-size pills, not a URL key

# Classroom groups (activations.core.classroom): named sets of URL keys and of the page's controls.
GROUPS: dict[str, tuple[str, ...]] = {
    "settings": (*KEYS, "size_preset"),
    "buttons": ("run",),
    "presets": ("size_preset",),
    "view": ("speed_view",),
    "export": ("export_csv", "export_json"),
}


@dataclass(frozen=True)
class SpeedState(State):
    """The Speed page's state: where, in which dtype and on how many elements to measure."""

    device: str
    dtype: str
    size: int

    def fields(self) -> tuple[Field, ...]:
        return FIELDS

    def config(self) -> Config:
        """The benchmark configuration this state asks for."""
        return Config(self.device, self.dtype, self.size)


def check(raw: Mapping[str, Sequence[str]]) -> tuple[SpeedState, list[Problem]]:
    """Valid ``device``, ``dtype`` and ``size`` from raw query values, and what had to be replaced.

    A dtype this device can't run falls back to float32 (which every PyTorch device supports).
    """
    values, problems = validate(raw, FIELDS)
    device, dtype = values["device"], values["dtype"]
    if not dtype_supported(device, dtype):
        problems.append(
            Problem(
                ("dtype",),
                f"{dtype} @ {device}",
                "speed.reason.dtype_unsupported",
                DTYPE.default,
                ", ".join(supported_dtypes(device)),
            )
        )
        values["dtype"] = DTYPE.default
    return SpeedState(**values), problems
