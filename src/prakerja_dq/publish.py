"""Published snapshots: the marts copied to a new file, then swapped in for the old one atomically.

Readers (``prakerja sql``, the DuckDB CLI) open the published file read-only. A new snapshot is written to
a temporary file beside it, checkpointed, fsynced and renamed over the old one, so a reader sees either the
previous snapshot or the new one, never half of a run, and a crash leaves the last good snapshot in place.
The file is written in DuckDB's v1.2.0 storage format, which the DuckDB 1.5 CLI (PyPI) opens.

A run publishes only when something changed (the run ledger, ``prakerja_dq.run_ledger``). Every mart is
also written as Parquet (``<home>/parquet/<mart>.parquet``) for other engines, each file atomically and only
when the mart's content fingerprint (row count and an order-free hash of its rows) differs from the one in
``<home>/parquet/catalogue.json``, which names the run each file was written by.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

SNAPSHOT_ALIAS = "snapshot"
# A storage format the DuckDB 1.5.x CLI from PyPI reads (it cannot read DuckDB 2.x's default format);
# tests/prakerja_dq/test_publish_duckdb_cli.py opens a published file with that CLI.
PUBLISHED_STORAGE_VERSION = "v1.2.0"
PARQUET_DIR_NAME = "parquet"
CATALOGUE_NAME = "catalogue.json"


def remove_stale_snapshots(published: Path) -> list[Path]:
    """Delete snapshot and Parquet files (and their WAL) left by runs that died before their swap.

    Call it while holding the warehouse's write connection: no other run can be publishing then.
    """
    stale = sorted(published.parent.glob(f".{published.stem}.*.tmp*"))
    stale += sorted(parquet_dir(published).glob(".*.tmp*"))
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
    _fsync_folder(published.parent)


def parquet_dir(published: Path) -> Path:
    return published.parent / PARQUET_DIR_NAME


def table_fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Row count and order-free hash of every row of ``marts.<table>``: equal contents, equal fingerprint."""
    rows, hashed = con.execute(
        f"select count(*), coalesce(bit_xor(hash(t)), 0) from marts.{table} as t"
    ).fetchone()
    return f"{rows}:{hashed:016x}"


def read_catalogue(directory: Path) -> dict:
    """The Parquet catalogue (run id, and per mart its rows, fingerprint, writer); empty if unreadable."""
    try:
        return json.loads((directory / CATALOGUE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_parquet(
    con: duckdb.DuckDBPyConnection, directory: Path, *, run_id: str, tables: dict[str, int]
) -> list[str]:
    """Write each mart whose fingerprint changed as ``<directory>/<mart>.parquet``; returns the marts written.

    Each file goes to a temporary name, is fsynced and renamed over the old one; then the catalogue is
    replaced the same way. A mart whose content is unchanged keeps its file and its ``written_by`` run.
    """
    directory.mkdir(parents=True, exist_ok=True)
    previous = read_catalogue(directory).get("tables", {})
    entries: dict[str, dict] = {}
    written = []
    for table, rows in tables.items():
        fingerprint = table_fingerprint(con, table)
        target = directory / f"{table}.parquet"
        kept = previous.get(table, {})
        if kept.get("fingerprint") == fingerprint and target.exists():
            entries[table] = kept
            continue
        temporary = directory / f".{table}.{run_id}.tmp.parquet"
        quoted = str(temporary).replace("'", "''")
        con.execute(f"copy marts.{table} to '{quoted}' (format parquet)")
        _replace_durably(temporary, target)
        entries[table] = {"rows": rows, "fingerprint": fingerprint, "written_by": run_id}
        written.append(table)
    catalogue = directory / f".{CATALOGUE_NAME}.{run_id}.tmp"
    catalogue.write_text(json.dumps({"run_id": run_id, "tables": entries}, indent=2) + "\n", encoding="utf-8")
    _replace_durably(catalogue, directory / CATALOGUE_NAME)
    _fsync_folder(directory)
    return written


def _replace_durably(temporary: Path, target: Path) -> None:
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def _fsync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
