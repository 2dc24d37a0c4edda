"""End to end: the real flow (Prefect test harness, a real DuckDB file, real GX) on the seeds, twice."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline

pytestmark = pytest.mark.usefixtures("prefect_harness")

SCHEMAS = {"raw", "staging", "intermediate", "marts", "quarantine", "validation"}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, prefect_harness):
    from tests.conftest import SEED_ARTICLES

    home = tmp_path_factory.mktemp("home")
    first = run_pipeline(input_dir=str(SEED_ARTICLES), home=str(home))
    with duckdb.connect(str(home / "published.duckdb"), read_only=True) as con:
        first_ids = sorted(row[0] for row in con.execute("select figure_id from marts.figures").fetchall())
    second = run_pipeline(input_dir=str(SEED_ARTICLES), home=str(home))
    return home, first, second, first_ids


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_first_run_ingests_every_seed_and_publishes(two_runs):
    _, first, _, _ = two_runs
    assert (first.files_seen, first.articles_ingested, first.duplicates, first.rejected) == (5, 5, 0, 0)
    assert first.articles_extracted == 5
    assert first.figures_extracted >= 35
    assert first.expectations_evaluated == first.expectations_passed + first.expectations_failed
    assert first.expectations_failed >= 1
    assert first.marts["figures"] + first.figures_quarantined == first.figures_extracted
    assert Path(first.report_path).name == "index.html" and Path(first.report_path).is_file()
    assert first.failures == []


def test_the_warehouse_has_every_layer(two_runs):
    home = two_runs[0]
    schemas = {row[0] for row in query(home / "warehouse.duckdb", "select schema_name from duckdb_schemas()")}
    assert schemas >= SCHEMAS


def test_the_second_run_adds_nothing(two_runs):
    home, first, second, first_ids = two_runs
    assert (second.files_seen, second.articles_ingested, second.figures_extracted) == (5, 0, 0)
    warehouse = home / "warehouse.duckdb"
    assert query(warehouse, "select count(*) from raw.articles") == [(5,)]
    assert query(warehouse, "select count(*) from raw.ingest_ledger") == [(5,)]
    assert query(warehouse, "select count(*), count(distinct article_id) from raw.article_meta") == [(5, 5)]
    figures = query(warehouse, "select count(*), count(distinct figure_id) from staging.figures")[0]
    assert figures[0] == figures[1] == first.figures_extracted
    published = home / "published.duckdb"
    second_ids = sorted(row[0] for row in query(published, "select figure_id from marts.figures"))
    assert second_ids == first_ids
    # nothing changed: the second run is recorded as unchanged and the first run's snapshot stays published
    assert (second.status, second.published_run_id) == ("unchanged", first.run_id)
    assert query(published, "select run_id from marts.publication") == [(first.run_id,)]


def test_the_published_file_holds_the_contract_tables(two_runs):
    published = two_runs[0] / "published.duckdb"
    tables = {
        row[0] for row in query(published, "select table_name from duckdb_tables() where schema_name='marts'")
    }
    assert tables >= {"figures", "findings", "ingest_ledger"}
    ledger = query(published, "select status, count(*) from marts.ingest_ledger group by status")
    assert ledger == [("accepted", 5)]
    columns = {row[0] for row in query(published, "describe marts.figures")}
    assert columns >= {
        "figure_id", "article_id", "outlet", "published_date", "doc", "metric", "value", "unit",
        "qualifier", "wave_from", "wave_to", "period_year", "as_of", "scope", "basis", "evidence",
        "start", "end", "rule",
    }  # fmt: skip
    # every published figure names the rule or cue that decided its metric (issue 14)
    assert query(published, "select count(*) from marts.figures where rule is null") == [(0,)]
    findings_columns = {row[0] for row in query(published, "describe marts.findings")}
    assert findings_columns >= {"check_name", "severity", "figure_ids", "article_ids", "evidence", "detail"}


def test_published_figures_point_at_their_source_text(two_runs):
    home = two_runs[0]
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        con.execute(f"attach '{home / 'published.duckdb'}' as published (read_only)")
        mismatches = con.execute(
            """
            select f.figure_id
            from published.marts.figures as f
            join raw.articles as a using (article_id)
            where substring(a.text, f.start + 1, f."end" - f.start) <> f.evidence
            """
        ).fetchall()
    assert mismatches == []


def latest_run_rows(home: Path, sql: str) -> list[tuple]:
    return query(
        home / "warehouse.duckdb",
        sql.replace("$run", "(select run_id from validation.runs order by finished_at desc limit 1)"),
    )


def test_the_seeds_cumulative_recipients_fall_is_flagged_across_two_outlets(two_runs):
    home = two_runs[0]
    rows = latest_run_rows(
        home,
        "select check_name, outlets, evidence from validation.findings "
        "where run_id = $run and check_name like '%cumulative%'",
    )
    assert any(
        {"5,6 juta orang", "5,5 juta peserta"} <= set(evidence) and "Kontan" in outlets
        for _, outlets, evidence in rows
    ), rows


def test_the_seeds_wrong_weekday_is_flagged(two_runs):
    rows = latest_run_rows(
        two_runs[0],
        "select evidence from validation.findings "
        "where run_id = $run and check_name = 'weekday_matches_date'",
    )
    assert [evidence for (evidence,) in rows] == [["Rabu, 3 November"]]


def test_the_card_checks_ran_and_pass_on_the_seeds(two_runs):
    home = two_runs[0]
    results = dict(
        latest_run_rows(
            home,
            "select check_name, bool_and(success) from validation.results where run_id = $run group by 1",
        )
    )
    assert results["incentive_matches_scheme"] is True
    failed = {
        name
        for (name,) in latest_run_rows(
            home, "select distinct check_name from validation.findings where run_id = $run"
        )
    }
    assert not {name for name in failed if "registrants" in name or "metric_order" in name}
    assert not {name for name in failed if "subrange" in name or "incentive" in name}
    # The card's figures were really compared, not skipped: the Rp 3,55 juta incentive, recipients against
    # registrants, completed training against recipients, and wave 3 against waves I-III.
    incentive = latest_run_rows(
        home,
        "select count(*) from staging.figures where metric = 'incentive_per_participant' and value = 3550000",
    )
    assert incentive == [(1,)]
