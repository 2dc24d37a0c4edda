"""What extraction remembers across batches changes no record: parses looked up equal parses made."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from prakerja_dq.extraction import candidates, dates, extract_articles, scan, waves
from prakerja_dq.extraction.memo import ParseMemo
from tests.conftest import DEV_DIR

MEMOS = [(candidates, "_NUMBERS"), (dates, "_DATE_PARTS"), (waves, "_WAVE_NUMBERS")]


def _dev_articles() -> pl.DataFrame:
    paths = sorted((DEV_DIR / "articles").glob("*.txt"))
    return pl.DataFrame(
        {"doc": [p.stem for p in paths], "text": [p.read_text(encoding="utf-8") for p in paths]}
    )


def _fresh_memos(monkeypatch: pytest.MonkeyPatch) -> None:
    for module, name in MEMOS:
        monkeypatch.setattr(module, name, ParseMemo(getattr(module, name).parse))


def _assert_same(expected, got) -> None:
    for name in ("figures", "dates", "meta"):
        assert_frame_equal(getattr(expected, name), getattr(got, name))


def test_parses_remembered_from_other_batches_give_the_same_records(monkeypatch):
    articles = _dev_articles()
    _fresh_memos(monkeypatch)
    cold = extract_articles(articles)
    # warm: every mention of the batch was parsed before, in batches of other articles
    _fresh_memos(monkeypatch)
    for start in range(0, articles.height, 7):
        extract_articles(articles.slice(start, 7))
    _assert_same(cold, extract_articles(articles))
    # memories that fill up at once start again on every batch
    monkeypatch.setattr(ParseMemo, "LIMIT", 5)
    monkeypatch.setattr(scan._MatchMemo, "LIMIT", 5)
    halves = [extract_articles(articles.slice(0, 18)), extract_articles(articles.slice(18))]
    for name in ("figures", "dates", "meta"):
        joined = pl.concat([getattr(half, name) for half in halves])
        assert_frame_equal(getattr(cold, name).sort(pl.all()), joined.sort(pl.all()))


def test_a_match_number_is_never_given_to_another_match(monkeypatch):
    memo = scan._MatchMemo(scan.rx()["token"], "type")
    monkeypatch.setattr(scan._MatchMemo, "LIMIT", 2)
    first = memo.learn(pl.DataFrame({"match": ["12", "2020"]}))
    # full: starts again, and the new matches get new numbers
    second = memo.learn(pl.DataFrame({"match": ["7 juta", "12"]}))
    numbers = dict(zip(first["match"], first["mid"], strict=True))
    again = dict(zip(second["match"], second["mid"], strict=True))
    assert set(again.values()).isdisjoint(numbers.values())
    assert len(set(again.values())) == 2


def test_parse_memo_parses_only_what_it_has_not_seen():
    parsed: list[list[int]] = []

    def parse(frame: pl.DataFrame) -> pl.DataFrame:
        parsed.append(sorted(frame["mid"].to_list()))
        return frame.select("mid", length=pl.col("match").str.len_chars())

    memo = ParseMemo(parse)
    batch = pl.DataFrame({"mid": [1, 2, 1], "match": ["a", "bb", "a"]}, schema_overrides={"mid": pl.UInt32})
    assert sorted(memo.of(batch).rows()) == [(1, 1), (2, 2)]
    later = pl.DataFrame({"mid": [2, 3], "match": ["bb", "ccc"]}, schema_overrides={"mid": pl.UInt32})
    assert sorted(memo.of(later).rows()) == [(2, 2), (3, 3)]
    assert parsed == [[1, 2], [3]]


def test_weekday_fitted_years_follow_each_article_year():
    """The fitted year is computed once per distinct (month, day, weekday, article year), null years
    included: the same mention in articles of different years still gets each its own."""
    text = "Pendaftaran dibuka Senin (8/6) pukul 12.00 WIB."
    in_2021, in_2026 = (f"Sepanjang {year} penerima bertambah. {text}" for year in (2021, 2026))
    articles = pl.DataFrame(
        {"doc": ["y2021", "y2026", "none", "y2021b"], "text": [in_2021, in_2026, text, in_2021]}
    )
    found = extract_articles(articles).dates.select("doc", "date").rows()
    assert found == [
        ("y2021", "2020-06-08"),
        ("y2026", "2026-06-08"),
        ("none", "2020-06-08"),
        ("y2021b", "2020-06-08"),
    ]
