"""Wave notation."""

from __future__ import annotations

import polars as pl
import pytest

from prakerja_dq.extraction.waves import parse_wave_number, parse_wave_range, wave_number_expr


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("gelombang 21", (21, 21)),
        ("gelombang ke-21", (21, 21)),
        ("gelombang ke 21", (21, 21)),
        ("gelombang IV", (4, 4)),
        ("gelombang I-III", (1, 3)),
        ("gelombang I hingga III", (1, 3)),
        ("gelombang ketiga", (3, 3)),
        ("gelombang kedua", (2, 2)),
        ("gelombang pertama", (1, 1)),
        ("gelombang empat", (4, 4)),
        ("gelombang pertama hingga ketiga", (1, 3)),
        ("batch 4", (4, 4)),
        ("batch 1 hingga 8", (1, 8)),
        ("Batch 1-3", (1, 3)),
        ("gelombang 1 sampai dengan 11", (1, 11)),
        ("Gelombang 1 sampai dengan Gelombang 11", (1, 11)),
        ("gelombang 12 s.d. 21", (12, 21)),
        ("gelombang kedua puluh satu", (21, 21)),
        ("gelombang empat atau batch 4", (4, 4)),
        ("program ke-4", (4, 4)),
    ],
)
def test_wave_notations(text, span):
    assert parse_wave_range(text) == span


def test_backwards_range_is_rejected():
    assert parse_wave_range("gelombang 5 hingga 2") is None


def test_polars_form_agrees_with_python():
    words = ["21", "ke-21", "IV", "ketiga", "pertama", "empat", "XII", "sebelas", "kedua belas"]
    got = pl.select(wave_number_expr(pl.Series(words))).to_series().to_list()
    assert got == [parse_wave_number(w) for w in words]
