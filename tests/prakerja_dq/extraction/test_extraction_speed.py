"""The faster forms of extraction steps give what the plain forms gave."""

from __future__ import annotations

import itertools
from datetime import date

import polars as pl
from polars.testing import assert_frame_equal, assert_series_equal

from prakerja_dq.extraction import extract_articles, scan
from prakerja_dq.extraction.dates import _date_of
from tests.conftest import DEV_DIR


def test_dates_built_from_numbers_are_the_dates_parsing_gives():
    grid = list(
        itertools.product(
            [2019, 2020, 2024, None], [None, 0, 1, 2, 9, 12, 13], [None, 0, 1, 28, 29, 30, 31, 32]
        )
    )
    frame = pl.DataFrame(grid, schema={"year": pl.Int32, "month": pl.Int32, "day": pl.Int32}, orient="row")
    parsed = frame.select(
        pl.format("{}-{}-{}", "year", "month", "day").str.to_date("%Y-%m-%d", strict=False).alias("d")
    )
    built = frame.select(_date_of(pl.col("year"), pl.col("month"), pl.col("day")).alias("d"))
    assert_series_equal(parsed["d"], built["d"])
    days = set(built["d"].drop_nulls().to_list())
    assert len(days) == 50
    assert {date(2020, 2, 29), date(2024, 2, 29), date(2019, 12, 31)} <= days
    assert date(2019, 2, 28) in days


def _dev_articles() -> pl.DataFrame:
    paths = sorted((DEV_DIR / "articles").glob("*.txt"))
    return pl.DataFrame(
        {"doc": [p.stem for p in paths], "text": [p.read_text(encoding="utf-8") for p in paths]}
    )


def test_remembered_match_groups_give_the_same_records_when_the_memory_starts_again(monkeypatch):
    articles = _dev_articles()
    fresh = extract_articles(articles)
    # a memory that fills up at once starts again on every batch: nothing may depend on what it held
    monkeypatch.setattr(scan._MatchMemo, "LIMIT", 10)
    halves = [extract_articles(articles.slice(0, 18)), extract_articles(articles.slice(18))]
    for name in ("figures", "dates", "meta"):
        joined = pl.concat([getattr(half, name) for half in halves])
        assert_frame_equal(getattr(fresh, name).sort(pl.all()), joined.sort(pl.all()))


def test_an_articles_records_do_not_depend_on_the_articles_batched_with_it():
    """A wave range open at its end ("sejak gelombang 47") runs to the latest wave its own article named
    before it (48), never to a later one another article of the batch named (73)."""
    earlier = (
        "Jakarta - Pendaftaran Kartu Prakerja gelombang 73 resmi dibuka pada Senin (4/11/2024).\n"
        "Kuota gelombang 73 sebanyak 40.000 orang."
    )
    later = (
        "Jakarta - Peserta gelombang 48 sudah menerima insentif pada Selasa (5/11/2024).\n"
        "Sejak gelombang 47 dibuka, tercatat 178.000 penerima sudah menuntaskan pelatihan."
    )
    batch = pl.DataFrame({"doc": ["earlier", "later"], "text": [earlier, later]})
    alone = extract_articles(batch.slice(1)).figures
    together = extract_articles(batch).figures.filter(pl.col("doc") == "later")
    assert alone.filter(pl.col("value") == 178_000).select("wave_from", "wave_to").row(0) == (47, 48)
    assert_frame_equal(alone, together)
