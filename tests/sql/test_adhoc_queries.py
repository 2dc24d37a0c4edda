"""The example queries in sql/adhoc/ answer on the published marts of a seed run, directly and via the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ADHOC = sorted((REPO_ROOT / "sql" / "adhoc").glob("*.sql"))


def prakerja_command() -> list[str]:
    """The installed `prakerja` console script, or the same entry point when the project is not installed."""
    script = Path(sys.executable).with_name("prakerja")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from prakerja_dq.cli import main; sys.exit(main())"]


@pytest.fixture
def seed_home(seed_run) -> Path:
    return seed_run.home


def test_the_examples_are_there():
    names = {path.name for path in ADHOC}
    assert {
        "recipients_timeline_by_wave.sql",
        "outlet_conflicts.sql",
        "findings_by_outlet.sql",
        "ingest_report.sql",
    } <= names


@pytest.mark.parametrize("path", ADHOC, ids=lambda path: path.stem)
def test_each_query_opens_with_what_it_answers(path):
    first = path.read_text().splitlines()[0]
    assert first.startswith("-- Answers: ") and first.endswith("?")


@pytest.mark.parametrize("path", ADHOC, ids=lambda path: path.stem)
def test_each_query_returns_rows_from_the_published_marts(path, seed_home):
    with duckdb.connect(str(seed_home / "published.duckdb"), read_only=True) as con:
        rows = con.execute(path.read_text()).fetchall()
    assert rows


def test_the_ingest_report_accounts_for_every_seed(seed_home):
    query = (REPO_ROOT / "sql" / "adhoc" / "ingest_report.sql").read_text()
    with duckdb.connect(str(seed_home / "published.duckdb"), read_only=True) as con:
        rows = con.execute(f"select status, files from ({query})").fetchall()
    assert rows == [("accepted", 5)]


@pytest.mark.parametrize("path", ADHOC, ids=lambda path: path.stem)
def test_each_query_runs_through_prakerja_sql(path, seed_home):
    env = os.environ | {"PRAKERJA_HOME": str(seed_home)}
    result = subprocess.run(
        [*prakerja_command(), "sql", "--format", "json", path.read_text()],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
