"""The scheduled deployment: its definition, and `prakerja serve` against a real Prefect server.

The end-to-end test starts `prefect server start` (PostgreSQL when PRAKERJA_TEST_POSTGRES_URL is set, as in
docker compose; SQLite otherwise) and `prakerja serve --interval 5`, each in its own process group, waits for
a scheduled flow run to complete and checks the published marts it left behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 120
FLOW_RUN_TIMEOUT = 240
STOP_GRACE_SECONDS = 20


def prakerja_command() -> list[str]:
    """The installed `prakerja` console script, or the same entry point when the project is not installed."""
    script = Path(sys.executable).with_name("prakerja")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from prakerja_dq.cli import main; sys.exit(main())"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def live_processes_with_env(name: str, value: str) -> list[int]:
    """Pids of processes (not zombies) whose environment has name=value: whatever our subprocesses spawned."""
    wanted = f"{name}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        state = stat.rsplit(")", 1)[1].split()[0]
        if state != "Z" and wanted in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM the process group, SIGKILL it after a grace period, and reap the leader."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_GRACE_SECONDS)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@contextmanager
def background(command: list[str], *, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A subprocess in its own process group, output to a log file, stopped with its whole group."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop_process_group(process)


@contextmanager
def prefect_database() -> Iterator[dict[str, str]]:
    """Server settings for a fresh PostgreSQL database (dropped afterwards), or nothing (SQLite)."""
    admin_url = os.environ.get("PRAKERJA_TEST_POSTGRES_URL")
    if not admin_url:
        yield {}
        return
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    name = f"prakerja_test_{uuid.uuid4().hex[:12]}"
    psql_url = url.set(drivername="postgresql").render_as_string(hide_password=False)

    def psql(sql: str) -> None:
        subprocess.run(
            ["psql", psql_url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
            check=True,
            capture_output=True,
            timeout=60,
        )

    psql(f'create database "{name}"')
    try:
        yield {
            "PREFECT_API_DATABASE_CONNECTION_URL": url.set(database=name).render_as_string(
                hide_password=False
            )
        }
    finally:
        psql(f'drop database if exists "{name}" with (force)')


def wait_for_health(api_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, f"prefect server exited early:\n{log.read_text()[-3000:]}"
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def wait_for_completed_scheduled_run(api_url: str, deployment: str, serve: subprocess.Popen, log: Path):
    """The first auto-scheduled run of the deployment that reached Completed; fails on a failed run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deadline = time.monotonic() + FLOW_RUN_TIMEOUT
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            assert serve.poll() is None, f"prakerja serve exited:\n{log.read_text()[-3000:]}"
            runs = client.read_flow_runs(
                deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[deployment]))
            )
            for run in runs:
                assert run.state is not None
                assert run.state.type.value not in {"FAILED", "CRASHED"}, (
                    f"scheduled run {run.name} ended {run.state.name}: {run.state.message}\n"
                    f"{log.read_text()[-3000:]}"
                )
                if run.state.is_completed():
                    return run
            time.sleep(1)
    pytest.fail(f"no scheduled run completed within {FLOW_RUN_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def test_default_deployment_is_hourly_and_importable_by_module_path(monkeypatch):
    from flows.deployments import build_deployment

    monkeypatch.delenv("PRAKERJA_SCHEDULE_CRON", raising=False)
    deployment = build_deployment()
    assert deployment.entrypoint == "flows.pipeline.run_pipeline"
    assert deployment.flow_name == "run-pipeline"
    assert deployment.paused is False
    [schedule] = deployment.schedules
    assert schedule.schedule.cron == "0 * * * *"


def test_schedule_comes_from_the_environment(monkeypatch):
    from flows.deployments import build_deployment

    monkeypatch.setenv("PRAKERJA_SCHEDULE_CRON", "*/10 6-18 * * 1-5")
    monkeypatch.setenv("PRAKERJA_SCHEDULE_TIMEZONE", "Asia/Jakarta")
    [schedule] = build_deployment(input_dir="/data/inbox").schedules
    assert schedule.schedule.cron == "*/10 6-18 * * 1-5"
    assert schedule.schedule.timezone == "Asia/Jakarta"


def test_serve_without_an_api_says_what_to_do(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PRAKERJA_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [*prakerja_command(), "serve"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert "PREFECT_API_URL" in result.stderr and "prefect server start" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.timeout(480)
def test_prakerja_serve_runs_the_pipeline_on_schedule(tmp_path, seed_inbox):
    started = time.monotonic()
    prefect_home = tmp_path / "prefect-home"
    workspace = tmp_path / "home"
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    deployment = f"test-{uuid.uuid4().hex[:8]}"
    base_env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    base_env |= {
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": api_url,
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PRAKERJA_HOME": str(workspace),
    }
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    try:
        with prefect_database() as database_env:
            server_command = ["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
            server_command[0] = str(Path(sys.executable).with_name("prefect"))
            with background(server_command, env=base_env | database_env, log=server_log) as server:
                wait_for_health(api_url, server, server_log)
                server_ready = time.monotonic() - started
                serve_command = [*prakerja_command(), "serve", "--interval", "5", "--name", deployment]
                serve_command += ["--input", str(seed_inbox)]
                runner_port = free_port()
                serve_env = base_env | {
                    "PREFECT_RUNNER_POLL_FREQUENCY": "2",
                    # The runner's health endpoint, which the compose file's healthcheck probes.
                    "PREFECT_RUNNER_SERVER_ENABLE": "true",
                    "PREFECT_RUNNER_SERVER_HOST": "127.0.0.1",
                    "PREFECT_RUNNER_SERVER_PORT": str(runner_port),
                }
                with background(serve_command, env=serve_env, log=serve_log) as serve:
                    run = wait_for_completed_scheduled_run(api_url, deployment, serve, serve_log)
                    assert run.auto_scheduled, "the completed run was not created by the schedule"
                    completed = time.monotonic() - started
                    health = httpx.get(f"http://127.0.0.1:{runner_port}/health", timeout=10)
                    assert health.status_code == 200, health.text
                    published = workspace / "published.duckdb"
                    assert published.exists()
                    with duckdb.connect(str(published), read_only=True) as con:
                        figures = con.execute("select count(*) from marts.figures").fetchone()[0]
                        ledger = con.execute("select count(*) from marts.ingest_ledger").fetchone()[0]
                    assert figures > 0
                    assert ledger == len(list(seed_inbox.iterdir()))
    finally:
        leftovers = live_processes_with_env("PREFECT_HOME", str(prefect_home))
        for pid in leftovers:
            os.kill(pid, signal.SIGKILL)
    assert not leftovers, f"processes left running after shutdown: {leftovers}"
    mode = "postgresql" if database_env else "sqlite"
    print(
        f"\nscheduler test ({mode}): server ready {server_ready:.1f} s, first scheduled run completed "
        f"{completed:.1f} s, total with shutdown {time.monotonic() - started:.1f} s"
    )
