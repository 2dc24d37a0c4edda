"""Ingest: list the inbox, decode each file, and land new articles and a ledger row per file.

Decoding is pure (``prakerja_dq.textio``); this module reads files and writes the warehouse. An article's
identity is the hash of its normalised text, so the same article under two names, or with different trailing
whitespace, is ingested once and the other file is recorded as a duplicate.

Runs are incremental: the ledger keeps each file's size and modification time (``mtime_ns``), and a regular
file whose path, size and mtime equal a ledger row with a content hash is not opened again. Listing a huge
inbox costs one ``lstat`` per file; only new and changed files are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import operator
import os
import re
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from prakerja_dq.textio import UnreadableArticle, article_id_for, decode_bytes

LEDGER_COLUMNS: dict[str, pl.DataType] = {
    "run_id": pl.String(),
    "path": pl.String(),
    "content_sha256": pl.String(),
    "article_id": pl.String(),
    "size_bytes": pl.Int64(),
    "mtime_ns": pl.Int64(),
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
LISTING_COLUMNS: dict[str, pl.DataType] = {
    "path": pl.String(),
    "size_bytes": pl.Int64(),
    "mtime_ns": pl.Int64(),
}
# A file modified this recently when read may be rewritten within the same clock tick without its size or
# mtime changing, so its mtime is not recorded and the next run reads it again (git's "racily clean" files).
RACY_MTIME_NS = 2_000_000_000
# DuckDB checkpoints its write-ahead log into the database file when the log grows past this, during ingest.
CHECKPOINT_THRESHOLD = "256MB"
# The inbox is listed and compared with the ledger this many entries at a time (~10 MB each).
LISTING_CHUNK_ROWS = 100_000
_NAME = operator.attrgetter("name")
# An article with more numbers than this is a table or a data dump, not a news article (a long feature has a
# few hundred; the synthetic corpora at most ~45), and is rejected with a reason. The within-article checks
# compare an article's figures in pairs and triples (intermediate.wave_part_sums, metric_order_pairs...), so
# their work grows with the square or cube of one article's figures: one 10 MB file of 350.000 numbers ran
# the model stage out of DuckDB's memory.
MAX_ARTICLE_NUMBERS = 1_000
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ASCII_DIGITS = "0123456789"


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
    return [Path(path) for path, _, _ in _walk_inbox(inbox, with_stat=False)]


def scan_inbox(inbox: Path) -> pl.DataFrame:
    """``list_inbox`` as a frame (path, size_bytes, mtime_ns), with the size and mtime of regular files.

    One ``lstat`` per regular file (``os.scandir`` already knows each entry's type); other entries (links,
    pipes, folders listed as links or hidden) have null size and mtime, so they are never taken as unchanged.
    """
    return pl.concat(scan_inbox_chunks(inbox, rows=None), how="vertical")


def scan_inbox_chunks(inbox: Path, *, rows: int | None = LISTING_CHUNK_ROWS) -> Iterator[pl.DataFrame]:
    """``scan_inbox`` in frames of at most ``rows`` entries (all in one frame when ``rows`` is None).

    Memory stays bounded however many files the inbox holds: the walk keeps only the folders it is in
    and the entries of the chunk being filled. The first frame may be empty (an empty inbox); no other is.
    """
    walk = _walk_inbox(inbox, with_stat=True)
    for number in itertools.count():
        chunk = list(itertools.islice(walk, rows))
        if chunk or number == 0:
            paths, sizes, mtimes = zip(*chunk, strict=True) if chunk else ((), (), ())
            yield pl.DataFrame(
                {"path": list(paths), "size_bytes": list(sizes), "mtime_ns": list(mtimes)},
                schema=LISTING_COLUMNS,
            )
        if rows is None or len(chunk) < rows:
            return


def _walk_inbox(inbox: Path, *, with_stat: bool) -> Iterator[tuple[str, int | None, int | None]]:
    """Path (as ``str(Path)`` spells it), size and mtime of every listed entry, in sorted-``Path`` order.

    Depth first, each folder sorted by name, which is how ``Path`` objects sort (part by part). Like
    ``os.walk``: folders are walked unless hidden or links, and a folder that cannot be listed is passed
    over. The walk keeps its own stack, so deep nesting cannot exhaust Python's recursion limit. This loop
    runs once per inbox entry (a million on a big inbox), so it is written for speed. A missing inbox raises
    ``FileNotFoundError`` at once, not at the first entry.
    """
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise FileNotFoundError(f"input folder {inbox} does not exist or is not a folder")
    return _walk_entries(str(inbox), with_stat=with_stat)


def _walk_entries(root: str, *, with_stat: bool) -> Iterator[tuple[str, int | None, int | None]]:
    stack = [("" if root == "." else root if root.endswith("/") else root + "/", iter(_sorted_folder(root)))]
    while stack:
        prefix, entries = stack[-1]
        for entry in entries:
            name = entry.name
            path = prefix + name
            try:
                regular = entry.is_file(follow_symlinks=False)
                if not (regular or name.startswith(".") or entry.is_symlink()) and entry.is_dir():
                    stack.append((path + "/", iter(_sorted_folder(path))))
                    break
            except OSError:
                regular = False
            info = None
            if regular and with_stat:
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
            if info is None:
                yield path, None, None
            else:
                yield path, info.st_size, info.st_mtime_ns
        else:
            stack.pop()


def _sorted_folder(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=_NAME)
    except OSError:
        return []


def path_range(paths: pl.Series) -> dict[str, str | None]:
    """The first and last of ``paths`` in sort order, as query parameters ``first_path`` and ``last_path``.

    Ledger rows are appended in listing order, which is sorted by path, so DuckDB's zone maps skip the
    ledger's row groups outside a batch's range: a lookup by path stays about as cheap at a million rows.

    >>> path_range(pl.Series(["inbox/b.txt", "inbox/a.txt", "inbox/c/d.txt"]))
    {'first_path': 'inbox/a.txt', 'last_path': 'inbox/c/d.txt'}
    """
    return {"first_path": paths.min(), "last_path": paths.max()}


def changed_paths(con: duckdb.DuckDBPyConnection, listing: pl.DataFrame) -> list[str]:
    """Listed paths that must be read, in listing order: all but the unchanged files.

    A file is unchanged when its path, size and mtime equal a ledger row with a content hash (accepted,
    duplicate, or rejected after reading): it is accounted for and is not opened again. One anti-join, over
    the ledger rows within the listing's range of paths (see ``path_range``).
    """
    inbox_listing = listing.with_row_index("position")  # noqa: F841 - DuckDB replacement scan
    positions = con.sql(
        """
        select listing.position
        from inbox_listing as listing
        where not exists (
            select 1 from raw.ingest_ledger as ledger
            where ledger.path = listing.path
              and ledger.size_bytes = listing.size_bytes
              and ledger.mtime_ns = listing.mtime_ns
              and ledger.content_sha256 is not null
              and ledger.path between $first_path and $last_path
        )
        order by listing.position
        """,
        params=path_range(listing.get_column("path")),
    ).pl()
    return listing.get_column("path").gather(positions.get_column("position")).to_list()


def read_files(paths: Sequence[str | os.PathLike], *, run_id: str, max_file_bytes: int) -> IngestResult:
    """Read and decode a batch of files: one ledger row per file, one article per distinct text."""
    now = datetime.now(UTC).replace(tzinfo=None)
    ledger: list[dict] = []
    articles: list[dict] = []
    first_path_of: dict[str, str] = {}
    for entry in paths:
        path = os.fspath(entry)
        row = _read_one(path, max_file_bytes=max_file_bytes)
        text = row.pop("text", None)
        encoding = row.pop("encoding", None)
        row["run_id"], row["path"], row["seen_at"] = run_id, path, now
        article_id = row["article_id"]
        if article_id is not None and article_id in first_path_of:
            row["status"], row["reason"] = "duplicate", f"same article as {first_path_of[article_id]}"
        elif article_id is not None:
            first_path_of[article_id] = path
            articles.append(
                {
                    "article_id": article_id,
                    "doc": _stem(path),
                    "source_path": path,
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


def _stem(path: str) -> str:
    """``Path(path).stem``, without building a ``Path`` per file.

    >>> [_stem(path) for path in ("inbox/a.b.txt", "inbox/.txt", "inbox/a.", "a")] == [
    ...     Path(path).stem for path in ("inbox/a.b.txt", "inbox/.txt", "inbox/a.", "a")]
    True
    """
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _read_one(path: str, *, max_file_bytes: int) -> dict:
    """Ledger fields for one file, plus its text and encoding when it is an accepted article.

    The file is opened non-blocking and checked on the open descriptor, so a named pipe or device is
    refused at once instead of blocking the run, and a file swapped after listing cannot slip through.
    Size and mtime come from that same ``fstat``, taken before reading: if the file changes while it is read,
    the next run sees another mtime and reads it again.
    """
    if os.path.basename(path).startswith("."):
        return _rejected("hidden file or folder (name starts with '.'), not read")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        if os.path.islink(path) and not os.path.exists(path):
            return _rejected(f"broken symbolic link to {os.readlink(path)}")
        return _rejected(f"cannot read file: {error.strerror or error}")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return _rejected(f"not a regular file ({_file_kind(info.st_mode)})")
        mtime_ns = _trusted_mtime(info.st_mtime_ns)
        if info.st_size > max_file_bytes:
            return _rejected(
                _too_large(info.st_size, max_file_bytes),
                size=info.st_size,
                digest=_sha256_of(descriptor),
                mtime_ns=mtime_ns,
            )
        data = _read_at_most(descriptor, max_file_bytes + 1, expected=info.st_size)
    except OSError as error:
        return _rejected(f"cannot read file: {error.strerror or error}")
    finally:
        os.close(descriptor)
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > max_file_bytes:
        return _rejected(
            _too_large(len(data), max_file_bytes), size=len(data), digest=digest, mtime_ns=mtime_ns
        )
    try:
        decoded = decode_bytes(data)
    except UnreadableArticle as error:
        return _rejected(str(error), size=len(data), digest=digest, mtime_ns=mtime_ns)
    if reason := too_many_numbers(decoded.text):
        return _rejected(reason, size=len(data), digest=digest, mtime_ns=mtime_ns)
    return {
        "content_sha256": digest,
        "article_id": article_id_for(decoded.text),
        "size_bytes": len(data),
        "mtime_ns": mtime_ns,
        "status": "accepted",
        "reason": None,
        "text": decoded.text,
        "encoding": decoded.encoding,
    }


def _trusted_mtime(mtime_ns: int) -> int | None:
    """The mtime to record, or None when the file was modified too recently to vouch for its bytes."""
    return mtime_ns if mtime_ns <= time.time_ns() - RACY_MTIME_NS else None


def _read_at_most(descriptor: int, limit: int, *, expected: int) -> bytes:
    """Bytes up to end of file or ``limit``: one read of the size ``fstat`` gave, then one to see the end.

    (``BufferedReader.read(limit)`` allocates ``limit`` bytes up front: 20 MB for every 2 kB article.)
    """
    chunks = []
    want = min(expected + 1, limit)
    while limit > 0:
        chunk = os.read(descriptor, min(want, limit))
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
        want = 1 << 20
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def too_many_numbers(text: str, limit: int = MAX_ARTICLE_NUMBERS) -> str | None:
    """The reason to reject a text with more than ``limit`` numbers (see MAX_ARTICLE_NUMBERS), else None.

    >>> too_many_numbers("Rp 3.550.000 untuk 5,9 juta peserta") is None
    True
    >>> too_many_numbers("1 2 3", limit=2)
    'too many numbers for one article: more than 2 (a table or data dump, not a news article)'
    """
    if text.isascii() and sum(map(text.count, ASCII_DIGITS)) <= limit:  # too few digits to hold that many
        return None
    numbers = _NUMBER.finditer(text)
    if next(itertools.islice(numbers, limit, None), None) is None:
        return None
    return f"too many numbers for one article: more than {limit:,} (a table or data dump, not a news article)"


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


def _rejected(
    reason: str, *, size: int | None = None, digest: str | None = None, mtime_ns: int | None = None
) -> dict:
    return {
        "content_sha256": digest,
        "article_id": None,
        "size_bytes": size,
        "mtime_ns": mtime_ns if digest is not None else None,
        "status": "rejected",
        "reason": reason,
    }


def _sha256_of(descriptor: int) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: os.read(descriptor, 1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def write_ingest(con: duckdb.DuckDBPyConnection, result: IngestResult) -> dict[str, int]:
    """Append what is new in one batch, in one transaction; returns ledger rows added per status.

    A file already recorded with the same bytes (path and content hash) is skipped, as it is accounted
    for, but its row takes the file's current mtime so that the next run skips it without reading it;
    unreadable files are recorded once per path and reason; an article already landed from another file
    makes this file a duplicate. Everything moves through Arrow; nothing is inserted row by row.

    The ledger is read only within the batch's range of paths and the articles only at the batch's ids, so
    a batch costs the same however big the warehouse is (reading all of both made a 1,000,000-file first
    run quadratic: 500 batches, each hashing the whole ledger).
    """
    batch_ledger, batch_articles = result.ledger, result.articles  # noqa: F841 - DuckDB replacement scans
    paths = path_range(result.ledger.get_column("path"))
    article_ids = result.ledger.get_column("article_id").drop_nulls().unique().to_list()
    con.execute("begin transaction")
    try:
        con.execute(
            """
            create or replace temp table new_ledger as
            with batch as (select * from batch_ledger),
            ledger_in_range as (
                select path, content_sha256, reason from raw.ingest_ledger
                where path between $first_path and $last_path
            ),
            unseen as (
                select * from batch
                where not exists (
                    select 1 from ledger_in_range as ledger
                    where ledger.path = batch.path
                      and (batch.content_sha256 is not null and ledger.content_sha256 = batch.content_sha256
                           or batch.content_sha256 is null and ledger.content_sha256 is null
                              and ledger.reason is not distinct from batch.reason))
            ),
            landed as (
                select article_id, source_path from raw.articles where article_id in $article_ids
            )
            select
                unseen.* replace (
                    case when unseen.status = 'accepted' and landed.article_id is not null
                         then 'duplicate' else unseen.status end as status,
                    case when unseen.status = 'accepted' and landed.article_id is not null
                         then 'same article as ' || landed.source_path else unseen.reason end as reason
                )
            from unseen
            left join landed on landed.article_id = unseen.article_id
            """,
            {**paths, "article_ids": article_ids},
        )
        # Files read again whose bytes are recorded (touched, or from before mtime_ns): their row takes the
        # current mtime. Only such batches pay for the update's scan of the ledger (a first run has none).
        con.execute(
            """
            create or replace temp table recorded as
            select path, content_sha256, mtime_ns from batch_ledger as batch
            where content_sha256 is not null and mtime_ns is not null
              and not exists (
                  select 1 from new_ledger
                  where new_ledger.path = batch.path and new_ledger.content_sha256 = batch.content_sha256)
            """
        )
        if con.execute("select count(*) from recorded").fetchone()[0]:
            con.execute(
                """
                update raw.ingest_ledger as ledger
                set mtime_ns = recorded.mtime_ns
                from recorded
                where ledger.path = recorded.path
                  and ledger.content_sha256 = recorded.content_sha256
                  and ledger.mtime_ns is distinct from recorded.mtime_ns
                  and ledger.path between $first_path and $last_path
                """,
                paths,
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
        con.execute("drop table recorded")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return added
