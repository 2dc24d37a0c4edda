"""The figure stage: number and wave figures with their metric, wave range, period, as-of date, scope, basis.

Each step is a function of frames (no I/O): :func:`extract_figures` runs them in order.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import polars as pl

from prakerja_dq.contract import FIGURE_SCHEMA
from prakerja_dq.extraction.candidates import extract_candidates, rules_frame
from prakerja_dq.extraction.metrics import assign_metrics
from prakerja_dq.extraction.rules import lexicon, read_data_csv, regions
from prakerja_dq.extraction.scan import nearest, rx, sorted_by
from prakerja_dq.extraction.waves import extract_waves

# a date names the as-of of a figure when it is at most this many characters away in the same sentence
DATE_REACH = 100
# wave figures get ids after every number candidate's
_WAVE_CID_OFFSET = 1_000_000_000_000
# what the steps after classification read
_FIGURE_COLUMNS = ("cid", "di", "sid", "cl", "line_id", "g_start", "g_end", "start", "end")
_FIGURE_COLUMNS += (
    "kind",
    "metric",
    "rule",
    "value",
    "unit",
    "qualifier",
    "wave_from",
    "wave_to",
    "stated_basis",
)
_RULE_COLUMNS = ("min_value", "max_value", "inherits_waves", "timeless", "default_basis", "dated")


# what the steps after the period years read and write: each step's helper columns are dropped after it
_CARRIED = (*_FIGURE_COLUMNS, *_RULE_COLUMNS, "explicit_year", "period_year", "cumulative", "article_year")
_CARRIED += ("published_date", "synthetic", "as_of")


def _narrow(figures: pl.DataFrame) -> pl.DataFrame:
    """The carried columns of a step's result (joins copy every column: helpers are not kept)."""
    return figures.select([name for name in _CARRIED if name in figures.columns])


def _wave_figures(waves: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """Wave mentions that are figures themselves (current or pending wave)."""
    return (
        waves.filter("is_figure")
        .join(rules, on="metric")
        .with_columns(
            value=pl.col("wave_from").cast(pl.Float64),
            unit=pl.lit("wave"),
            qualifier=pl.lit("exact"),
            kind=pl.lit("wave"),
            stated_basis=pl.lit(None, dtype=pl.String),
            rule=pl.when(pl.col("metric") == "pending_wave")
            .then(pl.lit("wave:pending"))
            .otherwise(pl.lit("wave:event")),
            cid=pl.int_range(pl.len(), dtype=pl.Int64) + _WAVE_CID_OFFSET,
        )
    )


def _ordinal_counts(waves: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """A wave named as the n-th opened in a period, next to its number ("gelombang 67 merupakan gelombang
    kelima yang dibuka sepanjang 2024"), counts n waves opened: waves 63..67."""
    return (
        waves.filter(pl.col("opened_count").is_not_null())
        .with_columns(metric=pl.lit("waves_opened"))
        .join(rules, on="metric")
        .with_columns(
            value=pl.col("opened_count").cast(pl.Float64),
            wave_from=(pl.col("named_wave") - pl.col("opened_count") + 1).cast(pl.Int32),
            wave_to=pl.col("named_wave").cast(pl.Int32),
            unit=pl.lit("count"),
            qualifier=pl.lit("exact"),
            kind=pl.lit("count"),
            stated_basis=pl.lit(None, dtype=pl.String),
            rule=pl.lit("wave:ordinal"),
            cid=pl.int_range(pl.len(), dtype=pl.Int64) + 2 * _WAVE_CID_OFFSET,
        )
    )


def _resolved_mentions(waves: pl.DataFrame) -> pl.DataFrame:
    """Wave mentions with the range they stand for in their sentence: "sejak gelombang 48 ... hingga
    gelombang 60" is 48..60 for both; "hingga gelombang 30" alone 1..30; "sejak gelombang pertama" alone runs
    to the latest wave the article named before it."""
    starts = waves.filter("is_from").group_by("sid").agg(from_wave=pl.col("wave_from").min())
    ends = waves.filter("is_up_to").group_by("sid").agg(to_wave=pl.col("wave_to").max())
    latest = (
        waves.filter(~pl.col("is_from"), ~pl.col("is_up_to"))
        .select("g_start", latest_di="di", latest=pl.col("wave_to").cum_max().over("di"))
        .sort("g_start")
    )
    mentions = (
        waves.join(starts, on="sid", how="left")
        .join(ends, on="sid", how="left")
        .sort("g_start")
        .join_asof(latest, on="g_start", strategy="backward", allow_exact_matches=False)
    )
    paired = (
        pl.col("from_wave").is_not_null()
        & pl.col("to_wave").is_not_null()
        & (pl.col("from_wave") < pl.col("to_wave"))
    )
    open_from = pl.col("is_from") & pl.col("to_wave").is_null() & (pl.col("latest_di") == pl.col("di"))
    open_from = open_from & (pl.col("latest") > pl.col("wave_from"))
    return mentions.with_columns(
        w_from=pl.when(paired & (pl.col("is_from") | pl.col("is_up_to")))
        .then("from_wave")
        .otherwise("wave_from"),
        w_to=pl.when(paired & (pl.col("is_from") | pl.col("is_up_to")))
        .then("to_wave")
        .when(open_from)
        .then("latest")
        .when(pl.col("is_from") & pl.col("to_wave").is_null())
        .then(None)
        .otherwise("wave_to"),
        synthetic=pl.col("is_up_to") & ~paired,
    )


def _waves_near(figures: pl.DataFrame, mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The wave mention nearest each figure in its clause (``c_``) and in its sentence (``s_``; ``s_event``:
    the wave being opened)."""
    in_clause = nearest(figures, mentions.drop("sid", "line_id", "is_figure"), key="cid", on="cl").select(
        "cid", c_from="w_from", c_to="w_to", c_synthetic="synthetic"
    )
    in_sentence = nearest(figures, mentions.drop("cl", "line_id"), key="cid").select(
        "cid", s_from="w_from", s_to="w_to", s_synthetic="synthetic", s_event="is_figure"
    )
    return in_clause, in_sentence


def _waves_of_opened_counts(figures: pl.DataFrame) -> pl.DataFrame:
    """For counts of people (``o_``): the range of a count of waves opened in their sentence ("dari 11
    gelombang"), else in the sentence before in their paragraph."""
    opened = figures.filter(pl.col("metric") == "waves_opened").select(
        "sid", "g_start", "g_end", o_from="wave_from", o_to="wave_to"
    )
    open_people = figures.filter(pl.col("inherits_waves") == "any")
    same_sentence = nearest(open_people, opened, key="cid").select("cid", "o_from", "o_to")
    sentence_before = (
        open_people.select("cid", "line_id", prev_sid=pl.col("sid") - 1)
        .join(
            figures.filter(pl.col("metric") == "waves_opened").select(
                "line_id", prev_sid="sid", b_from="wave_from", b_to="wave_to"
            ),
            on=["prev_sid", "line_id"],
        )
        .unique("cid", keep="first")
        .select("cid", "b_from", "b_to")
    )
    return same_sentence.join(sentence_before, on="cid", how="full", coalesce=True).select(
        "cid", o_from=pl.coalesce("o_from", "b_from"), o_to=pl.coalesce("o_to", "b_to")
    )


def _with_earlier_waves(figures: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """``figures`` with the last wave named in the sentence before theirs (``p_``) and the last named
    before them (``q_``), each with its line, so that only one of the same paragraph is taken."""
    earlier = mentions.filter(~pl.col("is_figure"))
    before_sentence = (
        earlier.select("sid", p_from="w_from", p_to="w_to", p_line="line_id")
        .sort("sid")
        .unique("sid", keep="last", maintain_order=True)
    )
    in_paragraph = earlier.select("g_start", q_from="w_from", q_to="w_to", q_line="line_id").sort("g_start")
    # the as-of joins run on the keys alone; one join by ``cid`` brings their results to the wide frame
    found = (
        figures.select("cid", "g_start", prev_sid=pl.col("sid") - 1)
        .sort("prev_sid")
        .join_asof(
            before_sentence.rename({"sid": "prev_sid"}), on="prev_sid", strategy="backward", tolerance=1
        )
        .sort("g_start")
        .join_asof(in_paragraph, on="g_start", strategy="backward")
        .drop("g_start", "prev_sid")
    )
    return figures.join(found, on="cid", how="left", maintain_order="left")


def _wave_source() -> pl.Expr:
    """Which found wave a figure takes, in order of preference: ``c`` (its clause), ``s`` (its sentence, for
    the kinds that may), ``o`` (a count of waves opened), ``p`` (the sentence before, counts of people),
    ``q`` (earlier in the paragraph, scheme amounts)."""
    kind = pl.col("inherits_waves")
    sentence_ok = pl.col("s_from").is_not_null() & (
        (kind == "sentence") | (kind.is_in(["any", "participants"]) & ~pl.col("s_event"))
    )
    from_sentence = (kind == "any") & (pl.col("p_line") == pl.col("line_id"))
    from_paragraph = (kind == "participants") & (pl.col("q_line") == pl.col("line_id"))
    return (
        pl.when(pl.col("c_from").is_not_null())
        .then(pl.lit("c"))
        .when(sentence_ok)
        .then(pl.lit("s"))
        .when(pl.col("o_from").is_not_null())
        .then(pl.lit("o"))
        .when(from_sentence & pl.col("p_from").is_not_null())
        .then(pl.lit("p"))
        .when(from_paragraph & pl.col("q_from").is_not_null())
        .then(pl.lit("q"))
    )


def _wave_ranges(figures: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """The waves a number figure names: a wave in its clause; for counts of people, quotas and scheme
    amounts one in its sentence (not the wave being opened, except for a quota: "Gelombang 67 Dibuka, Kuota
    150 Ribu"); then a count of waves opened in its sentence ("dari 11 gelombang"); then, for counts of
    people, a wave in the sentence before, and for scheme amounts one earlier in the paragraph ("peserta
    gelombang 44 ... insentif Rp600 ribu")."""
    columns = ("cl", "sid", "line_id", "g_start", "g_end", "w_from", "w_to", "synthetic", "is_figure")
    mentions = mentions.select(columns)
    in_clause, in_sentence = _waves_near(figures, mentions)
    figures = (
        figures.join(in_clause, on="cid", how="left")
        .join(in_sentence, on="cid", how="left")
        .join(_waves_of_opened_counts(figures), on="cid", how="left")
    )
    figures = _with_earlier_waves(figures, mentions).with_columns(source=_wave_source())
    return figures.with_columns(
        wave_from=pl.coalesce(
            pl.col("wave_from"),
            *[pl.when(pl.col("source") == short).then(pl.col(f"{short}_from")) for short in "csopq"],
        ),
        wave_to=pl.coalesce(
            pl.col("wave_to"),
            *[pl.when(pl.col("source") == short).then(pl.col(f"{short}_to")) for short in "csopq"],
        ),
        synthetic=pl.when(pl.col("source") == "c")
        .then("c_synthetic")
        .when(pl.col("source") == "s")
        .then("s_synthetic")
        .otherwise(pl.lit(False)),
    )


def _chained_waves(figures: pl.DataFrame) -> pl.DataFrame:
    """A funnel step without waves takes those of the figure before it in its paragraph ("Dari jumlah itu,
    530.000 orang sudah membeli pelatihan")."""
    chainable = pl.col("inherits_waves") == "any"
    known = (
        figures.filter(chainable, pl.col("wave_from").is_not_null())
        .select("g_start", k_line="line_id", k_from="wave_from", k_to="wave_to")
        .sort("g_start")
    )
    figures = sorted_by(figures, "g_start").join_asof(
        known, on="g_start", strategy="backward", allow_exact_matches=False
    )
    take = chainable & pl.col("wave_from").is_null() & (pl.col("k_line") == pl.col("line_id"))
    return figures.with_columns(
        wave_from=pl.when(take).then("k_from").otherwise("wave_from"),
        wave_to=pl.when(take).then("k_to").otherwise("wave_to"),
    )


@cache
def _waves_of_years() -> pl.DataFrame:
    """The waves opened in each complete programme year (``data/waves_by_year.csv``)."""
    return pl.DataFrame(
        [
            {
                "explicit_year": int(row["year"]),
                "y_from": int(row["first_wave"]),
                "y_to": int(row["last_wave"]),
            }
            for row in read_data_csv("waves_by_year.csv")
        ],
        schema={"explicit_year": pl.Int32, "y_from": pl.Int32, "y_to": pl.Int32},
    )


def _inferred_waves(
    figures: pl.DataFrame, mentions: pl.DataFrame, cues: pl.DataFrame, years: pl.DataFrame
) -> pl.DataFrame:
    """Waves a count of people does not name but its article implies: a count since the programme began
    covers waves 1 to the wave it names or the last the article names; a count of a year the article gives a
    wave range for (not one it only counts up to) covers that range (a survey's range for survey findings);
    a count of an earlier, complete year covers that year's waves (``data/waves_by_year.csv``)."""
    surveyed = cues.filter(pl.col("cue").is_in(["m_survey", "m_respondents"])).select("sid").unique()
    surveyed = surveyed.with_columns(from_survey=pl.lit(True))
    sentence_years = (
        years.filter(pl.col("stated").is_not_null() | pl.col("offset").is_not_null())
        .group_by("sid")
        .agg(s_stated=pl.col("stated").first(), s_offset=pl.col("offset").first())
    )
    article_years = figures.select("di", "article_year").unique("di")
    named = mentions.filter(~pl.col("is_figure"))
    last_named = named.group_by("di").agg(last_wave=pl.col("w_to").max())
    year_ranges = (
        named.filter(~pl.col("synthetic"), pl.col("w_from") < pl.col("w_to"))
        .join(sentence_years, on="sid", how="left")
        .join(article_years, on="di", how="left")
        .with_columns(
            s_year=pl.coalesce("s_stated", pl.col("article_year") + pl.col("s_offset"), "article_year")
        )
        .join(surveyed, on="sid", how="left")
        .with_columns(from_survey=pl.col("from_survey").fill_null(False))
        .sort("g_start")
        .group_by("di", "s_year", "from_survey", maintain_order=True)
        .agg(r_from=pl.col("w_from").first(), r_to=pl.col("w_to").first())
        .rename({"s_year": "f_year"})
    )
    survey = pl.col("metric").is_in(["survey_share", "survey_respondents"])
    inferable = (pl.col("inherits_waves") == "any") & pl.col("wave_from").is_null()
    since_start = pl.col("cumulative").fill_null(False) & pl.col("period_year").is_null()
    figures = (
        figures.join(last_named, on="di", how="left")
        .with_columns(f_year=pl.coalesce("explicit_year", "article_year"), from_survey=survey)
        .join(year_ranges, on=["di", "f_year", "from_survey"], how="left")
        .join(_waves_of_years(), on="explicit_year", how="left")
    )
    past_year = ~survey & (pl.col("explicit_year") < pl.col("article_year"))
    return figures.with_columns(
        wave_from=pl.when(
            since_start & (pl.col("inherits_waves") == "any") & (pl.col("wave_from") == pl.col("wave_to"))
        )
        .then(pl.lit(1))
        .when(inferable & since_start & pl.col("last_wave").is_not_null())
        .then(pl.lit(1))
        .when(inferable & ~since_start & pl.col("r_from").is_not_null())
        .then("r_from")
        .when(inferable & ~since_start & past_year)
        .then("y_from")
        .otherwise("wave_from"),
        wave_to=pl.when(inferable & since_start)
        .then("last_wave")
        .when(inferable & ~since_start & pl.col("r_from").is_not_null())
        .then("r_to")
        .when(inferable & ~since_start & past_year)
        .then("y_to")
        .otherwise("wave_to"),
    )


def _stated_years(tokens: pl.DataFrame) -> pl.DataFrame:
    """Years and relative years ("tahun lalu") that name a period: not the start of one ("sejak 2020")."""
    relative = {" ".join(k.split()): v for k, v in lexicon()["periods"]["relative"].items()}
    # the type filter first: the context test then runs on years only
    years = tokens.filter(pl.col("type").is_in(["year", "relyear"]), ~pl.col("is_noise"))
    return years.filter(~pl.col("prev").str.contains(rx()["start_marker"])).select(
        "sid",
        "cl",
        "g_start",
        "g_end",
        stated=pl.col("match").str.extract(r"(\d{4})", 1).cast(pl.Int32),
        offset=pl.col("match")
        .str.replace_all(r"\s+", " ")
        .str.to_lowercase()
        .replace_strict(relative, default=None, return_dtype=pl.Int32),
    )


def _period_years(
    figures: pl.DataFrame, years: pl.DataFrame, cues: pl.DataFrame, published: pl.DataFrame
) -> pl.DataFrame:
    """The calendar year of each figure: a year named in its clause, else in a clause of its sentence that
    holds no other figure ("Pada 2020, penerima tercatat 618.905 orang"; "tahun lalu" counts from the
    article's year); none when the sentence counts since the start ("sejak 2020", "kumulatif"), else the
    article's year."""
    in_clause = nearest(figures, years.drop("sid"), key="cid", on="cl").select(
        "cid", c_stated="stated", c_offset="offset"
    )
    free_years = years.join(figures.select("cl").unique(), on="cl", how="anti")
    in_sentence = nearest(figures, free_years.drop("cl"), key="cid").select("cid", "stated", "offset")
    cumulative = (
        cues.filter(pl.col("cue") == "x_cumulative")
        .select("sid")
        .unique()
        .with_columns(cumulative=pl.lit(True))
    )
    return (
        figures.join(in_clause, on="cid", how="left")
        .join(in_sentence, on="cid", how="left")
        .join(cumulative, on="sid", how="left")
        .join(published, on="di", how="left")
        .with_columns(
            explicit_year=pl.coalesce(
                "c_stated",
                pl.col("article_year") + pl.col("c_offset"),
                "stated",
                pl.col("article_year") + pl.col("offset"),
            ).cast(pl.Int32),
            cumulative=pl.col("cumulative").fill_null(False),
        )
        .with_columns(
            period_year=pl.when("timeless")
            .then(None)
            .when(pl.col("cumulative") & pl.col("c_stated").is_null())
            .then(None)
            .otherwise(pl.coalesce("explicit_year", "article_year"))
            .cast(pl.Int32)
        )
    )


def _opened_counts(figures: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """A count of waves opened covers the range its sentence names ("15 gelombang, yakni gelombang 48
    sampai gelombang 62"), else, so far or in the programme's first year, waves 1..n."""
    start_year = lexicon()["dates"]["programme_start_year"]
    opened = figures.filter(pl.col("metric") == "waves_opened")
    ranges = mentions.filter(~pl.col("is_figure"), pl.col("w_from") < pl.col("w_to")).select(
        "sid", "g_start", "g_end", "w_from", "w_to"
    )
    named = nearest(opened, ranges, key="cid").select("cid", n_from="w_from", n_to="w_to")
    # "Dari sepuluh gelombang tersebut": the same count restated covers the range named with it before
    restated = (
        opened.join(named.filter(pl.col("n_from").is_not_null()), on="cid")
        .sort("g_start")
        .group_by("di", "value")
        .agg(r_from=pl.col("n_from").first(), r_to=pl.col("n_to").first())
    )
    from_first = pl.col("explicit_year").is_null() | (pl.col("explicit_year") == start_year)
    is_opened = pl.col("metric") == "waves_opened"
    return (
        figures.join(named, on="cid", how="left")
        .join(restated, on=["di", "value"], how="left")
        .with_columns(
            wave_from=pl.when(is_opened)
            .then(pl.coalesce("wave_from", "n_from", "r_from", pl.when(from_first).then(pl.lit(1))))
            .otherwise("wave_from"),
            wave_to=pl.when(is_opened)
            .then(
                pl.coalesce(
                    "wave_to", "n_to", "r_to", pl.when(from_first).then(pl.col("value").cast(pl.Int32))
                )
            )
            .otherwise("wave_to"),
        )
        .drop("n_from", "n_to", "r_from", "r_to")
    )


def _year_waves(figures: pl.DataFrame) -> pl.DataFrame:
    """A count of year Y only counted up to wave n ("Hingga gelombang 16" in 2021) starts at the first wave
    the article names for year Y, or right after the last one it names for year Y-1, or else at the first
    wave of year Y (``data/waves_by_year.csv``)."""
    figures = figures.with_columns(f_year=pl.coalesce("explicit_year", "article_year"))
    ranged = figures.filter(
        pl.col("f_year").is_not_null(), pl.col("wave_from") < pl.col("wave_to"), ~pl.col("synthetic")
    )
    first_of_year = ranged.group_by("di", "f_year").agg(year_first=pl.col("wave_from").min())
    after_prior = (
        ranged.group_by("di", "f_year")
        .agg(prior_last=pl.col("wave_to").max())
        .with_columns(f_year=pl.col("f_year") + 1)
    )
    up_to = pl.col("synthetic").fill_null(False) & (pl.col("wave_from") == 1)
    # else, for a count of one year, that year's first wave (``data/waves_by_year.csv``)
    of_year = _waves_of_years().select(f_year="explicit_year", table_first="y_from")
    return (
        figures.join(first_of_year, on=["di", "f_year"], how="left")
        .join(after_prior, on=["di", "f_year"], how="left")
        .join(of_year, on="f_year", how="left")
        .with_columns(
            wave_from=pl.when(up_to & (pl.col("year_first") < pl.col("wave_to")))
            .then("year_first")
            .when(up_to & (pl.col("prior_last") < pl.col("wave_to")))
            .then(pl.col("prior_last") + 1)
            .when(up_to & pl.col("period_year").is_not_null() & (pl.col("table_first") < pl.col("wave_to")))
            .then("table_first")
            .otherwise("wave_from")
        )
        .drop("f_year", "year_first", "prior_last", "table_first")
    )


def _edge_dates(tokens: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """Dates from the edge of a period: "akhir Juni" (the month's last day), "akhir 2024" (31 December),
    "awal/pertengahan Juli" (the article's date in its own month unless a year is written, else the month),
    "Agustus lalu"."""
    months = {k.lower(): v for k, v in lexicon()["dates"]["months"].items()}
    edges = tokens.filter(pl.col("type") == "edge", ~pl.col("is_noise"))
    parts = pl.col("match").str.extract_groups(rx()["edge_parts"])
    edges = edges.join(published, on="di", how="left").with_columns(
        edge=parts.struct.field("edge").str.to_lowercase(),
        month=parts.struct.field("mon")
        .str.to_lowercase()
        .replace_strict(months, default=None, return_dtype=pl.Int32),
        stated_year=parts.struct.field("year").cast(pl.Int32),
        ago=parts.struct.field("ago").is_not_null(),
        a_month=pl.col("published_date").dt.month().cast(pl.Int32),
    )
    year = pl.coalesce(
        "stated_year",
        pl.when(pl.col("ago") & (pl.col("month") > pl.col("a_month"))).then(pl.col("article_year") - 1),
        "article_year",
    )
    month_start = pl.date(year, pl.col("month").fill_null(12), 1)
    month_text = pl.format("{}-{}", year, pl.col("month").cast(pl.String).str.zfill(2))
    date = (
        pl.when(pl.col("month").is_null() & (pl.col("edge") == "akhir"))
        .then(pl.format("{}-12-31", year))
        .when(pl.col("edge") == "akhir")
        .then(month_start.dt.month_end().dt.to_string("%Y-%m-%d"))
        .when(
            pl.col("edge").is_not_null()
            & pl.col("stated_year").is_null()
            & (year == pl.col("published_date").dt.year())
            & (pl.col("month") == pl.col("a_month"))
        )
        .then(pl.col("published_date").dt.to_string("%Y-%m-%d"))
        .when(pl.col("month").is_not_null())
        .then(month_text)
    )
    return edges.with_columns(date=date).filter(pl.col("date").is_not_null())


def _subset_dates(stated: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """(di, sid, subset_said) of sentences that open on a part of the count before them ("Dari jumlah itu,
    5,4 juta orang lolos verifikasi"): the date stated in the sentence before (not a reporting date) holds
    for them too."""
    subset = cues.filter(pl.col("cue") == "x_subset").select("sid").unique()
    before = (
        stated.filter(~pl.col("reported"))
        .group_by("di", "sid")
        .agg(subset_said=pl.col("date").sort_by("g_start").last())
        .with_columns(sid=pl.col("sid") + 1)
    )
    return before.join(subset, on="sid")


def _as_of(
    figures: pl.DataFrame,
    tokens: pl.DataFrame,
    dates: pl.DataFrame,
    cues: pl.DataFrame,
    published: pl.DataFrame,
) -> pl.DataFrame:
    """The date a figure is stated as at: none for scheme amounts, budgets and quotas; the article's date for
    wave figures; else a date near it in its sentence (not the start of a period, and for survey findings
    not the date the survey was reported), for survey findings else the survey's fieldwork date, else the
    article's date. A figure restated in the article takes the date of the mention that states one."""
    edges = _edge_dates(tokens, published)
    stated = pl.concat(
        [
            dates.filter(pl.col("date").is_not_null()).select(
                "di", "sid", "g_start", "g_end", "prev", "date"
            ),
            edges.select("di", "sid", "g_start", "g_end", "prev", "date"),
        ]
    ).filter(~pl.col("prev").str.contains(rx()["start_marker"]))
    speech = cues.filter(pl.col("cue") == "x_speech").group_by("sid").agg(speech_end=pl.col("g_end").min())
    stated = stated.join(speech, on="sid", how="left").with_columns(
        reported=pl.col("speech_end").is_not_null() & (pl.col("speech_end") <= pl.col("g_start"))
    )
    survey = pl.col("metric").is_in(["survey_share", "survey_respondents"])
    near = nearest(figures, stated.select("sid", "g_start", "g_end", "reported", said="date"), key="cid")
    near = near.filter(pl.col("distance") <= DATE_REACH).select("cid", "said", "reported")
    # the fieldwork date of a survey: the latest date of the first sentence that names a survey and when
    # or where it was done ("Survei dilakukan secara daring pada September 2022")
    survey_sentences = cues.filter(pl.col("cue").is_in(["m_survey", "m_respondents"])).select("sid").unique()
    fieldwork_sentences = (
        cues.filter(pl.col("cue") == "x_fieldwork").group_by("sid").agg(said_at=pl.col("g_start").min())
    )
    fieldwork = (
        stated.join(survey_sentences, on="sid")
        .join(fieldwork_sentences, on="sid")
        .filter(~pl.col("reported"), pl.col("g_start") > pl.col("said_at"))
        .filter(pl.col("sid") == pl.col("sid").min().over("di"))
        .group_by("di")
        .agg(fieldwork=pl.col("date").max())
    )
    figures = (
        figures.join(near, on="cid", how="left")
        .join(_subset_dates(stated, cues), on=["di", "sid"], how="left")
        .join(fieldwork, on="di", how="left")
        .with_columns(
            said=pl.when(survey & pl.col("reported").fill_null(False))
            .then(None)
            .otherwise(pl.coalesce("said", "subset_said")),
            fieldwork=pl.when(
                survey
                & (
                    pl.col("explicit_year").is_null()
                    | (pl.col("fieldwork").str.slice(0, 4).cast(pl.Int32) == pl.col("explicit_year"))
                )
            ).then("fieldwork"),
        )
        .with_columns(
            as_of=pl.when(pl.col("dated") == "none")
            .then(None)
            .when(pl.col("dated") == "article")
            .then(pl.col("published_date").dt.to_string("%Y-%m-%d"))
            .otherwise(pl.coalesce("said", "fieldwork", pl.col("published_date").dt.to_string("%Y-%m-%d")))
        )
    )
    restated = (
        figures.filter(pl.col("said").is_not_null(), pl.col("dated") == "stated")
        .group_by("di", "metric", "value")
        .agg(r_as_of=pl.col("as_of").first())
    )
    return figures.join(restated, on=["di", "metric", "value"], how="left").with_columns(
        as_of=pl.when(pl.col("said").is_null() & (pl.col("dated") == "stated"))
        .then(pl.coalesce("r_as_of", "as_of"))
        .otherwise("as_of")
    )


def _restated_waves(figures: pl.DataFrame) -> pl.DataFrame:
    """A restated figure without waves takes the waves of its restatement (headline and body)."""
    restated = (
        figures.filter(pl.col("wave_from").is_not_null())
        .group_by("di", "metric", "value")
        .agg(restated_from=pl.col("wave_from").first(), restated_to=pl.col("wave_to").first())
    )
    open_range = pl.col("wave_from").is_null()
    return (
        figures.join(restated, on=["di", "metric", "value"], how="left")
        .with_columns(
            wave_from=pl.when(open_range).then("restated_from").otherwise("wave_from"),
            wave_to=pl.when(open_range).then("restated_to").otherwise("wave_to"),
        )
        .drop("restated_from", "restated_to")
    )


def _scope_and_basis(figures: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Scope: the region named in the figure's clause, else before it in its sentence ("secara nasional"
    counts as national), else that of the figure or region named before it in its paragraph, else the region
    of the article's first figure (a regional article names its region in the lead), else national; basis: a
    basis phrase right after an amount ("per bulan"), else the metric's."""
    names = regions()
    places = cues.filter(pl.col("cue").is_in(["x_scope", "x_region", "x_national"])).select(
        "sid",
        "cl",
        "g_start",
        "g_end",
        place=pl.when(pl.col("cue") == "x_national")
        .then(pl.lit("national"))
        .when(pl.col("cue") == "x_region")
        .then(pl.col("match").replace_strict(names, default=None))
        .otherwise(pl.col("match").str.replace_all(r"\s+", " ")),
    )
    in_clause = nearest(figures, places.drop("sid"), key="cid", on="cl").select("cid", c_place="place")
    before = nearest(figures, places.drop("cl"), key="cid", before_only=True).select("cid", s_place="place")
    figures = sorted_by(
        figures.join(in_clause, on="cid", how="left")
        .join(before, on="cid", how="left")
        .with_columns(place=pl.coalesce("c_place", "s_place")),
        "g_start",
    )
    # a figure that names no place keeps the place of the figure before it in its paragraph ("Dari jumlah
    # tersebut, 16.990 orang telah menuntaskan pelatihan")
    named = figures.filter(pl.col("place").is_not_null()).select("g_start", p_line="line_id", p_place="place")
    # ... or the region last named in an earlier sentence of its paragraph ("Penerima asal Sulawesi Selatan
    # terus bertambah. Hingga gelombang 71, jumlahnya mencapai 38.640 orang")
    named_places = cues.filter(pl.col("cue").is_in(["x_scope", "x_region", "x_national"])).select(
        "g_start", p_line="line_id", p_place=places["place"]
    )
    named = sorted_by(pl.concat([named, named_places.filter(pl.col("p_place").is_not_null())]), "g_start")
    figures = figures.join_asof(named, on="g_start", strategy="backward", allow_exact_matches=False)
    inherited = pl.when(pl.col("p_line") == pl.col("line_id")).then(pl.col("p_place"))
    # else the region of the article's first figure: a regional article names its region once, in the lead
    leading = (
        figures.group_by("di")
        .agg(lead_place=pl.col("place").sort_by("g_start").first())
        .filter(pl.col("lead_place") != "national")
    )
    return figures.join(leading, on="di", how="left").with_columns(
        scope=pl.coalesce("place", inherited, "lead_place", pl.lit("national")),
        basis=pl.coalesce("stated_basis", "default_basis"),
    )


class _Classified(NamedTuple):
    """Number and wave figures with their metric, before their waves, periods and dates are resolved."""

    figures: pl.DataFrame
    evidence: pl.Series  # the text of each figure, in the order of the ``cid`` ranges
    counts: tuple[int, int]  # number candidates, wave figures (the ordinal counts come after them)


def _classified(tokens: pl.DataFrame, cues: pl.DataFrame, waves: pl.DataFrame) -> _Classified:
    """The candidates that are figures (metric and rule) and the wave mentions that are figures."""
    rules = rules_frame()
    candidates = extract_candidates(tokens)
    numbers = assign_metrics(candidates.drop("match"), cues, rules).with_columns(
        wave_from=pl.lit(None, dtype=pl.Int32), wave_to=pl.lit(None, dtype=pl.Int32)
    )
    events, ordinals = _wave_figures(waves, rules), _ordinal_counts(waves, rules)
    wave_figures = pl.concat([events, ordinals], how="diagonal_relaxed")
    kept = [*_FIGURE_COLUMNS, *_RULE_COLUMNS]
    return _Classified(
        figures=pl.concat([numbers.select(kept), wave_figures.select(kept)], how="diagonal_relaxed"),
        evidence=pl.concat([candidates.get_column("match"), wave_figures.get_column("match")]),
        counts=(candidates.height, events.height),
    )


def _resolved(
    figures: pl.DataFrame,
    waves: pl.DataFrame,
    tokens: pl.DataFrame,
    cues: pl.DataFrame,
    dates: pl.DataFrame,
    published: pl.DataFrame,
) -> pl.DataFrame:
    """Periods, wave ranges, as-of dates, scope and basis of the classified figures, step by step."""
    years = _stated_years(tokens)
    figures = _narrow(_period_years(sorted_by(figures, "g_start"), years, cues, published))
    mentions = _resolved_mentions(waves.filter(~pl.col("is_ordinal_count")))
    figures = _narrow(_opened_counts(figures, mentions))
    figures = _narrow(_wave_ranges(figures, mentions))
    figures = _narrow(_year_waves(figures))
    figures = _narrow(_chained_waves(figures))
    figures = _narrow(_inferred_waves(figures, mentions, cues, years))
    figures = _narrow(_restated_waves(figures))
    figures = _narrow(_as_of(figures, tokens, dates, cues, published))
    return _scope_and_basis(figures, cues)


def extract_figures(
    tokens: pl.DataFrame, cues: pl.DataFrame, dates: pl.DataFrame, published: pl.DataFrame, docs: pl.DataFrame
) -> pl.DataFrame:
    """Figure records (FIGURE_SCHEMA) of a batch from its located tokens, cues, dates and article dates."""
    waves = extract_waves(tokens, cues)
    classified = _classified(tokens, cues, waves)
    figures = _resolved(classified.figures, waves, tokens, cues, dates, published)
    return _records(figures, docs, classified.evidence, counts=classified.counts)


def _records(
    figures: pl.DataFrame, docs: pl.DataFrame, evidence: pl.Series, *, counts: tuple[int, int]
) -> pl.DataFrame:
    """The figure records in text order, with the article id and the evidence text of each, both gathered
    by position (``di`` numbers the docs; ``cid`` the candidates, then the wave figures, then the ordinal
    counts: see ``_WAVE_CID_OFFSET``) rather than joined."""
    candidates, waves_counted = counts
    cid = pl.col("cid")
    position = (
        pl.when(cid < _WAVE_CID_OFFSET)
        .then(cid)
        .when(cid < 2 * _WAVE_CID_OFFSET)
        .then(cid - _WAVE_CID_OFFSET + candidates)
        .otherwise(cid - 2 * _WAVE_CID_OFFSET + candidates + waves_counted)
    )
    return (
        sorted_by(figures, "g_start")
        .with_columns(
            doc=pl.lit(docs.get_column("doc")).gather(pl.col("di")),
            evidence=pl.lit(evidence).gather(position),
            wave_from=pl.col("wave_from").cast(pl.Int32),
            wave_to=pl.col("wave_to").cast(pl.Int32),
        )
        .select(list(FIGURE_SCHEMA))
        .cast(FIGURE_SCHEMA)
    )
