"""Model stage: materialise the staging and intermediate SQL models over everything landed so far."""

from __future__ import annotations

from pathlib import Path

from prefect import task

from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import build_models, open_warehouse, table_counts


@task(retries=1, retry_delay_seconds=2)
def build_staging_and_intermediate(warehouse_path: Path) -> dict[str, int]:
    """Rebuild ``staging`` and ``intermediate``; returns the row count of every table built."""
    with open_warehouse(warehouse_path) as con:
        con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
        build_models(con, ["staging", "intermediate"])
        return {
            f"{schema}.{table}": rows
            for schema in ("staging", "intermediate")
            for table, rows in table_counts(con, schema).items()
        }
