"""Incremental validation: which rows a run validates again, and that carrying the rest forward is exact."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from expectations import SUITES
from flows.validate_tables import validate_warehouse
from prakerja_dq.validation.changes import find_changes, validation_fingerprint
from prakerja_dq.validation.findings import _context_sql, finding_columns
from prakerja_dq.validation.gx_runner import ExpectationOutcome
from prakerja_dq.validation.plan import DEFAULT_WARNING_SAMPLE, plan_suite
from prakerja_dq.warehouse import connect
from tests.gold_warehouse import build_gold_warehouse

FINGERPRINT = validation_fingerprint(warning_sample=DEFAULT_WARNING_SAMPLE)
PLANS = [plan_suite(spec) for spec in SUITES]


def validate(path: Path, tmp_path: Path, run_id: str, *, incremental: bool = True):
    return validate_warehouse(
        path,
        run_id=run_id,
        report_dir=tmp_path / "report",
        gx_dir=tmp_path / "gx",
        incremental=incremental,
    )


def changes_of(path: Path, fingerprint: str = FINGERPRINT):
    con = connect(path)
    try:
        return find_changes(con, PLANS, fingerprint=fingerprint)
    finally:
        con.close()


def run_rows(path: Path, relation: str, run_id: str, exclude: str = "") -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.sql(
            f"select * exclude (run_id{exclude}) from {relation} where run_id = ?", params=[run_id]
        )
        return sorted(rows.fetchall(), key=repr)


def change_figures(path: Path, sql: str) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(sql)


@pytest.fixture(scope="module")
def validated(prefect_harness, tmp_path_factory) -> tuple[Path, Path]:
    """The gold warehouse after one validation of every row."""
    tmp_path = tmp_path_factory.mktemp("changes")
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    build_gold_warehouse(con)
    con.close()
    validate(path, tmp_path, "run-1")
    return path, tmp_path


def test_a_first_validation_checks_every_row_and_an_unchanged_warehouse_nothing(validated):
    path, _ = validated
    changes = changes_of(path)
    assert changes.since_run_id == "run-1"
    assert changes.keys.empty and changes.rows.empty
    # other suites, reference data or validation code: no usable state, every row is validated
    every_row = changes_of(path, fingerprint="another")
    assert every_row.since_run_id is None and every_row.keys is None
    # and the state it would write is every candidate (a row some check may fail), the first run's state
    with duckdb.connect(str(path), read_only=True) as con:
        state = sorted(con.execute("select suite, key, row_hash from validation.checked_rows").fetchall())
    assert state and sorted(every_row.rows.itertuples(index=False, name=None)) == state


def test_a_changed_row_and_a_duplicated_key_are_validated_again_alone(validated, tmp_path):
    source, _ = validated
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(source, path)
    with duckdb.connect(str(path), read_only=True) as con:
        first, second = (
            row[0]
            for row in con.execute(
                "select figure_id from staging.figures order by figure_id limit 2"
            ).fetchall()
        )
    # a figure that no check could fail, now a candidate of value_positive
    change_figures(path, f"update staging.figures set value = -1 where figure_id = '{first}'")
    changes = changes_of(path)
    assert changes.keys.values.tolist() == [["staging_figures", first]]
    assert changes.rows[["suite", "key"]].values.tolist() == [["staging_figures", first]]
    change_figures(
        path, f"insert into staging.figures select * from staging.figures where figure_id = '{second}'"
    )
    changes = changes_of(path)
    assert sorted(changes.keys.values.tolist()) == [["staging_figures", first], ["staging_figures", second]]
    # both rows of the duplicated key are the key's new state
    assert sorted(changes.rows["key"]) == sorted([first, second, second])


def test_validating_the_changed_rows_alone_equals_validating_every_row(validated, tmp_path):
    source, _ = validated
    stepped, whole = tmp_path / "stepped.duckdb", tmp_path / "whole.duckdb"
    shutil.copy(source, stepped)
    with duckdb.connect(str(stepped), read_only=True) as con:
        figures = [
            row[0]
            for row in con.execute(
                "select figure_id from staging.figures order by figure_id limit 3"
            ).fetchall()
        ]
        article = con.execute(
            "select article_id from staging.articles order by article_id limit 1"
        ).fetchone()[0]
    # a blocking failure, a duplicated key, a removed figure and an article without outlet
    change_figures(
        stepped,
        f"""
        update staging.figures set value = -1 where figure_id = '{figures[0]}';
        insert into staging.figures select * from staging.figures where figure_id = '{figures[1]}';
        delete from staging.figures where figure_id = '{figures[2]}';
        update staging.articles set outlet = null where article_id = '{article}';
        """,
    )
    shutil.copy(stepped, whole)
    carried = validate(stepped, tmp_path / "stepped", "run-2")
    every_row = validate(whole, tmp_path / "whole", "run-2", incremental=False)
    assert carried.blocking_findings > 0 and carried.quarantined_figures > 0
    assert (carried.findings, carried.blocking_findings, carried.quarantined_figures) == (
        every_row.findings,
        every_row.blocking_findings,
        every_row.quarantined_figures,
    )
    for relation, exclude in (
        ("validation.findings", ""),
        ("quarantine.figures", ""),
        ("validation.results", ", observed_value, expectation_id"),
    ):
        rows = run_rows(stepped, relation, "run-2", exclude)
        assert rows, relation
        assert rows == run_rows(whole, relation, "run-2", exclude), relation
    # the next run over the same tables validates again only the duplicated key (always checked again)
    assert changes_of(stepped).keys.values.tolist() == [["staging_figures", figures[1]]]


@pytest.mark.parametrize("spec", SUITES, ids=lambda spec: spec.name)
def test_the_row_hash_covers_every_column_a_finding_reads(spec):
    """A finding column left out of the hash would let a changed finding be carried forward unchanged."""
    plan = plan_suite(spec)
    hashed = plan.columns | finding_columns(spec.table)
    for check in plan.checks:
        outcome = ExpectationOutcome(
            suite=spec.name,
            table=spec.table,
            key=spec.key,
            expectation_id="",
            expectation="",
            check_name=check.check_name,
            severity=check.severity,
            why="",
            scope="same_article",
            column=next(iter(plan.columns)),
            success=False,
            observed_value=None,
            element_count=None,
            unexpected_count=None,
            unexpected_percent=None,
            error=None,
            failing_keys=(),
        )
        sql = _context_sql(
            spec.table, spec.key, set(hashed) | {"kind", "claim_id", "check_name"}, outcome, unique_keys=False
        )
        read = set(re.findall(r'\brow\."?([a-z_]+)', sql))
        assert read <= hashed, f"{spec.name}: {read - hashed} read by findings but not hashed"
