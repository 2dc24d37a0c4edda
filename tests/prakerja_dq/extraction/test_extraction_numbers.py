"""Number parsing: Indonesian separators, scale words, Rp, persen, number words."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_dq.extraction.numbers import (
    parse_digits,
    parse_number,
    parse_number_expr,
    scale_factors,
    with_number_value,
)
from prakerja_dq.extraction.rules import number_words

SCALES = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12}


def write_indonesian(value: int) -> str:
    """An integer with '.' thousands separators."""
    return f"{value:,}".replace(",", ".")


def write_decimal(whole: int, fraction: str) -> str:
    return f"{write_indonesian(whole)},{fraction}"


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_integers_with_thousands_separators_parse_back(value):
    assert parse_number(write_indonesian(value)) == value


@settings(deadline=None)
@given(
    st.integers(min_value=0, max_value=999_999),
    st.text(alphabet="0123456789", min_size=1, max_size=3),
    st.sampled_from(sorted(SCALES)),
    st.sampled_from(["", " "]),
    st.sampled_from(["", "Rp", "Rp ", "rp"]),
)
def test_decimals_with_scale_and_currency_parse_back(whole, fraction, scale, space, currency):
    text = f"{currency}{write_decimal(whole, fraction)}{space}{scale}"
    expected = float(f"{whole}.{fraction}") * SCALES[scale]
    assert parse_number(text) == pytest.approx(expected, rel=1e-9)


@settings(deadline=None)
@given(
    st.integers(min_value=0, max_value=100),
    st.text(alphabet="0123456789", max_size=2),
    st.sampled_from(["%", " persen", " %"]),
)
def test_percentages_parse_back(whole, fraction, sign):
    text = f"{whole},{fraction}{sign}" if fraction else f"{whole}{sign}"
    assert parse_number(text) == pytest.approx(float(f"{whole}.{fraction or 0}"))


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=999))
def test_number_words_parse_back(value):
    word = next(w for w, v in number_words().items() if v == value)
    assert parse_number(word) == value
    assert parse_number(word.upper()) == value


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**9), st.sampled_from([None, "ribu", "Juta", "miliar"])), min_size=1)
)
def test_polars_form_agrees_with_python(pairs):
    digits = [write_indonesian(v) for v, _ in pairs]
    scales = [s for _, s in pairs]
    frame = pl.DataFrame(
        {"digits": digits, "scale": scales}, schema={"digits": pl.String, "scale": pl.String}
    )
    got = frame.select(parse_number_expr(pl.col("digits"), pl.col("scale"))).to_series().to_list()
    want = [parse_number(f"{d} {s}" if s else d) for d, s in zip(digits, scales, strict=True)]
    assert got == pytest.approx(want)
    staged = with_number_value(frame, "digits", "scale", "value")
    assert staged.columns == ["digits", "scale", "value"]
    assert staged["value"].to_list() == got


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("680.000", 680_000),
        ("1.500", 1_500),
        ("5,9 juta", 5_900_000),
        ("1,04 juta", 1_040_000),
        ("7,6 Juta", 7_600_000),
        ("88,9%", 88.9),
        ("Rp4.200.000", 4_200_000),
        ("Rp 3,55 juta", 3_550_000),
        ("Rp600 ribu", 600_000),
        ("Rp 19,98 triliun", 19_980_000_000_000),
        ("31,4 persen", 31.4),
        ("5,9juta", 5_900_000),
        ("Rp 1,2 milyar", 1_200_000_000),
        ("sepuluh", 10),
        ("sebelas", 11),
        ("seratus", 100),
        ("tujuh", 7),
    ],
)
def test_known_forms(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["680.00", "5.50.000", "abc", ""])
def test_ambiguous_or_broken_numbers_are_left_out(text):
    assert parse_number(text) is None


def test_a_dot_decimal_is_read_only_before_a_scale_word():
    assert parse_digits("5.9") is None
    assert parse_number("5.9 juta") == 5_900_000


def test_scale_words_come_from_the_lexicon():
    assert scale_factors()["juta"] == 1e6
