"""Shared fixtures: an isolated Prefect home, one Prefect test harness per session, the seed articles."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="prakerja-prefect-home-"))
os.environ["PREFECT_HOME"] = str(_PREFECT_HOME)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"
SHARED_DIR = REPO_ROOT.parent / "shared"
GOLD_FIGURES = SHARED_DIR / "gold" / "seed_figures.jsonl"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (starting one costs about 10 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A fresh PRAKERJA_HOME for one test."""
    home = tmp_path / "home"
    monkeypatch.setenv("PRAKERJA_HOME", str(home))
    return home


@pytest.fixture
def seed_inbox(tmp_path) -> Path:
    """A copy of the seed articles in a folder the test may change."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    return inbox


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)
