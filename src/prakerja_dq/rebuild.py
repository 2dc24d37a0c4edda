"""Restore a warehouse from the inbox and the ledger, into a new file swapped in when it is complete.

The ledger is the one published in ``marts.ingest_ledger`` (``published.duckdb``): every file ever seen,
with its content hash, status, reason and the run that first saw it. Its rows go back into
``raw.ingest_ledger`` as they were, so rejected and duplicate files keep their accounting and every file
its first-seen run id. The text of each accepted article is read again from its file, and kept only if the
file still has the bytes the ledger recorded (same SHA-256); such a file also gets its size and mtime back,
so the next run does not read it again. An accepted file that is gone or changed is reported as lost.

Everything else (extraction, models, validation, marts) is derived: the pipeline run that ``prakerja
rebuild`` starts on the new file recomputes it. Only then is the new file swapped in for the damaged one,
which is kept beside it as ``warehouse.duckdb.damaged``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from prakerja_dq.health import seal, seal_path
from prakerja_dq.ingest import read_files
from prakerja_dq.warehouse import open_warehouse

REBUILD_PREFIX = ".warehouse.rebuild-"
LEDGER_TABLE = "marts.ingest_ledger"
PUBLISHED_LEDGER = f"published_marts.{LEDGER_TABLE}"  # the published file, attached read-only


@dataclass
class Restored:
    """What the restore put back."""

    ledger_rows: int = 0
    articles: int = 0
    lost: list[str] = field(default_factory=list)  # accepted files gone, or changed since they were read
    ledger_source: str = ""


def rebuild_path(warehouse: Path, token: str) -> Path:
    """The new file, beside the warehouse (same file system, so the swap is a rename).

    >>> rebuild_path(Path("home/warehouse.duckdb"), "abc").as_posix()
    'home/.warehouse.rebuild-abc.duckdb'
    """
    return warehouse.with_name(f"{REBUILD_PREFIX}{token}.duckdb")


def remove_stale_rebuilds(warehouse: Path) -> list[Path]:
    """Delete new files (with their WAL, seal and spill folder) left by rebuilds that died; call it holding
    the run lock."""
    stale = sorted(warehouse.parent.glob(f"{REBUILD_PREFIX}*"))
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale


def published_ledger_problem(published: Path) -> str | None:
    """Why the published ledger cannot be used, or None when it can."""
    if not published.exists():
        return f"{published} does not exist"
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            con.execute(f"select count(*) from {LEDGER_TABLE}").fetchall()
    except duckdb.Error as error:
        return f"{published} has no readable {LEDGER_TABLE} ({' '.join(str(error).split())[:120]})"
    return None


def restore_raw(
    target: Path, *, published: Path | None, max_file_bytes: int, batch_size: int = 5000
) -> Restored:
    """Create ``target`` with the ledger and the articles of the published ledger (none if ``published`` is
    None: the pipeline then reads the whole inbox as new), and seal it."""
    restored = Restored(ledger_source=str(published) if published else "none: every inbox file is read again")
    with open_warehouse(target) as con:
        if published is not None:
            quoted = str(published).replace("'", "''")
            con.execute(f"attach '{quoted}' as published_marts (read_only)")
            try:
                _restore_ledger(con, restored)
                _restore_articles(con, restored, max_file_bytes=max_file_bytes, batch_size=batch_size)
            finally:
                con.execute("detach published_marts")
    seal(target)
    return restored


def _restore_ledger(con: duckdb.DuckDBPyConnection, restored: Restored) -> None:
    """Every published ledger row back in ``raw.ingest_ledger``; mtimes only for files read again below."""
    con.execute(
        f"""
        insert into raw.ingest_ledger
            (run_id, path, content_sha256, article_id, size_bytes, mtime_ns, status, reason, seen_at)
        select first_seen_run_id, path, content_sha256, article_id, size_bytes, null, status, reason,
               first_seen_at
        from {PUBLISHED_LEDGER}
        """
    )
    restored.ledger_rows = con.execute("select count(*) from raw.ingest_ledger").fetchall()[0][0]


def _restore_articles(
    con: duckdb.DuckDBPyConnection, restored: Restored, *, max_file_bytes: int, batch_size: int
) -> None:
    """Read every accepted file again; land its article if its bytes are the ones the ledger recorded."""
    reader = con.cursor()
    accepted = reader.sql(
        f"""
        select path, content_sha256, article_id, first_seen_run_id as run_id, first_seen_at as ingested_at
        from {PUBLISHED_LEDGER}
        where status = 'accepted'
        order by path
        """
    ).to_arrow_reader(batch_size)
    con.execute("create temp table restored_mtimes (path varchar, content_sha256 varchar, mtime_ns bigint)")
    for arrow_batch in accepted:
        batch = pl.from_arrow(arrow_batch)
        if batch.height:
            _restore_batch(con, batch, restored, max_file_bytes=max_file_bytes)
    reader.close()
    con.execute(
        """
        update raw.ingest_ledger as ledger
        set mtime_ns = restored_mtimes.mtime_ns
        from restored_mtimes
        where ledger.path = restored_mtimes.path and ledger.content_sha256 = restored_mtimes.content_sha256
        """
    )
    con.execute("drop table restored_mtimes")


def _restore_batch(
    con: duckdb.DuckDBPyConnection, batch: pl.DataFrame, restored: Restored, *, max_file_bytes: int
) -> None:
    read = read_files(batch.get_column("path").to_list(), run_id="rebuild", max_file_bytes=max_file_bytes)
    texts = read.articles.select("source_path", "doc", "encoding", "text").rename({"source_path": "path"})
    current = read.ledger.select("path", "content_sha256", "mtime_ns")
    same_bytes = batch.join(current, on=["path", "content_sha256"], how="inner").join(
        texts, on="path", how="inner"
    )
    articles = same_bytes.select(  # noqa: F841 - DuckDB replacement scan
        "article_id", "doc", pl.col("path").alias("source_path"), "content_sha256", "encoding", "text",
        "run_id", "ingested_at",
    )  # fmt: skip
    mtimes = same_bytes.select("path", "content_sha256", "mtime_ns")  # noqa: F841 - DuckDB replacement scan
    con.execute("begin transaction")
    try:
        con.execute("insert into raw.articles by name select * from articles")
        con.execute("insert into restored_mtimes select * from mtimes")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    restored.articles += same_bytes.height
    restored.lost.extend(sorted(set(batch.get_column("path")) - set(same_bytes.get_column("path"))))


def swap_in_warehouse(new: Path, warehouse: Path) -> Path | None:
    """Put the new file in the warehouse's place in one rename; the old one stays as ``<name>.damaged``.

    Returns where the old file was kept (None if there was none). The old file's WAL is removed first, so
    DuckDB can never replay it onto the new file.
    """
    with contextlib.closing(duckdb.connect(str(new))) as con:
        con.execute("checkpoint")  # the new file alone holds everything: no WAL travels with it
    kept = None
    if warehouse.exists():
        kept = warehouse.with_name(warehouse.name + ".damaged")
        kept.unlink(missing_ok=True)
        os.link(warehouse, kept)
    Path(f"{warehouse}.wal").unlink(missing_ok=True)
    with new.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(new, warehouse)
    seal_path(new).unlink(missing_ok=True)
    directory = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    seal(warehouse)
    return kept
