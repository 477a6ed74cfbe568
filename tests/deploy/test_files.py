"""Static checks of the hosting files: nothing here can run Docker, Kubernetes or a public registry,
so these pin down what a stranger's `docker build`, `docker compose up` or `kubectl apply` relies on."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile instruction, continuation lines joined, comments dropped."""
    lines = [ln for ln in dockerfile.splitlines() if not ln.lstrip().startswith("#")]
    text = re.sub(r"\\\n", " ", "\n".join(lines))
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1]) for ln in text.splitlines() if ln.strip()]


def test_dockerfile_runs_as_uid_1000_unbuffered_on_port_with_a_healthcheck() -> None:
    steps = instructions((ROOT / "Dockerfile").read_text())
    users = [args.strip() for op, args in steps if op == "USER"]
    assert users and users[-1].split(":")[0] == "1000", "the app must not run as root"
    env = " ".join(args for op, args in steps if op == "ENV")
    assert re.search(r"\bPYTHONUNBUFFERED=1\b", env)
    assert re.search(r"\bPORT=8501\b", env)
    (cmd,) = [args for op, args in steps if op == "CMD"]
    assert "${PORT" in cmd and "--server.port" in cmd and "0.0.0.0" in cmd
    (health,) = [args for op, args in steps if op == "HEALTHCHECK"]
    assert re.search(r"--start-period=\d+s", health)
    assert "/_stcore/health" in health and "PORT" in health
    runs = [args for op, args in steps if op == "RUN"]
    assert any("pip install -r requirements.txt" in run for run in runs)
    assert any(re.search(r"pip install (--no-deps )?\.$", run.strip()) for run in runs), "install the project"
    user_at = max(i for i, (op, _) in enumerate(steps) if op == "USER")
    assert all(op != "RUN" for op, _ in steps[user_at:]), "installs happen as root, before USER"


def test_dockerignore_keeps_the_venv_and_git_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".git", "tests"} <= set(ignored)


def test_requirements_use_the_cpu_wheel_index_and_pin_torch() -> None:
    lines = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines
    assert "torch==2.13.0" in lines


def test_readme_starts_with_hugging_face_front_matter_matching_the_image() -> None:
    readme = (ROOT / "README.md").read_text()
    match = re.match(r"---\n(.*?)\n---\n", readme, re.S)
    assert match, "Spaces reads YAML front matter at the very top of README.md"
    meta = dict(line.split(": ", 1) for line in match.group(1).splitlines())
    assert meta["sdk"] == "docker" and meta["title"]
    assert f"EXPOSE {meta['app_port']}" in (ROOT / "Dockerfile").read_text()


def test_license_is_mit() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "Activation Explorer contributors" in text


def test_compose_puts_replicas_behind_haproxy() -> None:
    compose = (DEPLOY / "compose.yaml").read_text()
    assert re.search(r"(?m)^  app:\n(    .*\n|\n)*?    build: \.\.", compose)
    assert re.search(r"replicas: [2-8]\b", compose)
    assert re.search(r"image: haproxy:", compose)
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg" in compose
    assert "condition: service_healthy" in compose


def test_haproxy_config_is_sticky_upgrades_compresses_and_checks_health() -> None:
    cfg = (DEPLOY / "haproxy.cfg").read_text()
    assert re.search(r"(?m)^\s*cookie \S+ insert\b", cfg), "sticky sessions by cookie"
    assert re.search(r"(?m)^\s*option redispatch", cfg), "a dead replica's visitors go elsewhere"
    assert re.search(r"(?m)^\s*timeout tunnel \d+[smh]", cfg), "WebSockets stay open"
    assert re.search(r"(?m)^\s*compression algo gzip", cfg)
    assert re.search(r"(?m)^\s*option httpchk GET /_stcore/health", cfg)
    assert re.search(r"(?m)^\s*server-template app \d+ app:8501 ", cfg)


@pytest.mark.skipif(not shutil.which("haproxy"), reason="haproxy is not installed (apt-get install haproxy)")
def test_haproxy_accepts_the_config() -> None:
    command = ["haproxy", "-c", "-f", str(DEPLOY / "haproxy.cfg")]
    check = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stdout + check.stderr


def _seconds(text: str) -> int:
    """An HAProxy or nginx duration ("1h", "60s", "3600") in seconds."""
    match = re.fullmatch(r"(\d+)([smh]?)", text)
    assert match, text
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def test_haproxy_sends_the_lab_stream_where_streamlits_socket_goes() -> None:
    """The lab stream's token lives in the replica that holds the session: /api/lab/stream and its
    fallback routes take the one sticky backend of /_stcore/stream (no rule routes a path elsewhere or
    answers it in the balancer), the upgraded stream keeps an hour-long tunnel, and binary frames are
    not gzipped on the way."""
    cfg = (DEPLOY / "haproxy.cfg").read_text()
    lines = [line.split("#")[0].strip() for line in cfg.splitlines()]
    assert [line.split()[1] for line in lines if line.startswith("backend ")] == ["streamlit"]
    assert "default_backend streamlit" in lines
    rerouting = ("use_backend", "http-request deny", "http-request return", "http-request redirect")
    assert not [line for line in lines if line.startswith(rerouting)]
    assert any(re.match(r"cookie \S+ insert\b", line) for line in lines)
    (tunnel,) = [line.split()[2] for line in lines if line.startswith("timeout tunnel ")]
    assert _seconds(tunnel) >= 3600
    (types,) = [line.split()[2:] for line in lines if line.startswith("compression type ")]
    assert "application/octet-stream" not in types


def test_kubernetes_ingress_sends_the_lab_stream_to_the_sticky_pod() -> None:
    """One Ingress path, /, carries the pages, Streamlit's socket and the lab stream alike, so the
    affinity cookie and the one-hour timeouts apply to /api/lab/* as to /_stcore/stream."""
    ingress = (DEPLOY / "k8s.yaml").read_text().split("\n---\n")[2]
    assert re.findall(r"- path: (\S+)\n\s+pathType: (\w+)", ingress) == [("/", "Prefix")]
    assert "nginx.ingress.kubernetes.io/affinity: cookie" in ingress
    for name in ("proxy-read-timeout", "proxy-send-timeout"):
        value = re.search(rf'nginx.ingress.kubernetes.io/{name}: "(\d+)"', ingress).group(1)
        assert _seconds(value) >= 3600, name


def test_kubernetes_manifest_has_deployment_service_and_sticky_ingress() -> None:
    docs = (DEPLOY / "k8s.yaml").read_text().split("\n---\n")
    kinds = [re.search(r"(?m)^kind: (\w+)", doc).group(1) for doc in docs]
    assert kinds == ["Deployment", "Service", "Ingress"]
    deployment, _, ingress = docs
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert re.search(rf"{probe}:\n\s+httpGet: {{path: /_stcore/health", deployment), probe
    assert "runAsUser: 1000" in deployment and "runAsNonRoot: true" in deployment
    assert "nginx.ingress.kubernetes.io/affinity: cookie" in ingress


CPU_UNITS = {"": 1.0, "m": 1e-3}  # Kubernetes: "2", "500m"
MEMORY_UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 2**10, "m": 2**20, "g": 2**30}  # k8s, Compose


def _quantity(text: str, units: dict[str, float]) -> float:
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", text)
    assert match and match.group(2) in units, text
    return float(match.group(1)) * units[match.group(2)]


@pytest.mark.parametrize(
    ("name", "cpu_pattern", "memory_pattern", "env_pattern"),
    [
        (
            "k8s.yaml",
            r"limits: \{cpu: \"?([\w.]+)\"?, memory: (\w+)\}",
            r"limits: \{cpu: \"?[\w.]+\"?, memory: (\w+)\}",
            r"\{name: ACTIVATIONS_TRAINING_CORES, value: \"([\d.]+)\"\}",
        ),
        (
            "compose.yaml",
            r"(?m)^\s+cpus: \"?([\d.]+)\"?",
            r"(?m)^\s+memory: (\w+)",
            r"(?m)^\s+ACTIVATIONS_TRAINING_CORES: \"([\d.]+)\"",
        ),
    ],
)
def test_the_training_budget_matches_the_container_limits(name, cpu_pattern, memory_pattern, env_pattern):
    """The app reads the limits from its cgroup; the training budget set beside them must agree: the
    CPU limit minus the reserve for page script runs, in workers that fit in the memory limit."""
    from activations.core.capacity import RESERVE_CORES, Limits, plan

    text = (DEPLOY / name).read_text()
    cpus = _quantity(re.search(cpu_pattern, text).group(1), CPU_UNITS)
    memory = int(_quantity(re.search(memory_pattern, text).group(1), MEMORY_UNITS))
    budget = float(re.search(env_pattern, text).group(1))
    assert budget == cpus - RESERVE_CORES
    env = {"ACTIVATIONS_TRAINING_CORES": str(budget)}
    planned, from_cgroup = plan(env, Limits(cpus, memory), seen=64), plan({}, Limits(cpus, memory), seen=64)
    assert planned == from_cgroup  # the setting says what the cgroup says
    assert 1 <= planned.workers <= cpus and planned.threads == int(cpus)
