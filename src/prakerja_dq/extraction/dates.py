"""Date mentions: ``Senin (8/6/2020)``, ``Kamis (23/9)``, ``Rabu, 3 November``, ``11 April 2020``, months."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from prakerja_dq.extraction.rules import ascii_mode, lexicon, patterns
from prakerja_dq.extraction.scan import rx

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


def is_future_expr() -> pl.Expr:
    """Whether a token speaks of the future ("target 2023"): only dates and years need it."""
    return pl.col("prev").str.contains(rx()["future_before"]) | pl.col("next").str.contains(
        rx()["future_after"]
    )


def _date_of(year: pl.Expr | int, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date ``year-month-day``, null when there is no such day (as parsing ``"2021-2-30"`` gives), built
    from numbers rather than formatted and parsed."""
    month_ok = month.is_between(1, 12)
    safe_month = pl.when(month_ok).then(month).otherwise(1)
    last_day = pl.date(year, safe_month, 1).dt.month_end().dt.day()
    valid = month_ok & day.is_between(1, last_day)
    return pl.when(valid).then(pl.date(year, safe_month, pl.when(valid).then(day).otherwise(1)))


def _fitted_year(anchor: pl.Expr, start_year: int) -> pl.Expr:
    """The year in which the stated weekday falls on the date (columns ``month``, ``day``), the one nearest
    ``anchor`` and not after it (an article mentions years up to its own and later ones as plans, so a later
    fit is a wrong weekday)."""
    # weekdays compared as numbers (1 = Monday, as ``dt.weekday``), not as names
    stated = pl.col("weekday_stated").replace_strict(
        {name: number for number, name in enumerate(WEEKDAYS, start=1)}, default=None, return_dtype=pl.Int8
    )
    scores = []
    for year in range(start_year, start_year + 8):
        candidate = _date_of(year, pl.col("month"), pl.col("day"))
        distance = (pl.lit(year) - anchor.fill_null(start_year)).abs() * 16 + (year - start_year)
        fits = (candidate.dt.weekday() == stated) & (pl.lit(year) <= anchor.fill_null(start_year + 8))
        scores.append(pl.when(fits).then(distance))
    best = pl.min_horizontal(scores)
    return (best % 16 + start_year).cast(pl.Int32)


def extract_dates(
    tokens: pl.DataFrame, cues: pl.DataFrame, docs: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Date mentions with resolved years, and the publication date of every article: its dateline, else the
    first date after a reporting verb ("kata Denni, Senin (8/6/2020)"), else the latest date with a weekday
    that is not a deadline ("ditutup Minggu (12/3/2023)"), else the latest date."""
    start_year = lexicon()["dates"]["programme_start_year"]
    # only dates and years are tested for the future
    dated = tokens.filter(pl.col("type").is_in(["date", "year"])).with_columns(is_future=is_future_expr())
    date_tokens = dated.filter(pl.col("type") == "date")
    parsed = parse_date_parts_frame(date_tokens.select("mid", "match").unique("mid"), "match").with_columns(
        weekday_stated=weekday_expr(pl.col("match"))
    )
    dates = date_tokens.join(parsed.drop("match"), on="mid", how="left", maintain_order="left")
    stated_years = pl.concat(
        [
            dated.filter(pl.col("type") == "year", ~pl.col("is_noise"), ~pl.col("is_future")).select(
                "di", year=pl.col("match").str.extract(r"(\d{4})", 1).cast(pl.Int32)
            ),
            dates.filter(~pl.col("is_noise"), ~pl.col("is_future")).select(
                "di", year=pl.col("parts").struct.field("year")
            ),
        ]
    )
    ref_year = stated_years.group_by("di").agg(ref_year=pl.col("year").max())

    dates = dates.filter(~pl.col("is_related")).with_columns(
        day=pl.col("parts").struct.field("day"),
        month=pl.col("parts").struct.field("month"),
        stated_year=pl.col("parts").struct.field("year"),
        is_dateline=(pl.col("next_type") == "time")
        & pl.col("next").str.contains(r"^[\s,|/-]*\d{1,2}[.:]\d{2}"),
    )
    dateline_year = (
        dates.filter("is_dateline", pl.col("stated_year").is_not_null())
        .group_by("di")
        .agg(dateline_year=pl.col("stated_year").first())
    )
    dates = dates.join(ref_year, on="di", how="left").join(dateline_year, on="di", how="left")

    # a stated weekday fixes the year of a date that has none (the fitting year nearest the article's):
    # eight candidate dates per mention, so computed once per distinct (month, day, weekday, article year)
    # of the mentions that take it (no stated year, no dateline year)
    fit_keys = ["month", "day", "weekday_stated", "ref_year"]
    fitted = (
        dates.filter(
            pl.col("stated_year").is_null(),
            pl.col("dateline_year").is_null(),
            pl.col("weekday_stated").is_not_null(),
            pl.col("month").is_not_null(),
            pl.col("day").is_not_null(),
        )
        .select(fit_keys)
        .unique()
        .with_columns(fitted=_fitted_year(pl.col("ref_year"), start_year))
    )
    dates = dates.join(fitted, on=fit_keys, how="left", nulls_equal=True, maintain_order="left")
    dates = dates.with_columns(
        year=pl.coalesce("stated_year", "dateline_year", "fitted", "ref_year").cast(pl.Int32)
    ).with_columns(
        day_date=_date_of(pl.col("year"), pl.col("month"), pl.col("day")),
    )
    dates = dates.with_columns(
        date=pl.when(pl.col("day").is_null() & pl.col("month").is_not_null() & pl.col("year").is_not_null())
        .then(pl.format("{}-{}", pl.col("year"), pl.col("month").cast(pl.String).str.zfill(2)))
        .otherwise(pl.col("day_date").dt.to_string("%Y-%m-%d")),
        weekday_actual=weekday_name_expr(pl.col("day_date")),
    ).with_columns(
        consistent=pl.when(
            pl.col("weekday_stated").is_not_null() & pl.col("weekday_actual").is_not_null()
        ).then(pl.col("weekday_stated") == pl.col("weekday_actual"))
    )

    speech = cues.filter(pl.col("cue") == "x_speech").group_by("sid").agg(speech_end=pl.col("g_end").min())
    candidates = (
        dates.filter(pl.col("day_date").is_not_null(), ~pl.col("is_noise") | pl.col("is_dateline"))
        .join(speech, on="sid", how="left")
        .with_columns(
            priority=pl.when("is_dateline")
            .then(1)
            .when(pl.col("speech_end") <= pl.col("g_start"))
            .then(2)
            .when(pl.col("prev").str.contains(rx()["deadline_marker"]))
            .then(5)
            .when(pl.col("weekday_stated").is_not_null())
            .then(3)
            .otherwise(4),
        )
        .with_columns(
            order=pl.when(pl.col("priority") <= 2)
            .then(pl.col("g_start"))
            .otherwise(-pl.col("day_date").cast(pl.Int64))
        )
        .sort("di", "priority", "order")
        .group_by("di", maintain_order=True)
        .agg(published_date=pl.col("day_date").first())
    )
    published = (
        docs.select("di")
        .join(candidates, on="di", how="left")
        .join(ref_year, on="di", how="left")
        .join(dateline_year, on="di", how="left")
        .with_columns(
            article_year=pl.coalesce(pl.col("published_date").dt.year(), "dateline_year", "ref_year").cast(
                pl.Int32
            )
        )
        .select("di", "published_date", "article_year")
    )
    return dates, published
