"""configure_runtime(): offline defaults, and a Prefect home in the workspace that starts migrated."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from prakerja_dq.prefect_api import DATABASE_NAME, template_database
from prakerja_dq.runtime import configure_runtime

SET_BY_RUNTIME = (
    "PREFECT_HOME",
    "PREFECT_API_URL",
    "PREFECT_SERVER_ANALYTICS_ENABLED",
    "GX_ANALYTICS_ENABLED",
    "DO_NOT_TRACK",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
)


@pytest.fixture
def bare_environment(monkeypatch, tmp_path):
    """No Prefect configuration; monkeypatch restores what configure_runtime() sets."""
    for name in SET_BY_RUNTIME:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PRAKERJA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_the_prefect_home_is_in_the_workspace_and_starts_from_the_template(bare_environment):
    configure_runtime()
    prefect_home = bare_environment.resolve() / "prefect"
    assert os.environ["PREFECT_HOME"] == str(prefect_home)
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["DO_NOT_TRACK"] == "1"
    assert int(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]) >= 60
    assert template_database().is_file(), "make setup builds the template database"
    assert (prefect_home / DATABASE_NAME).read_bytes() == template_database().read_bytes()


def test_the_environment_wins(bare_environment, monkeypatch, tmp_path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "mine"))
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "7")
    configure_runtime()
    assert os.environ["PREFECT_HOME"] == str(tmp_path / "mine")
    assert os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] == "7"
    assert not (bare_environment / "prefect").exists()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_the_mmap_threshold_is_set_unless_the_environment_sets_it():
    """Checked in fresh processes: a threshold set once cannot be unset in this one."""
    call = "from prakerja_dq.runtime import return_freed_blocks_to_the_system as f; print(f())"

    def applied(**env: str) -> str:
        environment = {key: value for key, value in os.environ.items() if key != "MALLOC_MMAP_THRESHOLD_"}
        completed = subprocess.run(
            [sys.executable, "-c", call], env=environment | env, capture_output=True, text=True, check=True
        )
        return completed.stdout.strip()

    assert applied() == "True"
    assert applied(MALLOC_MMAP_THRESHOLD_="65536") == "False"
