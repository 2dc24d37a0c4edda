"""Ingest stage: list the inbox, decode each file, and land new articles and a ledger row per file.

Decoding is pure (``flows.textio``); this module reads files and writes the warehouse. An article's identity
is the hash of its normalised text, so the same article under two names, or with different trailing
whitespace, is ingested once and the other file is recorded as a duplicate.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import duckdb
import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.failpoints import failpoint
from flows.textio import UnreadableArticle, article_id_for, decode_bytes
from flows.warehouse import open_warehouse

LEDGER_COLUMNS: dict[str, pl.DataType] = {
    "run_id": pl.String(),
    "path": pl.String(),
    "content_sha256": pl.String(),
    "article_id": pl.String(),
    "size_bytes": pl.Int64(),
    "status": pl.String(),
    "reason": pl.String(),
    "seen_at": pl.Datetime("us"),
}
ARTICLE_COLUMNS: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "doc": pl.String(),
    "source_path": pl.String(),
    "content_sha256": pl.String(),
    "encoding": pl.String(),
    "text": pl.String(),
    "run_id": pl.String(),
    "ingested_at": pl.Datetime("us"),
}


@dataclass(frozen=True)
class IngestResult:
    """What one ingest batch produced: the new articles and one ledger row per file looked at."""

    articles: pl.DataFrame
    ledger: pl.DataFrame


def list_inbox(inbox: Path) -> list[Path]:
    """Every entry below the inbox that is not a folder we walk into, in a stable order.

    Hidden files and folders, and links to folders, are listed (not walked into) so that the ledger can
    record them as rejected: nothing in the inbox goes unaccounted.
    """
    if not inbox.is_dir():
        raise FileNotFoundError(f"input folder {inbox} does not exist or is not a folder")
    entries = []
    for root, dirs, names in os.walk(inbox):
        walked = sorted(d for d in dirs if not d.startswith(".") and not (Path(root) / d).is_symlink())
        entries.extend(Path(root) / d for d in dirs if d not in walked)
        dirs[:] = walked
        entries.extend(Path(root) / name for name in names)
    return sorted(entries)


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_files(paths: list[Path], *, run_id: str, max_file_bytes: int) -> IngestResult:
    """Read and decode a batch of files: one ledger row per file, one article per distinct text."""
    now = datetime.now(UTC).replace(tzinfo=None)
    ledger: list[dict] = []
    articles: list[dict] = []
    first_path_of: dict[str, str] = {}
    for path in paths:
        row = {"run_id": run_id, "path": str(path), "seen_at": now} | _read_one(
            path, max_file_bytes=max_file_bytes
        )
        text = row.pop("text", None)
        encoding = row.pop("encoding", None)
        article_id = row.get("article_id")
        if article_id is not None and article_id in first_path_of:
            row |= {"status": "duplicate", "reason": f"same article as {first_path_of[article_id]}"}
        elif article_id is not None:
            first_path_of[article_id] = str(path)
            articles.append(
                {
                    "article_id": article_id,
                    "doc": path.stem,
                    "source_path": str(path),
                    "content_sha256": row["content_sha256"],
                    "encoding": encoding,
                    "text": text,
                    "run_id": run_id,
                    "ingested_at": now,
                }
            )
        ledger.append(row)
    return IngestResult(
        articles=pl.DataFrame(articles, schema=ARTICLE_COLUMNS),
        ledger=pl.DataFrame(ledger, schema=LEDGER_COLUMNS),
    )


def _read_one(path: Path, *, max_file_bytes: int) -> dict:
    """Ledger fields for one file, plus its text and encoding when it is an accepted article.

    The file is opened non-blocking and checked on the open descriptor, so a named pipe or device is
    refused at once instead of blocking the run, and a file swapped after listing cannot slip through.
    """
    if path.name.startswith("."):
        return _rejected("hidden file or folder (name starts with '.'), not read", size=None, digest=None)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        if os.path.islink(path) and not os.path.exists(path):
            return _rejected(f"broken symbolic link to {os.readlink(path)}", size=None, digest=None)
        return _rejected(f"cannot read file: {error.strerror or error}", size=None, digest=None)
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        return _rejected(f"not a regular file ({_file_kind(info.st_mode)})", size=None, digest=None)
    with os.fdopen(descriptor, "rb") as handle:
        try:
            if info.st_size > max_file_bytes:
                return _rejected(
                    _too_large(info.st_size, max_file_bytes), size=info.st_size, digest=_sha256_of(handle)
                )
            data = handle.read(max_file_bytes + 1)
        except OSError as error:
            return _rejected(f"cannot read file: {error.strerror or error}", size=None, digest=None)
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > max_file_bytes:
        return _rejected(_too_large(len(data), max_file_bytes), size=len(data), digest=digest)
    try:
        decoded = decode_bytes(data)
    except UnreadableArticle as error:
        return _rejected(str(error), size=len(data), digest=digest)
    return {
        "content_sha256": digest,
        "article_id": article_id_for(decoded.text),
        "size_bytes": len(data),
        "status": "accepted",
        "reason": None,
        "text": decoded.text,
        "encoding": decoded.encoding,
    }


def _too_large(size: int, limit: int) -> str:
    return f"file too large: {size / 1e6:.1f} MB, the limit is {limit / 1e6:g} MB (PRAKERJA_MAX_FILE_MB)"


def _file_kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder; links to folders are not followed",
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
    }
    return next((kind for test, kind in kinds.items() if test(mode)), "a special file")


def _rejected(reason: str, *, size: int | None, digest: str | None) -> dict:
    return {
        "content_sha256": digest,
        "article_id": None,
        "size_bytes": size,
        "status": "rejected",
        "reason": reason,
    }


def _sha256_of(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def write_ingest(con: duckdb.DuckDBPyConnection, result: IngestResult) -> dict[str, int]:
    """Append what is new in one batch, in one transaction; returns ledger rows added per status.

    A file already recorded with the same bytes (path and content hash) is skipped, as it is accounted
    for; unreadable files are recorded once per path and reason; an article already landed from another
    file makes this file a duplicate. Everything moves through Arrow; nothing is inserted row by row.
    """
    batch_ledger, batch_articles = result.ledger, result.articles  # noqa: F841 - DuckDB replacement scans
    con.execute("begin transaction")
    try:
        con.execute(
            """
            create or replace temp table new_ledger as
            with batch as (select * from batch_ledger),
            unseen as (
                select * from batch
                where (content_sha256 is not null
                       and (path, content_sha256) not in (
                           select (path, content_sha256) from raw.ingest_ledger
                           where content_sha256 is not null))
                   or (content_sha256 is null
                       and (path, reason) not in (
                           select (path, reason) from raw.ingest_ledger where content_sha256 is null))
            )
            select
                unseen.* replace (
                    case when unseen.status = 'accepted' and landed.article_id is not null
                         then 'duplicate' else unseen.status end as status,
                    case when unseen.status = 'accepted' and landed.article_id is not null
                         then 'same article as ' || landed.source_path else unseen.reason end as reason
                )
            from unseen
            left join raw.articles as landed on landed.article_id = unseen.article_id
            """
        )
        con.execute(
            """
            insert into raw.articles by name
            select batch_articles.* from batch_articles
            join new_ledger using (article_id, content_sha256)
            where new_ledger.status = 'accepted'
            """
        )
        con.execute("insert into raw.ingest_ledger by name select * from new_ledger")
        added = dict(con.execute("select status, count(*) from new_ledger group by status").fetchall())
        con.execute("drop table new_ledger")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return added


@flow(name="ingest-inbox")
def ingest_inbox(
    input_dir: Path, warehouse_path: Path, *, run_id: str, batch_size: int, max_file_bytes: int
) -> dict[str, int]:
    """Account for every file of the inbox; returns the ledger rows this run added, by status."""
    paths = list_inbox(input_dir)
    added: dict[str, int] = {"accepted": 0, "duplicate": 0, "rejected": 0}
    with open_warehouse(warehouse_path) as con:
        for start in range(0, len(paths), batch_size):
            batch = read_files(
                paths[start : start + batch_size], run_id=run_id, max_file_bytes=max_file_bytes
            )
            for status, count in write_ingest(con, batch).items():
                added[status] += count
            failpoint("ingest.after_batch")
    added["files"] = len(paths)
    return added
