"""Ingest stage: account for every file of the inbox (the work is in ``prakerja_dq.ingest``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import duckdb
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from prakerja_dq.failpoints import failpoint
from prakerja_dq.ingest import (
    CHECKPOINT_THRESHOLD,
    LISTING_CHUNK_ROWS,
    IngestResult,
    changed_paths,
    read_files,
    scan_inbox_chunks,
    write_ingest,
)
from prakerja_dq.progress import current_progress
from prakerja_dq.task_retries import warn_then_retry
from prakerja_dq.warehouse import open_warehouse, streaming_memory


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE, retry_condition_fn=warn_then_retry)
def read_inbox_batch(paths: Sequence[str | os.PathLike], *, run_id: str, max_file_bytes: int) -> IngestResult:
    """Read and decode a batch of files: one ledger row per file, one article per distinct text."""
    return read_files(paths, run_id=run_id, max_file_bytes=max_file_bytes)


@flow(name="ingest-inbox")
def ingest_inbox(
    input_dir: Path, warehouse_path: Path, *, run_id: str, batch_size: int, max_file_bytes: int
) -> dict[str, int]:
    """Account for every file of the inbox; returns the ledger rows this run added, by status.

    Also ``unchanged``, the files not read because the ledger already accounts for them as they are, and
    ``files``, every entry listed.
    """
    added: dict[str, int] = {"accepted": 0, "duplicate": 0, "rejected": 0, "unchanged": 0, "files": 0}
    with open_warehouse(warehouse_path) as con, streaming_memory(con):
        progress = current_progress()
        # Commits stay durable in the write-ahead log; checkpointing it every 16 MB (DuckDB's default)
        # rewrites the tables' last row groups over and over and made up half the time of a first run.
        con.execute(f"set checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        try:
            # The inbox is listed chunk by chunk, so neither the listing nor the paths to read grow with it;
            # the number of files to read is known up front only when the inbox fits in one chunk.
            for number, listing in enumerate(scan_inbox_chunks(input_dir, rows=LISTING_CHUNK_ROWS)):
                paths = changed_paths(con, listing)
                if number == 0:
                    single = listing.height < LISTING_CHUNK_ROWS
                    progress.stage_started("ingest", unit="files", total=len(paths) if single else None)
                added["files"] += listing.height
                added["unchanged"] += listing.height - len(paths)
                del listing
                for start in range(0, len(paths), batch_size):
                    batch = read_inbox_batch(
                        paths[start : start + batch_size], run_id=run_id, max_file_bytes=max_file_bytes
                    )
                    written = write_ingest(con, batch)
                    for status, count in written.items():
                        added[status] += count
                    accepted = written.get("accepted", 0)
                    progress.stage_advanced("ingest", done=batch.ledger.height, articles=accepted)
                    failpoint("ingest.after_batch")
        finally:
            with contextlib.suppress(duckdb.Error):  # never hide the error that ended the loop
                con.execute("reset checkpoint_threshold")
    return added
