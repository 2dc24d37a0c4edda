"""The warehouse side of extraction: articles awaiting extraction in, extracted figures landed in ``raw``.

Extraction itself is pure (``prakerja_dq.extraction``); this module reads and writes the warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb
import polars as pl

from prakerja_dq.extraction import Extraction

# In the order articles landed, streamed: sorting them (by id) held every text awaiting extraction in DuckDB.
_UNEXTRACTED = """
    select article_id, text
    from raw.articles
    where article_id not in (select article_id from raw.article_meta)
"""


@dataclass
class ExtractSummary:
    """What the extract stage did in one run."""

    articles: int = 0
    figures: int = 0
    dates: int = 0
    batches: int = 0
    failed_batches: list[str] = field(default_factory=list)


def read_unextracted(con: duckdb.DuckDBPyConnection, *, batch_size: int) -> Iterator[pl.DataFrame]:
    """Articles without metadata yet, as frames of at most ``batch_size`` rows with ``doc`` = article id."""
    reader = con.sql(_UNEXTRACTED).to_arrow_reader(batch_size)
    for batch in reader:
        frame = pl.from_arrow(batch)
        if frame.height:
            yield frame.rename({"article_id": "doc"})


def count_unextracted(con: duckdb.DuckDBPyConnection) -> int:
    """How many articles ``read_unextracted`` will yield."""
    return con.execute(f"select count(*) from ({_UNEXTRACTED})").fetchall()[0][0]


def write_extraction(con: duckdb.DuckDBPyConnection, extraction: Extraction, *, run_id: str) -> None:
    """Land one batch's figures, dates and metadata in one transaction, keyed by article id."""
    docs = con.sql(
        "select article_id, doc from raw.articles where article_id in $ids",  # a filter on the key: no join
        params={"ids": extraction.meta.get_column("doc").to_list()},
    ).pl()
    frames = {
        "figure_mentions": extraction.figures,
        "date_mentions": extraction.dates,
        "article_meta": extraction.meta,
    }
    con.execute("begin transaction")
    try:
        for table, frame in frames.items():
            landed = (  # noqa: F841 - read by DuckDB's replacement scan
                frame.rename({"doc": "article_id"})
                .join(docs, on="article_id", how="left")
                .with_columns(pl.lit(run_id).alias("run_id"))
            )
            con.execute(f"insert into raw.{table} by name select * from landed")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def record_extraction(
    con: duckdb.DuckDBPyConnection, extraction: Extraction, *, run_id: str, summary: ExtractSummary
) -> None:
    """Land one batch and count it in ``summary``."""
    write_extraction(con, extraction, run_id=run_id)
    summary.articles += extraction.meta.height
    summary.figures += extraction.figures.height
    summary.dates += extraction.dates.height


def describe_articles(con: duckdb.DuckDBPyConnection, piece: pl.DataFrame) -> str:
    """Name the articles of a failed piece: doc and file for one article, an id range for several."""
    if piece.height > 1:
        return f"{piece.height} articles, ids {piece['doc'][0][:12]}..{piece['doc'][-1][:12]}"
    article_id = piece["doc"][0]
    row = con.execute(
        "select doc, source_path from raw.articles where article_id = ?", [article_id]
    ).fetchone()
    doc, path = row if row else ("?", "?")
    return f"article {doc} ({path}, id {article_id[:12]})"
