"""The vectorised batch extractor: article texts in, figure records, date mentions and article metadata out.

The stages, each a module of pure functions over Polars frames:

1. :mod:`~prakerja_dq.extraction.scan`: two regular-expression scans over the whole batch (tokens; cues and
   sentence/clause boundaries), every match located in its sentence, clause and line;
2. :mod:`~prakerja_dq.extraction.dates`: date mentions with their years, and each article's date;
3. :mod:`~prakerja_dq.extraction.figures`: candidates, metrics (:mod:`~prakerja_dq.extraction.metrics`),
   waves, periods, as-of dates, scope and basis;
4. :mod:`~prakerja_dq.extraction.meta`: outlet and headline.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import polars as pl

from prakerja_dq.contract import DATE_MENTION_SCHEMA
from prakerja_dq.extraction import scan
from prakerja_dq.extraction.dates import WEEKDAYS, extract_dates
from prakerja_dq.extraction.figures import extract_figures
from prakerja_dq.extraction.meta import article_meta
from prakerja_dq.textio import read_article


class Extraction(NamedTuple):
    """What the extractor returns for a batch of articles."""

    figures: pl.DataFrame
    dates: pl.DataFrame
    meta: pl.DataFrame


def _date_rows(dates: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    return (
        dates.join(docs.select("di", "doc"), on="di")
        .sort("g_start")
        .select(
            "doc",
            text=pl.col("match"),
            start="start",
            end="end",
            weekday_stated="weekday_stated",
            date="date",
            weekday_actual="weekday_actual",
            consistent="consistent",
        )
        .cast(DATE_MENTION_SCHEMA)
    )


def extract_articles(articles: pl.DataFrame) -> Extraction:
    """Figures, date mentions and metadata of a batch of articles (columns ``doc`` and ``text``)."""
    docs = scan.prepare(articles)
    split = scan.split(docs)
    lines = scan.lines(split)
    found = scan.scan(split, context=("token",))
    cue_matches = scan.classify_cues(found["cues"])
    sentences, clauses = scan.boundaries(cue_matches, lines)
    tokens = scan.tokens(found["token"], lines, sentences, clauses)
    cues = scan.cues(cue_matches, lines, sentences, clauses)
    dates, published = extract_dates(tokens, cues, docs)
    figures = extract_figures(tokens, cues, dates, published, docs)
    meta = article_meta(docs, lines, published)
    return Extraction(figures=figures, dates=_date_rows(dates, docs), meta=meta)


def extract_files(paths: Iterable[Path | str]) -> Extraction:
    """Extract from article files (doc = file stem), decoded like the pipeline decodes them."""
    paths = [Path(p) for p in paths]
    texts = [read_article(p).text for p in paths]
    return extract_articles(
        pl.DataFrame(
            {"doc": [p.stem for p in paths], "text": texts}, schema={"doc": pl.String, "text": pl.String}
        )
    )


__all__ = ["WEEKDAYS", "Extraction", "extract_articles", "extract_files"]
