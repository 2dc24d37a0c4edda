"""Published snapshots: the marts written to a new file, then swapped in for the old one atomically.

Readers (``prakerja sql``, the DuckDB CLI) open the published file read-only. A new snapshot is written to
a temporary file beside it, checkpointed, fsynced and renamed over the old one, so a reader sees either the
previous snapshot or the new one, never half of a run, and a crash leaves the last good snapshot in place.
The file is written in DuckDB's v1.2.0 storage format, which the DuckDB 1.5 CLI (PyPI) opens.

The new file starts as a byte copy of the published one, and each mart in it is brought up to date by its
row changes only: rows no longer in the mart are deleted, rows new to it inserted (rows are told apart by
DuckDB's 64-bit ``hash`` of the whole row). A mart is written whole instead when it is new, its columns
changed, it holds duplicate rows, or more than ``DELTA_SHARE`` of it changed; without a readable published
file of the right storage version every mart is written whole. After 1.000 new articles on 100.000, 10.000
of 922.000 figures differ: the copy and the changes cost a fraction of writing the file again.

A run publishes only when something changed (the run ledger, ``prakerja_dq.run_ledger``). Every mart is
also written as Parquet (``<home>/parquet/<mart>.parquet``) for other engines, each file atomically and only
when the mart's content fingerprint (row count and an order-free hash of its rows) differs from the one in
``<home>/parquet/catalogue.json``, which names the run each file was written by.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

SNAPSHOT_ALIAS = "snapshot"
# A storage format the DuckDB 1.5.x CLI from PyPI reads (it cannot read DuckDB 2.x's default format);
# tests/prakerja_dq/test_publish_duckdb_cli.py opens a published file with that CLI.
PUBLISHED_STORAGE_VERSION = "v1.2.0"
PARQUET_DIR_NAME = "parquet"
CATALOGUE_NAME = "catalogue.json"
# A mart of which more than this share of rows changed is written whole: deleting most of a table leaves
# its old row groups behind in the file; a new table reuses the blocks the old one frees.
DELTA_SHARE = 0.25
WHOLE, DELTA, KEPT = "whole", "delta", "kept"


def remove_stale_snapshots(published: Path) -> list[Path]:
    """Delete snapshot and Parquet files (and their WAL) left by runs that died before their swap.

    Call it while holding the warehouse's write connection: no other run can be publishing then.
    """
    stale = sorted(published.parent.glob(f".{published.stem}.*.tmp*"))
    stale += sorted(parquet_dir(published).glob(".*.tmp*"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def write_snapshot(
    con: duckdb.DuckDBPyConnection,
    target: Path,
    *,
    run_id: str,
    tables: list[str],
    previous: Path | None = None,
    changed: dict[str, tuple[str, ...]] | None = None,
    changed_since: str | None = None,
) -> dict[str, str]:
    """Write the given marts tables, plus a publication record, to the DuckDB file ``target``.

    With ``previous`` (the published file), ``target`` starts as a copy of it and each mart is updated by
    its changed rows only (see the module's doc). ``changed`` names, per mart, a key column, a table of
    the only keys whose rows changed since the marts of run ``changed_since`` and optionally a run column
    (``marts.ChangedKeys``, made by ``marts.build_marts``): when ``previous`` was published by that run,
    such a mart's rows of those keys are replaced, and its run column set to ``run_id`` on every other row,
    without comparing whole tables. Returns how each mart was written: ``whole``, ``delta`` (rows deleted or
    inserted) or ``kept`` (no row changed).
    """
    target.unlink(missing_ok=True)
    if previous is not None and _is_publishable(previous):
        shutil.copyfile(previous, target)
    else:
        previous = None
    quoted = str(target).replace("'", "''")
    con.execute(f"attach '{quoted}' as {SNAPSHOT_ALIAS} (storage_version '{PUBLISHED_STORAGE_VERSION}')")
    written: dict[str, str] = {}
    try:
        con.execute(f"create schema if not exists {SNAPSHOT_ALIAS}.marts")
        existing = _snapshot_tables(con)
        keyed = changed or {}
        if previous is None or "publication" not in existing or _snapshot_run(con) != changed_since:
            keyed = {}
        for table in sorted(existing - {*tables, "publication"}):
            con.execute(f"drop table {SNAPSHOT_ALIAS}.marts.{table}")
        for table in tables:
            if previous is None or table not in existing or not _same_columns(con, table):
                _write_whole(con, table)
                written[table] = WHOLE
            elif table in keyed:
                written[table] = _apply_keyed(con, table, *keyed[table], run_id=run_id)
            else:
                written[table] = _apply_changes(con, table)
        con.execute(
            f"create or replace table {SNAPSHOT_ALIAS}.marts.publication as "
            "select ? as run_id, ? as published_at",
            [run_id, datetime.now(UTC).replace(tzinfo=None)],
        )
        con.execute(f"checkpoint {SNAPSHOT_ALIAS}")
    finally:
        con.execute(f"detach {SNAPSHOT_ALIAS}")
    return written


def _is_publishable(path: Path) -> bool:
    """Whether ``path`` is a DuckDB file in the published storage version that opens (a base to copy)."""
    if not path.is_file():
        return False
    try:
        with duckdb.connect() as probe:
            quoted = str(path).replace("'", "''")
            probe.execute(f"attach '{quoted}' as published (read_only)")
            tags = probe.execute(
                "select tags from duckdb_databases() where database_name = 'published'"
            ).fetchone()[0]
    except duckdb.Error:
        return False
    return str(tags.get("storage_version", "")).rstrip("+") == PUBLISHED_STORAGE_VERSION


def _snapshot_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = ? and schema_name = 'marts'",
        [SNAPSHOT_ALIAS],
    ).fetchall()
    return {name for (name,) in rows}


def _same_columns(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    def columns(database: str) -> list[tuple]:
        return con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = ? and schema_name = 'marts' and table_name = ? order by column_index",
            [database, table],
        ).fetchall()

    return columns(SNAPSHOT_ALIAS) == columns(_current_database(con))


def _current_database(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchone()[0]


def _write_whole(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute(f"create or replace table {SNAPSHOT_ALIAS}.marts.{table} as select * from marts.{table}")


def _snapshot_run(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(f"select run_id from {SNAPSHOT_ALIAS}.marts.publication").fetchone()
    return row[0] if row else None


def _apply_keyed(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: str,
    keys_table: str,
    run_column: str | None = None,
    *,
    run_id: str,
) -> str:
    """Replace the copied mart's rows of the keys in ``keys_table`` by the mart's; ``whole`` if not worth it.

    Exact when the copy holds the mart as it was before only those keys' rows changed, and, for a mart with
    a ``run_column``, before every row of it was set to ``run_id`` (``write_snapshot``).
    """
    snap = f"{SNAPSHOT_ALIAS}.marts.{table}"
    keys = con.execute(f"select count(*) from {keys_table}").fetchone()[0]
    rows = con.execute(f"select count(*) from {snap}").fetchone()[0]
    if keys > DELTA_SHARE * max(rows, 1):
        _write_whole(con, table)
        return WHOLE
    predicate = f"{key} in (select {key} from {keys_table}) or {key} is null"
    ((gone,),) = con.execute(f"delete from {snap} where {predicate}").fetchall()
    ((added,),) = con.execute(f"insert into {snap} select * from marts.{table} where {predicate}").fetchall()
    updated = 0
    if run_column is not None:
        ((updated,),) = con.execute(
            f"update {snap} set {run_column} = $run_id where {run_column} is distinct from $run_id",
            {"run_id": run_id},
        ).fetchall()
    return DELTA if gone or added or updated else KEPT


def _apply_changes(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Delete the rows of the copied mart that are gone, insert the new ones; ``whole`` if not worth it.

    Rows are matched by ``hash`` of the whole row, each side hashed once. That is exact when the new mart
    has no two rows of one hash (checked) and the counts agree afterwards (checked): both sides then hold
    the same set of hashes.
    """
    snap = f"{SNAPSHOT_ALIAS}.marts.{table}"
    con.execute(
        f"create or replace temp table publish_new as select rowid as r, hash(t) as h from marts.{table} t"
    )
    con.execute(
        f"create or replace temp table publish_old as select rowid as r, hash(s) as h from {snap} as s"
    )
    try:
        rows, distinct = con.execute("select count(*), count(distinct h) from publish_new").fetchone()
        old_rows = con.execute("select count(*) from publish_old").fetchone()[0]
        con.execute(
            "create or replace temp table publish_gone as "
            "select r from publish_old anti join publish_new using (h)"
        )
        con.execute(
            "create or replace temp table publish_added as "
            "select r from publish_new anti join publish_old using (h)"
        )
        gone = con.execute("select count(*) from publish_gone").fetchone()[0]
        added = con.execute("select count(*) from publish_added").fetchone()[0]
        if distinct != rows or gone + added > DELTA_SHARE * max(rows, old_rows, 1):
            _write_whole(con, table)
            return WHOLE
        if gone:
            con.execute(f"delete from {snap} where rowid in (select r from publish_gone)")
        if added:
            con.execute(
                f"insert into {snap} select * from marts.{table} where rowid in (select r from publish_added)"
            )
        if old_rows - gone + added != rows:
            _write_whole(con, table)  # two old rows of one hash: start the mart afresh
            return WHOLE
        return DELTA if gone or added else KEPT
    finally:
        for temporary in ("publish_new", "publish_old", "publish_gone", "publish_added"):
            con.execute(f"drop table if exists temp.{temporary}")


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


# A row group is buffered whole before it is written: at DuckDB's default of 122.880 rows, a row group of
# marts.findings (lists of evidence spans) outgrew the 1 GB cap at 1.000.000 articles.
PARQUET_OPTIONS = "format parquet, row_group_size_bytes '64MB'"


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
        con.execute(f"copy marts.{table} to '{quoted}' ({PARQUET_OPTIONS})")
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
