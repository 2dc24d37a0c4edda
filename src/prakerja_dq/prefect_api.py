"""A temporary local Prefect API for one command, started before the heavy imports so the two overlap.

Without ``PREFECT_API_URL`` Prefect 3 starts a temporary server itself, but only when the first flow runs,
after our process has imported Prefect's whole server package just to launch it. Starting the same server
(Prefect's own app, as ``prefect server start`` serves it) at the top of ``prakerja run`` lets its start-up
overlap with importing Polars, DuckDB and Great Expectations, and keeps the server package out of our
process. Its database lives in the workspace, so migrations run on the first run only; ``make setup`` keeps an
empty, migrated database for the installed Prefect (``python -m prakerja_dq.prefect_api``) that a new
workspace starts from, so even that first run skips Prefect's ~115 migrations (about 5-8 s).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: receive SIGTERM when the parent dies, even by SIGKILL (Linux)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class TemporaryApi:
    """A Prefect API server process serving this command only."""

    process: subprocess.Popen
    url: str

    def wait_ready(self, *, timeout: float = 180.0) -> None:
        """Block until the API answers its health check; raise with its error output if it dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                raise RuntimeError(f"the temporary Prefect API exited early: {error.strip()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the temporary Prefect API did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


DATABASE_NAME = "prefect.db"  # Prefect's default SQLite database in PREFECT_HOME
# Settings that point Prefect's server at another database than PREFECT_HOME/prefect.db.
_DATABASE_LOCATION = tuple(
    f"PREFECT_{scope}_DATABASE_{part}"
    for scope in ("SERVER", "API")
    for part in ("CONNECTION_URL", "DRIVER", "NAME")
)
_MIGRATE_ON_START = ("PREFECT_SERVER_DATABASE_MIGRATE_ON_START", "PREFECT_API_DATABASE_MIGRATE_ON_START")


def template_database() -> Path:
    """Where ``make setup`` keeps an empty, migrated Prefect database for the installed Prefect version."""
    from importlib.metadata import version

    return Path(sys.prefix) / "share" / "prakerja" / f"prefect-{version('prefect')}.db"


def _default_database(prefect_home: Path) -> Path | None:
    """The server's database file, when it is Prefect's default one in ``prefect_home`` (as we start it)."""
    if any(os.environ.get(name) for name in _DATABASE_LOCATION) or (prefect_home / "profiles.toml").exists():
        return None
    return prefect_home / DATABASE_NAME


def _revisions(database: Path) -> set[str] | None:
    """The Alembic revisions a Prefect database is at, or None if that cannot be read."""
    try:
        with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as con:
            return {row[0] for row in con.execute("select version_num from alembic_version")}
    except sqlite3.Error:
        return None


def seed_database(prefect_home: Path) -> bool:
    """Give a new Prefect home a copy of the template database (the server still migrates it if needed).

    Skipped when the home already has a database, when there is no template (the server then creates and
    migrates the database as usual) and when Prefect is configured to use another database.
    """
    database = _default_database(prefect_home)
    template = template_database()
    if database is None or database.exists() or not template.is_file():
        return False
    partial = database.with_name(f".{DATABASE_NAME}.{os.getpid()}.partial")
    try:
        shutil.copyfile(template, partial)
        os.replace(partial, database)
    except OSError:
        partial.unlink(missing_ok=True)
        return False
    return True


def database_is_current(prefect_home: Path) -> bool:
    """True when the home's database is at the template's revisions, the head of the installed Prefect."""
    database = _default_database(prefect_home)
    template = template_database()
    if database is None or not database.is_file() or not template.is_file():
        return False
    revisions = _revisions(database)
    return bool(revisions) and revisions == _revisions(template)


def build_template_database() -> Path:
    """Start the API once on an empty home (migrations, block types) and keep its database as the template."""
    for name in (*_DATABASE_LOCATION, *_MIGRATE_ON_START):
        os.environ.pop(name, None)
    target = template_database()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="prakerja-prefect-template-") as scratch:
        home = Path(scratch) / "prefect"
        api = start_temporary_api(home, seed=False)
        try:
            api.wait_ready()
        finally:
            api.stop()
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        # the backup API copies a consistent database even if the server left a write-ahead log behind
        with (
            contextlib.closing(sqlite3.connect(home / DATABASE_NAME)) as source,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            copy.execute("pragma journal_mode = delete")  # one self-contained file, even when it is read
        os.replace(partial, target)
    return target


def start_temporary_api(prefect_home: Path, *, seed: bool = True) -> TemporaryApi:
    """Start Prefect's API app on a free loopback port and point this process's Prefect at it.

    With ``seed``, a new ``prefect_home`` starts from the template database, and a database already at the
    installed Prefect's head skips the server's migration check. Automations (the triggers and actions
    services) are off: nothing can define one in a server that lives for one command. The environment wins.
    """
    prefect_home.mkdir(parents=True, exist_ok=True)
    defaults = {"PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false"}
    if seed:
        seed_database(prefect_home)
        if database_is_current(prefect_home) and not any(name in os.environ for name in _MIGRATE_ON_START):
            defaults[_MIGRATE_ON_START[0]] = "false"
    port = _free_port()
    env = {
        **defaults,
        **os.environ,
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_UI_ENABLED": "0",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent,
    )
    url = f"http://127.0.0.1:{port}/api"
    os.environ["PREFECT_API_URL"] = url
    return TemporaryApi(process=process, url=url)


if __name__ == "__main__":
    from prakerja_dq.runtime import configure_runtime

    configure_runtime()
    print(f"Prefect template database: {build_template_database()}")
