"""Data for the synthetic corpus: outlets, people, programme timeline and sentence templates.

Templates are plain strings with named slots. ``{F}`` is the planted figure (its text is the evidence span of
the truth record), ``{W}`` a wave phrase (context, not evidence), ``{S}`` a speaker, ``{V}`` a speech verb,
``{D}`` a date mention (recorded in ``truth_dates.jsonl``), ``{Y}`` the article's year. Cues come from
``metrics.csv`` (``typical_cues``) and the seed articles.
"""

from __future__ import annotations

from datetime import date

# (name in truth, dateline, layout). Layouts: "lines" (one paragraph a line), "blank" (blank line between
# paragraphs), "republika" (timestamp line, headline, caption block), "none" (no outlet named).
OUTLETS: tuple[tuple[str | None, str, str], ...] = (
    ("Bisnis.com", "Bisnis.com, JAKARTA - ", "lines"),
    ("Liputan6.com", "Liputan6.com, Jakarta - ", "lines"),
    ("Kontan", "KONTAN.CO.ID - JAKARTA. ", "blank"),
    ("Republika", "REPUBLIKA.CO.ID, JAKARTA -- ", "republika"),
    ("Kompas.com", "KOMPAS.com - ", "blank"),
    ("Antara", "Jakarta (ANTARA) - ", "lines"),
    ("detikcom", "Jakarta - ", "blank"),
    (None, "JAKARTA - ", "none"),
)

# A line naming the outlet above the dateline, for outlets whose dateline does not name them.
BYLINES: dict[str, str] = {"detikcom": "{reporter} - detikFinance"}

SPEAKERS: tuple[str, ...] = (
    "Direktur Eksekutif Manajemen Pelaksana Kartu Prakerja Denni Puspa Purbasari",
    "Direktur Komunikasi Manajemen Pelaksana Prakerja Panji Winanteya Ruky",
    "Ketua Tim Pelaksana Komite Cipta Kerja Rudy Salahuddin",
    "Menko Perekonomian Airlangga Hartarto",
    "Head of Communication PMO Kartu Prakerja Louisa Tahutu",
    "Deputi Bidang Koordinasi Ekonomi Digital Kemenko Perekonomian Rudy Salahuddin",
)
SHORT_SPEAKERS: tuple[str, ...] = ("Denni", "Panji", "Rudy", "Airlangga", "Louisa", "dia")
SPEECH_VERBS: tuple[str, ...] = (
    "mengatakan",
    "mengungkapkan",
    "menjelaskan",
    "menyebutkan",
    "memaparkan",
    "menuturkan",
)
VENUES: tuple[str, ...] = (
    "dalam diskusi virtual",
    "dalam konferensi pers",
    "dalam teleconference dengan jurnalis",
    "saat ditemui di Jakarta",
    "dalam Dialog Produktif yang disiarkan YouTube FMB9ID_IKP",
    "dalam rapat kerja dengan Komisi XI DPR",
    "dalam keterangan tertulis",
)
# Regions and their fixed share of the national recipients.
REGION_SHARES: dict[str, float] = {
    "Kecamatan Miangas": 0.0000016,
    "Provinsi Jawa Barat": 0.187,
    "Kabupaten Nduga": 0.00011,
    "Kota Surabaya": 0.0121,
    "Provinsi Papua": 0.0058,
    "Kabupaten Kepulauan Talaud": 0.00041,
}
REGIONS: tuple[str, ...] = tuple(REGION_SHARES)
REPORTERS: tuple[str, ...] = (
    "Adinda Pryanka",
    "Agus Yulianto",
    "Yudho Winarto",
    "Dwi Aditya",
    "Ayu Rachmaningtyas",
)

WEEKDAYS: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_SHORT: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
NUMBER_WORDS: tuple[str, ...] = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "dua belas",
)
ORDINAL_WORDS: tuple[str, ...] = (
    "",
    "pertama",
    "kedua",
    "ketiga",
    "keempat",
    "kelima",
    "keenam",
    "ketujuh",
    "kedelapan",
    "kesembilan",
    "kesepuluh",
    "kesebelas",
)
ROMAN: tuple[str, ...] = (
    "",
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
)

PROGRAMME_START = date(2020, 4, 11)
CORPUS_END = date(2024, 12, 31)
NORMAL_SCHEME_FROM = date(2023, 1, 1)

# Knots (date, value) of the programme's timeline, interpolated linearly. Cumulative counts only grow.
WAVE_KNOTS: tuple[tuple[date, float], ...] = (
    (date(2020, 4, 11), 1),
    (date(2020, 4, 26), 2),
    (date(2020, 6, 30), 4),
    (date(2020, 11, 30), 11),
    (date(2021, 2, 1), 12),
    (date(2021, 12, 15), 22),
    (date(2022, 1, 31), 23),
    (date(2022, 12, 15), 47),
    (date(2023, 3, 1), 48),
    (date(2023, 12, 15), 62),
    (date(2024, 2, 1), 63),
    (date(2024, 12, 31), 72),
)
RECIPIENT_KNOTS: tuple[tuple[date, float], ...] = (
    (date(2020, 4, 11), 150_000),
    (date(2020, 6, 30), 680_000),
    (date(2020, 11, 30), 5_600_000),
    (date(2021, 12, 31), 11_400_000),
    (date(2022, 12, 31), 16_400_000),
    (date(2023, 12, 31), 17_600_000),
    (date(2024, 12, 31), 18_900_000),
)
REGISTRANT_KNOTS: tuple[tuple[date, float], ...] = (
    (date(2020, 4, 11), 5_900_000),
    (date(2020, 6, 30), 11_500_000),
    (date(2020, 11, 30), 40_000_000),
    (date(2021, 12, 31), 86_000_000),
    (date(2022, 12, 31), 110_000_000),
    (date(2023, 12, 31), 125_000_000),
    (date(2024, 12, 31), 133_000_000),
)
# Programme budget per year (IDR) and the ecosystem in that year.
BUDGET_BY_YEAR: dict[int, int] = {
    2020: 20_000_000_000_000,
    2021: 20_000_000_000_000,
    2022: 18_000_000_000_000,
    2023: 4_370_000_000_000,
    2024: 4_860_000_000_000,
}
PLATFORMS_BY_YEAR: dict[int, int] = {2020: 7, 2021: 7, 2022: 6, 2023: 6, 2024: 6}
PROVINCES_BY_YEAR: dict[int, int] = {2020: 34, 2021: 34, 2022: 34, 2023: 38, 2024: 38}
TRAINING_PROVIDERS_BY_YEAR: dict[int, int] = {2020: 147, 2021: 178, 2022: 203, 2023: 231, 2024: 248}
TRAININGS_OFFERED_BY_YEAR: dict[int, int] = {2020: 1730, 2021: 2150, 2022: 2560, 2023: 3120, 2024: 3380}
PAYMENT_PARTNERS_BY_YEAR: dict[int, int] = {2020: 4, 2021: 5, 2022: 5, 2023: 5, 2024: 5}
QUOTA_BY_YEAR: dict[int, int] = {
    2020: 5_600_000,
    2021: 2_800_000,
    2022: 2_900_000,
    2023: 1_000_000,
    2024: 1_140_000,
}
# The one survey result quoted in a year (percent of respondents).
SURVEY_SHARE_BY_YEAR: dict[int, float] = {2020: 88.9, 2021: 91.2, 2022: 90.6, 2023: 93.1, 2024: 94.4}
# Percent of recipients who finished a training, by date (interpolated); subsets of recipients per recipient.
COMPLETED_SHARE_KNOTS: tuple[tuple[date, float], ...] = (
    (date(2020, 4, 11), 40.0),
    (date(2020, 12, 31), 88.0),
    (date(2021, 12, 31), 92.0),
    (date(2024, 12, 31), 95.0),
)
TRAINING_STARTED_SHARE = 0.97
INCENTIVE_PAID_SHARE = 0.95

# Scheme values (per participant, training budget, post-training incentive per month and months, survey
# incentive and number of surveys), DESIGN.md section 2 and seeds/reference/incentive_schemes.csv.
SCHEMES: dict[str, dict[str, int]] = {
    "semi_bansos": {
        "per_participant": 3_550_000,
        "training": 1_000_000,
        "post_training": 600_000,
        "months": 4,
        "survey": 50_000,
        "surveys": 3,
    },
    "skema_normal": {
        "per_participant": 4_200_000,
        "training": 3_500_000,
        "post_training": 600_000,
        "months": 1,
        "survey": 50_000,
        "surveys": 2,
    },
}

# Sentence templates per metric: each has exactly one {F}. Nouns after the number are chosen by the
# generator; a template only fixes the frame around the figure.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "registrants": (
        "Sejak dibuka pada April 2020, pendaftar program Kartu Prakerja tercatat telah {F}.",
        "Manajemen Pelaksana Kartu Prakerja mencatat, sudah {F} mendaftarkan diri dalam program ini.",
        "{S} {V} jumlah pendaftar Kartu Prakerja hingga kini {F}.",
        '"Total masyarakat yang mendaftar program Kartu Prakerja {F}," kata {s}.',
        "Hingga pekan ini, {F} sudah daftar Kartu Prakerja melalui laman resmi.",
        "Antusiasme masyarakat tinggi: jumlah pendaftar Kartu Prakerja telah {F}.",
        "Data PMO menunjukkan {F} telah mendaftar di situs prakerja.go.id.",
    ),
    "registrants_verified": (
        "Dari jumlah itu, {F} telah lolos verifikasi dan bergabung dalam{W}.",
        "Sebanyak {F} di antaranya baru bergabung dalam pendaftaran{W}.",
        "{S} {V}, {F} pendaftar sudah terverifikasi untuk mengikuti seleksi{W}.",
    ),
    "recipients": (
        "{S} {V} {F} terdaftar sebagai penerima manfaat Kartu Prakerja{W}.",
        "Seperti diketahui, sebanyak {F} telah diterima sebagai peserta Kartu Prakerja{W}.",
        "Dengan demikian, total penerima manfaat Kartu Prakerja{W} {F}.",
        "Pemerintah telah menetapkan {F} sebagai penerima Kartu Prakerja{W}.",
        "Hingga saat ini, jumlah penerima Kartu Prakerja{W} tercatat {F}.",
        "PMO Prakerja sudah menentukan {F} yang resmi akan mengikuti pelatihan{W}.",
        "Rudy berujar, ditetapkan sebanyak {F} penerima Kartu Prakerja{W}.",
        "Peserta yang lolos seleksi{W} berjumlah {F}.",
    ),
    "training_started": (
        "Sebanyak {F} sudah membeli pelatihan pertama mereka.",
        "{S} {V} {F} saat ini sedang mengikuti pelatihan.",
        "Dari para penerima, {F} sudah mengikuti pelatihan di platform digital.",
    ),
    "training_completed": (
        '"Sampai data terakhir, ada {F} yang telah menuntaskan seluruh pelatihan," {v} {s}.',
        "Tercatat {F} telah menyelesaikan pelatihan pertamanya.",
        "{S} {V}, {F} sudah lulus pelatihan dan menerima sertifikat.",
        "Jumlah peserta yang menyelesaikan pelatihan{W} kini {F}.",
    ),
    "training_completed_share": (
        "Dari total penerima Kartu Prakerja, yang telah menyelesaikan pelatihan pertama {F} peserta.",
        "{S} {V} {F} peserta telah menyelesaikan pelatihan.",
        "Tingkat penyelesaian pelatihan {F} dari seluruh peserta.",
    ),
    "incentive_recipients": (
        "Insentif telah dicairkan kepada {F}.",
        "{S} {V} {F} sudah menerima insentif pasca pelatihan.",
        "Sejauh ini {F} peserta sudah menerima insentif dari pemerintah.",
    ),
    "incentive_pending": (
        "Masih ada {F} yang belum menerima insentif yang diberikan oleh pemerintah.",
        "{S} {V} {F} belum menerima insentif karena kendala rekening.",
        "Panji mengatakan {F} belum menerima insentif pasca pelatihan.",
    ),
    "incentive_per_participant": (
        "PMO pun telah mentransfer senilai {F} ke virtual account tiap peserta sebagai bantuan pelatihan "
        "dan insentif.",
        "Setiap peserta mendapatkan total bantuan {F} per peserta.",
        "Penerima Kartu Prakerja tahun {Y} memperoleh manfaat sebesar {F}.",
        "Adapun total manfaat yang ditransfer ke tiap peserta adalah {F}.",
    ),
    "training_budget_per_participant": (
        "Bantuan biaya pelatihan sebesar {F} digunakan untuk membeli pelatihan.",
        "Peserta mendapat saldo {F} untuk membeli pelatihan di platform digital.",
        "{S} {V} bantuan biaya pelatihan {F} untuk setiap peserta.",
    ),
    "post_training_incentive": (
        "Setelah menyelesaikan pelatihan, peserta menerima insentif pasca pelatihan {F}.",
        "Insentif pasca pelatihan yang diberikan sebesar {F}.",
        "Peserta juga berhak atas insentif pasca pelatihan senilai {F}.",
    ),
    "survey_incentive": (
        "Selain itu, ada insentif survei {F}.",
        "Peserta yang mengisi survei evaluasi mendapat insentif {F}.",
    ),
    "incentive_disbursed": (
        "Hingga kini insentif yang telah disalurkan mencapai {F}.",
        "{S} {V} total insentif yang telah dicairkan kepada peserta sebesar {F}.",
    ),
    "budget_total": (
        "Pemerintah mengalokasikan anggaran {F} untuk program Kartu Prakerja tahun {Y}.",
        "Anggaran Kartu Prakerja pada tahun {Y} sebesar {F}.",
        "Untuk tahun {Y}, program ini mendapat anggaran {F} dari APBN.",
    ),
    "quota": (
        "Pemerintah menargetkan kuota penerima sebanyak {F} pada tahun {Y}.",
        "Program tahun ini menyasar {F} penerima baru.",
        "Target penerima Kartu Prakerja tahun {Y} ditetapkan {F}.",
    ),
    "current_wave": (
        "Program Kartu Prakerja tahun {Y} saat ini sudah masuk pada {F}.",
        "Dengan dibukanya {F}, masyarakat bisa kembali mendaftar.",
        "Pendaftaran Kartu Prakerja {F} resmi dibuka hari ini.",
        "PMO mengumumkan hasil seleksi {F} melalui dashboard.",
        "Saat ini pemerintah tengah menyiapkan pembukaan {F} Kartu Prakerja.",
    ),
    "pending_wave": (
        "{S} meminta maaf terkait penundaan jadwal pembukaan {F} kepada masyarakat.",
        "Pendaftaran {F} Kartu Prakerja kembali mundur.",
        "Masyarakat yang menunggu pembukaan {F} diminta bersabar hingga ada keputusan resmi.",
        "Pembukaan {F} ditunda karena evaluasi program.",
    ),
    "waves_opened": (
        "Rudy berujar, dari {F} pendaftaran yang telah dibuka, antusiasme masyarakat terus meningkat.",
        "Sepanjang tahun {Y} pemerintah telah membuka {F} pendaftaran.",
        "Hingga kini sudah {F} yang dibuka sejak program diluncurkan.",
    ),
    "digital_platforms": (
        "Saat ini di dalam ekosistem Kartu Prakerja terdapat {F}.",
        "Pelatihan dapat dibeli melalui {F} mitra Kartu Prakerja.",
        "Program ini bekerja sama dengan {F} sebagai tempat membeli pelatihan.",
    ),
    "training_providers": (
        "Ada pula {F} yang menawarkan kelas secara daring.",
        "Sebanyak {F} telah bergabung dalam ekosistem program.",
    ),
    "trainings_offered": (
        "Para mitra menawarkan {F} untuk dipilih peserta.",
        "Peserta dapat memilih dari {F} yang tersedia.",
    ),
    "payment_partners": (
        "Insentif disalurkan melalui {F}.",
        "PMO bekerja sama dengan {F} untuk menyalurkan insentif.",
    ),
    "districts_covered": (
        "Kartu Prakerja diklaim telah menjangkau {F} di seluruh Indonesia.",
        "Penerima Kartu Prakerja tersebar di {F}.",
    ),
    "provinces_covered": (
        "Penerima program ini berasal dari {F}.",
        "Program Kartu Prakerja sudah menjangkau {F} di Indonesia.",
    ),
    "survey_share": (
        '"Kalau survei BPS menyebutkan bahwa {F} penerima Kartu Prakerja mengatakan keterampilan kerja '
        'mereka meningkat," {v} {s}.',
        "Survei terbaru menunjukkan {F} responden menilai program ini bermanfaat.",
        "Dalam survei kami, {F} penerima mengatakan bahwa layanan manajemen pelaksana memuaskan.",
        "Hasil survei lembaga independen menyebutkan {F} responden merasa terbantu.",
    ),
    "participation_limit": (
        "Penerima program Kartu Prakerja hanya memiliki kesempatan {F}.",
        "Setiap orang hanya dapat menerima Kartu Prakerja {F} seumur hidup.",
    ),
}

# Regional recipient figures (scope is the region named).
REGIONAL_TEMPLATES: tuple[str, ...] = (
    "Contohnya, di {R} sendiri terdapat {F} penerima Kartu Prakerja.",
    "Di {R}, jumlah penerima Kartu Prakerja tercatat {F}.",
)

HEADLINES: tuple[str, ...] = (
    "Penerima Kartu Prakerja tahun {Y} sudah {F}",
    "Sebanyak {F} Sudah Daftar Kartu Prakerja",
    "Kartu Prakerja {F} Resmi Dibuka, Begini Cara Daftarnya",
    "Pendaftar Kartu Prakerja Tembus {F}",
)
HEADLINE_METRICS: tuple[str, ...] = ("recipients", "registrants", "current_wave", "registrants")

FILLER: tuple[str, ...] = (
    "Menurutnya, parameter keberhasilan Kartu Prakerja bukan hanya jumlah penerima yang mendapat pekerjaan.",
    "Program tersebut dikatakan berhasil apabila penerima mendapat kemampuan baru untuk mencari kerja.",
    "Pemerintah pun memodifikasi program yang semula murni untuk memberikan pelatihan kepada pencari kerja.",
    "Di masa pandemi, program Kartu Prakerja berbalut semi bantuan sosial.",
    "Denni mengakui masih banyak pekerjaan rumah bagi PMO, salah satunya verifikasi kembali data peserta.",
    "Kendala pelaksanaan masih seputar jaringan internet yang tidak stabil di beberapa wilayah.",
    "Masih ada calon peserta yang tidak memiliki gawai, padahal seluruh proses dilaksanakan secara daring.",
    "Untuk mengatasi kendala tersebut, PMO bekerja sama dengan Kementerian Dalam Negeri.",
    "Lewat surat edaran Mendagri, pemerintah daerah diminta membantu pendaftaran para calon peserta.",
    '"Jadi ya kita berkolaborasi untuk menyelesaikan persoalan-persoalan yang ada," imbuhnya.',
    "Dalam monitoring KPK disebutkan bahwa sistem Kartu Prakerja adalah praktik baik.",
    '"Ini merefleksikan animo dari masyarakat, ditambah kemudahan untuk mendaftar," tuturnya.',
    "Manajemen masih ingin memperbaiki segala proses pendaftaran yang terjadi sebelumnya.",
    '"Peserta yang sudah menerima bantuan tidak akan menerima lagi. Kami kedepankan prinsip pemerataan," '
    "ucapnya.",
    "Kartu Prakerja bisa menjadi alat untuk mengidentifikasi kelompok penerima bantuan sosial baru.",
    "PMO berupaya maksimal agar tidak terjadi kesalahan dalam penyaluran insentif.",
    "Program ini menjaring para pencari kerja dan pekerja yang terkena PHK.",
    "Peserta diimbau tidak mempercayai pihak yang menjanjikan kelulusan seleksi dengan imbalan.",
    "Evaluasi program juga mencakup pasar kerja dan penyedia pelatihan itu sendiri.",
    "Pelatihan yang tersedia mulai dari pemasaran digital hingga keterampilan memasak.",
    "Komite Cipta Kerja — selaku pengarah program — terus memantau pelaksanaan di lapangan.",
    "Peserta bisa memilih pelatihan sesuai minat, baik untuk bekerja maupun berwirausaha.",
    "Ia menambahkan, proses seleksi dilakukan secara acak dengan mempertimbangkan kuota daerah.",
    "Sejumlah peserta mengaku pelatihan yang diikuti membantu mereka membuka usaha kecil.",
    "Pemerintah juga memperkuat pengawasan terhadap lembaga pelatihan yang bermitra.",
)
# Sentences with numbers that are not programme figures (negative cases).
DISTRACTORS: tuple[str, ...] = (
    "Pendaftaran ditutup pukul 16.00 WIB.",
    "Layanan pengaduan tersedia 7x24 jam melalui call center 1500-015.",
    "Selama ini, pemerintah masih fokus memberikan bantuan sosial pada 25 persen masyarakat terbawah.",
    "Harga beras medium di pasar tradisional naik menjadi Rp 12.500 per kilogram.",
    "Survei itu memiliki margin of error 2,5 persen.",
    "Indeks harga saham gabungan ditutup menguat 0,8 persen ke level 6.950.",
    "Nomor pengaduan WhatsApp 0811-1234-5678 juga dapat dihubungi.",
)
BACA_JUGA: tuple[str, ...] = (
    "Cek namamu di dashboard.prakerja.go.id, apakah menerima Kartu Prakerja Gelombang {n}?",
    "Hasil seleksi gelombang {n} kartu prakerja diumumkan",
    "Cara daftar Kartu Prakerja gelombang {n}, simak syaratnya",
    "Insentif Rp 2,4 juta belum cair? Ini penjelasannya",
)
