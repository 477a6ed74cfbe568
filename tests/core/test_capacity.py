"""Capacity from the control group: fake cgroup v2 and v1 trees in tmp_path, the plan they give, and
``python -m activations capacity``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from activations.core import capacity
from activations.core.capacity import GIB, Limits, plan, read_limits

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")


def v2(root: Path, cpu: str = "200000 100000", memory: str = str(2 * GIB), group: str = "") -> Path:
    write(root / "cgroup.controllers", "cpu memory pids")
    write(root / group / "cpu.max", cpu)
    write(root / group / "memory.max", memory)
    return root


def proc(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "proc-self-cgroup"
    path.write_text(text)
    return path


def test_cgroup_v2_two_cpus_and_two_gib(tmp_path):
    limits = read_limits(v2(tmp_path / "cg"), proc(tmp_path, "0::/\n"))
    assert limits == Limits(2.0, 2 * GIB, "cgroup v2")


def test_cgroup_v2_without_limits(tmp_path):
    limits = read_limits(v2(tmp_path / "cg", "max 100000", "max"), proc(tmp_path, "0::/\n"))
    assert limits == Limits(None, None, "cgroup v2")


def test_cgroup_v2_own_group_and_the_smallest_limit_above_it(tmp_path):
    root = v2(tmp_path / "cg", "max 100000", "max")
    write(root / "kubepods" / "memory.max", str(GIB))  # the parent's limit binds the child too
    v2(root, "150000 100000", str(3 * GIB), group="kubepods/pod1")
    limits = read_limits(root, proc(tmp_path, "0::/kubepods/pod1\n"))
    assert limits == Limits(1.5, GIB, "cgroup v2")


def test_a_path_this_mount_does_not_show_falls_back_to_the_mount(tmp_path):
    """A container without a cgroup namespace: /proc/self/cgroup names the host's path, the mount is
    the container's own group."""
    limits = read_limits(v2(tmp_path / "cg"), proc(tmp_path, "0::/docker/0123abcd\n"))
    assert limits == Limits(2.0, 2 * GIB, "cgroup v2")


def test_cgroup_v1_quota_and_memory(tmp_path):
    root = tmp_path / "cg"
    write(root / "cpu,cpuacct" / "cpu.cfs_quota_us", "150000")
    write(root / "cpu,cpuacct" / "cpu.cfs_period_us", "100000")
    write(root / "memory" / "memory.limit_in_bytes", str(GIB))
    limits = read_limits(root, proc(tmp_path, "4:memory:/\n3:cpu,cpuacct:/\n0::/\n"))
    assert limits == Limits(1.5, GIB, "cgroup v1")


def test_cgroup_v1_without_limits_and_a_nested_group(tmp_path):
    root = tmp_path / "cg"
    write(root / "cpu" / "cpu.cfs_quota_us", "-1")
    write(root / "cpu" / "cpu.cfs_period_us", "100000")
    write(root / "memory" / "memory.limit_in_bytes", "9223372036854771712")  # v1's "no limit"
    write(root / "memory" / "job" / "memory.limit_in_bytes", "9223372036854771712")
    limits = read_limits(root, proc(tmp_path, "4:memory:/job\n1:cpu:/\n"))
    assert limits == Limits(None, None, "cgroup v1")
    write(root / "memory" / "job" / "memory.limit_in_bytes", str(GIB))
    assert read_limits(root, proc(tmp_path, "4:memory:/job\n1:cpu:/\n")).memory == GIB


def test_no_cgroup_at_all(tmp_path):
    assert read_limits(tmp_path / "missing", proc(tmp_path, "")) == Limits()


def test_the_plan_of_a_two_cpu_two_gib_container_on_a_64_core_host():
    got = plan({}, Limits(2.0, 2 * GIB, "cgroup v2"), seen=64)
    assert got.cores_seen == 64 and got.cpus == 2.0 and got.training_cores == 1.75
    assert got.workers == 2 and got.threads == 2 and got.source == "cgroup v2"


def test_memory_bounds_the_workers_and_none_may_fit():
    many = plan({}, Limits(None, 2 * GIB, "cgroup v2"), seen=64)
    assert many.workers == (2 * GIB - capacity.SERVER_BYTES) // capacity.WORKER_BYTES < 64
    assert many.threads == 64  # no CPU quota: the cores seen
    assert plan({}, Limits(None, capacity.SERVER_BYTES + capacity.WORKER_BYTES - 1), seen=8).workers == 0
    assert plan({}, Limits(None, None), seen=8).workers == 8


def test_a_fractional_quota_and_the_environment():
    assert plan({}, Limits(0.5, None), seen=4).threads == 1
    assert plan({}, Limits(1.5, None), seen=4).threads == 1
    assert plan({"ACTIVATIONS_TRAINING_CORES": "3"}, Limits(None, None), seen=8).workers == 3
    assert plan({"ACTIVATIONS_RESERVE_CORES": "1"}, Limits(4.0, None), seen=8).training_cores == 3.0
    assert plan({"ACTIVATIONS_RESERVE_CORES": "nan"}, Limits(2.0, None), seen=8).training_cores == 1.75


def test_the_workers_module_follows_the_plan(tmp_path, monkeypatch):
    from activations.training import budget

    monkeypatch.delenv("ACTIVATIONS_TRAINING_CORES", raising=False)
    monkeypatch.delenv("ACTIVATIONS_RESERVE_CORES", raising=False)
    monkeypatch.delenv("ACTIVATIONS_TRAINING_WORKERS", raising=False)
    monkeypatch.setenv("ACTIVATIONS_CGROUP_ROOT", str(v2(tmp_path / "cg", "100000 100000", str(GIB))))
    assert budget.cores() == 1 and budget.training_cores() == 0.75 and budget.worker_count() == 1
    assert budget.worker_count(budget=8) == 1  # memory: one worker fits in 1 GiB beside the server
    assert budget.enabled()
    small = v2(tmp_path / "small", "100000 100000", str(capacity.SERVER_BYTES))
    monkeypatch.setenv("ACTIVATIONS_CGROUP_ROOT", str(small))  # (limits are read once per process)
    assert not budget.enabled()  # no worker fits: runs train in the server process


@pytest.mark.parametrize(("cpu", "memory"), [("200000 100000", str(2 * GIB)), ("max 100000", str(2 * GIB))])
def test_the_capacity_command_with_a_fake_cgroup(tmp_path, cpu, memory):
    root = v2(tmp_path / "cg", cpu, memory)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTIVATIONS_")}
    env["ACTIVATIONS_CGROUP_ROOT"] = str(root)
    done = subprocess.run(
        [sys.executable, "-m", "activations", "capacity"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    got = json.loads(line)
    assert got["source"] == "cgroup v2" and got["memory_limit"] == 2 * GIB
    assert 1 <= got["workers"] <= 4 and got["threads"] >= 1
    if cpu.startswith("200000"):
        assert got["cpu_quota"] == 2.0 and got["workers"] <= 2 and got["threads"] <= 2
    else:
        assert got["cpu_quota"] is None
