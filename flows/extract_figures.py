"""Extract stage: read articles not yet extracted, extract figures batch by batch, land them in ``raw``.

Extraction itself is pure and runs as one task per batch (on threads, or on Dask workers); the warehouse
is written only here, by the single DuckDB writer.
"""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path

import duckdb
import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from prakerja_dq.extraction import Extraction, extract_articles
from prakerja_dq.failpoints import fail_if_poisoned, failpoint
from prakerja_dq.progress import current_progress
from prakerja_dq.raw_figures import (
    ExtractSummary,
    count_unextracted,
    describe_articles,
    read_unextracted,
    record_extraction,
)
from prakerja_dq.warehouse import open_warehouse, streaming_memory

ISOLATION_ATTEMPTS = 32


@task(cache_policy=NO_CACHE, retries=0)
def extract_batch(articles: pl.DataFrame) -> Extraction:
    """Extract figures, dates and metadata from one batch of articles (``doc`` holds the article id)."""
    fail_if_poisoned("extract.poison", articles.get_column("text"))
    return extract_articles(articles)


@flow(name="extract-figures")
def extract_new_articles(
    warehouse_path: Path, *, run_id: str, batch_size: int, in_flight: int = 2
) -> ExtractSummary:
    """Extract every article landed but not yet extracted; a failing batch is reported, not fatal.

    At most ``in_flight`` batches are in memory at once, so memory does not grow with the inbox.
    """
    logger = get_run_logger()
    summary = ExtractSummary()
    with open_warehouse(warehouse_path) as con, streaming_memory(con):
        pending: deque[tuple[pl.DataFrame, PrefectFuture]] = deque()
        reader = con.cursor()
        current_progress().stage_started("extract", unit="articles", total=count_unextracted(con))
        for batch in read_unextracted(reader, batch_size=batch_size):
            pending.append((batch, extract_batch.submit(batch)))
            if len(pending) >= in_flight:
                _land_and_report(con, *pending.popleft(), run_id=run_id, summary=summary, logger=logger)
        while pending:
            _land_and_report(con, *pending.popleft(), run_id=run_id, summary=summary, logger=logger)
        reader.close()
    return summary


def _land_and_report(
    con: duckdb.DuckDBPyConnection, batch: pl.DataFrame, future: PrefectFuture, **landing
) -> None:
    """``_land_batch``, then the batch counts as done (its landed articles as articles) for the progress."""
    landed = landing["summary"].articles
    try:
        _land_batch(con, batch, future, **landing)
    finally:
        done = landing["summary"].articles - landed
        current_progress().stage_advanced("extract", done=batch.height, articles=done)


def _land_batch(
    con: duckdb.DuckDBPyConnection,
    batch: pl.DataFrame,
    future: PrefectFuture,
    *,
    run_id: str,
    summary: ExtractSummary,
    logger: logging.Logger | logging.LoggerAdapter,
) -> None:
    summary.batches += 1
    future.wait()
    state = future.state
    if state.is_completed():
        record_extraction(con, future.result(), run_id=run_id, summary=summary)
        failpoint("extract.after_batch")
        return
    first, last = batch["doc"][0], batch["doc"][-1]
    logger.warning(
        "extraction batch %s (%s articles, ids %s..%s) failed: %s; retrying its articles in smaller pieces",
        summary.batches,
        batch.height,
        first[:12],
        last[:12],
        state.message,
    )
    for piece, message in _retry_in_pieces(con, batch, state.message, run_id=run_id, summary=summary):
        summary.failed_batches.append(
            f"extraction batch {summary.batches}: {describe_articles(con, piece)}: {message}"
        )
        logger.error("%s", summary.failed_batches[-1])


def _retry_in_pieces(
    con: duckdb.DuckDBPyConnection, batch: pl.DataFrame, message: str, *, run_id: str, summary: ExtractSummary
) -> list[tuple[pl.DataFrame, str]]:
    """Extract a failed batch again in halves, landing every half that succeeds; returns what still fails.

    Halving stops at single articles, or after ``ISOLATION_ATTEMPTS`` retries when most of the batch
    fails, so one poisoned article costs about ``2 log2(batch size)`` extra small tasks.
    """
    failing: deque[tuple[pl.DataFrame, str]] = deque([(batch, message)])
    unresolved: list[tuple[pl.DataFrame, str]] = []
    attempts = 0
    while failing:
        piece, error = failing.popleft()
        if piece.height == 1 or attempts >= ISOLATION_ATTEMPTS:
            unresolved.append((piece, error))
            continue
        middle = piece.height // 2
        halves = [(half, extract_batch.submit(half)) for half in (piece[:middle], piece[middle:])]
        attempts += len(halves)
        for half, future in halves:
            future.wait()
            if future.state.is_completed():
                record_extraction(con, future.result(), run_id=run_id, summary=summary)
            else:
                failing.append((half, future.state.message or "failed"))
    return unresolved
