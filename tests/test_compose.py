"""docker-compose.yml, Dockerfile and .env.example: structure checked without a Docker engine.

The services' commands run outside containers in other tests: `prefect server start` and `prakerja serve` in
tests/flows/test_deployments.py, `prakerja report --serve` below.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx
import pytest
import yaml
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("prefect-server", "pipeline", "report")
INTERPOLATION = re.compile(r"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|API_KEY", re.IGNORECASE)


def env_example() -> dict[str, str]:
    """The variables .env.example sets, with their example values."""
    values = {}
    for line in (REPO_ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def strings(node) -> list[str]:
    """Every string value anywhere in a parsed YAML tree."""
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return [node] if isinstance(node, str) else []


def substitute(text: str, values: dict[str, str]) -> str:
    """Compose-style interpolation with the given values (defaults apply for unset ones)."""

    def one(match: re.Match) -> str:
        name, spec = match.group(1), match.group(0)[len(match.group(1)) + 2 : -1]
        if values.get(name):
            return values[name]
        return spec[2:] if spec.startswith(":-") else spec[1:] if spec.startswith("-") else ""

    return INTERPOLATION.sub(one, text)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_services_are_the_database_the_server_the_scheduler_and_the_report():
    assert set(SERVICES) == {"postgres", "prefect-server", "pipeline", "report"}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_service_has_a_healthcheck(service):
    healthcheck = SERVICES[service]["healthcheck"]
    assert healthcheck["test"][0] in {"CMD", "CMD-SHELL"} and len(healthcheck["test"]) > 1
    assert {"interval", "timeout", "retries"} <= set(healthcheck)


def test_services_start_in_order_once_their_dependency_is_healthy():
    expected = {"prefect-server": "postgres", "pipeline": "prefect-server", "report": "pipeline"}
    for service, dependency in expected.items():
        assert SERVICES[service]["depends_on"] == {dependency: {"condition": "service_healthy"}}
    assert "depends_on" not in SERVICES["postgres"]


def test_the_workspace_is_a_named_volume_at_prakerja_home():
    assert "warehouse" in COMPOSE["volumes"]
    for service in ("pipeline", "report"):
        home = SERVICES[service]["environment"]["PRAKERJA_HOME"]
        mounts = {volume.split(":")[0]: volume.split(":")[1] for volume in SERVICES[service]["volumes"]}
        assert mounts["warehouse"] == home
    assert "warehouse:/data/warehouse:ro" in SERVICES["report"]["volumes"]


def test_configuration_comes_from_env_file_without_literal_secrets():
    for service in SERVICES.values():
        assert service["env_file"] == ".env"
    for text in strings(COMPOSE):
        for user_info in re.findall(r"://([^@/\s]+)@", text):
            _, _, password = user_info.partition(":")
            assert not password or INTERPOLATION.fullmatch(password), f"literal password in {text!r}"
    for service in SERVICES.values():
        for name, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(name):
                assert INTERPOLATION.fullmatch(str(value)), f"{name} must come from .env"
    assert ".env" in (REPO_ROOT / ".gitignore").read_text().splitlines()


def test_env_example_documents_every_variable_the_compose_file_needs():
    documented = env_example()
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    required = {m.group(1) for m in INTERPOLATION.finditer(text) if not m.group(0).count(":-")}
    assert required <= set(documented)
    assert {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "PRAKERJA_SCHEDULE_CRON"} <= set(documented)


def test_the_server_keeps_its_state_in_the_postgres_service():
    url_template = SERVICES["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    url = make_url(substitute(url_template, env_example()))
    assert (url.drivername, url.host, url.port) == ("postgresql+asyncpg", "postgres", 5432)
    assert url.username == env_example()["POSTGRES_USER"] and url.database == env_example()["POSTGRES_DB"]
    assert "postgres-data" in COMPOSE["volumes"]


def test_commands_are_the_real_entry_points():
    scripts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["prakerja"] == "prakerja_dq.cli:main"
    server = SERVICES["prefect-server"]["command"]
    assert server[:3] == ["prefect", "server", "start"] and server[server.index("--port") + 1] == "4200"
    assert SERVICES["pipeline"]["command"][:2] == ["prakerja", "serve"]
    assert SERVICES["pipeline"]["environment"]["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    report = SERVICES["report"]["command"]
    assert report[:3] == ["prakerja", "report", "--serve"] and report[report.index("--port") + 1] == "8080"

    from prakerja_dq.cli import build_parser

    parser = build_parser()
    for service in ("pipeline", "report"):
        args = parser.parse_args(SERVICES[service]["command"][1:])
        assert args.handler.__module__ == f"prakerja_dq.commands.{args.command}"


def test_healthchecks_probe_the_ports_the_services_listen_on():
    assert "4200/api/health" in SERVICES["prefect-server"]["healthcheck"]["test"][-1]
    pipeline = SERVICES["pipeline"]
    port = pipeline["environment"]["PREFECT_RUNNER_SERVER_PORT"]
    assert pipeline["environment"]["PREFECT_RUNNER_SERVER_ENABLE"] == "true"
    assert f"{port}/health" in pipeline["healthcheck"]["test"][-1]
    assert "127.0.0.1:8080/" in SERVICES["report"]["healthcheck"]["test"][-1]
    assert "pg_isready" in SERVICES["postgres"]["healthcheck"]["test"][-1]


def test_prefect_server_start_accepts_the_compose_options():
    prefect = Path(sys.executable).with_name("prefect")
    result = subprocess.run(
        [str(prefect), "server", "start", "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "--host" in result.stdout and "--port" in result.stdout


def test_dockerfile_builds_from_the_lock_with_uv():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert "uv pip sync --system --require-hashes requirements.lock" in dockerfile
    assert "uv pip install --system --no-deps --editable ." in dockerfile
    for path in ("src", "flows", "expectations", "sql", "seeds"):
        assert f"COPY {path} ./{path}" in dockerfile
    for service in APP_SERVICES:
        assert SERVICES[service]["build"] == "."


@pytest.mark.timeout(300)
def test_the_report_service_command_serves_the_report(tmp_path, prefect_harness):
    from flows.pipeline import run_pipeline
    from tests.conftest import SEED_ARTICLES

    home = tmp_path / "home"
    run_pipeline(input_dir=str(SEED_ARTICLES), home=str(home))
    port = free_port()
    command = SERVICES["report"]["command"]
    command = [*command[: command.index("--host")], "--host", "127.0.0.1", "--port", str(port)]
    script = Path(sys.executable).with_name("prakerja")
    entry = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "import sys; from prakerja_dq.cli import main; sys.exit(main())"]
    )
    env = os.environ | {"PRAKERJA_HOME": str(home)}
    process = subprocess.Popen(
        [*entry, *command[1:]], env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the report server did not answer within 60 s"
                time.sleep(0.3)
        assert response.status_code == 200
        assert "<html" in response.text.lower()
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_published_ports_are_bound_to_loopback_only():
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
