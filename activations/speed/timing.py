"""Time every registry activation against a plain copy, the floor for an elementwise op.

An elementwise activation reads each element once and writes it once, exactly like ``x.clone()``;
if it costs about as much as the clone, it is limited by memory bandwidth and its arithmetic is
free. So each activation is timed three ways on one tensor:

* forward, out of place: ``F.relu(x)`` (a new tensor each call, as in a network);
* forward + backward: ``torch.autograd.grad(f(x), x, grad_out)``;
* forward, in place, where PyTorch has a variant (``torch.relu_``), on a buffer refreshed before
  every sample so repeated application can't drift into denormal numbers.

The references are ``x.clone()`` for the forward pass and, for forward + backward, ``-x``: a
negation reads and writes each element once in each direction, like a copy, through the same
native autograd machinery as the activations (``x.clone()`` itself has a free backward, and a
Python ``autograd.Function`` would add its own overhead).

Timing is honest in the usual ways: warm-up calls first; samples of ``number`` back-to-back calls,
``number`` chosen so a sample lasts about ``target`` seconds; samples taken in interleaved rounds
(every op, the copy included, once per round), so load from elsewhere on the machine spreads over
all ops instead of skewing one; median and interquartile range over the samples; on CUDA, CUDA
events after a ``torch.cuda.synchronize()``, on MPS a synchronize around a ``perf_counter``.

What may be measured is bounded here, where it is measured: a :class:`Config` names an available
device, a dtype that runs there (:func:`dtype_supported`, tried with a tiny forward and backward,
never assumed) and at most :data:`MAX_ELEMENTS` elements, so no caller can make the process allocate
more than a few hundred MB or run for minutes. (``link`` turns a page link into a :class:`Config`.)

Only one benchmark runs per process at a time (:class:`Busy` otherwise): a plain lock, not a
Streamlit cache, which any client can clear. Results are kept in :data:`RESULTS`, a plain bounded
module store shared by every session.
"""

from __future__ import annotations

import platform
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

import numpy as np
import torch
import torch.nn.functional as F

from activations.core import devices
from activations.core.registry import NAMES, ActivationSpec, get

MAX_ELEMENTS = 2**24  # 64 MiB per float32 tensor; a forward+backward holds about five of them
MIN_ELEMENTS = 1
DTYPES = ("float32", "bfloat16", "float16")  # float32 first: every PyTorch device runs it


@dataclass(frozen=True)
class Config:
    """One benchmark configuration; also the key its results are kept under in :data:`RESULTS`."""

    device: str = "cpu"
    dtype: str = "float32"
    size: int = 2**20

    @property
    def torch_dtype(self) -> torch.dtype:
        return getattr(torch, self.dtype)

    @property
    def element_bytes(self) -> int:
        return torch.empty((), dtype=self.torch_dtype).element_size()

    @property
    def tensor_bytes(self) -> int:
        return self.size * self.element_bytes


@lru_cache(maxsize=16)
def dtype_supported(device: str, dtype: str) -> bool:
    """Whether a forward and backward pass in ``dtype`` runs on ``device`` (tried, not assumed)."""
    if device not in devices.available_devices() or dtype not in DTYPES:
        return False
    try:
        x = torch.linspace(-2, 2, 8, device=device, dtype=getattr(torch, dtype), requires_grad=True)
        (grad,) = torch.autograd.grad(torch.relu(x), x, torch.ones_like(x))
        return bool(torch.isfinite(grad.float()).all())
    except (RuntimeError, TypeError, NotImplementedError):
        return False


def supported_dtypes(device: str) -> tuple[str, ...]:
    """The dtypes of :data:`DTYPES` that run on ``device``."""
    return tuple(dtype for dtype in DTYPES if dtype_supported(device, dtype))


Progress = Callable[[int, int, str, str], None]  # (done, total, activation label, phase)
PHASES = ("fwd", "fwd_bwd", "inplace")
MAX_INPLACE_CALLS = 16  # per sample, between refreshes of the buffer


class Busy(RuntimeError):
    """Another benchmark is running in this process."""


_LOCK = threading.Lock()


def busy() -> bool:
    return _LOCK.locked()


@dataclass(frozen=True)
class Timing:
    """Seconds per call: median and quartiles over ``samples``, each the mean of ``number`` calls."""

    median: float
    q1: float
    q3: float
    samples: tuple[float, ...]
    number: int

    @classmethod
    def of(cls, samples: list[float], number: int) -> Timing:
        q1, median, q3 = np.percentile(samples, [25, 50, 75])
        return cls(float(median), float(q1), float(q3), tuple(samples), number)

    @property
    def spread(self) -> float:
        """Interquartile range relative to the median (0.05 = ±2.5 %)."""
        return (self.q3 - self.q1) / self.median if self.median > 0 else 0.0


class Clock:
    """Times ``number`` calls of a function on one device, waiting for the device to finish."""

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self.kind = device.type

    @property
    def method(self) -> str:
        return {
            "cuda": "CUDA events after torch.cuda.synchronize()",
            "mps": "time.perf_counter() around torch.mps.synchronize()",
        }.get(self.kind, "time.perf_counter()")

    def sync(self) -> None:
        if self.kind == "cuda":
            torch.cuda.synchronize(self.device)
        elif self.kind == "mps":
            torch.mps.synchronize()

    def time(self, fn: Callable[[], object], number: int) -> float:
        """Seconds for ``number`` calls of ``fn``, all queued work finished."""
        self.sync()
        if self.kind == "cuda":
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(number):
                fn()
            end.record()
            end.synchronize()
            return start.elapsed_time(end) / 1e3
        began = time.perf_counter()
        for _ in range(number):
            fn()
        self.sync()
        return time.perf_counter() - began


@dataclass(frozen=True)
class Settings:
    """How hard to measure.

    Each op gets ``warmup`` untimed calls, then one timed call that sets ``number`` (calls per
    sample) so a sample lasts about ``target`` seconds, at most ``max_number``. Then up to
    ``repeats`` rounds of one sample per op; after ``min_repeats`` rounds, no new round starts once
    ``budget`` seconds of sampling have passed (large tensors on slow devices). A sample that runs
    past four times ``target`` (a busy machine) halves that op's ``number`` for the next rounds.
    """

    warmup: int = 2
    repeats: int = 7
    min_repeats: int = 3
    target: float = 0.005
    budget: float = 20.0
    max_number: int = 1000


DEFAULT = Settings()  # what a run without explicit settings uses (tests swap in QUICK)
QUICK = Settings(warmup=1, repeats=3, min_repeats=2, target=0.0002, budget=1.0, max_number=20)


def forward_callable(spec: ActivationSpec, device: torch.device, dtype: torch.dtype) -> Callable:
    """``spec`` at PyTorch's default parameters as a one-argument function, set up once.

    PReLU's slope tensor is made here, not per call: the registry's wrapper builds it from a float
    on each call, which on CUDA would add a host-to-device copy to every timed call.
    """
    if spec.key == "prelu":
        weight = torch.tensor([spec.defaults["init"]], device=device, dtype=dtype)
        return partial(F.prelu, weight=weight)
    return partial(spec.fn, **spec.defaults)


def inplace_callable(spec: ActivationSpec) -> Callable | None:
    """The in-place variant (``torch.relu_``) at default parameters, or None when there is none."""
    inplace = spec.inplace_fn
    return None if inplace is None else partial(inplace, **spec.defaults)


@dataclass(frozen=True)
class Row:
    """One activation's timings (None where not measured) or the error that stopped it."""

    name: str
    label: str
    family: str
    fwd: Timing | None = None
    fwd_bwd: Timing | None = None
    inplace_call: str | None = None
    inplace: Timing | None = None
    inplace_verified: bool | None = None
    error: str | None = None


@dataclass(frozen=True)
class Summary:
    """The numbers of one row, in milliseconds and ratios; ``ratio_to_copy`` = copy / activation."""

    name: str
    label: str
    family: str
    fwd_ms: float | None
    fwd_q1_ms: float | None
    fwd_q3_ms: float | None
    fwd_bwd_ms: float | None
    fwd_bwd_q1_ms: float | None
    fwd_bwd_q3_ms: float | None
    gbps: float | None
    ratio_to_copy: float | None
    fwd_bwd_ratio_to_copy: float | None
    inplace_call: str | None
    inplace_ms: float | None
    inplace_ratio_to_copy: float | None
    inplace_speedup: float | None
    inplace_verified: bool | None
    error: str | None

    def as_json(self, config: Config, threads: int) -> dict[str, object]:
        """The CLI's line: the five promised keys first, then context."""

        def rounded(value: float | None, digits: int = 4) -> float | None:
            return None if value is None else float(f"{value:.{digits}g}")

        record: dict[str, object] = {
            "name": self.name,
            "fwd_ms": rounded(self.fwd_ms),
            "fwd_bwd_ms": rounded(self.fwd_bwd_ms),
            "gbps": rounded(self.gbps),
            "ratio_to_copy": rounded(self.ratio_to_copy),
            "fwd_bwd_ratio_to_copy": rounded(self.fwd_bwd_ratio_to_copy),
            "inplace": self.inplace_call,
            "inplace_ms": rounded(self.inplace_ms),
            "inplace_ratio_to_copy": rounded(self.inplace_ratio_to_copy),
            "device": config.device,
            "dtype": config.dtype,
            "size": config.size,
            "threads": threads,
        }
        if self.error:
            record["error"] = self.error
        return record


@dataclass(frozen=True)
class BenchResult:
    """Everything one run measured, with the context needed to read it."""

    config: Config
    copy: Timing
    copy_fwd_bwd: Timing
    rows: tuple[Row, ...]
    threads: int
    device_name: str
    timer: str
    torch_version: str
    settings: Settings
    started_at: float
    elapsed: float
    summaries: tuple[Summary, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summaries", tuple(self._summary(row) for row in self.rows))

    @property
    def copy_gbps(self) -> float:
        return self._gbps(self.copy)

    def _gbps(self, timing: Timing | None, passes: int = 2) -> float | None:
        """Effective bandwidth: one read and one write per element (``passes`` tensor sweeps)."""
        if timing is None or timing.median <= 0:
            return None
        return passes * self.config.tensor_bytes / timing.median / 1e9

    def _summary(self, row: Row) -> Summary:
        def ms(timing: Timing | None, attribute: str = "median") -> float | None:
            return None if timing is None else getattr(timing, attribute) * 1e3

        def ratio(reference: Timing, timing: Timing | None) -> float | None:
            return None if timing is None or timing.median <= 0 else reference.median / timing.median

        speedup = None
        if row.fwd is not None and row.inplace is not None and row.inplace.median > 0:
            speedup = row.fwd.median / row.inplace.median
        return Summary(
            name=row.name,
            label=row.label,
            family=row.family,
            fwd_ms=ms(row.fwd),
            fwd_q1_ms=ms(row.fwd, "q1"),
            fwd_q3_ms=ms(row.fwd, "q3"),
            fwd_bwd_ms=ms(row.fwd_bwd),
            fwd_bwd_q1_ms=ms(row.fwd_bwd, "q1"),
            fwd_bwd_q3_ms=ms(row.fwd_bwd, "q3"),
            gbps=self._gbps(row.fwd),
            ratio_to_copy=ratio(self.copy, row.fwd),
            fwd_bwd_ratio_to_copy=ratio(self.copy_fwd_bwd, row.fwd_bwd),
            inplace_call=row.inplace_call,
            inplace_ms=ms(row.inplace),
            inplace_ratio_to_copy=ratio(self.copy, row.inplace),
            inplace_speedup=speedup,
            inplace_verified=row.inplace_verified,
            error=row.error,
        )

    def summary(self, name: str) -> Summary | None:
        return next((s for s in self.summaries if s.name == name), None)


@lru_cache(maxsize=4)
def device_name(device: str) -> str:
    """A human name for the hardware behind ``device``."""
    if device == "cuda":
        return torch.cuda.get_device_name(torch.cuda.current_device())
    if device == "mps":
        return "Apple GPU (MPS)"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:160] if text else ''}"


@dataclass
class _Op:
    """One thing to time: ``fn`` called ``number`` times per sample, ``setup`` before each sample."""

    name: str
    label: str
    phase: str
    fn: Callable[[], object]
    setup: Callable[[], object] | None = None
    max_number: int | None = None
    number: int = 1
    samples: list[float] = field(default_factory=list)
    error: str | None = None

    def prepare(self) -> None:
        if self.setup is not None:
            self.setup()


def _ops(
    config: Config, names: tuple[str, ...]
) -> tuple[list[_Op], dict[str, tuple[str | None, bool | None]]]:
    """Every timed call of a run, and per activation its in-place variant and whether it checked out."""
    device, dtype = torch.device(config.device), config.torch_dtype
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(config.size, generator=generator).to(device=device, dtype=dtype)
    x_grad = x.detach().requires_grad_(True)
    grad_out = torch.randn(config.size, generator=generator).to(device=device, dtype=dtype)

    def backward_of(fn: Callable) -> Callable[[], object]:
        return lambda: torch.autograd.grad(fn(x_grad), x_grad, grad_out)

    ops = [
        _Op("copy", "x.clone()", "fwd", x.clone),
        _Op("copy", "-x", "fwd_bwd", backward_of(torch.neg)),
    ]
    inplace_info: dict[str, tuple[str | None, bool | None]] = {}
    for name in names:
        spec = get(name)
        fn = forward_callable(spec, device, dtype)
        ops.append(_Op(name, spec.label, "fwd", partial(fn, x)))
        ops.append(_Op(name, spec.label, "fwd_bwd", backward_of(fn)))
        inplace = inplace_callable(spec)
        verified = None
        if inplace is not None:
            buffer = x.clone()
            try:
                returned = inplace(buffer)
                verified = returned.data_ptr() == buffer.data_ptr() and torch.equal(buffer, fn(x))
            except (RuntimeError, TypeError, NotImplementedError, ValueError):
                verified = False  # the error shows again, and is recorded, when it is timed
            ops.append(
                _Op(
                    name,
                    spec.label,
                    "inplace",
                    partial(inplace, buffer),
                    setup=partial(buffer.copy_, x),
                    max_number=MAX_INPLACE_CALLS,
                )
            )
        inplace_info[name] = (spec.inplace, verified)
    return ops, inplace_info


def run_benchmark(
    config: Config,
    *,
    settings: Settings | None = None,
    names: tuple[str, ...] = NAMES,
    on_progress: Progress | None = None,
) -> BenchResult:
    """Time ``names`` (default: every registry activation) on ``config``; :class:`Busy` if another
    benchmark is running in this process.

    ``on_progress(done, total, label, phase)`` is called before each step, outside any error
    handling, so it may raise to cancel the run (Streamlit does when the user leaves or reruns).
    """
    if not MIN_ELEMENTS <= config.size <= MAX_ELEMENTS:
        raise ValueError(f"size must be within {MIN_ELEMENTS} … {MAX_ELEMENTS}, got {config.size}")
    if config.device not in devices.available_devices():
        raise ValueError(f"device {config.device!r} is not available here")
    if not dtype_supported(config.device, config.dtype):
        raise ValueError(f"dtype {config.dtype} is not supported on {config.device}")
    for name in names:
        get(name)
    if not _LOCK.acquire(blocking=False):
        raise Busy("another benchmark is running")
    try:
        return _run(config, settings or DEFAULT, names, on_progress or (lambda *_: None))
    finally:
        _LOCK.release()


def _run(config: Config, settings: Settings, names: tuple[str, ...], progress: Progress) -> BenchResult:
    """Warm up and calibrate every op, then sample them in interleaved rounds.

    One round takes one sample of every op, so a burst of load from elsewhere on the machine
    lands on a few samples of many ops (and of the copy) rather than on all samples of one op.
    """
    started_at, began = time.time(), time.perf_counter()
    clock = Clock(torch.device(config.device))
    ops, inplace_info = _ops(config, names)
    total = len(ops) * (1 + settings.repeats)
    done = 0
    for op in ops:
        progress(done, total, op.label, op.phase)
        done += 1
        try:
            for _ in range(settings.warmup):
                op.prepare()
                op.fn()
            op.prepare()
            single = clock.time(op.fn, 1)
        except (RuntimeError, TypeError, NotImplementedError, ValueError) as error:
            op.error = _first_line(error)
            continue
        limit = min(settings.max_number, op.max_number or settings.max_number)
        op.number = max(1, min(limit, int(settings.target / max(single, 1e-7))))
    sampling_began = time.perf_counter()
    for round_index in range(settings.repeats):
        if round_index >= settings.min_repeats and time.perf_counter() - sampling_began > settings.budget:
            break
        for op in ops:
            progress(done, total, op.label, op.phase)
            done += 1
            if op.error:
                continue
            op.prepare()
            elapsed = clock.time(op.fn, op.number)
            op.samples.append(elapsed / op.number)
            if elapsed > 4 * settings.target and op.number > 1:
                op.number = max(1, op.number // 2)  # calls got slower than calibrated (a busy machine)
    progress(total, total, "", "done")
    return _result(config, settings, ops, inplace_info, clock, started_at, time.perf_counter() - began)


def _result(
    config: Config,
    settings: Settings,
    ops: list[_Op],
    inplace_info: dict[str, tuple[str | None, bool | None]],
    clock: Clock,
    started_at: float,
    elapsed: float,
) -> BenchResult:
    timings: dict[tuple[str, str], Timing] = {}
    errors: dict[str, str] = {}
    for op in ops:
        if op.error:
            errors.setdefault(op.name, op.error)
        else:
            timings[op.name, op.phase] = Timing.of(op.samples, op.number)
    if ("copy", "fwd") not in timings or ("copy", "fwd_bwd") not in timings:
        raise RuntimeError(f"the reference copy failed: {errors.get('copy')}")
    rows = tuple(
        Row(
            name=name,
            label=get(name).label,
            family=get(name).family,
            fwd=timings.get((name, "fwd")),
            fwd_bwd=timings.get((name, "fwd_bwd")),
            inplace_call=inplace_info[name][0],
            inplace=timings.get((name, "inplace")),
            inplace_verified=inplace_info[name][1],
            error=errors.get(name),
        )
        for name in inplace_info
    )
    return BenchResult(
        config=config,
        copy=timings["copy", "fwd"],
        copy_fwd_bwd=timings["copy", "fwd_bwd"],
        rows=rows,
        threads=torch.get_num_threads(),
        device_name=device_name(config.device),
        timer=clock.method,
        torch_version=torch.__version__,
        settings=settings,
        started_at=started_at,
        elapsed=elapsed,
    )


class ResultCache:
    """The latest results per :class:`Config`, shared by every session (bounded, thread-safe)."""

    def __init__(self, max_entries: int = 32) -> None:
        self.max_entries = max_entries
        self._results: OrderedDict[Config, BenchResult] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, config: Config) -> BenchResult | None:
        with self._lock:
            result = self._results.get(config)
            if result is not None:
                self._results.move_to_end(config)
            return result

    def put(self, result: BenchResult) -> None:
        with self._lock:
            self._results[result.config] = result
            self._results.move_to_end(result.config)
            while len(self._results) > self.max_entries:
                self._results.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._results.clear()


RESULTS = ResultCache()
