"""Wave (gelombang/batch) notation: arabic, ``ke-21``, roman, ordinal and cardinal words, ranges."""

from __future__ import annotations

import re

import polars as pl

from prakerja_dq.extraction.rules import lexicon, number_words, ordinal_words, patterns, roman_numerals
from prakerja_dq.extraction.scan import rx

# a wider "range" is a wave and an unrelated number ("gelombang 11 dan 514 kabupaten/kota")
MAX_RANGE_SPAN = 80


def parse_wave_number(text: str) -> int | None:
    """The number of one wave reference.

    >>> [parse_wave_number(t) for t in ["21", "ke-21", "IV", "ketiga", "pertama", "empat", "x"]]
    [21, 21, 4, 3, 1, 4, None]
    """
    text = " ".join(text.split())
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group())
    return roman_numerals().get(text) or ordinal_words().get(text.lower()) or number_words().get(text.lower())


def parse_wave_range(text: str) -> tuple[int, int] | None:
    """(first, last) wave of a wave mention.

    >>> parse_wave_range("gelombang I hingga III"), parse_wave_range("Batch 1-3")
    ((1, 3), (1, 3))
    >>> parse_wave_range("Gelombang 1 sampai dengan Gelombang 11"), parse_wave_range("gelombang ke-21")
    ((1, 11), (21, 21))
    >>> parse_wave_range("gelombang pertama hingga ketiga"), parse_wave_range("gelombang empat atau batch 4")
    ((1, 3), (4, 4))
    >>> parse_wave_range("program ke-4"), parse_wave_range("gelombang baru") is None
    ((4, 4), True)
    """
    match = re.match(patterns()["wave_parts"], text)
    if match is None:
        program = re.match(r"(?i:program)\s+(?i:ke)-\s?(\d{1,2})", text)
        return (int(program[1]),) * 2 if program else None
    first = parse_wave_number(match["w1"])
    last = parse_wave_number(match["w2"]) if match["w2"] else first
    if first is None or last is None or last < first:
        return None
    return first, last


def wave_number_expr(text: pl.Expr) -> pl.Expr:
    """The Polars form of :func:`parse_wave_number`."""
    words = {**number_words(), **ordinal_words()}
    squashed = text.str.replace_all(r"\s+", " ")
    return pl.coalesce(
        text.str.extract(r"(\d+)", 1).cast(pl.Int32, strict=False),
        squashed.replace_strict(roman_numerals(), default=None, return_dtype=pl.Int32),
        squashed.str.to_lowercase().replace_strict(words, default=None, return_dtype=pl.Int32),
    )


def _deictic_waves(waves: pl.DataFrame) -> pl.DataFrame:
    """Resolve "gelombang ini/tersebut" to the wave last named before it in the article, "gelombang
    berikutnya/selanjutnya" to the one after it, and "gelombang perdana" to wave 1."""
    offsets = {word: value for word, value in lexicon()["waves"]["deictic"].items() if value != "first"}
    firsts = [word for word, value in lexicon()["waves"]["deictic"].items() if value == "first"]
    # "gelombang-gelombang berikutnya" is plural: no one wave
    word = pl.when(~pl.col("prev").str.ends_with("-")).then(
        pl.col("match").str.extract(rx()["deictic_parts"], 1).str.to_lowercase()
    )
    waves = waves.with_columns(deictic=word)
    named = (
        waves.filter(pl.col("deictic").is_null(), pl.col("first").is_not_null(), pl.col("last").is_null())
        .select("di", "g_start", named="first")
        .sort("g_start")
    )
    waves = (
        waves.sort("g_start")
        .join_asof(
            named.rename({"di": "named_di"}), on="g_start", strategy="backward", allow_exact_matches=False
        )
        .with_columns(named=pl.when(pl.col("named_di") == pl.col("di")).then("named"))
        .drop("named_di")
    )
    offset = pl.col("deictic").replace_strict(offsets, default=None, return_dtype=pl.Int32)
    resolved = (
        pl.when(pl.col("deictic").is_in(firsts))
        .then(pl.lit(1, dtype=pl.Int32))
        .otherwise(pl.col("named") + offset)
    )
    return waves.with_columns(
        first=pl.when(pl.col("deictic").is_not_null()).then(resolved).otherwise("first")
    ).drop("named")


def extract_waves(tokens: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Wave mentions with their range, and whether each is itself a figure: the wave being opened or
    announced (``current_wave``) or one postponed or not yet opened (``pending_wave``).

    A mention is an event when an event word stands right before or after it ("pendaftaran gelombang 12",
    "Gelombang 4 Kartu Prakerja Dibuka"), and not when it only qualifies a noun ("peserta gelombang 44") or
    looks back or ahead ("sejak gelombang 23 dibuka", "Begitu gelombang 63 dibuka"). It is pending when it
    or its sentence says so ("ditunda", "belum dibuka") unless the mention itself is opened or its results
    announced; a wave pending anywhere in an article is pending in all of it.
    """
    p = rx()
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
        # "gelombang 11 dan 514 kabupaten": not a range of waves
        .with_columns(last=pl.when(pl.col("last") - pl.col("first") <= MAX_RANGE_SPAN).then("last"))
    )
    waves = _deictic_waves(waves.join(numbered, on="mid", how="left", maintain_order="left"))
    first, last = pl.col("first"), pl.col("last")
    prev, following = pl.col("prev"), pl.col("next")
    pending_sentence = (
        cues.filter(pl.col("cue") == "x_pending").select("sid").unique().with_columns(pending=pl.lit(True))
    )
    pending_after = following.str.contains(p["pending_after"])
    event = (
        prev.str.contains(p["event_before"]) | following.str.contains(p["event_after"]) | pending_after
    ) & ~(prev.str.contains(p["past_before"]) | prev.str.contains(p["modifier_before"]))
    up_to = prev.str.contains(p["up_to_before"]) & last.is_null()
    opened = following.str.contains(p["opened_after"]) | prev.str.contains(p["results_before"])
    waves = (
        waves.with_columns(wave_from=first)
        .with_columns(wave_to=pl.coalesce(last, "wave_from"))
        .with_columns(
            wave_from=pl.when(up_to).then(pl.lit(1, dtype=pl.Int32)).otherwise("wave_from"),
            is_up_to=up_to,
            is_from=prev.str.contains(p["past_before"])
            & last.is_null()
            & ~prev.str.contains(p["source_before"]),
        )
        .filter(pl.col("wave_from").is_not_null(), pl.col("wave_to") >= pl.col("wave_from"))
        .join(pending_sentence, on="sid", how="left")
        .with_columns(
            # the first wave a sentence of postponement names is the one postponed ("gelombang 63, pembuka
            # tahun ini, memang belum dibuka")
            postponed=pl.col("pending").fill_null(False)
            & (pl.col("g_start") == pl.col("g_start").min().over("sid"))
            & ~(prev.str.contains(p["past_before"]) | prev.str.contains(p["modifier_before"]))
        )
        .with_columns(
            is_figure=(event | pl.col("postponed"))
            & (pl.col("wave_from") == pl.col("wave_to"))
            & pl.col("deictic").is_null()
            & (
                (pl.col("type") == "wave")
                | following.str.contains(p["event_after"])
                | pending_after
                | pl.col("postponed")
            ),
            is_pending=(pending_after | pl.col("pending").fill_null(False)) & ~opened,
        )
    )
    # "gelombang 67 merupakan gelombang kelima yang dibuka sepanjang 2024": five waves opened, 63..67
    ordinal = pl.col("match").str.contains(p["ordinal_wave"]) & following.str.contains(
        p["opened_in_period_after"]
    )
    waves = waves.with_columns(is_ordinal_count=ordinal & pl.col("deictic").is_null())
    named = (
        waves.filter(~pl.col("is_ordinal_count"), pl.col("wave_from") == pl.col("wave_to"))
        .group_by("sid")
        .agg(named_wave=pl.col("wave_to").first())
    )
    waves = waves.join(named, on="sid", how="left").with_columns(
        is_figure=pl.col("is_figure") & ~pl.col("is_ordinal_count"),
        opened_count=pl.when(pl.col("is_ordinal_count") & pl.col("named_wave").is_not_null()).then(
            pl.col("wave_from")
        ),
    )
    pending_in_article = (
        waves.filter("is_figure", "is_pending")
        .select("di", "wave_from")
        .unique()
        .with_columns(held=pl.lit(True))
    )
    return (
        waves.join(pending_in_article, on=["di", "wave_from"], how="left")
        .with_columns(
            metric=pl.when(pl.col("is_pending") | pl.col("held").fill_null(False))
            .then(pl.lit("pending_wave"))
            .otherwise(pl.lit("current_wave")),
        )
        .drop("held")
        .sort("g_start")
    )
