"""Wording variants found by the held-out set (tests/fixtures/gold/heldout), one test per class, in sentences
of our own that appear neither in the held-out set, nor in the dev set, nor in the seeds."""

from __future__ import annotations

import polars as pl

from prakerja_dq.extraction import extract_articles


def extract_one(text: str) -> list[dict]:
    return extract_articles(pl.DataFrame({"doc": ["t"], "text": [text]})).figures.to_dicts()


def facts(text: str) -> set[tuple]:
    return {(f["metric"], f["value"]) for f in extract_one(text)}


def test_verification_verbs_beyond_lolos_and_menyelesaikan():
    text = (
        "Sampai akhir pekan, 6,1 juta akun tercatat di laman resmi. Baru 4,8 juta akun yang merampungkan "
        "verifikasi nomor ponsel. Ketika NIK mereka dipadankan dengan data Dukcapil, angkanya menyusut "
        "menjadi 3,9 juta orang."
    )
    assert facts(text) == {
        ("registrants", 6.1e6),
        ("registrants_verified", 4.8e6),
        ("registrants_verified", 3.9e6),
    }


def test_incentives_said_to_be_paid_in_the_sentence_before_the_amount():
    text = "Pembayaran insentif telah mulai dibayarkan pekan ini. Jumlahnya sementara Rp 41,5 miliar."
    assert facts(text) == {("incentive_disbursed", 41.5e9)}


def test_a_purpose_to_reach_people_is_a_target_not_recipients():
    text = "Pemerintah mengalokasikan Rp 6 triliun untuk menjangkau sekitar 1,4 juta peserta tahun depan."
    assert facts(text) == {("budget_total", 6e12), ("quota", 1.4e6)}


def test_the_verb_menganggarkan_gives_a_budget():
    assert facts("Untuk 2025, Kemenko Perekonomian menganggarkan Rp 3,9 triliun.") == {
        ("budget_total", 3.9e12)
    }


def test_paying_for_training_is_the_training_budget_per_participant():
    text = "Dari paket Rp 4,2 juta, bagian terbesar, Rp 3,5 juta, dipakai peserta untuk membayar pelatihan."
    assert ("training_budget_per_participant", 3.5e6) in facts(text)


def test_households_sampled_by_a_survey_are_its_respondents():
    text = "Survei itu mewawancarai 31.200 rumah tangga sampel di seluruh provinsi pada Maret 2022."
    assert facts(text) == {("survey_respondents", 31200)}


def test_a_wave_closed_with_the_particle_sendiri_is_current():
    text = "Batch 59 sendiri sudah ditutup Minggu malam, dan hasil seleksinya menyusul."
    assert ("current_wave", 59) in facts(text)


def test_the_items_of_an_enumeration_share_the_metric_of_the_one_a_cue_reaches():
    text = (
        "Survei Alumni: 52,3 Persen Sudah Dapat Kerja\n\n"
        "Penelitian itu digelar pada Mei 2023.\n\n"
        "Hasilnya, 52,3 persen alumni sudah bekerja, 20,1 persen membuka usaha sendiri, dan 9 persen lainnya "
        "masih mencari kerja."
    )
    shares = {f["value"]: f for f in extract_one(text) if f["metric"] == "survey_share"}
    assert set(shares) == {52.3, 20.1, 9}
    assert shares[20.1]["rule"] == shares[9]["rule"] == "enumeration"


def test_not_yet_paid_is_the_predicate_even_after_a_relative_clause_about_training():
    text = (
        "Insentif sudah diterima 1,7 juta peserta. Sekitar 31 ribu peserta yang sudah menyelesaikan "
        "pelatihan belum mendapatkan insentif karena rekeningnya bermasalah."
    )
    assert facts(text) == {("incentive_recipients", 1.7e6), ("incentive_pending", 31000)}


def test_a_part_of_the_count_before_keeps_its_date():
    text = (
        "Jakarta - PMO mencatat 7,7 juta pendaftar hingga 30 April 2023. Dari jumlah tersebut, "
        "2,2 juta orang lolos verifikasi NIK. Kata Denni, Jumat (5/5/2023), seleksi terus berjalan."
    )
    as_of = {f["metric"]: f["as_of"] for f in extract_one(text)}
    assert as_of == {"registrants": "2023-04-30", "registrants_verified": "2023-04-30"}


def test_a_count_of_waves_restated_later_keeps_the_range_named_with_it():
    text = (
        "Sepanjang 2023, pemerintah membuka delapan gelombang, yakni gelombang 48 hingga 55.\n\n"
        "Dari delapan gelombang itu, penerimanya 402.000 orang."
    )
    waves = {(f["metric"], f["wave_from"], f["wave_to"]) for f in extract_one(text)}
    assert waves == {("waves_opened", 48, 55), ("recipients", 48, 55)}


def test_a_share_of_the_national_total_keeps_the_region_as_scope():
    text = (
        "Penerima Kartu Prakerja asal Provinsi Banten tahun ini 298.000 orang, atau 6,2 persen dari total "
        "penerima nasional."
    )
    scopes = {f["metric"]: f["scope"] for f in extract_one(text)}
    assert scopes == {"recipients": "Provinsi Banten", "recipient_share": "Provinsi Banten"}


def test_a_region_named_earlier_in_the_paragraph_is_the_scope():
    text = (
        "Minat warga Kalimantan Timur terhadap Kartu Prakerja terus naik. Sampai gelombang 60, "
        "jumlahnya sudah 21.450 penerima."
    )
    assert [f["scope"] for f in extract_one(text)] == ["Provinsi Kalimantan Timur"]


def test_a_later_paragraph_of_a_regional_article_keeps_the_region_of_its_lead():
    text = (
        "Samarinda - Penerima Kartu Prakerja di Provinsi Kalimantan Timur tahun ini 21.450 orang.\n\n"
        "Mereka tersebar di 10 kabupaten/kota."
    )
    scopes = {f["metric"]: f["scope"] for f in extract_one(text)}
    assert scopes == {
        "recipients": "Provinsi Kalimantan Timur",
        "districts_covered": "Provinsi Kalimantan Timur",
    }


def test_a_national_article_stays_national_after_a_regional_example():
    text = (
        "Penerima Kartu Prakerja tahun ini 1,1 juta orang.\n\n"
        "Di Provinsi Kalimantan Timur, penerimanya 21.450 orang.\n\n"
        "Program ini menjangkau 514 kabupaten/kota."
    )
    scopes = {f["value"]: f["scope"] for f in extract_one(text)}
    assert scopes == {1.1e6: "national", 21450: "Provinsi Kalimantan Timur", 514: "national"}


def test_a_share_after_atau_restates_the_count_before_it():
    text = (
        "Peserta yang merampungkan pelatihan tercatat 640.000 orang, atau sekitar 93 persen dari seluruh "
        "penerima."
    )
    figures = {f["value"]: f for f in extract_one(text)}
    assert figures[640000]["metric"] == "training_completed"
    assert figures[93]["metric"] == "training_completed_share"
    assert figures[93]["rule"] == "restated-share:training_completed"


def test_a_share_without_atau_keeps_its_own_noun():
    text = (
        "Peserta yang merampungkan pelatihan tercatat 640.000 orang. Sebanyak 51 persen penerima perempuan."
    )
    assert ("recipient_share", 51) in facts(text)


def test_a_hedge_written_after_the_number():
    qualifiers = {
        f["value"]: f["qualifier"]
        for f in extract_one(
            "Sampai kemarin pendaftarnya 7,3 juta lebih. Insentif sudah cair untuk 1,2 juta lebih peserta, "
            "dan sekitar 80.000-an peserta belum menerima insentif."
        )
    }
    assert qualifiers == {7.3e6: "more_than", 1.2e6: "more_than", 80000: "about"}


def test_lebih_in_a_comparison_is_not_a_hedge():
    figures = extract_one("Penerima tahun ini 1,5 juta lebih banyak dibanding tahun lalu.")
    assert all(f["qualifier"] == "exact" for f in figures)


def test_a_number_in_words_with_a_scale_word():
    text = (
        "Dua Juta Lebih Pekerja Sudah Beli Pelatihan Prakerja\n\nPendaftarnya kini tembus sebelas juta orang."
    )
    figures = {f["value"]: f for f in extract_one(text)}
    assert (figures[2e6]["metric"], figures[2e6]["qualifier"]) == ("training_started", "more_than")
    assert (figures[11e6]["metric"], figures[11e6]["qualifier"]) == ("registrants", "at_least")


def test_a_person_counted_in_words_without_a_scale_is_still_a_phrase():
    assert facts("Satu peserta hanya boleh memiliki satu akun.") == set()


def test_a_count_of_one_year_up_to_a_wave_starts_at_that_years_first_wave():
    text = (
        "Bandung - Sepanjang 2023 hingga gelombang 57, penerima Kartu Prakerja di Kota Bandung mencapai "
        "6.310 orang, kata Kepala Disnaker, Senin (10/7/2023)."
    )
    (figure,) = extract_one(text)
    assert (figure["wave_from"], figure["wave_to"], figure["period_year"]) == (48, 57, 2023)


def test_people_from_a_wave_are_that_wave_not_a_range_up_to_the_next():
    text = (
        "Gelombang 66 dibuka hari ini, Senin (6/5/2024). Penerima dari gelombang 65 yang diumumkan kemarin "
        "tercatat 48.900 orang."
    )
    waves = {f["metric"]: (f["wave_from"], f["wave_to"]) for f in extract_one(text)}
    assert waves == {"current_wave": (66, 66), "recipients": (65, 65)}


def test_the_total_of_an_amount_paid_per_month_keeps_its_metric():
    text = "Insentif pascapelatihan Rp500 ribu per bulan diberikan tiga bulan, total Rp1,5 juta per peserta."
    assert facts(text) == {("post_training_incentive", 500000), ("post_training_incentive", 1.5e6)}


def test_the_total_of_a_list_of_parts_is_the_benefit_per_participant():
    text = (
        "Rinciannya biaya pelatihan Rp1 juta, insentif Rp2,4 juta, dan survei Rp150 ribu, total Rp3,55 juta."
    )
    assert ("incentive_per_participant", 3.55e6) in facts(text)


def test_a_change_word_in_another_clause_does_not_drop_the_next_share():
    text = (
        "Survei evaluasi PMO digelar pada Juni 2022. Sebanyak 90,1 persen responden merasa kemampuannya "
        "meningkat, 58,3 persen memakai insentif untuk belanja harian, dan 19 persen menabung."
    )
    assert {v for m, v in facts(text) if m == "survey_share"} == {90.1, 58.3, 19}


def test_a_change_of_a_share_in_its_own_clause_is_still_not_a_figure():
    assert facts("Porsi penerima perempuan naik 3 persen dibanding tahun lalu.") == set()
