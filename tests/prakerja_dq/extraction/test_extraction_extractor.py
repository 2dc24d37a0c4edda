"""The vectorised extractor: contract, provenance, rules on short sentences, batches."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from prakerja_dq.contract import ARTICLE_META_SCHEMA, DATE_MENTION_SCHEMA, FIGURE_SCHEMA
from prakerja_dq.extraction import Extraction, extract_articles, extract_files
from prakerja_dq.textio import read_article
from tests.conftest import GOLD_DATES

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"


def extract_one(text: str) -> list[dict]:
    return extract_articles(pl.DataFrame({"doc": ["t"], "text": [text]})).figures.to_dicts()


def facts(text: str) -> set[tuple]:
    return {(f["metric"], f["value"]) for f in extract_one(text)}


@pytest.fixture(scope="module")
def seeds() -> Extraction:
    return extract_files(sorted(SEED_ARTICLES.glob("*.txt")))


def test_frames_have_exactly_the_contract_schemas(seeds):
    assert seeds.figures.schema == pl.Schema(FIGURE_SCHEMA)
    assert seeds.dates.schema == pl.Schema(DATE_MENTION_SCHEMA)
    assert seeds.meta.schema == pl.Schema(ARTICLE_META_SCHEMA)


def test_evidence_is_the_text_at_its_offsets(seeds):
    texts = {p.stem: read_article(p).text for p in SEED_ARTICLES.glob("*.txt")}
    for frame in (seeds.figures, seeds.dates):
        column = "evidence" if "evidence" in frame.columns else "text"
        for row in frame.iter_rows(named=True):
            assert texts[row["doc"]][row["start"] : row["end"]] == row[column]


def test_meta_of_the_seeds(seeds):
    meta = {row["doc"][:3]: row for row in seeds.meta.iter_rows(named=True)}
    assert [meta[k]["outlet"] for k in sorted(meta)] == [
        "Bisnis.com",
        "Liputan6.com",
        "Kontan",
        None,
        "Republika",
    ]
    assert str(meta["004"]["published_date"]) == "2020-04-23"
    assert str(meta["000"]["published_date"]) == "2020-06-08"
    assert str(meta["003"]["published_date"]) == "2020-11-03"
    assert meta["004"]["headline"] == "Sebanyak 7,6 Juta Orang Sudah Daftar Kartu Prakerja"
    assert meta["000"]["headline"] is None


def test_dates_agree_with_gold(seeds):
    gold = [json.loads(line) for line in GOLD_DATES.read_text(encoding="utf-8").splitlines() if line.strip()]
    keys = ("doc", "text", "weekday_stated", "date", "weekday_actual", "consistent")
    got = sorted(tuple(str(r[k]) for k in keys) for r in seeds.dates.iter_rows(named=True))
    assert got == sorted(tuple(str(g[k]) for k in keys) for g in gold)


def test_a_batch_gives_the_same_records_as_single_articles():
    texts = [read_article(p).text for p in sorted(SEED_ARTICLES.glob("*.txt"))]
    batch = pl.DataFrame({"doc": [f"d{i}" for i in range(15)], "text": [texts[i % 5] for i in range(15)]})
    together = extract_articles(batch).figures
    for i in range(15):
        alone = extract_articles(batch.slice(i, 1)).figures
        assert together.filter(pl.col("doc") == f"d{i}").equals(alone)


def test_empty_batch_and_empty_text():
    empty = extract_articles(
        pl.DataFrame({"doc": [], "text": []}, schema={"doc": pl.String, "text": pl.String})
    )
    assert empty.figures.height == 0 and empty.figures.schema == pl.Schema(FIGURE_SCHEMA)
    blank = extract_articles(pl.DataFrame({"doc": ["a", "b"], "text": ["", None]}))
    assert blank.figures.height == 0 and blank.meta.height == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pemerintah menyiapkan anggaran Kartu Prakerja Rp20 triliun pada 2021.", {("budget_total", 2e13)}),
        (
            "Mulai 2023 peserta menerima total bantuan Rp4,2 juta, terdiri atas bantuan biaya pelatihan "
            "Rp3,5 juta, insentif pasca pelatihan Rp600.000 dan insentif survei Rp100.000.",
            {
                ("incentive_per_participant", 4.2e6),
                ("training_budget_per_participant", 3.5e6),
                ("post_training_incentive", 6e5),
                ("survey_incentive", 1e5),
            },
        ),
        ("Kuota Kartu Prakerja tahun ini sebanyak 1,2 juta peserta.", {("quota", 1.2e6)}),
        ("Sebanyak 2,5 juta pendaftar lolos verifikasi.", {("registrants_verified", 2.5e6)}),
        (
            "Program ini menjangkau 514 kabupaten/kota di 34 provinsi.",
            {("districts_covered", 514), ("provinces_covered", 34)},
        ),
        ("Sebanyak 60 persen penerima adalah perempuan.", {("recipient_share", 60)}),
        (
            "Realisasi anggaran mencapai Rp 18,5 triliun atau 92 persen.",
            {("budget_realised", 1.85e13), ("budget_realised", 92)},
        ),
        (
            "Ada empat mitra pembayaran dan tujuh platform digital.",
            {("payment_partners", 4), ("digital_platforms", 7)},
        ),
        ("Sebanyak 16,4 juta orang telah menerima insentif.", {("incentive_recipients", 1.64e7)}),
        ("Sebanyak 1,5 juta peserta telah membeli pelatihan pertama.", {("training_started", 1.5e6)}),
        ("Total insentif yang telah disalurkan mencapai Rp 9,9 triliun.", {("incentive_disbursed", 9.9e12)}),
        (
            "Survei BPS: 88,9% penerima merasa terbantu, dari 3.000 responden.",
            {("survey_share", 88.9), ("survey_respondents", 3000)},
        ),
        ("Pendaftaran gelombang 50 Kartu Prakerja resmi dibuka hari ini.", {("current_wave", 50)}),
        ("Pembukaan gelombang 12 ditunda hingga Februari.", {("pending_wave", 12)}),
    ],
)
def test_metrics_beyond_the_seeds(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Pendaftaran ditutup pukul 16.00 WIB, Kamis (23/4).",
        "Layanan pengaduan 7x24 jam di nomor 021-1234567.",
        "Pemerintah fokus pada 25 persen masyarakat terbawah.",
        "Kedua, masih ada calon peserta yang tidak memiliki gadget.",
        "Baca Juga: Pendaftaran gelombang 21 Kartu Prakerja dibuka, 5 juta orang mendaftar",
        "Program dilanjutkan pada 2021 dan tahun 2022.",
        "Pandemi COVID-19 membuat 12 bulan terasa lama bagi penerima.",
        "Survei itu memiliki margin of error 2,9 persen.",
        "Harga pulsa naik menjadi Rp50.000 bulan ini.",
        "Pendaftar Kartu Prakerja tercatat 1.2.3 juta orang menurut warganet.",
        "Seorang peserta mengaku menerima insentif Rp -5 juta per bulan.",
        "Anggaran program Kartu Prakerja disebut mencapai 999.999 triliun tahun ini.",
    ],
)
def test_non_figures_are_not_extracted(text):
    assert extract_one(text) == []


def test_record_fields_are_derived_from_context():
    text = (
        "Kamis 23 Apr 2020 09:20 WIB\n\nJAKARTA -- Hingga gelombang 30, total penerima Kartu Prakerja "
        "mencapai 12,8 juta orang di Kecamatan Miangas. "
        "Insentif pasca pelatihan Rp600.000 per bulan, kata dia."
    )
    rows = {r["metric"]: r for r in extract_one(text)}
    recipients = rows["recipients"]
    assert (recipients["wave_from"], recipients["wave_to"]) == (1, 30)
    assert recipients["qualifier"] == "exact"
    assert recipients["as_of"] == "2020-04-23"
    assert recipients["period_year"] == 2020
    assert recipients["scope"] == "Kecamatan Miangas"
    assert rows["post_training_incentive"]["basis"] == "per_month"


def test_qualifiers():
    found = {
        r["value"]: r["qualifier"]
        for r in extract_one(
            "Pendaftar tembus 10 juta orang, sekitar 2 juta orang penerima, hampir 3 juta peserta "
            "menuntaskan pelatihan dan lebih dari 500.000 peserta membeli pelatihan."
        )
    }
    assert found == {1e7: "at_least", 2e6: "about", 3e6: "almost", 5e5: "more_than"}


def test_year_relative_phrases_use_the_article_date():
    rows = extract_one(
        "Liputan6.com, Jakarta - Penerima tahun lalu 5,5 juta orang, kata Denni, Senin (8/3/2021). "
        "Tahun ini penerima mencapai 2 juta orang."
    )
    assert {r["value"]: r["period_year"] for r in rows} == {5.5e6: 2020, 2e6: 2021}


def test_waves_opened_in_the_first_year_start_at_wave_one():
    rows = extract_one("Sepanjang tahun 2020 pemerintah telah membuka 7 gelombang pendaftaran.")
    assert [(r["metric"], r["wave_from"], r["wave_to"]) for r in rows] == [("waves_opened", 1, 7)]


def test_values_are_exact_decimals():
    rows = extract_one("Insentif yang telah disalurkan mencapai Rp 4,07 triliun.")
    assert [r["value"] for r in rows] == [4_070_000_000_000]


def test_scan_offsets_and_context_agree_with_python_re():
    import re

    from prakerja_dq.extraction.scan import NEAR as _NEAR
    from prakerja_dq.extraction.scan import prepare as _prepare
    from prakerja_dq.extraction.scan import rx as _rx
    from prakerja_dq.extraction.scan import scan as _scan
    from prakerja_dq.extraction.scan import split as _split
    from prakerja_dq.extraction.scan import without_groups as _fast

    texts = [
        "",
        "tanpa angka sama sekali",
        "1.2.3 juta orang",
        "Rp600.000 “dibayar” – 7,6 juta orang; 2020 2021 2022",
        "é" * 70 + " 5 juta peserta " + "ü" * 70 + " 10 persen\n\nBaca Juga: 3 orang",
        "12",
    ]
    split = _split(_prepare(pl.DataFrame({"doc": [str(i) for i in range(len(texts))], "text": texts})))
    found = _scan(split, context=("token",))
    base = 0
    rows = found["token"].to_dicts()
    expected = []
    for di, text in enumerate(texts):
        spans = [m.span() for m in re.finditer(_fast(_rx()["token"])[len("(?-u:") : -1], text, re.ASCII)]
        for k, (start, end) in enumerate(spans):
            # the context runs through the neighbouring match: previous match + gap, gap + next match
            before_from = spans[k - 1][0] if k else 0
            after_to = spans[k + 1][1] if k + 1 < len(spans) else len(text)
            expected.append(
                {
                    "di": di,
                    "g_start": base + start,
                    "g_end": base + end,
                    "start": start,
                    "end": end,
                    "match": text[start:end],
                    "prev": text[before_from:start][-_NEAR:],
                    "next": text[end:after_to][:_NEAR],
                }
            )
        base += len(text) + 1
    assert rows == expected
    assert set(found["cues"].columns) == {"di", "g_start", "g_end", "start", "end", "match"}
