"""One test per class of issue 14, in sentences of our own (not from the dev set or the seeds), worded the way
different outlets write: national dailies, business and regional sites, wire copy. They guard against rules
that only fit the dev set."""

from __future__ import annotations

import polars as pl
import pytest

from prakerja_dq.extraction import extract_articles


def extract_one(text: str) -> list[dict]:
    return extract_articles(pl.DataFrame({"doc": ["t"], "text": [text]})).figures.to_dicts()


def facts(text: str) -> set[tuple]:
    return {(f["metric"], f["value"]) for f in extract_one(text)}


def by_value(text: str) -> dict[float, dict]:
    return {f["value"]: f for f in extract_one(text)}


# ---------------------------------------------------------------- funnels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hingga pekan lalu tercatat 12,3 juta akun mendaftar di situs resmi. Dari jumlah itu, 8,1 juta "
            "orang lolos verifikasi NIK, dan 2,4 juta di antaranya sudah bergabung ke gelombang berjalan.",
            {("registrants", 12.3e6), ("registrants_verified", 8.1e6), ("registrants_verified", 2.4e6)},
        ),
        (
            "PMO mencatat 910.000 orang ditetapkan sebagai penerima. Sebanyak 850.000 orang di antaranya "
            "telah membeli pelatihan pertama, sementara 790.000 orang sudah merampungkan pelatihan itu.",
            {("recipients", 9.1e5), ("training_started", 8.5e5), ("training_completed", 7.9e5)},
        ),
        (
            "Insentif pertama sudah dinikmati 640.200 peserta. Sisanya, sekitar 45 ribu peserta, belum "
            "menerima insentif karena nomor rekening belum tervalidasi.",
            {("incentive_recipients", 640200), ("incentive_pending", 45000)},
        ),
        (
            "Menurut data terbaru, insentif pascapelatihan telah ditransfer kepada 1,02 juta peserta dengan "
            "total penyaluran Rp 2,3 triliun.",
            {("incentive_recipients", 1.02e6), ("incentive_disbursed", 2.3e12)},
        ),
    ],
)
def test_funnel_steps_get_their_own_metric(text, expected):
    assert facts(text) == expected


# ---------------------------------------------------------------- numbers after their noun, noun elided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sampai Rabu malam, pendaftarnya sudah lebih dari 3 juta.", {("registrants", 3e6)}),
        ("Dari jutaan pendaftar itu, hanya 1,2 juta yang diterima.", {("recipients", 1.2e6)}),
        (
            "Penerima terbanyak ada di Kota Medan dengan 21.410 orang. Berikutnya Kabupaten Deli Serdang "
            "18.002 orang dan Kota Binjai 6.115 orang.",
            {("recipients", 21410), ("recipients", 18002), ("recipients", 6115)},
        ),
        (
            "Jumlah penerima Kartu Prakerja di provinsi itu kini mencapai 412.300 orang, naik dari "
            "tahun lalu.",
            {("recipients", 412300)},
        ),
    ],
)
def test_numbers_after_their_noun_or_with_the_noun_elided(text, expected):
    assert facts(text) == expected


def test_a_typo_in_the_scale_word_is_read_before_a_counted_noun():
    assert facts("Total penerimanya sejak 2020 sudah 17,9 juga orang.") == {("recipients", 17.9e6)}
    # "juga" (also) after a number and before no counted noun stays a word
    assert facts("Kuota tahun ini 600 ribu, dan 2 juga ditambah.") == {("quota", 6e5)}


# ---------------------------------------------------------------- survey enumerations and recipient shares


def test_an_enumeration_of_survey_shares_keeps_the_survey_metric():
    text = (
        "Hasil survei evaluasi menunjukkan 90,4 persen responden merasa lebih siap bekerja, 71,2 persen "
        "memakai insentif untuk kebutuhan pangan, dan 28,5 persen menabung sebagian insentif."
    )
    assert facts(text) == {("survey_share", 90.4), ("survey_share", 71.2), ("survey_share", 28.5)}


def test_shares_from_administrative_data_are_recipient_shares():
    text = (
        "Berbeda dengan hasil survei, data administrasi PMO mencatat 51,7 persen penerima adalah perempuan "
        "dan 63 persen berusia di bawah 35 tahun."
    )
    assert facts(text) == {("recipient_share", 51.7), ("recipient_share", 63)}


def test_a_survey_profile_of_recipients_is_a_survey_share():
    text = (
        "Survei BPS juga mencatat 54,2 persen penerima tinggal di perkotaan, sedangkan 45,8 persen di desa."
    )
    assert facts(text) == {("survey_share", 54.2), ("survey_share", 45.8)}


def test_a_regions_share_of_national_recipients():
    rows = by_value("Sumatera Utara menyumbang sekitar 6,4 persen dari total penerima nasional tahun ini.")
    assert rows[6.4]["metric"] == "recipient_share" and rows[6.4]["qualifier"] == "about"


def test_margins_of_error_and_unemployment_are_not_figures():
    text = (
        "Survei itu memiliki tingkat kepercayaan 95 persen dengan margin of error sekitar 1,5 persen. "
        "BPS mencatat tingkat pengangguran terbuka 5,8 persen atau 8,4 juta orang."
    )
    assert extract_one(text) == []


# ---------------------------------------------------------------- budgets and their realisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dari pagu Rp 12 triliun, anggaran Prakerja yang terserap hingga akhir Mei baru Rp 3,1 triliun "
            "atau 25,8 persen.",
            {("budget_total", 1.2e13), ("budget_realised", 3.1e12), ("budget_realised", 25.8)},
        ),
        (
            "Realisasi anggaran program hingga kuartal ketiga mencapai Rp 9,4 triliun.",
            {("budget_realised", 9.4e12)},
        ),
        (
            "Pemerintah mengalokasikan Rp 5 triliun untuk Kartu Prakerja dalam APBN tahun depan.",
            {("budget_total", 5e12)},
        ),
    ],
)
def test_a_budget_is_not_its_realisation(text, expected):
    assert facts(text) == expected


def test_budgets_have_no_as_of_and_realisation_has_one():
    rows = by_value(
        "Jakarta, Senin (2/9/2024) - Dari pagu Rp 4,8 triliun, realisasi hingga akhir Juli mencapai Rp 2,1 "
        "triliun."
    )
    assert rows[4.8e12]["as_of"] is None
    assert rows[2.1e12]["as_of"] == "2024-07-31"


# ---------------------------------------------------------------- waves, quotas, current waves past 70


@pytest.mark.parametrize(
    ("text", "metric", "wave"),
    [
        ("Pendaftaran Kartu Prakerja gelombang 74 resmi dibuka Senin ini.", "current_wave", 74),
        ("Kartu Prakerja Gelombang 73 Diumumkan, Cek Statusmu Sekarang", "current_wave", 73),
        ("Prakerja batch 8 baru saja ditutup pada Minggu malam.", "current_wave", 8),
        ("Pemerintah memastikan pembukaan gelombang 78 belum dijadwalkan.", "pending_wave", 78),
    ],
)
def test_current_and_pending_waves(text, metric, wave):
    assert (metric, wave) in facts(text)


def test_a_wave_opened_in_the_past_or_named_as_a_condition_is_not_current():
    assert extract_one("Sejak gelombang 63 dibuka pada Februari, minat warga tetap tinggi.") == []
    assert extract_one("Begitu gelombang 80 dibuka, peserta cukup menekan tombol gabung.") == []


def test_quota_per_wave_and_this_wave():
    rows = by_value(
        "Pendaftaran gelombang 75 dibuka hari ini. Kuota gelombang ini sebanyak 110.000 orang, lebih kecil "
        "dari kuota gelombang 74 yang mencapai 130.000 orang."
    )
    assert (rows[110000]["metric"], rows[110000]["wave_from"], rows[110000]["wave_to"]) == ("quota", 75, 75)
    assert (rows[130000]["metric"], rows[130000]["wave_from"]) == ("quota", 74)
    assert rows[110000]["as_of"] is None


def test_waves_opened_this_year_cover_their_range():
    rows = by_value("Sepanjang 2024 PMO membuka sembilan gelombang, yakni gelombang 63 sampai gelombang 71.")
    assert (rows[9]["metric"], rows[9]["wave_from"], rows[9]["wave_to"]) == ("waves_opened", 63, 71)


def test_a_count_up_to_a_wave_starts_at_the_years_first_wave():
    text = (
        "Jakarta, Kamis (10/10/2024) - Sepanjang tahun ini, peserta gelombang 63 hingga 68 berjumlah 701.000 "
        "orang. Hingga gelombang 70, penerima tahun ini sudah 905.000 orang."
    )
    rows = by_value(text)
    assert (rows[905000]["wave_from"], rows[905000]["wave_to"]) == (63, 70)


# ---------------------------------------------------------------- skema normal amounts (2023 on)


def test_skema_normal_amounts_each_get_their_metric():
    text = (
        "Peserta skema normal memperoleh total manfaat Rp4,2 juta, yang terdiri atas biaya pelatihan "
        "Rp3,5 juta, insentif pascapelatihan Rp600.000 satu kali, dan insentif survei Rp50.000 per survei "
        "untuk dua survei."
    )
    assert facts(text) == {
        ("incentive_per_participant", 4.2e6),
        ("training_budget_per_participant", 3.5e6),
        ("post_training_incentive", 6e5),
        ("survey_incentive", 5e4),
    }
    rows = by_value(text)
    assert all(row["as_of"] is None for row in rows.values())
    assert rows[5e4]["basis"] == "per_survey"


def test_the_cash_part_of_the_benefit():
    assert facts("Jadi, uang tunai yang diterima tiap peserta totalnya Rp700.000.") == {
        ("incentive_cash_total", 7e5)
    }


# ---------------------------------------------------------------- dates and as-of


def test_as_of_comes_from_until_phrases_or_the_article_date():
    text = (
        "Kamis 12 Sep 2024 15:00 WIB\n\nJAKARTA - Hingga akhir Agustus, penerima Kartu Prakerja 2024 "
        "mencapai 1,1 juta orang. Pendaftar tahun ini tercatat 9,8 juta akun."
    )
    rows = by_value(text)
    assert rows[1.1e6]["as_of"] == "2024-08-31"
    assert rows[9.8e6]["as_of"] == "2024-09-12"


def test_an_article_from_2023_does_not_get_2020_dates():
    text = "Rabu (15/3) pemerintah membuka gelombang 50. Anggaran 2023 untuk program ini Rp 4,37 triliun."
    rows = by_value(text)
    assert rows[50]["as_of"] == "2023-03-15"


def test_an_article_without_a_date_line_gets_no_date():
    rows = by_value("Penerima Kartu Prakerja di Kabupaten Sleman tercatat 14.300 orang.")
    assert rows[14300]["as_of"] is None


def test_a_deadline_is_not_the_date_of_writing():
    text = (
        "Pendaftaran gelombang 51 dibuka pada Jumat (24/3/2023). Pendaftaran ditutup Senin (27/3/2023) "
        "pukul 23.59 WIB. Kuota gelombang ini 100.000 orang dan pendaftarnya sudah 400.000 orang."
    )
    assert by_value(text)[400000]["as_of"] == "2023-03-24"


def test_a_survey_finding_is_dated_by_its_fieldwork():
    text = (
        "Jakarta, Selasa (14/11/2023) - Survei PMO dilakukan secara daring pada Oktober 2023. Hasilnya, 88 "
        "persen responden merasa terbantu, kata Denni, Selasa (14/11/2023)."
    )
    assert by_value(text)[88]["as_of"] == "2023-10"


# ---------------------------------------------------------------- regions


def test_a_region_named_with_the_figure_is_its_scope():
    rows = by_value(
        "Disnaker mencatat 52.110 warga Jateng menjadi penerima. Di Kota Semarang ada 8.420 penerima."
    )
    assert rows[52110]["scope"] == "Provinsi Jawa Tengah"
    assert rows[8420]["scope"] == "Kota Semarang"
    assert by_value("Secara nasional, penerima tahun ini 1,1 juta orang.")[1.1e6]["scope"] == "national"
    # a funnel step keeps the region of the figure it refines
    rows = by_value(
        "Sebanyak 18.420 warga Kalbar menjadi penerima sepanjang 2024. Dari jumlah tersebut, 16.990 orang "
        "telah menuntaskan pelatihan."
    )
    assert rows[18420]["scope"] == rows[16990]["scope"] == "Provinsi Kalimantan Barat"


# ---------------------------------------------------------------- provenance


def test_every_figure_names_the_rule_that_decided_its_metric():
    rows = extract_one(
        "Ada tujuh platform digital. Pendaftaran gelombang 30 dibuka. Sebanyak 2 juta orang mendaftar, "
        "dan 1,5 juta di antaranya lolos verifikasi."
    )
    rules = {row["metric"]: row["rule"] for row in rows}
    assert rules == {
        "digital_platforms": "noun:platform digital",
        "current_wave": "wave:event",
        "registrants": "cue:registrants",
        "registrants_verified": "cue:verified",
    }


def test_a_misspelt_programme_name_is_read():
    assert facts("Sebanyak 3,1 juta orang sudah menerima Kartu Pekerja tahun ini.") == {("recipients", 3.1e6)}
    assert ("current_wave", 12) in facts("Gelombang 12 Kartu Pekerja resmi dibuka hari ini.")


def test_a_change_or_a_hope_is_not_a_share():
    text = (
        'Target tahun ini 1 juta peserta, naik 10% dari tahun lalu. "Kami harap 80 persen peserta bisa '
        'langsung bekerja," ujarnya. Porsi penerima perempuan naik menjadi 52 persen.'
    )
    assert facts(text) == {("quota", 1e6), ("recipient_share", 52)}


def test_participation_in_the_passive_counts_recipients():
    assert facts("Sejak 2020 program ini telah diikuti 17,9 juta orang.") == {("recipients", 17.9e6)}


def test_figures_of_other_programmes_are_not_prakerja_figures():
    text = (
        "Selain Prakerja, pemerintah menyalurkan BSU kepada 8,8 juta pekerja senilai Rp600.000. "
        "Adapun penerima Kartu Prakerja tahun ini 1,2 juta orang."
    )
    assert facts(text) == {("recipients", 1.2e6)}


def test_a_wave_postponed_a_few_words_on_and_the_nth_wave_of_a_year():
    assert ("pending_wave", 79) in facts(
        "Pemerintah memastikan gelombang 79, yang semula dijadwalkan bulan ini, belum dibuka."
    )
    rows = by_value("Gelombang 58 merupakan gelombang ketujuh yang dibuka sepanjang 2023.")
    assert (rows[7]["metric"], rows[7]["wave_from"], rows[7]["wave_to"]) == ("waves_opened", 52, 58)
    assert rows[7]["rule"] == "wave:ordinal"
