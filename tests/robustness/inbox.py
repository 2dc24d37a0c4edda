"""A hostile inbox built at test time: every kind of bad input next to the seed articles.

``build_hostile_inbox`` returns the folder and what the ledger must say about each entry (its expected
status and the start of its reason), so tests compare the ledger against an oracle written by hand here,
not against what ``list_inbox`` happens to list.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SEED_ARTICLES

BIG_FILE_BYTES = 50 * 1024 * 1024
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)
JPEG_BYTES = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00C\x00\x08\x06\x06\x07"
    b"\x06\x05\x08\x07\x07\x07\t\t\x08\n\x0c\x14\r\x0c\x0b\x0b\x0c\x19\x12\x13\x0f\x14\x1d\x1a\x1f\x1e\x1d"
    b"\xff\xd9"
)

CP1252_ARTICLE = (
    "Kontan.co.id – JAKARTA. Menko Perekonomian Airlangga Hartarto menyebut “pendaftar Kartu Prakerja "
    "gelombang 4 mencapai 2,9 juta orang” dalam jumpa pers di sebuah café di Senayan, Selasa (5/5/2020).\n"
    "Menurut dia, peserta yang lolos akan menerima insentif Rp 600.000 per bulan selama empat bulan.\n"
)
BOM_CRLF_ARTICLE = (
    "Republika.co.id, JAKARTA -- Manajemen Pelaksana Program Kartu Prakerja mencatat lebih dari 680.000 "
    "peserta gelombang 1 hingga 3 telah menerima insentif, Kamis (4/6/2020).\n"
    "Setiap peserta memperoleh bantuan Rp 3,55 juta.\n"
)
HTML_PAGE = (
    "<!DOCTYPE html>\n<html lang='id'><head><meta charset='utf-8'><title>Prakerja | Berita</title>"
    "<style>.iklan{display:none}</style><script>var tracker = 'Rp 1 juta';</script></head>\n<body>"
    "<nav><a href='/'>Beranda</a></nav><article><h1>Peserta Kartu Prakerja bertambah</h1>"
    "<p>Liputan6.com, Jakarta - Jumlah penerima Kartu Prakerja gelombang 9 mencapai <b>800.000</b> orang, "
    "kata Direktur Eksekutif Denni Puspa Purbasari, Senin (7/9/2020).</p>"
    "<p>Total pendaftar program ini sudah <em>menembus 20 juta</em> orang.</p></article></body></html>\n"
)
NON_ASCII_NAME_ARTICLE = (
    "Bisnis.com, JAKARTA - Program Kartu Prakerja membuka gelombang ke-12 dengan kuota 600.000 peserta, "
    "Rabu (4/11/2020). Sebanyak 5,6 juta orang telah menjadi penerima Kartu Prakerja.\n"
)
# The weekday is wrong (12/10/2020 was a Monday) and the benefit is not the scheme's, so checks flag these
# sentences and the report quotes them, script tag included.
SCRIPT_SQL_ARTICLE = (
    "Okezone.com, JAKARTA - Penerima Kartu Prakerja gelombang 10 mencapai 400.000 orang "
    "<script>alert('xss')</script>, kata pejabat pada Selasa (12/10/2020) <script>alert('xss')</script>.\n"
    "'; DROP TABLE marts.figures; -- juga Robert'); DELETE FROM raw.articles; -- tertulis di komentar.\n"
    "Setiap peserta menerima total bantuan Rp 9 juta <script>alert('xss')</script> per peserta.\n"
    "Insentif pasca pelatihan sebesar Rp600.000 per bulan diberikan selama empat bulan.\n"
)
ABSURD_NUMBERS_ARTICLE = (
    "Detik.com, JAKARTA - Pendaftar Kartu Prakerja tercatat 1.2.3 juta orang menurut unggahan warganet, "
    "Jumat (2/10/2020).\n"
    "Seorang peserta mengaku menerima insentif Rp -5 juta per bulan setelah pelatihan.\n"
    "Anggaran program Kartu Prakerja disebut mencapai 999.999 triliun tahun ini.\n"
    "Sementara itu, penerima Kartu Prakerja gelombang 11 mencapai 600.000 orang.\n"
)
# Spans that must never appear in a published figure's evidence.
ABSURD_SPANS = ("1.2.3 juta", "-5 juta", "999.999 triliun")


@dataclass(frozen=True)
class Expected:
    """What the ledger must say about one inbox entry."""

    status: str
    reason: str | None = None


def build_hostile_inbox(inbox: Path, *, big_file: bool = True) -> dict[Path, Expected]:
    """Fill ``inbox`` with the seeds and every bad input; returns each entry's expected ledger outcome."""
    inbox.mkdir(parents=True, exist_ok=True)
    expected: dict[Path, Expected] = {}

    def add(name: str, content: bytes | None, outcome: Expected) -> Path:
        path = inbox / name
        if content is not None:
            path.write_bytes(content)
        expected[path] = outcome
        return path

    seeds = sorted(SEED_ARTICLES.glob("*.txt"))
    for seed in seeds:
        add(seed.name, seed.read_bytes(), Expected("accepted"))
    add("empty.txt", b"", Expected("rejected", "empty file"))
    add("whitespace.txt", b"   \n\t\r\n  \n", Expected("rejected", "whitespace only"))
    add("foto-peserta.txt", PNG_BYTES, Expected("rejected", "binary data"))
    add("scan.txt", JPEG_BYTES, Expected("rejected", "binary data"))
    add("windows-1252.txt", CP1252_ARTICLE.encode("cp1252"), Expected("accepted"))
    add("bom-crlf.txt", BOM_CRLF_ARTICLE.replace("\n", "\r\n").encode("utf-8-sig"), Expected("accepted"))
    add("halaman.html", HTML_PAGE.encode(), Expected("accepted"))
    add("Berita Prakerja – gelombang ke-12 «ü» 卡.txt", NON_ASCII_NAME_ARTICLE.encode(), Expected("accepted"))
    add("script and sql.txt", SCRIPT_SQL_ARTICLE.encode(), Expected("accepted"))
    add("angka aneh.txt", ABSURD_NUMBERS_ARTICLE.encode(), Expected("accepted"))
    add(f"salinan {seeds[1].name}", seeds[1].read_bytes(), Expected("duplicate", "same article as"))
    spaced = "\n".join(line + "  \t" for line in seeds[2].read_text(encoding="utf-8").splitlines()) + "\n\n"
    add("trailing-whitespace.txt", spaced.encode(), Expected("duplicate", "same article as"))
    dangling = add("dangling-link.txt", None, Expected("rejected", "broken symbolic link"))
    os.symlink(inbox / "does-not-exist.txt", dangling)
    os.mkfifo(add("named-pipe.txt", None, Expected("rejected", "not a regular file (a named pipe)")))
    folder = inbox / "arsip"
    folder.mkdir()
    os.symlink(folder, add("link-to-folder.txt", None, Expected("rejected", "not a regular file (a folder")))
    shutil.copyfile(seeds[3], add("arsip/copy of 003.txt", None, Expected("duplicate", "same article as")))
    add(".DS_Store", b"\x00\x00\x00\x01Bud1", Expected("rejected", "hidden file or folder"))
    if big_file:
        big = add("besar.txt", None, Expected("rejected", "file too large: 52.4 MB"))
        with big.open("wb") as handle:
            handle.truncate(BIG_FILE_BYTES)
    return expected
