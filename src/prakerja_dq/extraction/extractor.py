"""The vectorised batch extractor: article texts in, figure records, date mentions and article metadata out.

Every regular expression runs once over the whole batch inside Polars (Rust ``regex``, parallel over rows).
Matches are cut out with the ``replace_all`` + ``split`` trick, so each one keeps its character offset;
sentences, lines and cues are matched to tokens with as-of joins on a global offset, and classification is
a handful of joins and expressions over the candidate frame.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

import polars as pl

from prakerja_dq.contract import ARTICLE_META_SCHEMA, DATE_MENTION_SCHEMA, FIGURE_SCHEMA
from prakerja_dq.extraction.dates import WEEKDAYS, parse_date_parts_frame, weekday_expr, weekday_name_expr
from prakerja_dq.extraction.meta import find_outlet_expr, is_date_only_expr, is_title_expr, outlet_name_expr
from prakerja_dq.extraction.numbers import with_number_value
from prakerja_dq.extraction.rules import (
    count_nouns,
    lexicon,
    metric_cues,
    metric_rules,
    number_words,
    patterns,
)
from prakerja_dq.extraction.waves import wave_number_expr
from prakerja_dq.textio import read_article

_CUT, _MARK = "\x00", "\x01"
_TOKEN_TYPES = ("date", "time", "skip", "wave", "program", "relyear", "year", "num", "word")
_NEAR = 60
_DATE_REACH = 100
_HEADLINE_REACH = 2000
# amounts are named before they are given ("insentif pasca pelatihan Rp600.000"): a cue after one costs more
_AMOUNT_CUE_AFTER = 15


class Extraction(NamedTuple):
    """What the extractor returns for a batch of articles."""

    figures: pl.DataFrame
    dates: pl.DataFrame
    meta: pl.DataFrame


def _prepare(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article with its index ``di`` and ``base``, its offset in the batch coordinate."""
    frame = articles.select(
        pl.col("doc").cast(pl.String),
        pl.col("text")
        .cast(pl.String)
        .fill_null("")
        .str.replace_all(_CUT, " ", literal=True)
        .str.replace_all(_MARK, " ", literal=True),
    ).with_row_index("di")
    length = pl.col("text").str.len_chars().cast(pl.Int64) + 1
    return frame.with_columns(base=length.cum_sum() - length, di=pl.col("di").cast(pl.Int64))


def _ascii(pattern: str) -> str:
    """A pattern in ASCII mode: classes and case folding without Unicode keep Rust's lazy DFA small."""
    return f"(?-u:{pattern})"


@cache
def _rx() -> dict[str, str]:
    """The extractor's patterns in the form Polars runs them."""
    return {name: _ascii(body) for name, body in patterns().items()}


def _fast(pattern: str) -> str:
    """The pattern for scanning whole texts: no capture groups."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_SCANS = ("token", "cues")


def _split(docs: pl.DataFrame) -> pl.DataFrame:
    """Each article cut up by every scan of the extractor, all in one ``select`` so they run in parallel.

    ``token`` and ``cues``: ``replace_all`` fences each match with ``CUT``, so splitting on it alternates gaps
    and matches (an odd number of pieces per article); ``seg``: sentences; ``line``: lines.
    """
    fenced = {
        name: pl.col("text").str.replace_all(_fast(_rx()[name]), f"{_CUT}${{0}}{_CUT}").str.split(_CUT)
        for name in _SCANS
    }
    return docs.select(
        "di",
        "base",
        **fenced,
        seg=(pl.col("text") + "\n").str.replace_all(_rx()["sentence_end"], f"${{0}}{_CUT}").str.split(_CUT),
        line=pl.col("text").str.split("\n"),
    )


def _scan(scanned: pl.DataFrame, *, context: tuple[str, ...] = ()) -> dict[str, pl.DataFrame]:
    """Every match of each scan of :func:`_split` with its offsets and, for the scans in ``context``, the text
    before it and the text after it."""
    piece, di, size = pl.col("piece"), pl.col("di"), pl.col("size")
    found = {}
    for name in _SCANS:
        # the context of a match runs through its neighbouring matches ("1.2" + "." before "3 juta"); the gaps
        # around a match are its neighbouring pieces, the matches around it its neighbouring matches
        gaps = {"prev": piece.shift(1), "next": piece.shift(-1)} if name in context else {}
        matches = {
            "prev_match": pl.when(di.shift(1) == di).then(piece.shift(1)).otherwise(pl.lit("")),
            "next_match": pl.when(di.shift(-1) == di).then(piece.shift(-1)).otherwise(pl.lit("")),
        }
        # article k starts at an index of parity k, so a piece is a match when index + k is odd
        cut = (
            scanned.select("di", "base", piece=name)
            .explode("piece")
            .with_row_index("i")
            .with_columns(size=piece.str.len_chars().cast(pl.Int64))
            .with_columns(is_match=(pl.col("i") + di) % 2 == 1, g_start=size.cum_sum() - size + di, **gaps)
            .filter("is_match")
            .with_columns(start=pl.col("g_start") - pl.col("base"), **(matches if name in context else {}))
        )
        spans = {
            "g_start": "g_start",
            "g_end": pl.col("g_start") + size,
            "start": "start",
            "end": pl.col("start") + size,
            "match": "piece",
        }
        if name in context:
            spans["prev"] = (pl.col("prev_match").str.tail(_NEAR) + pl.col("prev").str.tail(_NEAR)).str.tail(
                _NEAR
            )
            spans["next"] = (pl.col("next").str.head(_NEAR) + pl.col("next_match").str.head(_NEAR)).str.head(
                _NEAR
            )
        found[name] = cut.select("di", **spans)
    return found


def _group_name(match: pl.Expr, pattern: str) -> pl.Expr:
    """Name of the top-level named group of ``pattern`` that produced each match (first that fits)."""
    inner = pattern[len("(?-u:") : -1]
    groups = re.findall(r"\(\?P<(\w+)>", inner)
    bodies = _top_level_groups(inner)
    name = pl.lit(None, dtype=pl.String)
    for group, body in reversed(list(zip(groups[: len(bodies)], bodies, strict=False))):
        name = pl.when(match.str.contains(_ascii(f"^(?:{_fast(body)})$"))).then(pl.lit(group)).otherwise(name)
    return name


def _with_group_name(frame: pl.DataFrame, pattern: str, name: str) -> pl.DataFrame:
    """``frame`` with column ``name``: :func:`_group_name` of each match, tested once per distinct match, and
    ``mid``, the number of the distinct match (a cheap join key for the later per-match steps)."""
    distinct = (
        frame.select(pl.col("match").unique())
        .with_row_index("mid")
        .with_columns(_group_name(pl.col("match"), pattern).alias(name))
    )
    return frame.join(distinct, on="match", how="left", maintain_order="left")


def _top_level_groups(pattern: str) -> list[str]:
    """Bodies of the top-level alternatives ``(?P<name>body)|...`` of a pattern."""
    bodies, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            if depth == 0:
                start = pattern.index(">", index) + 1
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                bodies.append(pattern[start:index])
    return bodies


def _lines(split: pl.DataFrame) -> pl.DataFrame:
    """One row per line: global start, noise flags, index of the line in its article."""
    lines = (
        split.select("di", "base", "line")
        .explode("line")
        .with_columns(length=pl.col("line").str.len_chars().cast(pl.Int64) + 1)
        .with_columns(g_start=pl.col("length").cum_sum() - pl.col("length"))
        .with_row_index("line_id")
    )
    blank = pl.col("line").str.strip_chars() == ""
    repeated = (pl.len().over("di", "line") > 1) & ~blank
    before_photo_credit = (pl.col("line").shift(-1).str.contains(r"^\s*(?i:foto)\s*:")) & (
        pl.col("di").shift(-1) == pl.col("di")
    )
    return lines.with_columns(
        is_noise=pl.col("line").str.contains(_rx()["noise_line"])
        | repeated
        | before_photo_credit.fill_null(False),
        is_related=pl.col("line").str.contains(r"^\s*(?i:baca juga)"),
        blank=blank,
    )


def _sentences(split: pl.DataFrame) -> pl.DataFrame:
    """Global start of every sentence; ``sid`` numbers sentences across the batch."""
    return (
        split.select("seg")
        .explode("seg")
        .with_columns(length=pl.col("seg").str.len_chars().cast(pl.Int64))
        .select(g_start=pl.col("length").cum_sum() - pl.col("length"))
        .with_row_index("sid")
        .with_columns(pl.col("sid").cast(pl.Int64))
    )


def _locate(frame: pl.DataFrame, lines: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Add the sentence id and the line flags of each match."""
    # scans produce their matches in order: a check is cheaper than a sort (which gathers every column)
    frame = frame.set_sorted("g_start") if frame["g_start"].is_sorted() else frame.sort("g_start")
    frame = frame.join_asof(sentences, on="g_start", strategy="backward")
    return frame.join_asof(
        lines.select("g_start", "line_id", "is_noise", "is_related"), on="g_start", strategy="backward"
    )


def _tokens(matches: pl.DataFrame, lines: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Numbers, waves, dates, times and years, with their type and sentence."""
    tokens = _locate(matches, lines, sentences)
    tokens = _with_group_name(tokens, _rx()["token"], "type")
    return tokens.with_columns(
        next_type=pl.when(pl.col("di").shift(-1) == pl.col("di")).then(pl.col("type").shift(-1)),
    )


def _is_future() -> pl.Expr:
    """Whether a token speaks of the future ("target 2023"): only dates and years need it."""
    return pl.col("prev").str.contains(_rx()["future_before"]) | pl.col("next").str.contains(
        _rx()["future_after"]
    )


def _cues(matches: pl.DataFrame, lines: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Cue words outside noise lines, with the name of their cue and their sentence."""
    cues = _locate(matches, lines, sentences)
    cues = cues.filter(~pl.col("is_noise"))
    return _with_group_name(cues, _rx()["cues"], "cue")


def _nearest(
    left: pl.DataFrame, right: pl.DataFrame, *, key: str, extra: pl.Expr | None = None
) -> pl.DataFrame:
    """For each ``key`` row of ``left``, the row of ``right`` in the same sentence closest to it."""
    pairs = left.select(key, "sid", "g_start", "g_end").join(
        right.rename({"g_start": "r_start", "g_end": "r_end"}), on="sid"
    )
    distance = pl.max_horizontal(
        pl.col("r_start") - pl.col("g_end"), pl.col("g_start") - pl.col("r_end"), pl.lit(0)
    )
    if extra is not None:
        distance = distance + extra
    return (
        pairs.with_columns(distance=distance)
        .sort(key, "distance", "r_start")
        .unique(key, keep="first", maintain_order=True)
        .drop("sid", "g_start", "g_end")
    )


# ---------------------------------------------------------------- dates and metadata


def _dates(tokens: pl.DataFrame, cues: pl.DataFrame, docs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Date mentions with resolved years, and the publication date of every article."""
    start_year = lexicon()["dates"]["programme_start_year"]
    # parts, stated weekday and the year that weekday fits are functions of the match: found once per match
    fitted = pl.lit(None, dtype=pl.Int32)
    for year in range(start_year + 6, start_year - 1, -1):
        parts = pl.col("parts").struct
        candidate = pl.format("{}-{}-{}", pl.lit(year), parts.field("month"), parts.field("day")).str.to_date(
            "%Y-%m-%d", strict=False
        )
        fitted = (
            pl.when(weekday_name_expr(candidate) == pl.col("weekday_stated"))
            .then(pl.lit(year))
            .otherwise(fitted)
        )
    # only dates and years are tested for the future
    dated = tokens.filter(pl.col("type").is_in(["date", "year"])).with_columns(is_future=_is_future())
    date_tokens = dated.filter(pl.col("type") == "date")
    parsed = (
        parse_date_parts_frame(date_tokens.select("mid", "match").unique("mid"), "match")
        .with_columns(weekday_stated=weekday_expr(pl.col("match")))
        .with_columns(fitted_year=fitted)
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

    def iso(year: pl.Expr) -> pl.Expr:
        return pl.date(year, pl.col("month"), pl.col("day"))

    dates = dates.with_columns(
        year=pl.coalesce("stated_year", "dateline_year", "ref_year", "fitted_year").cast(pl.Int32)
    ).with_columns(
        day_date=pl.format("{}-{}-{}", "year", "month", "day").str.to_date("%Y-%m-%d", strict=False),
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


def _meta(docs: pl.DataFrame, lines: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    first = (
        lines.filter(
            pl.col("g_start") - pl.col("base") < _HEADLINE_REACH, ~pl.col("blank"), ~pl.col("is_noise")
        )
        .filter(~is_date_only_expr(pl.col("line")))
        .group_by("di", maintain_order=True)
        .agg(first_line=pl.col("line").first())
    )
    return (
        docs.select("di", "doc", found=find_outlet_expr(pl.col("text")))
        .with_columns(outlet=outlet_name_expr(pl.col("found")))
        .join(first, on="di", how="left")
        .join(published, on="di", how="left")
        .with_columns(
            headline=pl.when(is_title_expr(pl.col("first_line"))).then(
                pl.col("first_line").str.strip_chars()
            ),
        )
    )


# ---------------------------------------------------------------- figures


def _rules_frame() -> pl.DataFrame:
    rows = metric_rules()
    return pl.DataFrame(
        {
            "metric": list(rows),
            "min_value": [float(r["min_value"]) for r in rows.values()],
            "max_value": [float(r["max_value"]) for r in rows.values()],
            "inherits_waves": [r["inherits_waves"] == "true" for r in rows.values()],
            "timeless": [r["timeless"] == "true" for r in rows.values()],
            "default_basis": [r["basis"] for r in rows.values()],
        }
    )


def _cue_targets() -> pl.DataFrame:
    rows = [
        {"cue": f"m_{c.cue}", "kind": kind, "metric": getattr(c, kind), "weight": c.weight}
        for c in metric_cues()
        for kind in ("persons", "percent", "idr")
        if getattr(c, kind)
    ]
    return pl.DataFrame(
        rows, schema={"cue": pl.String, "kind": pl.String, "metric": pl.String, "weight": pl.Int64}
    )


def _candidates(tokens: pl.DataFrame) -> pl.DataFrame:
    """Number mentions with value, unit, qualifier and kind (persons, percent, idr, count)."""
    nouns = count_nouns()
    lex = lexicon()
    qualifiers = {" ".join(k.split()): v for k, v in lex["qualifiers"].items()}
    squash = r"\s+"
    numbers = tokens.filter(pl.col("type").is_in(["num", "word"]), ~pl.col("is_noise"))
    # everything but the context is a function of the match: parse each distinct match once
    distinct = numbers.select("mid", "match", "type").unique("mid")
    is_word = pl.col("type") == "word"
    digits_part = distinct.filter(~is_word).with_columns(
        pl.col("match").str.extract_groups(_rx()["number_parts"]).alias("parts")
    )
    words_part = distinct.filter(is_word).with_columns(
        pl.col("match").str.extract_groups(_rx()["word_parts"]).alias("parts")
    )
    parsed = with_number_value(
        pl.concat(
            [digits_part.unnest("parts"), words_part.unnest("parts")], how="diagonal_relaxed"
        ).with_columns(
            pl.col("qual", "noun", "words").str.replace_all(squash, " ").str.to_lowercase(),
        ),
        "digits",
        "scale",
        "digits_value",
    )
    value = (
        pl.when(is_word)
        .then(pl.col("words").replace_strict(number_words(), default=None, return_dtype=pl.Float64))
        .otherwise(pl.col("digits_value"))
    )
    noun_kind = pl.col("noun").replace_strict({k: v["kind"] for k, v in nouns.items()}, default=None)
    kind = (
        pl.when(pl.col("rp").is_not_null())
        .then(pl.lit("idr"))
        .when(pl.col("pct").is_not_null())
        .then(pl.lit("percent"))
        .when(noun_kind.is_not_null())
        .then(noun_kind)
        .when(pl.col("scale").is_not_null() | pl.col("digits").str.contains(r"^\d{1,3}(?:\.\d{3})+$"))
        .then(pl.lit("persons"))
    )
    unit = (
        pl.when(pl.col("kind") == "idr")
        .then(pl.lit("IDR"))
        .when(pl.col("kind") == "percent")
        .then(pl.lit("percent"))
        .otherwise(pl.col("noun").replace_strict({k: v["unit"] for k, v in nouns.items()}, default="persons"))
    )
    parsed = (
        parsed.with_columns(
            value=value,
            kind=kind,
            qualifier=pl.col("qual").replace_strict(qualifiers, default="exact"),
            noun_metric=pl.col("noun").replace_strict(
                {k: v["metric"] or None for k, v in nouns.items()}, default=None
            ),
        )
        .with_columns(unit=unit)
        .filter(pl.col("value").is_not_null(), pl.col("kind").is_not_null())
        .select("mid", "value", "kind", "qualifier", "noun_metric", "unit", no_noun=pl.col("noun").is_null())
    )
    # part of a longer malformed number ("1.2.3 juta"), a negative ("Rp -5 juta"), a code or a ratio
    attached = pl.col("prev").str.contains(r"(?:[-/]|\d[.,])$") | pl.col("next").str.contains(
        r"^(?:/|[.,]\d)"
    )
    duration = pl.col("no_noun") & pl.col("next").str.contains(_rx()["time_noun_after"])
    # the context tests run before the join, so the join gathers only the numbers that can still be figures
    return (
        numbers.filter(~attached)
        .join(parsed, on="mid", how="inner", maintain_order="left")
        .filter(~duration)
        .drop("no_noun")
        .with_row_index("cid")
        .with_columns(pl.col("cid").cast(pl.Int64))
    )


def _classify(cands: pl.DataFrame, cues: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """The metric of each candidate: its counted noun, else the nearest compatible cue, else a restatement."""
    # sentences with the once-only cue (the other sentences get null, read as false)
    context = (
        cues.filter(pl.col("cue") == "x_once").select("sid").unique().with_columns(has_once=pl.lit(True))
    )
    targets = _cue_targets()
    metric_cue = cues.filter(pl.col("cue").str.starts_with("m_")).select("sid", "g_start", "g_end", "cue")
    cued = (
        cands.select("cid", "sid", "g_start", "g_end", "kind", "value")
        .join(metric_cue.rename({"g_start": "r_start", "g_end": "r_end"}), on="sid")
        .join(targets, on=["cue", "kind"])
        .join(rules.select("metric", "min_value", "max_value"), on="metric")
        .filter(pl.col("value").is_between("min_value", "max_value"))
        .with_columns(
            distance=pl.max_horizontal(
                pl.col("r_start") - pl.col("g_end"), pl.col("g_start") - pl.col("r_end"), 0
            )
            + pl.col("weight")
            + pl.when((pl.col("kind") == "idr") & (pl.col("r_start") >= pl.col("g_end")))
            .then(_AMOUNT_CUE_AFTER)
            .otherwise(0)
        )
        .sort("cid", "distance", "r_start")
        .unique("cid", keep="first", maintain_order=True)
        .select("cid", cue_metric="metric")
    )
    frame = cands.join(cued, on="cid", how="left").join(context, on="sid", how="left")
    direct = pl.col("noun_metric").is_not_null() & pl.col("kind").is_in(["count", "persons"])
    gated = (pl.col("noun_metric") != "participation_limit") | pl.col("has_once").fill_null(False)
    frame = frame.with_columns(
        metric=pl.when(direct)
        .then(pl.when(gated).then(pl.col("noun_metric")))
        .otherwise(pl.col("cue_metric"))
    )
    known = (
        frame.filter(pl.col("metric").is_not_null(), pl.col("kind") == "persons")
        .group_by("di", "value")
        .agg(restated=pl.col("metric").first())
    )
    frame = frame.join(known, on=["di", "value"], how="left").with_columns(
        metric=pl.when(pl.col("metric").is_null() & (pl.col("kind") == "persons") & ~direct)
        .then(pl.col("restated"))
        .otherwise(pl.col("metric"))
    )
    return (
        frame.filter(pl.col("metric").is_not_null())
        .join(rules, on="metric")
        .filter(pl.col("value").is_between("min_value", "max_value"))
    )


def _waves(tokens: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Wave mentions with their range, and whether each is itself a figure (current or pending wave)."""
    p = _rx()
    waves = tokens.filter(pl.col("type").is_in(["wave", "program"]), ~pl.col("is_noise"))
    parts = pl.col("parts")
    numbered = (
        waves.select("mid", "match", "type")
        .unique("mid")
        .with_columns(parts=pl.col("match").str.extract_groups(p["wave_parts"]))
        .select(
            "mid",
            first=pl.when(pl.col("type") == "program")
            .then(pl.col("match").str.extract(r"(\d+)\s*$", 1).cast(pl.Int32))
            .otherwise(wave_number_expr(parts.struct.field("w1"))),
            last=wave_number_expr(parts.struct.field("w2")),
        )
    )
    waves = waves.join(numbered, on="mid", how="left", maintain_order="left")
    first, last = pl.col("first"), pl.col("last")
    pending = (
        cues.filter(pl.col("cue") == "x_pending").select("sid").unique().with_columns(pending=pl.lit(True))
    )
    event = pl.col("prev").str.contains(p["event_before"]) | pl.col("next").str.contains(p["event_after"])
    up_to = pl.col("prev").str.contains(p["up_to_before"]) & last.is_null()
    return (
        waves.with_columns(wave_from=first)
        .with_columns(wave_to=pl.coalesce(last, "wave_from"))
        .with_columns(wave_from=pl.when(up_to).then(pl.lit(1, dtype=pl.Int32)).otherwise("wave_from"))
        .filter(pl.col("wave_from").is_not_null(), pl.col("wave_to") >= pl.col("wave_from"))
        .join(pending, on="sid", how="left")
        .with_columns(
            is_figure=event
            & ~pl.col("prev").str.contains(p["modifier_before"])
            & (pl.col("wave_from") == pl.col("wave_to"))
            & ((pl.col("type") == "wave") | pl.col("next").str.contains(p["event_after"])),
            metric=pl.when(pl.col("pending").fill_null(False))
            .then(pl.lit("pending_wave"))
            .otherwise(pl.lit("current_wave")),
        )
    )


# what the rest of the figure steps read
_FIGURE_COLUMNS = ("cid", "di", "sid", "g_start", "g_end", "start", "end", "match", "next", "kind", "metric")
_FIGURE_COLUMNS += ("value", "unit", "qualifier", "wave_from", "wave_to")
_RULE_COLUMNS = ("min_value", "max_value", "inherits_waves", "timeless", "default_basis")


def _figures(
    tokens: pl.DataFrame, cues: pl.DataFrame, dates: pl.DataFrame, published: pl.DataFrame, docs: pl.DataFrame
) -> pl.DataFrame:
    rules = _rules_frame()
    figures = _classify(_candidates(tokens), cues, rules)
    waves = _waves(tokens, cues)

    wave_figures = (
        waves.filter("is_figure")
        .join(rules, on="metric")
        .with_columns(
            value=pl.col("wave_from").cast(pl.Float64),
            unit=pl.lit("wave"),
            qualifier=pl.lit("exact"),
            kind=pl.lit("wave"),
            cid=pl.int_range(pl.len(), dtype=pl.Int64) + 1_000_000_000_000,
        )
    )

    # wave range of number figures: a wave named in the same sentence, else (recipient-like metrics) one
    # named in the two sentences before
    same = _nearest(
        figures, waves.select("sid", "g_start", "g_end", w_from="wave_from", w_to="wave_to"), key="cid"
    ).select("cid", "w_from", "w_to")
    figures = figures.join(same, on="cid", how="left")
    earlier = (
        waves.select("di", "sid", p_from="wave_from", p_to="wave_to", p_di="di")
        .drop("di")
        .sort("sid")
        .unique("sid", keep="last", maintain_order=True)
    )
    figures = (
        figures.with_columns(prev_sid=pl.col("sid") - 1)
        .sort("prev_sid")
        .join_asof(earlier.rename({"sid": "prev_sid"}), on="prev_sid", strategy="backward", tolerance=1)
        .with_columns(
            inherit=pl.col("inherits_waves") & (pl.col("p_di") == pl.col("di")) & pl.col("w_from").is_null()
        )
        .with_columns(
            wave_from=pl.when("inherit").then("p_from").otherwise("w_from"),
            wave_to=pl.when("inherit").then("p_to").otherwise("w_to"),
        )
    )
    kept = [*_FIGURE_COLUMNS, *_RULE_COLUMNS]
    figures = pl.concat([figures.select(kept), wave_figures.select(kept)], how="diagonal_relaxed").sort(
        "g_start"
    )

    # period year: the nearest year phrase of the sentence, else the article's year in the programme's first
    # year, else unknown
    lex = lexicon()
    relative = {" ".join(k.split()): v for k, v in lex["periods"]["relative"].items()}
    years = tokens.filter(pl.col("type").is_in(["year", "relyear"]), ~pl.col("is_noise")).select(
        "sid",
        "g_start",
        "g_end",
        stated=pl.col("match").str.extract(r"(\d{4})", 1).cast(pl.Int32),
        offset=pl.col("match")
        .str.replace_all(r"\s+", " ")
        .str.to_lowercase()
        .replace_strict(relative, default=None, return_dtype=pl.Int32),
    )
    figures = (
        figures.join(
            _nearest(figures, years, key="cid").select("cid", "stated", "offset"), on="cid", how="left"
        )
        .join(published, on="di", how="left")
        .with_columns(
            explicit_year=pl.coalesce("stated", pl.col("article_year") + pl.col("offset")).cast(pl.Int32),
        )
        .with_columns(
            period_year=pl.when("timeless")
            .then(None)
            .otherwise(
                pl.coalesce(
                    "explicit_year",
                    pl.when(pl.col("article_year") <= lex["dates"]["programme_start_year"]).then(
                        "article_year"
                    ),
                )
            )
            .cast(pl.Int32)
        )
    )

    # waves of a year: a cumulative figure of year Y up to wave n starts after the last wave the article
    # gives for year Y-1
    year_end = (
        figures.filter(pl.col("explicit_year").is_not_null(), pl.col("wave_from") < pl.col("wave_to"))
        .group_by("di", "explicit_year")
        .agg(prior_last=pl.col("wave_to").max())
        .with_columns(explicit_year=pl.col("explicit_year") + 1)
    )
    figures = figures.join(year_end, on=["di", "explicit_year"], how="left").with_columns(
        wave_from=pl.when(
            pl.col("inherits_waves")
            & (pl.col("wave_from") == pl.col("wave_to"))
            & (pl.col("prior_last") < pl.col("wave_from"))
        )
        .then(pl.col("prior_last") + 1)
        .otherwise("wave_from")
    )
    # waves opened so far (or in the programme's first year): waves 1..n
    from_first = (pl.col("metric") == "waves_opened") & (
        pl.col("explicit_year").is_null() | (pl.col("explicit_year") == lex["dates"]["programme_start_year"])
    )
    figures = figures.with_columns(
        wave_from=pl.when(from_first).then(pl.lit(1)).otherwise("wave_from"),
        wave_to=pl.when(from_first).then(pl.col("value").cast(pl.Int32)).otherwise("wave_to"),
    )
    # a recipient-like figure in the same sentence as a count of waves opened covers those waves
    opened = figures.filter(pl.col("metric") == "waves_opened").select(
        "sid", "g_start", "g_end", o_from="wave_from", o_to="wave_to"
    )
    figures = figures.join(
        _nearest(figures.filter("inherits_waves", pl.col("wave_from").is_null()), opened, key="cid").select(
            "cid", "o_from", "o_to"
        ),
        on="cid",
        how="left",
    ).with_columns(wave_from=pl.coalesce("wave_from", "o_from"), wave_to=pl.coalesce("wave_to", "o_to"))
    # a restated figure without waves takes the waves of its restatement
    restated = (
        figures.filter(pl.col("wave_from").is_not_null())
        .group_by("di", "metric", "value")
        .agg(r_from=pl.col("wave_from").first(), r_to=pl.col("wave_to").first())
    )
    figures = figures.join(restated, on=["di", "metric", "value"], how="left").with_columns(
        wave_from=pl.coalesce("wave_from", "r_from"), wave_to=pl.coalesce("wave_to", "r_to")
    )

    # as of: a date in the same sentence (not the start of a period), else the article's date
    day_or_month = dates.filter(
        ~pl.col("prev").str.contains(_rx()["start_marker"]), pl.col("date").is_not_null()
    )
    figures = figures.join(
        _nearest(figures, day_or_month.select("sid", "g_start", "g_end", said=pl.col("date")), key="cid")
        .filter(pl.col("distance") <= _DATE_REACH)
        .select("cid", "said"),
        on="cid",
        how="left",
    ).with_columns(as_of=pl.coalesce("said", pl.col("published_date").dt.to_string("%Y-%m-%d")))

    scope = cues.filter(pl.col("cue") == "x_scope").select(
        "sid", "g_start", "g_end", place=pl.col("match").str.replace(r"^\w+\s+", "")
    )
    basis_words = {" ".join(k.split()): v for k, v in lex["context"]["basis_after"].items()}
    figures = figures.join(_nearest(figures, scope, key="cid").select("cid", "place"), on="cid", how="left")
    stated_basis = (
        pl.col("next")
        .str.extract(_rx()["basis_after"], 1)
        .str.replace_all(r"\s+", " ")
        .str.to_lowercase()
        .replace_strict(basis_words, default=None)
    )
    figures = figures.with_columns(
        scope=pl.coalesce("place", pl.lit("national")),
        basis=pl.when(pl.col("kind") == "idr")
        .then(pl.coalesce(stated_basis, "default_basis"))
        .otherwise("default_basis"),
        wave_from=pl.col("wave_from").cast(pl.Int32),
        wave_to=pl.col("wave_to").cast(pl.Int32),
    )
    return (
        figures.join(docs.select("di", "doc"), on="di")
        .sort("g_start")
        .select(
            *[
                pl.col(name).alias(name) if name not in ("evidence",) else pl.col("match").alias("evidence")
                for name in FIGURE_SCHEMA
            ]
        )
        .cast(FIGURE_SCHEMA)
    )


def extract_articles(articles: pl.DataFrame) -> Extraction:
    """Figures, date mentions and metadata of a batch of articles (columns ``doc`` and ``text``)."""
    docs = _prepare(articles)
    split = _split(docs)
    lines = _lines(split)
    sentences = _sentences(split)
    scanned = _scan(split, context=("token",))
    tokens = _tokens(scanned["token"], lines, sentences)
    cues = _cues(scanned["cues"], lines, sentences)
    dates, published = _dates(tokens, cues, docs)
    figures = _figures(tokens, cues, dates, published, docs)
    meta = _meta(docs, lines, published).select(list(ARTICLE_META_SCHEMA)).cast(ARTICLE_META_SCHEMA)
    date_rows = (
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
    return Extraction(figures=figures, dates=date_rows, meta=meta)


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
