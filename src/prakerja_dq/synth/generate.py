"""Render one synthetic article and the truth it plants: pure functions of (seed, index).

An article is built left to right; every planted figure and date mention records its character offsets
while the text is assembled, so ``text[start:end] == evidence`` holds by construction.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import vocab as v

_SLOT = re.compile(r"\{(\w)\}")
_EPOCH = v.PROGRAMME_START.toordinal()
_SPAN_DAYS = v.CORPUS_END.toordinal() - _EPOCH
_BIAS_2020_DAYS = date(2020, 12, 31).toordinal() - _EPOCH


def _parse(template: str) -> tuple[str, ...]:
    """Literal, slot, literal, slot, ... (even positions literal, odd positions slot names)."""
    return tuple(_SLOT.split(template))


_TEMPLATES = {metric: tuple(_parse(t) for t in ts) for metric, ts in v.TEMPLATES.items()}
_REGIONAL = tuple(_parse(t) for t in v.REGIONAL_TEMPLATES)
_HEADLINES = tuple(_parse(t) for t in v.HEADLINES)

# Metrics drawn for the body, with weights (the lead is drawn from LEAD_METRICS).
BODY_METRICS: tuple[tuple[str, int], ...] = (
    ("registrants", 6),
    ("registrants_verified", 3),
    ("recipients", 10),
    ("training_started", 2),
    ("training_completed", 4),
    ("training_completed_share", 3),
    ("incentive_recipients", 3),
    ("incentive_pending", 2),
    ("incentive_per_participant", 5),
    ("training_budget_per_participant", 2),
    ("post_training_incentive", 3),
    ("survey_incentive", 2),
    ("incentive_disbursed", 2),
    ("budget_total", 3),
    ("quota", 2),
    ("current_wave", 5),
    ("pending_wave", 2),
    ("waves_opened", 3),
    ("digital_platforms", 2),
    ("training_providers", 2),
    ("trainings_offered", 2),
    ("payment_partners", 2),
    ("districts_covered", 1),
    ("provinces_covered", 1),
    ("survey_share", 3),
    ("participation_limit", 1),
)
_BODY_NAMES = tuple(name for name, _ in BODY_METRICS)
_BODY_CUM = []
_total = 0
for _, _weight in BODY_METRICS:
    _total += _weight
    _BODY_CUM.append(_total)
LEAD_METRICS: tuple[str, ...] = ("registrants", "recipients", "recipients", "current_wave", "budget_total")

QUALIFIERS: tuple[tuple[str, str, float], ...] = (
    ("", "exact", 0.40),
    ("mencapai ", "exact", 0.55),
    ("lebih dari ", "more_than", 0.70),
    ("sekitar ", "about", 0.80),
    ("hampir ", "almost", 0.88),
    ("menembus ", "at_least", 0.94),
    ("menembus angka ", "at_least", 0.97),
    ("tembus ", "at_least", 1.01),
)
PERSON_NOUNS: dict[str, tuple[str, ...]] = {
    "registrants": ("orang", "orang", "pendaftar", "masyarakat"),
    "recipients": ("orang", "orang", "peserta", "masyarakat", "penerima"),
    "registrants_verified": ("orang", "peserta", "pendaftar"),
}
# A template that already names the people after the figure gets no noun of its own.
_NOUN_FOLLOWS = re.compile(r" (peserta|penerima|responden|pendaftar|orang)\b")
ACCOUNT_NOUNS: tuple[str, ...] = ("user", "akun")


@dataclass
class Article:
    """One rendered article: its file stem, text, planted figures and date mentions."""

    doc: str
    text: str
    figures: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)


def interpolate(knots: tuple[tuple[date, float], ...], day: date) -> float:
    """The timeline's value on a day, linear between knots.

    >>> interpolate(v.RECIPIENT_KNOTS, date(2020, 6, 30))
    680000.0
    """
    ordinal = day.toordinal()
    if ordinal <= knots[0][0].toordinal():
        return float(knots[0][1])
    for (d0, y0), (d1, y1) in itertools.pairwise(knots):
        o0, o1 = d0.toordinal(), d1.toordinal()
        if ordinal <= o1:
            return float(y0 + (y1 - y0) * (ordinal - o0) / (o1 - o0))
    return float(knots[-1][1])


def wave_on(day: date) -> int:
    """The latest wave opened on a day.

    >>> wave_on(date(2021, 9, 23)) >= 18
    True
    """
    return max(1, int(interpolate(v.WAVE_KNOTS, day)))


def scheme_for(day: date) -> dict[str, int]:
    """The incentive scheme in force on a day (Rp 3,55 juta until 2022, Rp 4,2 juta from 2023)."""
    return v.SCHEMES["skema_normal" if day >= v.NORMAL_SCHEME_FROM else "semi_bansos"]


def doc_name(seed: int, index: int) -> str:
    """The file stem (and ``doc``) of article ``index``.

    >>> doc_name(7, 42)
    'syn7_0000042'
    """
    return f"syn{seed}_{index:07d}"


class _Builder:
    """Assembles text left to right and records spans of planted figures and dates."""

    __slots__ = ("dates", "doc", "figures", "length", "outlet", "parts")

    def __init__(self, doc: str, outlet: str | None) -> None:
        self.doc = doc
        self.outlet = outlet
        self.parts: list[str] = []
        self.figures: list[dict] = []
        self.dates: list[dict] = []
        self.length = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def fill(self, tokens: tuple[str, ...], slots: dict[str, str], figure: dict | None = None) -> None:
        """Append a parsed template; the ``F`` slot becomes the figure's evidence, ``D`` a date mention."""
        for position, token in enumerate(tokens):
            if not position % 2:
                if token:
                    self.add(token)
                continue
            value = slots[token]
            if token == "F" and figure is not None:
                figure["evidence"] = value
                figure["start"] = self.length
                figure["end"] = self.length + len(value)
                self.figures.append(figure)
            elif token == "D":
                self.date(value, slots["_date"], slots["_stated"])
                continue
            self.add(value)

    def date(self, text: str, day: str, stated: str | None) -> None:
        actual = fmt.weekday_of(date.fromisoformat(day))
        self.dates.append(
            {
                "doc": self.doc,
                "text": text,
                "start": self.length,
                "end": self.length + len(text),
                "weekday_stated": stated,
                "date": day,
                "weekday_actual": actual,
                "consistent": None if stated is None else stated == actual,
            }
        )
        self.add(text)


def _pick_date(rng: random.Random) -> date:
    # A third of the corpus lands in 2020, when the ordinal and roman wave notations are in use.
    if rng.random() < 0.33:
        return date.fromordinal(_EPOCH + rng.randrange(_BIAS_2020_DAYS + 1))
    return date.fromordinal(_EPOCH + rng.randrange(_SPAN_DAYS + 1))


class _Context:
    """What one article knows: its date, wave, scheme and the slots its templates share."""

    def __init__(self, rng: random.Random, day: date, builder: _Builder) -> None:
        self.rng = rng
        self.day = day
        self.wave = wave_on(day)
        self.scheme = scheme_for(day)
        self.builder = builder
        self.speaker_index = rng.randrange(len(v.SPEAKERS))

    def record(self, metric: str, value: float, unit: str, qualifier: str, **extra: object) -> dict:
        record = {
            "doc": self.builder.doc,
            "outlet": self.builder.outlet,
            "metric": metric,
            "value": int(value) if float(value).is_integer() else value,
            "unit": unit,
            "qualifier": qualifier,
            "wave_from": None,
            "wave_to": None,
            "period_year": self.day.year,
            "as_of": self.day.isoformat(),
            "scope": "national",
            "basis": "total",
            "evidence": "",
            "start": 0,
            "end": 0,
        }
        record.update(extra)
        return record

    def slots(self, **values: str) -> dict[str, str]:
        rng = self.rng
        slots = {
            "S": v.SPEAKERS[self.speaker_index],
            "s": v.SHORT_SPEAKERS[self.speaker_index],
            "V": rng.choice(v.SPEECH_VERBS),
            "v": "kata",
            "Y": str(self.day.year),
            "W": "",
            "R": "",
        }
        slots.update(values)
        return slots

    def qualifier(self, *, hedged: bool = True) -> tuple[str, str]:
        if not hedged:
            return "", "exact"
        roll = self.rng.random()
        for word, name, threshold in QUALIFIERS:
            if roll < threshold:
                return word, name
        return "", "exact"


def _skew(rng: random.Random) -> tuple[float, str | None]:
    """Usually the timeline's value; sometimes an outlet's figure disagrees with it on purpose."""
    if rng.random() < 0.08:
        return rng.uniform(
            0.75, 1.3
        ), "planted: disagrees with the programme timeline (cross-outlet conflict)"
    return rng.uniform(0.97, 1.03), None


def _people_sentence(ctx: _Context, metric: str, base: float, *, wave_phrase: bool) -> None:
    rng = ctx.rng
    factor, note = _skew(rng)
    wave_from = wave_to = None
    phrase = ""
    value = base * factor
    if wave_phrase and metric in ("recipients", "training_completed") and rng.random() < 0.6:
        roll = rng.random()
        if roll < 0.55 or ctx.wave < 3:
            wave_from, wave_to = 1, ctx.wave
            phrase = fmt.wave_range(rng, 1, ctx.wave)
        elif roll < 0.8:
            wave_from = wave_to = ctx.wave
            phrase = fmt.wave(rng, ctx.wave)
            value = base / max(ctx.wave, 1) * rng.uniform(0.5, 1.5)
        else:
            first = wave_on(date(ctx.day.year, 1, 1)) + (0 if ctx.day.year == 2020 else 1)
            first = min(first, ctx.wave)
            wave_from, wave_to = first, ctx.wave
            phrase = fmt.wave_range(rng, first, ctx.wave) if first < ctx.wave else fmt.wave(rng, first)
            value = max(base - interpolate(v.RECIPIENT_KNOTS, date(ctx.day.year - 1, 12, 31)), base * 0.2)
        phrase = rng.choice((" ", " pada ", " dari ")) + phrase
    elif metric == "registrants_verified":
        wave_from = wave_to = ctx.wave
        phrase = " " + fmt.wave(rng, ctx.wave)
    text, stated = fmt.people(rng, value)
    unit = "persons"
    if metric == "registrants" and rng.random() < 0.25:
        unit = "accounts"
        noun = rng.choice(ACCOUNT_NOUNS)
    else:
        nouns = PERSON_NOUNS.get(metric, ("orang", "orang", "peserta"))
        noun = nouns[rng.randrange(len(nouns))]
    word, qualifier = ctx.qualifier()
    tokens = rng.choice(_TEMPLATES[metric])
    if _NOUN_FOLLOWS.match(tokens[tokens.index("F") + 1]):
        evidence = f"{word}{text}"
    else:
        evidence = f"{word}{text} {noun}"
    figure = ctx.record(metric, stated, unit, qualifier, wave_from=wave_from, wave_to=wave_to)
    if note:
        figure["note"] = note
    ctx.builder.fill(tokens, ctx.slots(F=evidence, W=phrase), figure)


def _regional(ctx: _Context) -> None:
    rng = ctx.rng
    value = rng.choice((9, 27, 140, 1250, 18_400, 312_000))
    text = fmt.thousands(value)
    region = rng.choice(v.REGIONS)
    figure = ctx.record("recipients", value, "persons", "exact", scope=region, period_year=None)
    ctx.builder.fill(rng.choice(_REGIONAL), ctx.slots(F=f"{text} orang", R=region), figure)


def _idr_sentence(ctx: _Context, metric: str) -> None:
    rng = ctx.rng
    scheme = ctx.scheme
    basis = "total"
    note = None
    if metric == "incentive_per_participant":
        value = scheme["per_participant"]
        basis = "per_participant"
        if ctx.day >= v.NORMAL_SCHEME_FROM and rng.random() < 0.03:
            value = v.SCHEMES["semi_bansos"]["per_participant"]
            note = "planted: the 2020-2022 value in an article from 2023 or later"
    elif metric == "training_budget_per_participant":
        value = scheme["training"]
        basis = "per_participant"
    elif metric == "post_training_incentive":
        if rng.random() < 0.5:
            value, basis = scheme["post_training"], "per_month" if scheme["months"] > 1 else "total"
        else:
            value = scheme["post_training"] * scheme["months"]
    elif metric == "survey_incentive":
        if rng.random() < 0.5:
            value, basis = scheme["survey"], "per_survey"
        else:
            value = scheme["survey"] * scheme["surveys"]
    elif metric == "incentive_disbursed":
        budget = v.BUDGET_BY_YEAR[ctx.day.year]
        value = round(budget * rng.uniform(0.3, 0.99) / 10**10) * 10**10
    else:  # budget_total
        value = v.BUDGET_BY_YEAR[ctx.day.year]
    evidence = fmt.rupiah(rng, value)
    suffix = ""
    if basis == "per_month":
        suffix = f" per bulan selama {v.NUMBER_WORDS[scheme['months']]} bulan"
    elif basis == "per_survey":
        suffix = " per survei"
    figure = ctx.record(metric, value, "IDR", "exact", basis=basis)
    if note:
        figure["note"] = note
    tokens = rng.choice(_TEMPLATES[metric])
    ctx.builder.fill(tokens, ctx.slots(F=evidence + suffix), figure)


def _percent_sentence(ctx: _Context, metric: str) -> None:
    rng = ctx.rng
    if metric == "training_completed_share":
        value = round(rng.uniform(85, 99.5), rng.choice((0, 1)))
    else:
        value = round(rng.uniform(55, 97), rng.choice((0, 1)))
    word, qualifier = ("", "exact")
    roll = rng.random()
    if roll < 0.15:
        word, qualifier = "hampir ", "almost"
    elif roll < 0.3:
        word, qualifier = "mencapai ", "exact"
    elif roll < 0.4:
        word, qualifier = "lebih dari ", "more_than"
    evidence = word + fmt.percent(rng, value)
    figure = ctx.record(metric, value, "percent", qualifier, period_year=ctx.day.year)
    ctx.builder.fill(rng.choice(_TEMPLATES[metric]), ctx.slots(F=evidence), figure)


_COUNT_NOUNS = {
    "digital_platforms": ("platform digital",),
    "training_providers": ("lembaga pelatihan",),
    "trainings_offered": ("pelatihan", "jenis pelatihan"),
    "payment_partners": ("mitra pembayaran",),
    "districts_covered": ("kabupaten/kota",),
    "provinces_covered": ("provinsi",),
    "participation_limit": ("kali",),
}


def _count_sentence(ctx: _Context, metric: str) -> None:
    rng = ctx.rng
    year = ctx.day.year
    word, qualifier = "", "exact"
    if metric == "digital_platforms":
        value = v.PLATFORMS_BY_YEAR[year]
    elif metric == "training_providers":
        value = 147 + (year - 2020) * rng.randrange(20, 40)
    elif metric == "trainings_offered":
        value = rng.choice((1500, 1700, 2000, 2500, 3000))
        if rng.random() < 0.6:
            word, qualifier = "lebih dari ", "more_than"
    elif metric == "payment_partners":
        value = rng.choice((4, 5))
    elif metric == "districts_covered":
        value = 514
    elif metric == "provinces_covered":
        value = v.PROVINCES_BY_YEAR[year]
    else:
        value = 1
    number = "satu" if metric == "participation_limit" and rng.random() < 0.8 else fmt.count(rng, value)
    evidence = f"{word}{number} {rng.choice(_COUNT_NOUNS[metric])}"
    figure = ctx.record(metric, value, "count", qualifier)
    if metric == "participation_limit":
        figure["period_year"] = None
    ctx.builder.fill(rng.choice(_TEMPLATES[metric]), ctx.slots(F=evidence), figure)


def _wave_sentence(ctx: _Context, metric: str) -> None:
    rng = ctx.rng
    if metric == "waves_opened":
        value = ctx.wave
        evidence = f"{value} gelombang"
        figure = ctx.record(metric, value, "count", "exact", wave_from=1, wave_to=value)
    else:
        value = ctx.wave if metric == "current_wave" else ctx.wave + 1
        evidence = fmt.wave(rng, value)
        if metric == "pending_wave" and value < len(v.NUMBER_WORDS) and rng.random() < 0.2:
            evidence = f"gelombang {v.NUMBER_WORDS[value]} atau batch {value}"
        figure = ctx.record(metric, value, "wave", "exact", wave_from=value, wave_to=value)
    ctx.builder.fill(rng.choice(_TEMPLATES[metric]), ctx.slots(F=evidence), figure)


def _metric_sentence(ctx: _Context, metric: str) -> None:
    day = ctx.day
    recipients = interpolate(v.RECIPIENT_KNOTS, day)
    rng = ctx.rng
    if metric == "recipients":
        if rng.random() < 0.12:
            _regional(ctx)
        else:
            _people_sentence(ctx, metric, recipients, wave_phrase=True)
    elif metric == "registrants":
        _people_sentence(ctx, metric, interpolate(v.REGISTRANT_KNOTS, day), wave_phrase=False)
    elif metric == "registrants_verified":
        _people_sentence(ctx, metric, rng.uniform(0.6, 2.5) * 1_000_000, wave_phrase=False)
    elif metric in ("training_started", "training_completed", "incentive_recipients"):
        share = {"training_started": 0.97, "training_completed": 0.9, "incentive_recipients": 0.85}[metric]
        _people_sentence(ctx, metric, recipients * share * rng.uniform(0.9, 1.0), wave_phrase=True)
    elif metric == "incentive_pending":
        _people_sentence(ctx, metric, recipients * rng.uniform(0.005, 0.05), wave_phrase=False)
    elif metric == "quota":
        base = {2020: 5_600_000, 2021: 2_800_000, 2022: 2_900_000, 2023: 1_000_000, 2024: 1_140_000}
        _people_sentence(ctx, metric, base[day.year], wave_phrase=False)
    elif metric in (
        "incentive_per_participant",
        "training_budget_per_participant",
        "post_training_incentive",
        "survey_incentive",
        "incentive_disbursed",
        "budget_total",
    ):
        _idr_sentence(ctx, metric)
    elif metric in ("training_completed_share", "survey_share"):
        _percent_sentence(ctx, metric)
    elif metric in ("current_wave", "pending_wave", "waves_opened"):
        _wave_sentence(ctx, metric)
    else:
        _count_sentence(ctx, metric)


def _pick_metric(rng: random.Random) -> str:
    roll = rng.random() * _total
    for name, bound in zip(_BODY_NAMES, _BODY_CUM, strict=True):
        if roll < bound:
            return name
    return _BODY_NAMES[-1]


def _anchor(ctx: _Context, builder: _Builder) -> None:
    """The sentence that dates the article: ``..., katanya dalam diskusi virtual, Senin (8/6/2020).``"""
    rng = ctx.rng
    actual = fmt.weekday_of(ctx.day)
    stated = actual
    if rng.random() < 0.06:
        stated = v.WEEKDAYS[(v.WEEKDAYS.index(actual) + rng.randrange(1, 7)) % 7]
    mention = fmt.date_mention(rng, ctx.day, stated, with_year=True)
    short = v.SHORT_SPEAKERS[ctx.speaker_index]
    frame = rng.choice(
        (
            '"Itu semua sudah kami rencanakan," kata {s} {venue}, {D}.',
            "Hal itu disampaikan {s} {venue}, {D}.",
            '"Kami terus memperbaiki tata kelola program," ujar {s}, {D}.',
        )
    )
    tokens = _parse(frame.replace("{venue}", rng.choice(v.VENUES)).replace("{s}", short))
    builder.fill(tokens, {"D": mention, "_date": ctx.day.isoformat(), "_stated": stated})


def _secondary_date(ctx: _Context, builder: _Builder) -> None:
    rng = ctx.rng
    day = ctx.day - timedelta(days=rng.randrange(1, 6))
    if day < v.PROGRAMME_START:
        return
    actual = fmt.weekday_of(day)
    stated = actual
    if rng.random() < 0.06:
        stated = v.WEEKDAYS[(v.WEEKDAYS.index(actual) + 1) % 7]
    mention = fmt.date_mention(rng, day, stated, with_year=False)
    frame = rng.choice(
        (
            "Pengumuman hasil seleksi sebelumnya sempat mundur ke {D}.",
            "Rapat koordinasi terakhir digelar pada {D}.",
        )
    )
    builder.fill(_parse(frame), {"D": mention, "_date": day.isoformat(), "_stated": stated})


def _launch_date(builder: _Builder) -> None:
    builder.fill(
        _parse("Program ini diluncurkan pada {D} di tengah pandemi Covid-19."),
        {"D": "11 April 2020", "_date": "2020-04-11", "_stated": None},
    )


def render_article(seed: int, index: int) -> Article:
    """Article ``index`` of the corpus for ``seed``: same arguments, same article.

    >>> a = render_article(1, 0)
    >>> all(a.text[f["start"]:f["end"]] == f["evidence"] for f in a.figures)
    True
    >>> render_article(1, 0).text == a.text
    True
    """
    rng = random.Random(seed * 10_000_019 + index)
    outlet, dateline, layout = v.OUTLETS[rng.randrange(len(v.OUTLETS))]
    doc = doc_name(seed, index)
    builder = _Builder(doc, outlet)
    day = _pick_date(rng)
    ctx = _Context(rng, day, builder)
    para_sep = "\n\n" if layout in ("blank", "republika", "none") else "\n"

    if layout == "republika":
        line, dated = fmt.timestamp_line(rng, day)
        builder.fill(_parse("{D}"), {"D": dated, "_date": day.isoformat(), "_stated": fmt.weekday_of(day)})
        builder.add(line[len(dated) :] + "\n\n")
    if layout in ("republika", "blank", "none"):
        if rng.random() < 0.5:
            pick = rng.randrange(len(_HEADLINES))
            _metric_headline(ctx, pick)
        else:
            builder.add("Program Kartu Prakerja Terus Berlanjut, Ini Kata PMO")
        builder.add("\n\n\n\n" if layout == "blank" else "\n\n")
    if layout == "republika":
        reporter = rng.choice(v.REPORTERS)
        builder.add(f"Rep: {reporter}/ Red: {rng.choice(v.REPORTERS)}\n")
        caption = "Peserta Kartu Prakerja mengikuti pelatihan daring di rumahnya."
        builder.add(f"{caption}\nFoto: dok. Humas Kemenko Perekonomian\n{caption}\n\n")
    if layout == "none":
        builder.add("Bagikan:\n\n")
    builder.add(dateline)

    lead = LEAD_METRICS[rng.randrange(len(LEAD_METRICS))]
    _metric_sentence(ctx, lead)
    builder.add(" ")
    builder.add(rng.choice(v.FILLER))
    builder.add(para_sep)

    n_metrics = rng.randrange(5, 11)
    anchor_at = rng.randrange(0, 3)
    for position in range(n_metrics):
        _metric_sentence(ctx, _pick_metric(rng))
        for filler in rng.sample(v.FILLER, rng.randrange(0, 3)):
            builder.add(" ")
            builder.add(filler)
        builder.add(para_sep)
        if position == anchor_at:
            _anchor(ctx, builder)
            builder.add(para_sep)
        roll = rng.random()
        if roll < 0.12:
            builder.add(_noise_line(rng, layout, ctx.wave))
            builder.add(para_sep)
        elif roll < 0.22:
            builder.add(rng.choice(v.DISTRACTORS))
            builder.add(para_sep)
        elif roll < 0.3:
            _secondary_date(ctx, builder)
            builder.add(para_sep)
        elif roll < 0.34:
            _launch_date(builder)
            builder.add(para_sep)
    builder.add(rng.choice(v.FILLER))
    if layout == "blank":
        builder.add(
            "\n\nCek Berita dan Artikel yang lain di Google News\n\nEditor: " + rng.choice(v.REPORTERS)
        )
    elif layout == "republika":
        builder.add(
            "\n\nBACA JUGA: Ikuti News Analysis Isu-Isu Terkini Perspektif Republika.co.id, Klik di Sini"
        )
        builder.add("\nAdvertisement\nBerita Lainnya\nAdvertisement")
    elif outlet == "Liputan6.com":
        builder.add("\nSaksikan video pilihan berikut ini:\nAdvertisement")
    return Article(doc=doc, text="".join(builder.parts), figures=builder.figures, dates=builder.dates)


def _metric_headline(ctx: _Context, pick: int) -> None:
    rng = ctx.rng
    metric = v.HEADLINE_METRICS[pick]
    tokens = _HEADLINES[pick]
    if metric == "current_wave":
        evidence = f"Gelombang {ctx.wave}"
        figure = ctx.record(metric, ctx.wave, "wave", "exact", wave_from=ctx.wave, wave_to=ctx.wave)
    else:
        base = interpolate(v.RECIPIENT_KNOTS if metric == "recipients" else v.REGISTRANT_KNOTS, ctx.day)
        text, stated = fmt.people(rng, base)
        qualifier = "exact"
        if pick == 0:
            text = f"capai {text} peserta"
        elif pick == 1:
            text = f"{text.replace('juta', 'Juta')} Orang"
        else:
            qualifier = "at_least"
            text = f"{text.replace('juta', 'Juta')} Orang"
        evidence = text
        figure = ctx.record(metric, stated, "persons", qualifier)
    ctx.builder.fill(tokens, ctx.slots(F=evidence), figure)


def _noise_line(rng: random.Random, layout: str, wave: int) -> str:
    """Related-article headlines, ads and video prompts: numbers here are not figures."""
    if layout == "lines" and rng.random() < 0.5:
        return rng.choice(("Baca Juga", "Advertisement", "Saksikan video pilihan berikut ini:"))
    headline = rng.choice(v.BACA_JUGA).format(n=max(1, wave - rng.randrange(0, 3)))
    return rng.choice(("Baca Juga: ", "BACA JUGA: ")) + headline
