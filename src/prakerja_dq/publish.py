"""Published snapshots: the marts copied to a new file, then swapped in for the old one atomically.

Readers (``prakerja sql``, the DuckDB CLI) open the published file read-only. A new snapshot is written to
a temporary file beside it, checkpointed, fsynced and renamed over the old one, so a reader sees either the
previous snapshot or the new one, never half of a run, and a crash leaves the last good snapshot in place.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

SNAPSHOT_ALIAS = "snapshot"
# A storage format the DuckDB 1.5.x CLI from PyPI reads (it cannot read DuckDB 2.x's default format);
# tests/prakerja_dq/test_publish_duckdb_cli.py opens a published file with that CLI.
PUBLISHED_STORAGE_VERSION = "v1.2.0"


def remove_stale_snapshots(published: Path) -> list[Path]:
    """Delete snapshot files (and their WAL) left by runs that died before the swap; returns them.

    Call it while holding the warehouse's write connection: no other run can be publishing then.
    """
    stale = sorted(published.parent.glob(f".{published.stem}.*.tmp*"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def write_snapshot(con: duckdb.DuckDBPyConnection, target: Path, *, run_id: str, tables: list[str]) -> None:
    """Copy the given marts tables, plus a publication record, into a new DuckDB file."""
    quoted = str(target).replace("'", "''")
    con.execute(f"attach '{quoted}' as {SNAPSHOT_ALIAS} (storage_version '{PUBLISHED_STORAGE_VERSION}')")
    try:
        con.execute(f"create schema {SNAPSHOT_ALIAS}.marts")
        for table in tables:
            con.execute(f"create table {SNAPSHOT_ALIAS}.marts.{table} as select * from marts.{table}")
        con.execute(
            f"create table {SNAPSHOT_ALIAS}.marts.publication as select ? as run_id, ? as published_at",
            [run_id, datetime.now(UTC).replace(tzinfo=None)],
        )
        con.execute(f"checkpoint {SNAPSHOT_ALIAS}")
    finally:
        con.execute(f"detach {SNAPSHOT_ALIAS}")


def swap_in(temporary: Path, published: Path) -> None:
    """Atomically replace the published file with the new snapshot."""
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
