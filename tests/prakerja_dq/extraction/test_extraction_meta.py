"""Outlet, headline, noise lines."""

from __future__ import annotations

import polars as pl
import pytest

from prakerja_dq.extraction.meta import (
    find_outlet_expr,
    is_title_expr,
    is_title_line,
    outlet_name_expr,
    parse_outlet,
)
from prakerja_dq.extraction.noise import is_noise_line


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Bisnis.com, JAKARTA - Sejak dibuka", "Bisnis.com"),
        ("Liputan6.com, Jakarta - Peminat", "Liputan6.com"),
        ("KONTAN.CO.ID - JAKARTA. Program", "Kontan"),
        ("REPUBLIKA.CO.ID, JAKARTA -- Manajemen", "Republika"),
        ("Jakarta, CNBC Indonesia - Pemerintah", "CNBC Indonesia"),
        ("JAKARTA, KOMPAS.com - Program", "Kompas.com"),
        ("JAKARTA - Pemerintah berencana", None),
    ],
)
def test_outlets(text, outlet):
    assert parse_outlet(text) == outlet
    assert pl.select(outlet_name_expr(find_outlet_expr(pl.lit(text)))).item() == outlet


@pytest.mark.parametrize(
    ("line", "is_title"),
    [
        ("Penerima Kartu Prakerja tahun 2021 sudah capai 5,9 juta peserta", True),
        ("Sebanyak 7,6 Juta Orang Sudah Daftar Kartu Prakerja", True),
        ("Kamis 23 Apr 2020 09:20 WIB", False),
        ("JAKARTA - Pemerintah berencana melanjutkan program Kartu Prakerja pada 2021.", False),
        ("Bisnis.com, JAKARTA - Sejak dibuka pada April 2020, pendaftar", False),
    ],
)
def test_titles(line, is_title):
    assert is_title_line(line) is is_title
    assert pl.select(is_title_expr(pl.lit(line))).item() is is_title


@pytest.mark.parametrize(
    "line",
    [
        "Baca Juga: Hasil seleksi gelombang 21 kartu prakerja diumumkan",
        "BACA JUGA: Ikuti News Analysis",
        "Advertisement",
        "Foto: dok. Diskominfotik Lampung",
        "Saksikan video pilihan berikut ini:",
        "Editor: Yudho Winarto",
        "Rep: Adinda Pryanka/ Red: Agus Yulianto",
        "Bagikan:",
    ],
)
def test_noise_lines(line):
    assert is_noise_line(line)


def test_body_lines_are_not_noise():
    assert not is_noise_line("Pendaftaran Gelombang IV Kartu Prakerja Kembali Mundur")
