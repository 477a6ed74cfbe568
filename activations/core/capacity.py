"""How much this server may use: the CPU and memory of its container, not of the host.

Inside a container, ``os.sched_getaffinity`` and ``os.cpu_count`` report the host's cores: a pod
limited to 2 CPUs on a 64-core node sees 64. The limits live in the process's control group:

* **cgroup v2** (one tree, ``cgroup.controllers`` at its root): ``cpu.max`` is ``"max 100000"`` (no
  quota) or ``"200000 100000"`` (200 ms of CPU per 100 ms: 2 CPUs); ``memory.max`` is ``"max"`` or
  bytes.
* **cgroup v1** (one tree per controller): ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` under
  ``cpu`` or ``cpu,cpuacct`` (quota -1: none), ``memory.limit_in_bytes`` under ``memory`` (a huge
  number, ~2**63, means none).

A container usually sees its own group at the root of the mount; elsewhere (a systemd slice, a
v1 container without a cgroup namespace) ``/proc/self/cgroup`` names the group's path. The limits
are read from that group and every group above it up to the root (a parent's limit binds its
children too), skipping paths that this mount doesn't show; the smallest wins.

From the limits, a :class:`Plan`: how many training workers to start (as many as the training
budget needs, no more than fit in memory beside the server) and how many torch threads the server
may use. ``python -m activations capacity`` prints it.

Environment: ``ACTIVATIONS_CGROUP_ROOT`` reads another directory than ``/sys/fs/cgroup`` (tests use
a fake tree); ``ACTIVATIONS_TRAINING_CORES`` and ``ACTIVATIONS_RESERVE_CORES`` set the training
budget as before (see :func:`plan`).
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

CGROUP_ROOT = "/sys/fs/cgroup"
PROC_CGROUP = "/proc/self/cgroup"
MIB = 1024 * 1024
GIB = 1024 * MIB
# cgroup v1 writes "no limit" as the largest page-aligned 64-bit value (9223372036854771712);
# anything above 2**60 bytes (an exbibyte) is no limit in practice.
UNLIMITED_BYTES = 1 << 60
# One training worker: spawned, torch imported, the default lab trained for 5 s: 279 MiB before
# the lab, 308 MiB after (VmRSS, measured on this project's 2-core machine, torch 2.13 CPU). Each
# hosted lab adds up to ~6.3 MiB (activations/training/slots.py).
WORKER_BYTES = 320 * MIB
# The Streamlit server itself: 479 MiB (VmRSS of `streamlit run app.py`, measured the same way)
# after two visitors on each of the four pages (torch, Streamlit, plotly, pandas, their sessions).
SERVER_BYTES = 512 * MIB
RESERVE_CORES = 0.25  # CPU kept for page script runs when the training budget isn't set


@dataclass(frozen=True)
class Limits:
    """The control group's limits: ``cpu_quota`` in CPUs and ``memory`` in bytes (None: no limit),
    and which hierarchy they came from (``"cgroup v2"``, ``"cgroup v1"``, or ``"none"``)."""

    cpu_quota: float | None = None
    memory: int | None = None
    source: str = "none"


@dataclass(frozen=True)
class Plan:
    """What this process may use and how it uses it.

    ``cores_seen``: the CPUs the scheduler lets it run on (affinity: the host's, in a container);
    ``cpu_quota`` / ``memory_limit``: the control group's limits (None: none); ``cpus``: the CPU it
    may use (``cores_seen`` bounded by the quota); ``training_cores``: the budget of all live runs
    together; ``workers``: training processes to start (0: none fits in memory, runs train in the
    server); ``threads``: torch intra-op threads for the server's own work."""

    cores_seen: int
    cpu_quota: float | None
    memory_limit: int | None
    cpus: float
    training_cores: float
    workers: int
    threads: int
    source: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None


def _own_paths(proc_cgroup: Path) -> dict[str, str]:
    """``/proc/self/cgroup``'s group path per controller: ``""`` for v2's single line
    (``0::/path``), each controller's name for v1 (``4:memory:/path``, ``3:cpu,cpuacct:/path``)."""
    paths: dict[str, str] = {}
    for line in (_read(proc_cgroup) or "").splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if not controllers:
            paths[""] = path
        for controller in controllers.split(","):
            if controller:
                paths[controller] = path
    return paths


def _groups(mount: Path, path: str) -> list[Path]:
    """The group at ``path`` under ``mount`` and every group above it, up to ``mount`` itself, that
    exist under this mount."""
    parts = [part for part in path.split("/") if part and part not in (".", "..")]
    groups = [mount.joinpath(*parts[:depth]) for depth in range(len(parts), -1, -1)]
    return [group for group in groups if group.is_dir()]


def _smallest(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return min(present) if present else None


def _v2_cpu(text: str | None) -> float | None:
    fields = (text or "").split()
    if len(fields) != 2 or fields[0] == "max":
        return None
    try:
        quota, period = int(fields[0]), int(fields[1])
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def _bytes(text: str | None) -> int | None:
    if text is None or not text.isdigit():  # "max", missing or unreadable
        return None
    value = int(text)
    return value if 0 < value < UNLIMITED_BYTES else None


def _v1_cpu(group: Path) -> float | None:
    try:
        quota, period = (
            int(_read(group / "cpu.cfs_quota_us") or ""),
            int(_read(group / "cpu.cfs_period_us") or ""),
        )
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def read_limits(
    root: str | os.PathLike | None = None, proc_cgroup: str | os.PathLike = PROC_CGROUP
) -> Limits:
    """The CPU quota and memory limit of this process's control group under ``root`` (default:
    ``ACTIVATIONS_CGROUP_ROOT``, else ``/sys/fs/cgroup``), cgroup v2 first, else v1."""
    mount = Path(root or os.environ.get("ACTIVATIONS_CGROUP_ROOT") or CGROUP_ROOT)
    own = _own_paths(Path(proc_cgroup))
    if (mount / "cgroup.controllers").is_file():
        groups = _groups(mount, own.get("", "/"))
        cpu = _smallest([_v2_cpu(_read(group / "cpu.max")) for group in groups])
        memory = _smallest([_bytes(_read(group / "memory.max")) for group in groups])
        return Limits(cpu, None if memory is None else int(memory), "cgroup v2")
    cpu_mounts = [mount / name for name in ("cpu", "cpu,cpuacct", "cpuacct,cpu") if (mount / name).is_dir()]
    memory_mount = mount / "memory"
    if not cpu_mounts and not memory_mount.is_dir():
        return Limits()
    cpu = _smallest([_v1_cpu(group) for m in cpu_mounts[:1] for group in _groups(m, own.get("cpu", "/"))])
    groups = _groups(memory_mount, own.get("memory", "/")) if memory_mount.is_dir() else []
    memory = _smallest([_bytes(_read(group / "memory.limit_in_bytes")) for group in groups])
    return Limits(cpu, None if memory is None else int(memory), "cgroup v1")


def cores_seen() -> int:
    """The CPUs the scheduler lets this process run on (the host's, inside a container)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _env_float(environ: Mapping[str, str], name: str) -> float | None:
    try:
        value = float(environ.get(name, ""))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def workers_that_fit(memory_limit: int | None) -> int | None:
    """Training workers that fit in ``memory_limit`` beside the server (None: no limit)."""
    if memory_limit is None:
        return None
    return max(0, (memory_limit - SERVER_BYTES) // WORKER_BYTES)


def plan(
    environ: Mapping[str, str] | None = None, limits: Limits | None = None, seen: int | None = None
) -> Plan:
    """The plan for this process (``environ``, ``limits`` and ``seen``: the environment, the control
    group's limits and the cores seen; with none given, this process's plan, read once for each
    setting of :data:`PLAN_ENV`).

    * ``cpus`` = the cores seen, bounded by the CPU quota;
    * ``training_cores`` = ``ACTIVATIONS_TRAINING_CORES`` if set (> 0), else ``cpus`` minus
      ``ACTIVATIONS_RESERVE_CORES`` (default 0.25), at least 0.5;
    * ``workers`` = the training budget rounded up, at most as many as fit in the memory limit
      beside the server (:data:`SERVER_BYTES` + :data:`WORKER_BYTES` each);
    * ``threads`` = ``cpus`` rounded down, at least 1.
    """
    if environ is None and limits is None and seen is None:
        return _plan_of(tuple(os.environ.get(name, "") for name in PLAN_ENV))
    environ = os.environ if environ is None else environ
    limits = read_limits(environ.get("ACTIVATIONS_CGROUP_ROOT") or None) if limits is None else limits
    seen = cores_seen() if seen is None else seen
    cpus = float(seen) if limits.cpu_quota is None else min(float(seen), limits.cpu_quota)
    configured = _env_float(environ, "ACTIVATIONS_TRAINING_CORES")
    if configured:
        training = configured
    else:
        reserve = _env_float(environ, "ACTIVATIONS_RESERVE_CORES")
        training = max(0.5, cpus - (RESERVE_CORES if reserve is None else reserve))
    workers = max(1, math.ceil(training))
    fit = workers_that_fit(limits.memory)
    if fit is not None:
        workers = min(workers, fit)
    return Plan(
        cores_seen=seen,
        cpu_quota=limits.cpu_quota,
        memory_limit=limits.memory,
        cpus=cpus,
        training_cores=training,
        workers=workers,
        threads=max(1, math.floor(cpus)),
        source=limits.source,
    )


PLAN_ENV = ("ACTIVATIONS_CGROUP_ROOT", "ACTIVATIONS_TRAINING_CORES", "ACTIVATIONS_RESERVE_CORES")


@functools.lru_cache(maxsize=8)
def _plan_of(settings: tuple[str, ...]) -> Plan:
    """This process's plan for these settings of :data:`PLAN_ENV`, read once: a container's limits
    don't change while the server runs, and the training tick asks for the budget (~0.4 ms a read)."""
    return plan(dict(zip(PLAN_ENV, settings, strict=True)), read_limits(settings[0] or None), cores_seen())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m activations capacity``: the plan as one JSON line."""
    parser = argparse.ArgumentParser(
        prog="python -m activations capacity",
        description="Print, as one JSON line, what this server may use and how it plans to use it: "
        "cores_seen (CPU affinity), cpu_quota (CPUs) and memory_limit (bytes) from the control group "
        "(null: none), cpus, training_cores, workers (training processes), threads (torch threads of "
        "the server) and source (cgroup v2, cgroup v1 or none).",
        epilog="Environment: ACTIVATIONS_CGROUP_ROOT (default /sys/fs/cgroup), "
        "ACTIVATIONS_TRAINING_CORES, ACTIVATIONS_RESERVE_CORES.",
    )
    try:
        parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as stop:  # --help (0) or a usage error (2), printed by argparse
        return int(stop.code or 0)
    print(json.dumps(plan().as_dict()), flush=True)
    return 0
