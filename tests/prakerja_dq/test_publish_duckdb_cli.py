"""The published marts open in the DuckDB CLI from PyPI (``duckdb-cli`` 1.5.x, pinned in the lock file).

DuckDB 2.x writes a storage format the 1.5 CLI refuses ("database file with version number 69"); publish.py
writes the snapshot with an older storage version, and this test runs the CLI as the README shows.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
DUCKDB_CLI = Path(sys.executable).with_name("duckdb")  # the console script of the duckdb-cli package


def duckdb_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    assert DUCKDB_CLI.exists(), "the DuckDB CLI is missing: `make setup` installs duckdb-cli from the lock"
    return subprocess.run(
        [str(DUCKDB_CLI), *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_cli_is_the_pinned_1_5_release_and_bundled():
    import duckdb_cli

    assert (Path(duckdb_cli.__file__).parent / "duckdb").is_file()  # bundled: nothing downloads at run time
    version = duckdb_cli_version()
    assert version.startswith("v1.5."), version


def duckdb_cli_version() -> str:
    result = duckdb_cli("-version")
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[0]


def test_the_cli_reads_the_published_figures_read_only(seed_run):
    result = duckdb_cli(
        "-readonly",
        "-csv",
        str(seed_run.published),
        "-c",
        "select figure_id, metric, value from marts.figures order by figure_id",
    )
    assert result.returncode == 0, result.stderr
    rows = [(row["figure_id"], row["metric"]) for row in csv.DictReader(io.StringIO(result.stdout))]
    with duckdb.connect(str(seed_run.published), read_only=True) as con:
        expected = con.execute("select figure_id, metric from marts.figures order by figure_id").fetchall()
    assert rows == expected and len(rows) == seed_run.summary.marts["figures"] > 0


def test_the_readme_example_runs_in_the_cli(seed_run):
    query = (REPO_ROOT / "sql" / "adhoc" / "outlet_conflicts.sql").read_text(encoding="utf-8")
    result = duckdb_cli("-readonly", "-csv", str(seed_run.published), stdin=query)
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(seed_run.published), read_only=True) as con:
        expected = con.execute(query).fetchall()
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == len(expected) > 0


def test_the_cli_cannot_write_the_published_file(seed_run):
    result = duckdb_cli("-readonly", str(seed_run.published), "-c", "delete from marts.figures")
    assert result.returncode != 0
    assert "read-only" in (result.stderr + result.stdout).lower()
