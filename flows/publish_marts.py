"""Publish stage: build the marts from validated rows and swap in a complete snapshot file atomically.

The marts are extended by the keys whose rows changed since their last build where that stays exact
(``prakerja_dq.marts``), else built whole. The new snapshot is the published one copied and brought up to
date by the marts' changed rows (``prakerja_dq.publish.write_snapshot``).
"""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from prakerja_dq.failpoints import failpoint
from prakerja_dq.marts import build_marts
from prakerja_dq.publish import parquet_dir, remove_stale_snapshots, swap_in, write_parquet, write_snapshot
from prakerja_dq.task_retries import warn_then_retry
from prakerja_dq.warehouse import open_warehouse, table_counts


@task(retries=1, retry_delay_seconds=2, retry_condition_fn=warn_then_retry)
def publish_marts(warehouse_path: Path, published_path: Path, *, run_id: str) -> dict[str, int]:
    """Build ``marts`` for this run, publish them as a new snapshot file, then as Parquet; rows per mart.

    Parquet files are rewritten only for the marts whose content changed (``prakerja_dq.publish``).
    """
    with open_warehouse(warehouse_path) as con:
        built = build_marts(con, run_id=run_id)
        counts = table_counts(con, "marts")
        remove_stale_snapshots(published_path)
        temporary = published_path.with_name(f".{published_path.stem}.{run_id}.tmp")
        write_snapshot(
            con,
            temporary,
            run_id=run_id,
            tables=list(counts),
            previous=published_path,
            changed=built.changed,
            changed_since=built.previous_run_id,
        )
        failpoint("publish.before_swap")
        swap_in(temporary, published_path)
        write_parquet(con, parquet_dir(published_path), run_id=run_id, tables=counts)
    return counts


@task(cache_policy=NO_CACHE)
def write_report(warehouse_path: Path, *, run_id: str, report_dir: Path) -> Path:
    """Write the browser report of this run from its marts (claims, timelines, findings); the index path."""
    from prakerja_dq.report.build import build_claims_report

    return build_claims_report(
        warehouse_path,
        run_id=run_id,
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    )
