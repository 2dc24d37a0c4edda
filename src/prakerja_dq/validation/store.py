"""Storing a validation run: results, findings, quarantine and the run row, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from prakerja_dq.validation.changes import Changes
from prakerja_dq.validation.findings import execute_named, insert_findings
from prakerja_dq.validation.outcomes import carried_counts, count_outcomes, results_frame
from prakerja_dq.validation.plan import check_plans
from prakerja_dq.validation.tables import CHANGED_KEYS, FIGURE_TABLE, NULL_KEY
from prakerja_dq.warehouse import connect, create_base_tables

if TYPE_CHECKING:
    from prakerja_dq.validation.gx_runner import ExpectationOutcome


@dataclass(frozen=True)
class ValidationSummary:
    """What one validation run found, and where its reports are."""

    run_id: str
    expectations_evaluated: int
    expectations_passed: int
    expectations_failed: int
    quarantined_figures: int
    findings: int
    blocking_findings: int
    report_index: Path
    data_docs_index: Path


QUARANTINE_SQL = f"""
    insert into quarantine.figures by name
    select
        $run_id as run_id,
        blocked.figure_id,
        any_value(figures.article_id) as article_id,
        blocked.check_name,
        any_value(blocked.detail) as reason
    from (
        select unnest(figure_ids) as figure_id, check_name, detail
        from validation.findings
        where run_id = $run_id and severity = 'blocking'
    ) as blocked
    left join {FIGURE_TABLE} as figures on figures.figure_id = blocked.figure_id
    group by blocked.figure_id, blocked.check_name
"""

RUN_SQL = """
    insert into validation.runs by name
    with results as (select * from validation.results where run_id = $run_id),
    findings as (select * from validation.findings where run_id = $run_id),
    blocking as (select count(*) as findings from findings where severity = 'blocking')
    select
        $run_id as run_id,
        $started_at as started_at,
        $finished_at as finished_at,
        (select count(*) from results) as expectations_evaluated,
        (select count(*) from results where success) as expectations_passed,
        (select count(*) from results where not success) as expectations_failed,
        (select count(*) from findings) as findings,
        blocking.findings as blocking_findings,
        (select count(distinct figure_id) from quarantine.figures where run_id = $run_id)
            as quarantined_figures,
        blocking.findings = 0 as success,
        $data_docs_index as data_docs_index,
        $report_index as report_index
    from blocking
"""
RUN_TABLES: tuple[str, ...] = (
    "validation.results",
    "validation.findings",
    "quarantine.figures",
    "validation.runs",
)


def _open_findings_of_changed(con: duckdb.DuckDBPyConnection, changes: Changes | None) -> None:
    """Drop the open findings of the rows validated again (all of them when every row was)."""
    if changes is None:
        con.execute("delete from validation.open_findings")
        return
    con.execute(
        """
        delete from validation.open_findings as open where exists (
            select 1 from changed_keys
            where changed_keys.suite = open.suite and changed_keys.key = open.instance_key
        ) or open.instance_key = $null_key
        """,
        {"null_key": NULL_KEY},
    )


def _store_checked_rows(
    con: duckdb.DuckDBPyConnection,
    changes: Changes | None,
    *,
    run_id: str,
    fingerprint: str | None,
    errors: bool,
) -> None:
    """The state the next run compares with: the candidates validated, and which run it was."""
    if changes is None:
        con.execute("delete from validation.checked_rows")
    else:
        changed_rows = changes.rows  # noqa: F841 - DuckDB replacement scan
        if changes.keys is None:
            con.execute("delete from validation.checked_rows")
        else:
            con.execute(
                """
                delete from validation.checked_rows as checked where exists (
                    select 1 from changed_keys
                    where changed_keys.suite = checked.suite
                    and changed_keys.key is not distinct from checked.key
                )
                """
            )
        con.execute("insert into validation.checked_rows by name select * from changed_rows")
    con.execute("delete from validation.checked_state")
    if changes is not None and fingerprint is not None and not errors:
        con.execute("insert into validation.checked_state values (?, ?)", [run_id, fingerprint])


def store_run(
    warehouse_path: Path,
    outcomes: list[ExpectationOutcome],
    frames: dict[str, pd.DataFrame],
    *,
    run_id: str,
    started_at: datetime,
    data_docs_index: Path,
    report_index: Path,
    changes: Changes | None = None,
    fingerprint: str | None = None,
) -> dict[str, object]:
    """Count the outcomes over the tables, then replace this run's rows in validation.* and quarantine.*.

    One transaction, so a rerun of the same run id never duplicates and a reader never sees half a run.
    With ``changes``, GX validated only the rows of the changed keys: the open findings of the other rows
    are carried forward (``changes``). The row hashes are stored for the next run, with ``fingerprint``
    (None: the next run validates every row). Returns this run's ``validation.runs`` row.
    """
    con = connect(warehouse_path)
    try:
        create_base_tables(con)
        plans = check_plans()
        carried = None
        changed = changes is not None and changes.keys is not None
        if changed:
            changed_keys = changes.keys  # noqa: F841 - DuckDB replacement scan
            con.execute(f"create or replace temp table {CHANGED_KEYS} as select * from changed_keys")
            carried = carried_counts(con)
        outcomes = count_outcomes(con, outcomes, frames, plans, carried=carried)
        results = results_frame(outcomes, run_id=run_id)  # noqa: F841 - DuckDB replacement scan
        con.execute("begin transaction")
        for table in RUN_TABLES:
            con.execute(f"delete from {table} where run_id = ?", [run_id])
        if outcomes:
            con.execute("insert into validation.results by name select * from results")
        _open_findings_of_changed(con, changes if changed else None)
        insert_findings(con, outcomes, plans, run_id=run_id, changed=changed)
        execute_named(con, QUARANTINE_SQL, {"run_id": run_id})
        execute_named(
            con,
            RUN_SQL,
            {
                "run_id": run_id,
                "started_at": started_at.replace(tzinfo=None),
                "finished_at": datetime.now(UTC).replace(tzinfo=None),
                "data_docs_index": str(data_docs_index),
                "report_index": str(report_index),
            },
        )
        _store_checked_rows(
            con,
            changes,
            run_id=run_id,
            fingerprint=fingerprint,
            errors=any(outcome.error for outcome in outcomes),
        )
        con.execute("commit")
        row = con.sql("select * from validation.runs where run_id = ?", params=[run_id])
        return dict(zip(row.columns, row.fetchall()[0], strict=True))
    finally:
        con.close()
