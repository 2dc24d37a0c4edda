"""Lines that are not article body: related-article links, ads, captions, video prompts, credits."""

from __future__ import annotations

import re

from prakerja_dq.extraction.rules import patterns


def is_noise_line(line: str) -> bool:
    """Whether a line is page furniture rather than article text.

    >>> is_noise_line("Baca Juga: Hasil seleksi gelombang 21"), is_noise_line("BACA JUGA: Ikuti News")
    (True, True)
    >>> is_noise_line("Advertisement"), is_noise_line("Foto: dok. Diskominfotik"), is_noise_line("1")
    (True, True, True)
    >>> is_noise_line("Saksikan video pilihan berikut ini:"), is_noise_line("Editor: Yudho Winarto")
    (True, True)
    >>> is_noise_line("Sebanyak 7,6 Juta Orang Sudah Daftar Kartu Prakerja")
    False
    """
    return re.match(patterns()["noise_line"], line) is not None
