"""Date mentions."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from prakerja_dq.extraction.dates import (
    parse_date_mention,
    parse_date_parts,
    parse_date_parts_frame,
    parse_weekday,
    weekday_name,
)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("Senin (8/6/2020)", None, "2020-06-08"),
        ("Kamis (23/9)", 2021, "2021-09-23"),
        ("Rabu, 3 November", 2020, "2020-11-03"),
        ("11 April 2020", None, "2020-04-11"),
        ("Kamis 23 Apr 2020", None, "2020-04-23"),
        ("April 2020", None, "2020-04"),
        ("bulan Februari", 2021, "2021-02"),
        ("Selasa, 5 Januari 2021", None, "2021-01-05"),
        ("Jumat, 10/3/2023", None, "2023-03-10"),
    ],
)
def test_date_mentions(text, year, expected):
    assert parse_date_mention(text, year=year) == expected


def test_a_stated_year_wins_over_the_context_year():
    assert parse_date_mention("Senin (8/6/2020)", year=2021) == "2020-06-08"


def test_weekdays():
    assert parse_weekday("Rabu, 3 November") == "Rabu"
    assert weekday_name(dt.date(2020, 11, 3)) == "Selasa"
    assert weekday_name(dt.date(2020, 4, 11)) == "Sabtu"


def test_polars_form_agrees_with_python():
    texts = ["Senin (8/6/2020)", "Kamis (23/9)", "bulan Februari", "Kamis 23 Apr 2020", "11 April 2020"]
    got = parse_date_parts_frame(pl.DataFrame({"text": texts}), "text")["parts"].to_list()
    assert [(r["day"], r["month"], r["year"]) for r in got] == [parse_date_parts(t) for t in texts]


@pytest.mark.parametrize(
    "text",
    ["11 April 2020", "3 November 2020", "23 Apr 2020", "1 Nopember 2020", "8 Agt 2020", "12 Mei 2024",
     "17 Agustus 2023", "5 Juli 2021", "30 Sep 2020", "Februari 2021", "Desember 2023"],
)  # fmt: skip
def test_month_names_read_like_dateparser(text):
    """dateparser (installed with Prefect) is the independent oracle for our Indonesian month names; the
    extractor does not call it: it parses one string at a time in Python (about 3 ms each) and knows neither
    weekday-fitted years nor "akhir Juni"."""
    import dateparser  # a dependency of Prefect, always installed

    expected = dateparser.parse(text, languages=["id"], settings={"PREFER_DAY_OF_MONTH": "first"})
    ours = parse_date_mention(text)
    assert ours == (expected.strftime("%Y-%m-%d") if len(ours) == 10 else expected.strftime("%Y-%m"))


def test_weekday_fitted_years_follow_each_article_year():
    """The fitted year is computed once per distinct (month, day, weekday, article year), null years
    included: the same mention in articles of different years still gets each its own."""
    from prakerja_dq.extraction import extract_articles

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
