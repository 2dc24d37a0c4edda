"""Shared fixtures: an isolated Prefect home, one Prefect test harness per session, the seed articles.

Under pytest-xdist (``make test`` runs ``-n auto``) every worker is its own session, with its own Prefect
home and harness; nothing is shared between processes. The tests that use ``seed_run`` are one xdist group,
so one worker runs the seed pipeline once for all of them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from uuid import UUID

    from prakerja_dq.run_summary import RunSummary

_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="prakerja-prefect-home-"))
os.environ["PREFECT_HOME"] = str(_PREFECT_HOME)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"
# the gold sets and the scorer are copies kept in the repository: the tests need nothing outside it
FIXTURES_DIR = REPO_ROOT / "tests" / "fixtures"
GOLD_DIR = FIXTURES_DIR / "gold"  # seed gold (one line per mention) and the metric vocabulary
GOLD_FIGURES = GOLD_DIR / "seed_figures.jsonl"
GOLD_DATES = GOLD_DIR / "seed_dates.jsonl"
DEV_DIR = GOLD_DIR / "dev"  # the development set: 36 articles, one gold line per distinct figure
SCORER = FIXTURES_DIR / "tools" / "score_figures.py"  # the reference scorer our `prakerja eval` must match


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (starting one costs about 10 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@dataclass(frozen=True)
class SeedRun:
    """One finished pipeline run over the seed articles; tests only read its files."""

    home: Path
    summary: RunSummary
    flow_run_id: UUID

    @property
    def published(self) -> Path:
        return self.home / "published.duckdb"

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"


@pytest.fixture(scope="session")
def seed_run(prefect_harness, tmp_path_factory) -> SeedRun:
    """The real flow run once on the seeds (one xdist group: one worker), for the tests that only read it."""
    from flows.pipeline import run_pipeline

    home = tmp_path_factory.mktemp("seed-run")
    state = run_pipeline(input_dir=str(SEED_ARTICLES), home=str(home), return_state=True)
    assert state.is_completed(), state
    return SeedRun(home=home, summary=state.result(), flow_run_id=state.state_details.flow_run_id)


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


# Session fixtures every xdist worker needs anyway (the harness), or that cost nothing to build twice.
PER_WORKER_FIXTURES = frozenset({"prefect_harness", "prefect_api_url", "tmp_path_factory"})


def shared_fixture_group(item: pytest.Item) -> str | None:
    """The xdist group of a test that uses a module- or session-scoped fixture of the test modules.

    Tests sharing such a fixture (``seed_run``, ``two_runs``, ``hostile_run`` ...) go to one worker, which
    builds it once; spread over two workers, each would build it.
    """
    fixture_info = getattr(item, "_fixtureinfo", None)
    if fixture_info is None:
        return None
    if "seed_run" in item.fixturenames:  # before the module fixtures those tests may also use
        return "seed_run"
    for name in sorted(item.fixturenames):
        definitions = fixture_info.name2fixturedefs.get(name) or ()
        if name in PER_WORKER_FIXTURES or not definitions:
            continue
        definition = definitions[-1]
        if definition.scope != "function" and definition.baseid.startswith("tests"):
            return f"{definition.baseid.rsplit('/', 1)[-1].removesuffix('.py')}-{name}"
    return None


def group_of(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("xdist_group")
    if marker is None:
        return None
    return marker.args[0] if marker.args else marker.kwargs.get("name")


@pytest.hookimpl(tryfirst=True)  # before xdist's hook, which turns xdist_group marks into groups
def pytest_collection_modifyitems(config, items):
    """Mark the end-to-end tests ``slow``, group the tests that share an expensive fixture, run slow first.

    A test that needs the Prefect harness runs real flows end to end. ``make test`` runs everything with
    ``--dist loadgroup``; ``make test-fast`` deselects ``slow``. Slow tests and the groups holding one go
    first (a stable sort: modules and groups stay in order), so the two workers do not end with one of them
    alone on a long test.
    """
    for item in items:
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
        group = shared_fixture_group(item)
        if group is not None and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(group))
    slow_groups = {group_of(item) for item in items if item.get_closest_marker("slow")} - {None}

    def runs_late(item: pytest.Item) -> bool:
        return not (item.get_closest_marker("slow") or group_of(item) in slow_groups)

    items.sort(key=runs_late)


@pytest.hookimpl(tryfirst=True)  # before xdist's hook, which sends the collected ids to the scheduler
def pytest_collection_finish(session):
    """Make xdist's groups reach its scheduler under pytest 9.2.

    With ``--dist loadgroup`` xdist 3.8 appends ``@<group>`` to ``item._nodeid``, the attribute pytest 9.2 no
    longer reads (an item's id is ``item._id`` now), so every group would be ignored and its shared fixture
    built on both workers. Copy the grouped id where pytest reads it; nothing happens where the two agree.
    """
    from _pytest.nodeid import NodeId

    for item in session.items:
        grouped = getattr(item, "_nodeid", None)
        if isinstance(grouped, str) and "@" in grouped and grouped != item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(grouped)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)
