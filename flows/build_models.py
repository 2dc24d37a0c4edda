"""Model stage: materialise the staging and intermediate SQL models over everything landed so far."""

from __future__ import annotations

from pathlib import Path

from prefect import task

from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.task_retries import warn_then_retry
from prakerja_dq.warehouse import build_models, open_warehouse, table_counts


@task(retries=1, retry_delay_seconds=2, retry_condition_fn=warn_then_retry)
def build_staging_and_intermediate(
    warehouse_path: Path, *, since_run_id: str | None = None
) -> dict[str, int]:
    """Build ``staging`` and ``intermediate``; returns the row count of every table built.

    With ``since_run_id`` (the last finished run that built the models with the current SQL and reference
    data), the partitioned models only take in what is touched since: the per-article staging tables and
    checks the articles landed or extracted since, the claim models the claims those articles' figures fall
    in (``prakerja_dq.warehouse``); the rest (the cumulative timeline) is rebuilt over everything. Idempotent,
    so a retry or a rerun after a crash gives the same tables.
    """
    with open_warehouse(warehouse_path) as con:
        con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
        build_models(con, ["staging", "intermediate"], since_run_id=since_run_id)
        return {
            f"{schema}.{table}": rows
            for schema in ("staging", "intermediate")
            for table, rows in table_counts(con, schema).items()
        }
