"""The synthetic article generator: deterministic, offsets that hold, every notation of DESIGN.md 2."""

from __future__ import annotations

import re
from datetime import date

import pytest

from prakerja_dq.contract import BASES, FIGURE_RECORD_FIELDS, QUALIFIERS, UNITS
from prakerja_dq.synth import render_article
from prakerja_dq.synth.formats import weekday_of
from tests.conftest import GOLD_DIR

ARTICLES = [render_article(11, index) for index in range(400)]
TEXT = "\n".join(article.text for article in ARTICLES)
METRICS = {
    line.split(",", 1)[0] for line in (GOLD_DIR / "metrics.csv").read_text(encoding="utf-8").splitlines()[1:]
}

WEEKDAY = "(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)"
# Every number and wave notation the issue lists, as a pattern for the notation (not the exact value).
NOTATIONS = {
    "680.000": r"\b\d{1,3}\.\d{3}\b(?!\.)",
    "5,9 juta": r"\b\d+,\d+ juta\b",
    "Rp4.200.000": r"Rp\d{1,3}(?:\.\d{3}){2}\b",
    "Rp 3,55 juta": r"Rp \d+,\d{2} juta",
    "Rp600 ribu": r"Rp\d+ ribu",
    "Rp 19,98 triliun": r"Rp ?\d+,\d{2} triliun",
    "88,9%": r"\b\d+,\d%",
    "31,4 persen": r"\b\d+,\d persen",
    "tujuh": r"\b(tujuh|empat|lima|enam) (platform digital|mitra pembayaran)",
    "gelombang ke-21": r"gelombang ke-\d+",
    "gelombang IV": r"gelombang [IVX]+\b",
    "gelombang I hingga III": r"gelombang [IVX]+ hingga [IVX]+\b",
    "gelombang I-III": r"gelombang [IVX]+-[IVX]+\b",
    "Gelombang 1 sampai dengan Gelombang 11": r"Gelombang \d+ sampai dengan Gelombang \d+",
    "gelombang pertama hingga ketiga": r"gelombang pertama hingga ke\w+",
    "batch 4": r"\bbatch \d+\b",
    "10 gelombang": r"\b\d+ gelombang\b",
    "gelombang 1 hingga 11": r"gelombang \d+ hingga \d+",
    "lebih dari": r"lebih dari \d",
    "menembus": r"menembus (angka )?\d",
    "sekitar": r"sekitar \d",
    "hampir": r"hampir \d",
    "mencapai": r"mencapai \d",
    "Senin (8/6/2020)": r"\b(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu) \(\d{1,2}/\d{1,2}/20\d\d\)",
    "Kamis (23/9)": r"\b(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu) \(\d{1,2}/\d{1,2}\)",
    "Rabu, 3 November": r"\b(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} [A-Z][a-z]+\b",
    "Kamis 23 Apr 2020 09:20 WIB": rf"^{WEEKDAY} \d{{1,2}} \w{{3}} 20\d\d \d\d:\d\d WIB$",
    "Bisnis.com, JAKARTA - ": r"Bisnis\.com, JAKARTA - ",
    "REPUBLIKA.CO.ID, JAKARTA -- ": r"REPUBLIKA\.CO\.ID, JAKARTA -- ",
    "KONTAN.CO.ID - JAKARTA. ": r"KONTAN\.CO\.ID - JAKARTA\. ",
    "Liputan6.com, Jakarta - ": r"Liputan6\.com, Jakarta - ",
    "Baca Juga": r"^(Baca Juga|BACA JUGA)",
    "Advertisement": r"^Advertisement$",
    "Saksikan video pilihan berikut ini:": r"^Saksikan video pilihan berikut ini:$",
}


def test_same_seed_same_article_other_seed_other_article():
    assert render_article(11, 7) == ARTICLES[7]
    assert render_article(12, 7).text != ARTICLES[7].text


@pytest.mark.parametrize("notation", sorted(NOTATIONS))
def test_every_notation_occurs(notation):
    assert re.search(NOTATIONS[notation], TEXT, flags=re.MULTILINE), notation


def test_truth_offsets_hold_and_records_follow_the_contract():
    for article in ARTICLES:
        for record in article.figures:
            assert article.text[record["start"] : record["end"]] == record["evidence"]
            # planted truth has every field of the figure record but the extractor's provenance (`rule`)
            assert set(FIGURE_RECORD_FIELDS) - {"rule"} <= set(record)
            assert record["doc"] == article.doc
            assert record["metric"] in METRICS
            assert record["unit"] in UNITS and record["qualifier"] in QUALIFIERS and record["basis"] in BASES
            assert record["value"] > 0
            if record["wave_from"] is not None:
                assert 1 <= record["wave_from"] <= record["wave_to"]
        for mention in article.dates:
            assert article.text[mention["start"] : mention["end"]] == mention["text"]


def test_every_metric_is_planted():
    planted = {record["metric"] for article in ARTICLES for record in article.figures}
    assert planted >= METRICS - {
        "incentive_cash_total",
        "budget_realised",
        "job_portals",
        "education_institutions",
        "survey_respondents",
        "recipient_share",
    }


def test_incentive_follows_the_scheme_of_the_period():
    for article in ARTICLES:
        for record in article.figures:
            if record["metric"] != "incentive_per_participant" or "note" in record:
                continue
            expected = 4_200_000 if record["as_of"] >= "2023-01-01" else 3_550_000
            assert record["value"] == expected, record


def test_years_and_wrong_weekdays():
    years = {record["as_of"][:4] for article in ARTICLES for record in article.figures}
    assert years == {"2020", "2021", "2022", "2023", "2024"}
    consistency = [
        m["consistent"] for article in ARTICLES for m in article.dates if m["consistent"] is not None
    ]
    assert True in consistency and False in consistency
    for article in ARTICLES:
        for mention in article.dates:
            assert mention["weekday_actual"] == weekday_of(date.fromisoformat(mention["date"]))


def test_some_figures_disagree_on_purpose():
    notes = [record.get("note", "") for article in ARTICLES for record in article.figures]
    assert any(note.startswith("planted:") for note in notes)


def test_articles_are_about_the_length_of_the_seeds():
    lengths = sorted(len(article.text) for article in ARTICLES)
    assert 1200 < lengths[len(lengths) // 2] < 4000
