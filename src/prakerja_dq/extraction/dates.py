"""Date mentions: ``Senin (8/6/2020)``, ``Kamis (23/9)``, ``Rabu, 3 November``, ``11 April 2020``, months."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from prakerja_dq.extraction.rules import ascii_mode, lexicon, patterns

WEEKDAYS: tuple[str, ...] = tuple(lexicon()["dates"]["weekdays"])


def _months() -> dict[str, int]:
    return lexicon()["dates"]["months"]


def parse_weekday(text: str) -> str | None:
    """The weekday a mention states, normalised (``Jum'at`` -> ``Jumat``).

    >>> parse_weekday("Senin (8/6/2020)"), parse_weekday("11 April 2020"), parse_weekday("Jum'at (17/4)")
    ('Senin', None, 'Jumat')
    """
    match = re.match(patterns()["weekday"], text)
    if match is None:
        return None
    word = match.group().capitalize()
    return lexicon()["dates"]["weekday_variants"].get(word.lower(), word)


def weekday_name(day: dt.date) -> str:
    """Indonesian name of the weekday of a date.

    >>> weekday_name(dt.date(2020, 11, 3))
    'Selasa'
    """
    return WEEKDAYS[day.weekday()]


def parse_date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(day, month, year) stated by a date mention; parts not written are None.

    >>> parse_date_parts("Senin (8/6/2020)"), parse_date_parts("Kamis (23/9)")
    ((8, 6, 2020), (23, 9, None))
    >>> parse_date_parts("bulan Februari")
    (None, 2, None)
    >>> parse_date_parts("Kamis 23 Apr 2020"), parse_date_parts("Rabu (22/4/20)")
    ((23, 4, 2020), (22, 4, 2020))
    """
    numeric = re.search(patterns()["numeric_date"], text)
    if numeric:
        year = int(numeric["year"]) if numeric["year"] else None
        if year is not None and year < 100:
            year += 2000
        return int(numeric["day"]), int(numeric["mon"]), year
    named = re.search(patterns()["month_name"], text)
    if named is None:
        return None, None, None
    return (
        int(named["day"]) if named["day"] else None,
        _months()[named["mon"].lower()],
        int(named["year"]) if named["year"] else None,
    )


def parse_date_mention(text: str, *, year: int | None = None) -> str | None:
    """ISO date (``YYYY-MM-DD``) or month (``YYYY-MM``) of a mention; ``year`` fills a missing year.

    >>> parse_date_mention("Kamis (23/9)", year=2021), parse_date_mention("April 2020")
    ('2021-09-23', '2020-04')
    >>> parse_date_mention("Rabu, 3 November", year=2020), parse_date_mention("Kamis (23/9)") is None
    ('2020-11-03', True)
    >>> parse_date_mention("31/2/2020") is None
    True
    """
    day, month, stated_year = parse_date_parts(text)
    year = stated_year or year
    if month is None or year is None:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date_parts_frame(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Add a struct ``parts`` (day, month, year) parsed from ``column``, like :func:`parse_date_parts`."""
    text = pl.col(column)
    staged = frame.with_columns(
        _numeric=text.str.extract_groups(ascii_mode(patterns()["numeric_date"])),
        _named=text.str.extract_groups(ascii_mode(patterns()["month_name"])),
    )
    return staged.with_columns(parts=date_parts_expr(pl.col("_numeric"), pl.col("_named"))).drop(
        "_numeric", "_named"
    )


def date_parts_expr(numeric: pl.Expr, named: pl.Expr) -> pl.Expr:
    """A struct (day, month, year) of Int32 from the numeric-date and month-name pattern groups."""
    numeric_year = numeric.struct.field("year").cast(pl.Int32, strict=False)
    numeric_year = pl.when(numeric_year < 100).then(numeric_year + 2000).otherwise(numeric_year)
    is_numeric = numeric.struct.field("day").is_not_null()
    month = (
        named.struct.field("mon")
        .str.to_lowercase()
        .replace_strict(_months(), default=None, return_dtype=pl.Int32)
    )
    return pl.struct(
        day=pl.when(is_numeric)
        .then(numeric.struct.field("day").cast(pl.Int32))
        .otherwise(named.struct.field("day").cast(pl.Int32, strict=False)),
        month=pl.when(is_numeric).then(numeric.struct.field("mon").cast(pl.Int32)).otherwise(month),
        year=pl.when(is_numeric)
        .then(numeric_year)
        .otherwise(named.struct.field("year").cast(pl.Int32, strict=False)),
    )


def weekday_expr(text: pl.Expr) -> pl.Expr:
    """The Polars form of :func:`parse_weekday`."""
    variants = {k: v for k, v in lexicon()["dates"]["weekday_variants"].items()}
    word = text.str.extract(ascii_mode(patterns()["weekday"]), 0).str.to_lowercase()
    names = {w.lower(): w for w in WEEKDAYS} | variants
    return word.replace_strict(names, default=None, return_dtype=pl.String)


def weekday_name_expr(day: pl.Expr) -> pl.Expr:
    """Indonesian weekday name of a Date column."""
    return day.dt.weekday().replace_strict(dict(enumerate(WEEKDAYS, start=1)), return_dtype=pl.String)
