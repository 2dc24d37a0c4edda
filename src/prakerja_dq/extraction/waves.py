"""Wave (gelombang/batch) notation: arabic, ``ke-21``, roman, ordinal and cardinal words, ranges."""

from __future__ import annotations

import re

import polars as pl

from prakerja_dq.extraction.rules import number_words, ordinal_words, patterns, roman_numerals


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
