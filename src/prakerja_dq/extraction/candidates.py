"""Number mentions that can be figures: value, kind (persons, percent, idr, count), unit, qualifier, noun."""

from __future__ import annotations

from functools import cache

import polars as pl

from prakerja_dq.extraction.numbers import with_number_value
from prakerja_dq.extraction.rules import count_nouns, lexicon, metric_rules, number_words
from prakerja_dq.extraction.scan import rx


@cache
def rules_frame() -> pl.DataFrame:
    """Per metric: plausible value range, wave inheritance, timelessness, default basis, dated (``as_of``)."""
    rows = metric_rules()
    return pl.DataFrame(
        {
            "metric": list(rows),
            "min_value": [float(r["min_value"]) for r in rows.values()],
            "max_value": [float(r["max_value"]) for r in rows.values()],
            "inherits_waves": [r["inherits_waves"] for r in rows.values()],
            "timeless": [r["timeless"] == "true" for r in rows.values()],
            "default_basis": [r["basis"] for r in rows.values()],
            "dated": [r["dated"] for r in rows.values()],
        }
    )


def _squashed(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(r"\s+", " ").str.to_lowercase()


# the hedges and restating words next to a number ("5,9 juta lebih peserta", ", atau sekitar") are read in
# this many characters of its context, not in all of it
HEDGE_REACH = 32


def extract_candidates(tokens: pl.DataFrame) -> pl.DataFrame:
    """Number mentions outside noise lines with value, unit, qualifier and kind; ``cid`` numbers them."""
    nouns = count_nouns()
    qualifiers = {" ".join(k.split()): v for k, v in lexicon()["qualifiers"].items()}
    numbers = tokens.filter(pl.col("type").is_in(["num", "word"]), ~pl.col("is_noise"))
    # everything but the context is a function of the match: parse each distinct match once
    distinct = numbers.select("mid", "match", "type").unique("mid")
    is_word = pl.col("type") == "word"
    digits_part = distinct.filter(~is_word).with_columns(
        pl.col("match").str.extract_groups(rx()["number_parts"]).alias("parts")
    )
    words_part = distinct.filter(is_word).with_columns(
        pl.col("match").str.extract_groups(rx()["word_parts"]).alias("parts")
    )
    parsed = with_number_value(
        pl.concat(
            [digits_part.unnest("parts"), words_part.unnest("parts")], how="diagonal_relaxed"
        ).with_columns(_squashed("qual"), _squashed("noun"), _squashed("words")),
        "digits",
        "scale",
        "digits_value",
    )
    scales = {word.lower(): float(factor) for word, factor in lexicon()["numbers"]["scale"].items()}
    word_scale = (
        pl.col("scale").str.to_lowercase().replace_strict(scales, default=1.0, return_dtype=pl.Float64)
    )
    value = (
        pl.when(is_word)
        .then(
            pl.col("words").replace_strict(number_words(), default=None, return_dtype=pl.Float64)
            * word_scale.fill_null(1.0)
        )
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
        .select(
            "mid",
            "value",
            "kind",
            "qualifier",
            "noun",
            "noun_metric",
            "unit",
            no_noun=pl.col("noun").is_null(),
            has_scale=pl.col("scale").is_not_null(),
        )
    )
    # part of a longer malformed number ("1.2.3 juta"), a negative ("Rp -5 juta"), a code or a ratio
    attached = pl.col("prev").str.contains(r"(?:[-/]|\d[.,])$") | pl.col("next").str.contains(
        r"^(?:/|[.,]\d)"
    )
    duration = pl.col("no_noun") & pl.col("next").str.contains(rx()["time_noun_after"])
    # the context tests run before the join, so the join gathers only the numbers that can still be figures
    # a count of people in words ("satu peserta") is a phrase, not a programme figure
    spelled_people = (pl.col("type") == "word") & (pl.col("kind") == "persons") & ~pl.col("has_scale")
    basis_words = {" ".join(k.split()): v for k, v in lexicon()["context"]["basis_after"].items()}
    stated_basis = (
        pl.col("next")
        .str.extract(rx()["basis_after"], 1)
        .str.replace_all(r"\s+", " ")
        .str.to_lowercase()
        .replace_strict(basis_words, default=None)
    )
    # the context strings are read here, once: the later steps carry only what they need
    return (
        numbers.filter(~attached)
        .join(parsed, on="mid", how="inner", maintain_order="left")
        .filter(~duration, ~spelled_people)
        .with_columns(
            stated_basis=pl.when(pl.col("kind") == "idr").then(stated_basis),
            after_attempt=pl.col("prev").str.contains(rx()["attempt_before"]),
            qualifier=pl.when(pl.col("qualifier") != "exact")
            .then("qualifier")
            .when(pl.col("next").str.head(HEDGE_REACH).str.contains(rx()["more_than_after"]))
            .then(pl.lit("more_than"))
            .when(pl.col("next").str.head(HEDGE_REACH).str.contains(rx()["about_after"]))
            .then(pl.lit("about"))
            .otherwise("qualifier"),
            totals=(pl.col("kind") == "idr")
            & pl.col("prev").str.tail(HEDGE_REACH).str.contains(rx()["totals_before"]),
            restates=(pl.col("kind") == "percent")
            & pl.col("prev").str.tail(HEDGE_REACH).str.contains(rx()["restates_before"]),
        )
        .drop("no_noun", "has_scale", "prev", "next", "is_noise", "is_related", "next_type", "type")
        .with_row_index("cid")
        .with_columns(pl.col("cid").cast(pl.Int64))
    )
