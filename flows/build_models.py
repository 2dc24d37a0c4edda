"""Model stage: materialise the staging and intermediate SQL models over everything landed so far."""

from __future__ import annotations

from pathlib import Path

from prefect import task

from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import build_models, open_warehouse, table_counts


@task(retries=1, retry_delay_seconds=2)
def build_staging_and_intermediate(
    warehouse_path: Path, *, since_run_id: str | None = None
) -> dict[str, int]:
    """Build ``staging`` and ``intermediate``; returns the row count of every table built.

    With ``since_run_id`` (the last finished run that built staging with the current SQL), the per-article
    staging tables only take in the articles landed or extracted since; the cross-figure models are rebuilt
    by SQL over the whole of staging. Idempotent, so a retry or a rerun after a crash gives the same tables.
    """
    with open_warehouse(warehouse_path) as con:
        con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
        build_models(con, ["staging", "intermediate"], since_run_id=since_run_id)
        return {
            f"{schema}.{table}": rows
            for schema in ("staging", "intermediate")
            for table, rows in table_counts(con, schema).items()
        }
