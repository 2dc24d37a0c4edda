"""The figure stage: number and wave figures with their metric, wave range, period, as-of date, scope, basis.

Each step is a function of frames (no I/O): :func:`extract_figures` runs them in order.
"""

from __future__ import annotations

import polars as pl

from prakerja_dq.contract import FIGURE_SCHEMA
from prakerja_dq.extraction.candidates import extract_candidates, rules_frame
from prakerja_dq.extraction.metrics import assign_metrics
from prakerja_dq.extraction.rules import lexicon, regions
from prakerja_dq.extraction.scan import nearest, rx
from prakerja_dq.extraction.waves import extract_waves

# a date names the as-of of a figure when it is at most this many characters away in the same sentence
DATE_REACH = 100
# wave figures get ids after every number candidate's
_WAVE_CID_OFFSET = 1_000_000_000_000
# what the steps after classification read
_FIGURE_COLUMNS = ("cid", "di", "sid", "cl", "line_id", "g_start", "g_end", "start", "end", "match", "next")
_FIGURE_COLUMNS += ("kind", "metric", "rule", "value", "unit", "qualifier", "wave_from", "wave_to")
_RULE_COLUMNS = ("min_value", "max_value", "inherits_waves", "timeless", "default_basis", "dated")


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
            rule=pl.when(pl.col("metric") == "pending_wave").then(pl.lit("wave:pending")).otherwise(pl.lit("wave:event")),
            cid=pl.int_range(pl.len(), dtype=pl.Int64) + _WAVE_CID_OFFSET,
        )
    )


def _wave_ranges(figures: pl.DataFrame, waves: pl.DataFrame) -> pl.DataFrame:
    """The waves a number figure covers: a wave named in its clause, else in its sentence (with a "from wave
    A ... up to wave B" pair read as A..B), else for counts of people one named in the sentence before, and
    for scheme amounts one named earlier in the paragraph ("peserta gelombang 44 ... insentif Rp600 ribu")."""
    mentions = waves.select("sid", "cl", "line_id", "g_start", "g_end", "is_up_to", "is_from", w_from="wave_from", w_to="wave_to")
    in_clause = nearest(figures, mentions.drop("sid", "line_id"), key="cid", on="cl").select("cid", c_from="w_from", c_to="w_to")
    in_sentence = nearest(figures, mentions.drop("cl", "line_id"), key="cid").select(
        "cid", s_from="w_from", s_to="w_to", s_up_to="is_up_to"
    )
    # "sejak gelombang 48 ... hingga gelombang 60": the range runs from the first to the second
    starts = mentions.filter("is_from").group_by("sid").agg(from_wave=pl.col("w_from").min())
    figures = (
        figures.join(in_clause, on="cid", how="left")
        .join(in_sentence, on="cid", how="left")
        .join(starts, on="sid", how="left")
        .with_columns(
            s_from=pl.when(pl.col("s_up_to") & (pl.col("from_wave") < pl.col("s_to")))
            .then(pl.col("from_wave"))
            .otherwise("s_from")
        )
        .with_columns(
            wave_from=pl.coalesce("c_from", "s_from"),
            wave_to=pl.when(pl.col("c_from").is_not_null()).then("c_to").otherwise("s_to"),
        )
    )
    earlier_sentence = (
        mentions.select("sid", p_from="w_from", p_to="w_to", p_line="line_id")
        .sort("sid")
        .unique("sid", keep="last", maintain_order=True)
    )
    figures = (
        figures.with_columns(prev_sid=pl.col("sid") - 1)
        .sort("prev_sid")
        .join_asof(earlier_sentence.rename({"sid": "prev_sid"}), on="prev_sid", strategy="backward", tolerance=1)
        .sort("g_start")
    )
    in_paragraph = (
        mentions.select("line_id", "g_start", q_from="w_from", q_to="w_to", q_line="line_id")
        .sort("g_start")
        .drop("line_id")
    )
    figures = figures.join_asof(in_paragraph, on="g_start", strategy="backward")
    open_range = pl.col("wave_from").is_null()
    from_sentence = open_range & (pl.col("inherits_waves") == "any") & (pl.col("p_line") == pl.col("line_id"))
    from_paragraph = open_range & (pl.col("inherits_waves") == "participants") & (pl.col("q_line") == pl.col("line_id"))
    return figures.with_columns(
        wave_from=pl.when(from_sentence).then("p_from").when(from_paragraph).then("q_from").otherwise("wave_from"),
        wave_to=pl.when(from_sentence).then("p_to").when(from_paragraph).then("q_to").otherwise("wave_to"),
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
    figures = figures.sort("g_start").join_asof(known, on="g_start", strategy="backward", allow_exact_matches=False)
    take = chainable & pl.col("wave_from").is_null() & (pl.col("k_line") == pl.col("line_id"))
    return figures.with_columns(
        wave_from=pl.when(take).then("k_from").otherwise("wave_from"),
        wave_to=pl.when(take).then("k_to").otherwise("wave_to"),
    )


def _period_years(figures: pl.DataFrame, tokens: pl.DataFrame, cues: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """The calendar year of each figure: a year named in its clause or sentence ("tahun lalu" from the
    article's year), none when the sentence counts since the start ("sejak 2020", "kumulatif"), else the
    article's year."""
    relative = {" ".join(k.split()): v for k, v in lexicon()["periods"]["relative"].items()}
    years = tokens.filter(pl.col("type").is_in(["year", "relyear"]), ~pl.col("is_noise")).select(
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
    # "sejak 2020" is the start of a cumulative count, not its year
    since = rx()["start_marker"]
    del since
    in_clause = nearest(figures, years.drop("sid"), key="cid", on="cl").select("cid", c_stated="stated", c_offset="offset")
    in_sentence = nearest(figures, years.drop("cl"), key="cid").select("cid", "stated", "offset")
    cumulative = cues.filter(pl.col("cue") == "x_cumulative").select("sid").unique().with_columns(cumulative=pl.lit(True))
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
        )
        .with_columns(
            period_year=pl.when("timeless" )
            .then(None)
            .when(pl.col("cumulative").fill_null(False) & (pl.col("c_stated").is_null()))
            .then(None)
            .otherwise(pl.coalesce("explicit_year", "article_year"))
            .cast(pl.Int32)
        )
    )


def _year_waves(figures: pl.DataFrame) -> pl.DataFrame:
    """Wave ranges implied by years: a figure of year Y up to wave n starts at the first wave the article
    gives for year Y (or right after the last one it gives for Y-1); waves opened so far (or in the
    programme's first year) are waves 1..n."""
    start_year = lexicon()["dates"]["programme_start_year"]
    ranged = figures.filter(pl.col("explicit_year").is_not_null(), pl.col("wave_from") < pl.col("wave_to"))
    first_of_year = ranged.group_by("di", "explicit_year").agg(year_first=pl.col("wave_from").min())
    after_prior = (
        ranged.group_by("di", "explicit_year")
        .agg(prior_last=pl.col("wave_to").max())
        .with_columns(explicit_year=pl.col("explicit_year") + 1)
    )
    up_to = pl.col("s_up_to").fill_null(False) & (pl.col("wave_from") == 1)
    single = pl.col("wave_from") == pl.col("wave_to")
    figures = (
        figures.join(first_of_year, on=["di", "explicit_year"], how="left")
        .join(after_prior, on=["di", "explicit_year"], how="left")
        .with_columns(
            wave_from=pl.when(up_to & (pl.col("year_first") < pl.col("wave_to")))
            .then("year_first")
            .when(
                up_to & (pl.col("prior_last") < pl.col("wave_to"))
                | (pl.col("inherits_waves") == "any") & single & (pl.col("prior_last") < pl.col("wave_from"))
            )
            .then(pl.col("prior_last") + 1)
            .otherwise("wave_from")
        )
    )
    from_first = (pl.col("metric") == "waves_opened") & pl.col("wave_from").is_null() & (
        pl.col("explicit_year").is_null() | (pl.col("explicit_year") == start_year)
    )
    return figures.with_columns(
        wave_from=pl.when(from_first).then(pl.lit(1)).otherwise("wave_from"),
        wave_to=pl.when(from_first).then(pl.col("value").cast(pl.Int32)).otherwise("wave_to"),
    )


def _opened_waves(figures: pl.DataFrame) -> pl.DataFrame:
    """A count of people in the sentence of a count of waves opened covers those waves ("dari 10 gelombang
    ... ditetapkan 5,6 juta orang")."""
    opened = figures.filter(pl.col("metric") == "waves_opened").select(
        "sid", "g_start", "g_end", o_from="wave_from", o_to="wave_to"
    )
    open_range = figures.filter(pl.col("inherits_waves") == "any", pl.col("wave_from").is_null())
    return figures.join(
        nearest(open_range, opened, key="cid").select("cid", "o_from", "o_to"), on="cid", how="left"
    ).with_columns(wave_from=pl.coalesce("wave_from", "o_from"), wave_to=pl.coalesce("wave_to", "o_to"))


def _edge_dates(tokens: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """Dates from the edge of a period: "akhir Juni" (the month's last day), "akhir 2024" (31 December),
    "awal/pertengahan Juli" (the article's date in its own month, else the month), "Agustus lalu"."""
    months = {k.lower(): v for k, v in lexicon()["dates"]["months"].items()}
    edges = tokens.filter(pl.col("type") == "edge", ~pl.col("is_noise"))
    parts = pl.col("match").str.extract_groups(rx()["edge_parts"])
    edges = edges.join(published, on="di", how="left").with_columns(
        edge=parts.struct.field("edge").str.to_lowercase(),
        month=parts.struct.field("mon").str.to_lowercase().replace_strict(months, default=None, return_dtype=pl.Int32),
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
            & (year == pl.col("published_date").dt.year())
            & (pl.col("month") == pl.col("a_month"))
        )
        .then(pl.col("published_date").dt.to_string("%Y-%m-%d"))
        .when(pl.col("month").is_not_null())
        .then(month_text)
    )
    return edges.with_columns(date=date).filter(pl.col("date").is_not_null())


def _as_of(
    figures: pl.DataFrame, tokens: pl.DataFrame, dates: pl.DataFrame, cues: pl.DataFrame, published: pl.DataFrame
) -> pl.DataFrame:
    """The date a figure is stated as at: none for scheme amounts, budgets and quotas; the article's date for
    wave figures; else a date near it in its sentence (not the start of a period, and for survey findings
    not the date the survey was reported), for survey findings else the survey's fieldwork date, else the
    article's date. A figure restated in the article takes the date of the mention that states one."""
    edges = _edge_dates(tokens, published)
    stated = pl.concat(
        [
            dates.filter(pl.col("date").is_not_null()).select("di", "sid", "g_start", "g_end", "prev", "date"),
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
    fieldwork_sentences = cues.filter(pl.col("cue") == "x_fieldwork").select("sid").unique()
    fieldwork = (
        stated.join(survey_sentences, on="sid")
        .join(fieldwork_sentences, on="sid")
        .filter(~pl.col("reported"))
        .sort("di", "sid", "date")
        .group_by("di", maintain_order=True)
        .agg(fieldwork=pl.col("date").last(), fieldwork_sid=pl.col("sid").first())
    )
    figures = (
        figures.join(near, on="cid", how="left")
        .join(fieldwork, on="di", how="left")
        .with_columns(
            said=pl.when(survey & pl.col("reported").fill_null(False)).then(None).otherwise("said"),
            fieldwork=pl.when(
                survey
                & (pl.col("period_year").is_null() | (pl.col("fieldwork").str.slice(0, 4).cast(pl.Int32) == pl.col("period_year")))
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
        as_of=pl.when(pl.col("said").is_null() & (pl.col("dated") == "stated")).then(
            pl.coalesce("r_as_of", "as_of")
        ).otherwise("as_of")
    )


def _restated_waves(figures: pl.DataFrame) -> pl.DataFrame:
    """A restated figure without waves takes the waves of its restatement (headline and body)."""
    restated = (
        figures.filter(pl.col("wave_from").is_not_null())
        .group_by("di", "metric", "value")
        .agg(r_from=pl.col("wave_from").first(), r_to=pl.col("wave_to").first())
    )
    open_range = pl.col("wave_from").is_null()
    return figures.join(restated, on=["di", "metric", "value"], how="left").with_columns(
        wave_from=pl.when(open_range).then("r_from").otherwise("wave_from"),
        wave_to=pl.when(open_range).then("r_to").otherwise("wave_to"),
    )


def _scope_and_basis(figures: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Scope: the region named in the figure's clause, else before it in its sentence ("secara nasional"
    counts as national); basis: a basis phrase right after an amount ("per bulan"), else the metric's."""
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
    before = nearest(figures, places.drop("cl"), key="cid", extra=pl.when(pl.col("r_start") > pl.col("g_start")).then(10_000).otherwise(0))
    before = before.filter(pl.col("distance") < 10_000).select("cid", s_place="place")
    lex = lexicon()
    basis_words = {" ".join(k.split()): v for k, v in lex["context"]["basis_after"].items()}
    stated_basis = (
        pl.col("next")
        .str.extract(rx()["basis_after"], 1)
        .str.replace_all(r"\s+", " ")
        .str.to_lowercase()
        .replace_strict(basis_words, default=None)
    )
    return (
        figures.join(in_clause, on="cid", how="left")
        .join(before, on="cid", how="left")
        .with_columns(
            scope=pl.coalesce("c_place", "s_place", pl.lit("national")),
            basis=pl.when(pl.col("kind") == "idr")
            .then(pl.coalesce(stated_basis, "default_basis"))
            .otherwise("default_basis"),
        )
    )


def extract_figures(
    tokens: pl.DataFrame, cues: pl.DataFrame, dates: pl.DataFrame, published: pl.DataFrame, docs: pl.DataFrame
) -> pl.DataFrame:
    """Figure records (FIGURE_SCHEMA) of a batch from its located tokens, cues, dates and article dates."""
    rules = rules_frame()
    waves = extract_waves(tokens, cues)
    numbers = assign_metrics(extract_candidates(tokens), cues, rules)
    numbers = _wave_ranges(numbers, waves)
    kept = [*_FIGURE_COLUMNS, *_RULE_COLUMNS, "s_up_to"]
    figures = pl.concat(
        [numbers.select(kept), _wave_figures(waves, rules).select(kept[:-1])], how="diagonal_relaxed"
    ).sort("g_start")
    figures = _period_years(figures, tokens, cues, published)
    figures = _year_waves(figures)
    figures = _opened_waves(figures)
    figures = _chained_waves(figures)
    figures = _restated_waves(figures)
    figures = _as_of(figures, tokens, dates, cues, published)
    figures = _scope_and_basis(figures, cues)
    return (
        figures.join(docs.select("di", "doc"), on="di")
        .sort("g_start")
        .with_columns(
            evidence=pl.col("match"),
            wave_from=pl.col("wave_from").cast(pl.Int32),
            wave_to=pl.col("wave_to").cast(pl.Int32),
        )
        .select(list(FIGURE_SCHEMA))
        .cast(FIGURE_SCHEMA)
    )
