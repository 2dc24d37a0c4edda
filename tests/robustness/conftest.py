"""Fixtures for the robustness tests: the hostile inbox run once, and `prakerja` subprocesses.

Subprocesses talk to the session's Prefect test server (``PREFECT_API_URL``), so none of them starts its
own temporary server; every process a test starts is killed, by its process group id, at teardown.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.robustness.inbox import Expected, build_hostile_inbox

# The installed console script, as users run it (``python -m prakerja_dq.cli`` misses CommandError).
PRAKERJA = [str(Path(sys.executable).with_name("prakerja"))]
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class HostileRun:
    """One pipeline run over the hostile inbox."""

    home: Path
    inbox: Path
    expected: dict[Path, Expected]
    summary: object

    @property
    def published(self) -> Path:
        return self.home / "published.duckdb"

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"


def query(path: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    """Rows of one query against a DuckDB file opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory, prefect_harness) -> HostileRun:
    """The real pipeline, in this process, over the seeds plus every kind of bad input."""
    from flows.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("hostile")
    inbox, home = root / "inbox", root / "home"
    expected = build_hostile_inbox(inbox)
    summary = run_pipeline(input_dir=str(inbox), home=str(home))
    return HostileRun(home=home, inbox=inbox, expected=expected, summary=summary)


@pytest.fixture(scope="session")
def prefect_api_url(prefect_harness) -> str:
    """The URL of the session's Prefect test server."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())


@pytest.fixture
def cli_env(prefect_api_url, tmp_path) -> dict[str, str]:
    """Environment for `prakerja` subprocesses: a fresh workspace, the test server, no failpoint."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PRAKERJA_")}
    env |= {
        "PRAKERJA_HOME": str(tmp_path / "home"),
        "PREFECT_API_URL": prefect_api_url,
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PYTHONPATH": str(REPO_ROOT),
    }
    return env


@dataclass
class Started:
    """A subprocess whose output goes to files (a pipe nobody drains could stall it)."""

    process: subprocess.Popen
    out: Path
    err: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait(self, timeout: float) -> subprocess.CompletedProcess:
        """Wait for the exit (killing it and failing the test after ``timeout`` seconds)."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill(self.process)
            pytest.fail(f"{' '.join(self.process.args)} did not finish within {timeout} s")
        return subprocess.CompletedProcess(
            self.process.args,
            self.process.returncode,
            self.out.read_text(encoding="utf-8"),
            self.err.read_text(encoding="utf-8"),
        )


def kill(process: subprocess.Popen) -> None:
    """SIGKILL a process group we started, if it still runs, and reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class Processes:
    """Starts `prakerja` subprocesses in their own process groups and kills leftovers at teardown."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[subprocess.Popen] = []

    def start(self, args: list[str], env: dict[str, str]) -> Started:
        number = len(self.started)
        out, err = self.logs / f"{number}.out", self.logs / f"{number}.err"
        with out.open("w") as stdout, err.open("w") as stderr:
            process = subprocess.Popen(
                [*PRAKERJA, *args],
                env=env,
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                start_new_session=True,
            )
        self.started.append(process)
        return Started(process, out, err)

    def run(
        self, args: list[str], env: dict[str, str], *, timeout: float = 300
    ) -> subprocess.CompletedProcess:
        """Run to completion (or fail the test after ``timeout`` seconds, killing the process)."""
        return self.start(args, env).wait(timeout)

    def close(self) -> None:
        for process in self.started:
            kill(process)


@pytest.fixture
def processes(tmp_path) -> Iterator[Processes]:
    """Start subprocesses through this; none survives the test."""
    logs = tmp_path / "logs"
    logs.mkdir()
    started = Processes(logs)
    yield started
    started.close()
