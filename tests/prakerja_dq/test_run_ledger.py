"""The run ledger's fingerprints: equal when nothing changed, different after a change that reaches a mart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from prakerja_dq import run_ledger
from prakerja_dq.settings import REPO_ROOT
from prakerja_dq.warehouse import open_warehouse


@pytest.fixture
def warehouse(tmp_path):
    with open_warehouse(tmp_path / "warehouse.duckdb") as con:
        yield con


def land_article(con: duckdb.DuckDBPyConnection, article_id: str, run_id: str) -> None:
    now = datetime(2026, 1, 1)
    con.execute(
        "insert into raw.articles values (?, 'doc', 'p.txt', 'sha', 'utf-8', 'teks', ?, ?)",
        [article_id, run_id, now],
    )
    con.execute(
        "insert into raw.ingest_ledger values (?, ?, 'sha', ?, 4, 1, 'accepted', null, ?)",
        [run_id, f"{article_id}.txt", article_id, now],
    )


def test_the_state_fingerprint_changes_with_any_landed_row_and_only_then(warehouse):
    empty = run_ledger.state_fingerprint(warehouse)
    assert run_ledger.state_fingerprint(warehouse) == empty
    land_article(warehouse, "a1", "run-1")
    one = run_ledger.state_fingerprint(warehouse)
    assert one != empty
    # a new mtime tells ingest what not to read again; it reaches no mart, so the state is the same
    warehouse.execute("update raw.ingest_ledger set mtime_ns = 99")
    assert run_ledger.state_fingerprint(warehouse) == one
    warehouse.execute(
        "insert into raw.article_meta values ('a1', 'doc', 'Antara', date '2021-01-01', 'judul', 'run-2')"
    )
    assert run_ledger.state_fingerprint(warehouse) != one


def test_the_code_fingerprint_covers_sql_suites_and_reference_data(tmp_path, monkeypatch):
    inputs = ((tmp_path, "*.sql"),)
    monkeypatch.setattr(run_ledger, "REPO_ROOT", tmp_path)
    (tmp_path / "a.sql").write_text("select 1")
    before = run_ledger.files_fingerprint(inputs, ("sample", 10))
    assert run_ledger.files_fingerprint(inputs, ("sample", 10)) == before
    assert run_ledger.files_fingerprint(inputs, ("sample", 11)) != before
    (tmp_path / "a.sql").write_text("select 2")
    assert run_ledger.files_fingerprint(inputs, ("sample", 10)) != before
    covered = {root.relative_to(REPO_ROOT).parts[0] for root, _ in run_ledger.CODE_INPUTS}
    assert covered >= {"sql", "expectations", "seeds", "src"}


def test_the_staging_watermark_is_the_last_run_with_the_same_staging_sql(warehouse):
    assert run_ledger.staging_watermark(warehouse, "s1") is None
    started = datetime(2026, 1, 1, tzinfo=UTC)
    for run_id, staging in (("run-1", "s1"), ("run-2", "s1"), ("run-3", "s2")):
        run_ledger.record_run(
            warehouse,
            run_id=run_id,
            started_at=started,
            finished_at=started + timedelta(seconds=1),
            status=run_ledger.PUBLISHED,
            published_run_id=run_id,
            fingerprints=run_ledger.Fingerprints(state="x", code="y", staging=staging),
            articles_ingested=0,
            figures_extracted=0,
        )
        started += timedelta(minutes=1)
    assert run_ledger.staging_watermark(warehouse, "s1") == "run-2"
    assert run_ledger.staging_watermark(warehouse, "s2") == "run-3"
    assert run_ledger.last_run(warehouse).run_id == "run-3"


def test_without_a_published_snapshot_nothing_counts_as_unchanged(tmp_path):
    fingerprints = run_ledger.Fingerprints(state="x", code="y", staging="z")
    previous = run_ledger.LedgerRow("run-1", run_ledger.PUBLISHED, "run-1", fingerprints)
    assert not run_ledger.is_unchanged(previous, fingerprints, tmp_path / "published.duckdb")
    assert not run_ledger.is_unchanged(None, fingerprints, tmp_path / "published.duckdb")


def test_the_model_watermark_covers_what_the_extended_models_are_built_from():
    """A change to the SQL, reference data or runner of the extended models rebuilds them whole once."""
    covered = {
        path.relative_to(REPO_ROOT).as_posix()
        for root, pattern in run_ledger.STAGING_INPUTS
        for path in root.glob(pattern)
    }
    assert {
        "sql/staging/figures.sql",
        "sql/intermediate/claims.sql",
        "seeds/reference/programme_facts.csv",
        "src/prakerja_dq/warehouse.py",
    } <= covered
