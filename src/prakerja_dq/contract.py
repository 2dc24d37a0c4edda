"""The data contract shared by extraction, the warehouse, validation and the tests (DESIGN.md section 3).

Every stage reads and writes frames with exactly these columns and types, so the schemas live here once.
"""

from __future__ import annotations

import polars as pl

FIGURE_RECORD_FIELDS: tuple[str, ...] = (
    "doc",
    "metric",
    "value",
    "unit",
    "qualifier",
    "wave_from",
    "wave_to",
    "period_year",
    "as_of",
    "scope",
    "basis",
    "evidence",
    "start",
    "end",
    "rule",
)

FIGURE_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.String(),
    "metric": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "qualifier": pl.String(),
    "wave_from": pl.Int32(),
    "wave_to": pl.Int32(),
    "period_year": pl.Int32(),
    "as_of": pl.String(),
    "scope": pl.String(),
    "basis": pl.String(),
    "evidence": pl.String(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "rule": pl.String(),
}

DATE_MENTION_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.String(),
    "text": pl.String(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "weekday_stated": pl.String(),
    "date": pl.String(),
    "weekday_actual": pl.String(),
    "consistent": pl.Boolean(),
}

ARTICLE_META_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.String(),
    "outlet": pl.String(),
    "published_date": pl.Date(),
    "headline": pl.String(),
}

UNITS: tuple[str, ...] = ("persons", "accounts", "IDR", "percent", "count", "wave")
QUALIFIERS: tuple[str, ...] = ("exact", "more_than", "at_least", "about", "almost")
BASES: tuple[str, ...] = ("total", "per_participant", "per_month", "per_survey", "per_payment")
