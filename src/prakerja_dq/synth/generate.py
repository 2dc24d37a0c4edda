"""Render one synthetic article with the truth and the defects it plants: pure functions of (seed, index).

An article is built left to right; every planted figure and date mention records its character offsets
while the text is assembled, so ``text[start:end] == evidence`` holds by construction.

Every figure is read off the programme's one true timeline (``timeline``) and rounded the way its qualifier
allows, so outlets agree up to rounding; the only figures that do not hold are the defects drawn for the
article (``defects.RATES``), each recorded in ``Article.defects`` with the figures or text it concerns.
"""

from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from prakerja_dq.synth import defects as d
from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import timeline as tl
from prakerja_dq.synth import vocab as v
from prakerja_dq.synth.timeline import interpolate, scheme_for, wave_on

__all__ = ["Article", "doc_name", "interpolate", "render_article", "scheme_for", "wave_on"]

_SLOT = re.compile(r"\{(\w)\}")
_EPOCH = v.PROGRAMME_START.toordinal()
_SPAN_DAYS = v.CORPUS_END.toordinal() - _EPOCH
_BIAS_2020_DAYS = date(2020, 12, 31).toordinal() - _EPOCH


def _parse(template: str) -> tuple[str, ...]:
    """Literal, slot, literal, slot, ... (even positions literal, odd positions slot names)."""
    return tuple(_SLOT.split(template))


_TEMPLATES = {metric: tuple(_parse(t) for t in ts) for metric, ts in v.TEMPLATES.items()}
# Templates that say which waves a count covers: the only ones a count over named waves may use.
_WAVE_TEMPLATES = {metric: tuple(t for t in ts if "W" in t[1::2]) for metric, ts in _TEMPLATES.items()}
_REGIONAL = tuple(_parse(t) for t in v.REGIONAL_TEMPLATES)
_HEADLINES = tuple(_parse(t) for t in v.HEADLINES)
_NAMED_OUTLETS = tuple(entry for entry in v.OUTLETS if entry[0] is not None)
_NO_OUTLET = next(entry for entry in v.OUTLETS if entry[0] is None)
_HEADLINE_OUTLETS = tuple(entry for entry in _NAMED_OUTLETS if entry[2] in ("blank", "republika"))
# Fillers that name the card, where a planted programme-name variant goes.
_NAMING_FILLERS = tuple(text for text in v.FILLER if "Kartu Prakerja" in text)
_KIND_ORDER = tuple(d.RATES)
_KIND_RATES = tuple(d.RATES.values())

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
_BODY_CUM: list[int] = []
_total = 0
for _, _weight in BODY_METRICS:
    _total += _weight
    _BODY_CUM.append(_total)
LEAD_METRICS: tuple[str, ...] = ("registrants", "recipients", "recipients", "current_wave", "budget_total")
PEOPLE_METRICS = frozenset(
    {
        "registrants",
        "registrants_verified",
        "recipients",
        "training_started",
        "training_completed",
        "incentive_recipients",
        "incentive_pending",
        "quota",
    }
)
IDR_METRICS = frozenset(
    {
        "incentive_per_participant",
        "training_budget_per_participant",
        "post_training_incentive",
        "survey_incentive",
        "incentive_disbursed",
        "budget_total",
    }
)
# An article also explains the scheme's parts in one sentence this often (when no such defect is planted).
SCHEME_PARTS_RATE = 0.04

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
PLAIN = ("", "exact")
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
    """One rendered article: its file stem, text, planted figures, date mentions and defects."""

    doc: str
    text: str
    figures: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    defects: list[dict] = field(default_factory=list)


def doc_name(seed: int, index: int) -> str:
    """The file stem (and ``doc``) of article ``index``.

    >>> doc_name(7, 42)
    'syn7_0000042'
    """
    return f"syn{seed}_{index:07d}"


class _Builder:
    """Assembles text left to right and records spans of planted figures, dates and defects."""

    __slots__ = ("dates", "defects", "doc", "figures", "length", "outlet", "parts")

    def __init__(self, doc: str, outlet: str | None) -> None:
        self.doc = doc
        self.outlet = outlet
        self.parts: list[str] = []
        self.figures: list[dict] = []
        self.dates: list[dict] = []
        self.defects: list[dict] = []
        self.length = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def span(self, text: str) -> dict:
        """Append ``text`` and return its span."""
        span = {"text": text, "start": self.length, "end": self.length + len(text)}
        self.add(text)
        return span

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

    def date(self, text: str, day: str, stated: str | None) -> dict:
        actual = fmt.weekday_of(date.fromisoformat(day))
        mention = {
            "doc": self.doc,
            "text": text,
            "start": self.length,
            "end": self.length + len(text),
            "weekday_stated": stated,
            "date": day,
            "weekday_actual": actual,
            "consistent": None if stated is None else stated == actual,
        }
        self.dates.append(mention)
        self.add(text)
        return mention

    def defect(
        self,
        kind: str,
        detail: str,
        *,
        planted: tuple[dict, ...] = (),
        reference: tuple[dict, ...] = (),
        spans: tuple[dict, ...] = (),
        also: tuple[str, ...] | None = None,
    ) -> None:
        """Record a planted defect with the figures (``planted``: wrong, ``reference``: true) or spans."""
        figures = [
            {
                "doc": figure["doc"],
                "metric": figure["metric"],
                "value": figure["value"],
                "start": figure["start"],
                "end": figure["end"],
                "evidence": figure["evidence"],
                "role": role,
            }
            for role, group in (("planted", planted), ("reference", reference))
            for figure in group
        ]
        self.defects.append(
            {
                "doc": self.doc,
                "kind": kind,
                "also": list(d.ALSO.get(kind, ()) if also is None else also),
                "outlet": self.outlet,
                "detail": detail,
                "figures": figures,
                "spans": [dict(span) for span in spans],
            }
        )


def _pick_date(rng: random.Random) -> date:
    # A third of the corpus lands in 2020, when the ordinal and roman wave notations are in use.
    if rng.random() < 0.33:
        return date.fromordinal(_EPOCH + rng.randrange(_BIAS_2020_DAYS + 1))
    return date.fromordinal(_EPOCH + rng.randrange(_SPAN_DAYS + 1))


class _Context:
    """What one article knows: its date, wave, scheme, planted kinds and the slots its templates share."""

    def __init__(self, rng: random.Random, day: date, builder: _Builder, plan: frozenset[str]) -> None:
        self.rng = rng
        self.day = day
        self.wave = wave_on(day)
        self.scheme = scheme_for(day)
        self.builder = builder
        self.plan = plan
        self.speaker_index = rng.randrange(len(v.SPEAKERS))
        self.registrant_unit = "accounts" if rng.random() < 0.2 else "persons"

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
            return PLAIN
        roll = self.rng.random()
        for word, name, threshold in QUALIFIERS:
            if roll < threshold:
                return word, name
        return PLAIN

    def plain(self) -> tuple[str, str]:
        """No hedge: a planted figure states its value outright ("mencapai" is exact too)."""
        return ("mencapai ", "exact") if self.rng.random() < 0.3 else PLAIN


# ---------------------------------------------------------------- figures off the timeline


@dataclass
class _Waves:
    """The wave range a count covers and the phrase that says so (empty: no wave named)."""

    first: int | None = None
    last: int | None = None
    phrase: str = ""


def _wave_phrase(rng: random.Random, first: int, last: int) -> str:
    text = fmt.wave_range(rng, first, last) if first < last else fmt.wave(rng, first)
    return rng.choice((" ", " pada ", " dari ")) + text


def _pick_waves(ctx: _Context, metric: str) -> _Waves:
    """Which waves a recipients or training_completed count covers: all so far, the latest, or this year's."""
    rng = ctx.rng
    if metric not in ("recipients", "training_completed") or rng.random() >= 0.6:
        return _Waves()
    roll = rng.random()
    if roll < 0.55 or ctx.wave < 3:
        first = 1
    elif roll < 0.8:
        first = ctx.wave
    else:
        first = min(wave_on(date(ctx.day.year, 1, 1)) + (0 if ctx.day.year == 2020 else 1), ctx.wave)
    return _Waves(first, ctx.wave, _wave_phrase(rng, first, ctx.wave))


def _true_people(ctx: _Context, metric: str, waves: _Waves) -> float:
    """The timeline's count for ``metric`` over ``waves`` (or as of the article's day)."""
    if metric == "registrants":
        return tl.registrants_on(ctx.day)
    if metric == "registrants_verified":
        return tl.verified_in_wave(ctx.wave)
    if metric == "quota":
        return float(v.QUOTA_BY_YEAR[ctx.day.year])
    if waves.first is not None and waves.last is not None:
        return tl.people_in_waves(metric, waves.first, waves.last)
    return tl.people_on(metric, ctx.day)


def _state_people(
    ctx: _Context,
    metric: str,
    value: float,
    *,
    waves: _Waves,
    qualifier: tuple[str, str],
    unit: str | None = None,
    note: str | None = None,
    stated: tuple[str, int] | None = None,
) -> dict:
    """Write one sentence stating ``value`` people of ``metric`` (rounded as ``qualifier`` allows)."""
    rng = ctx.rng
    word, qualifier_name = qualifier
    text, number = stated or fmt.people(rng, value, qualifier_name)
    unit = unit or (ctx.registrant_unit if metric == "registrants" else "persons")
    if unit == "accounts":
        noun = rng.choice(ACCOUNT_NOUNS)
    else:
        nouns = PERSON_NOUNS.get(metric, ("orang", "orang", "peserta"))
        noun = nouns[rng.randrange(len(nouns))]
    tokens = rng.choice(_WAVE_TEMPLATES[metric] if waves.phrase else _TEMPLATES[metric])
    evidence = (
        f"{word}{text}" if _NOUN_FOLLOWS.match(tokens[tokens.index("F") + 1]) else f"{word}{text} {noun}"
    )
    figure = ctx.record(metric, number, unit, qualifier_name, wave_from=waves.first, wave_to=waves.last)
    if note:
        figure["note"] = note
    ctx.builder.fill(tokens, ctx.slots(F=evidence, W=waves.phrase), figure)
    return figure


def _people_sentence(ctx: _Context, metric: str, *, wave_phrase: bool) -> dict:
    if metric == "registrants_verified":
        waves = _Waves(ctx.wave, ctx.wave, " " + fmt.wave(ctx.rng, ctx.wave))
    else:
        waves = _pick_waves(ctx, metric) if wave_phrase else _Waves()
    value = _true_people(ctx, metric, waves)
    return _state_people(ctx, metric, value, waves=waves, qualifier=ctx.qualifier(hedged=metric != "quota"))


def _regional(ctx: _Context) -> None:
    rng = ctx.rng
    region = rng.choice(v.REGIONS)
    value = tl.regional_recipients_on(region, ctx.day)
    figure = ctx.record("recipients", value, "persons", "exact", scope=region, period_year=None)
    ctx.builder.fill(rng.choice(_REGIONAL), ctx.slots(F=f"{fmt.thousands(value)} orang", R=region), figure)


def _idr_value(ctx: _Context, metric: str) -> tuple[int, str]:
    """The timeline's amount for an IDR metric, and its basis."""
    rng = ctx.rng
    scheme = ctx.scheme
    if metric == "incentive_per_participant":
        return scheme["per_participant"], "per_participant"
    if metric == "training_budget_per_participant":
        return scheme["training"], "per_participant"
    if metric == "post_training_incentive":
        if rng.random() < 0.5:
            return scheme["post_training"], "per_month" if scheme["months"] > 1 else "total"
        return scheme["post_training"] * scheme["months"], "total"
    if metric == "survey_incentive":
        if rng.random() < 0.5:
            return scheme["survey"], "per_survey"
        return scheme["survey"] * scheme["surveys"], "total"
    if metric == "incentive_disbursed":
        return tl.incentive_disbursed_on(ctx.day), "total"
    return v.BUDGET_BY_YEAR[ctx.day.year], "total"


def _state_idr(ctx: _Context, metric: str, value: int, basis: str, *, note: str | None = None) -> dict:
    rng = ctx.rng
    evidence = fmt.rupiah(rng, value)
    if basis == "per_month":
        evidence += f" per bulan selama {v.NUMBER_WORDS[ctx.scheme['months']]} bulan"
    elif basis == "per_survey":
        evidence += " per survei"
    elif metric == "survey_incentive":
        evidence += " secara keseluruhan"  # a total, not the amount of one survey
    figure = ctx.record(metric, value, "IDR", "exact", basis=basis)
    if note:
        figure["note"] = note
    ctx.builder.fill(rng.choice(_TEMPLATES[metric]), ctx.slots(F=evidence), figure)
    return figure


def _idr_sentence(ctx: _Context, metric: str) -> dict:
    value, basis = _idr_value(ctx, metric)
    return _state_idr(ctx, metric, value, basis)


def _percent_sentence(ctx: _Context, metric: str) -> None:
    rng = ctx.rng
    if metric == "training_completed_share":
        true = tl.completed_percent_on(ctx.day)
    else:
        true = v.SURVEY_SHARE_BY_YEAR[ctx.day.year]
    roll = rng.random()
    if roll < 0.15:
        word, qualifier = "hampir ", "almost"
    elif roll < 0.3:
        word, qualifier = "mencapai ", "exact"
    elif roll < 0.4:
        word, qualifier = "lebih dari ", "more_than"
    else:
        word, qualifier = PLAIN
    value = fmt.percent_value(rng, true, qualifier)
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
_COUNTS_BY_YEAR = {
    "digital_platforms": v.PLATFORMS_BY_YEAR,
    "training_providers": v.TRAINING_PROVIDERS_BY_YEAR,
    "trainings_offered": v.TRAININGS_OFFERED_BY_YEAR,
    "payment_partners": v.PAYMENT_PARTNERS_BY_YEAR,
    "provinces_covered": v.PROVINCES_BY_YEAR,
}


def _count_sentence(ctx: _Context, metric: str) -> None:
    rng = ctx.rng
    word, qualifier = PLAIN
    if metric in _COUNTS_BY_YEAR:
        value = _COUNTS_BY_YEAR[metric][ctx.day.year]
    elif metric == "districts_covered":
        value = 514
    else:
        value = 1
    if metric == "trainings_offered" and rng.random() < 0.6:
        word, qualifier = "lebih dari ", "more_than"
        value = fmt.round_to(value, rng.choice((100, 500)), "down")
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
    if metric == "recipients" and ctx.rng.random() < 0.12:
        _regional(ctx)
    elif metric in PEOPLE_METRICS:
        _people_sentence(ctx, metric, wave_phrase=metric in ("recipients", "training_completed"))
    elif metric in IDR_METRICS:
        _idr_sentence(ctx, metric)
    elif metric in ("training_completed_share", "survey_share"):
        _percent_sentence(ctx, metric)
    elif metric in ("current_wave", "pending_wave", "waves_opened"):
        _wave_sentence(ctx, metric)
    else:
        _count_sentence(ctx, metric)


def _pick_metric(rng: random.Random) -> str:
    return _BODY_NAMES[min(bisect.bisect_right(_BODY_CUM, rng.random() * _total), len(_BODY_NAMES) - 1)]


def _scheme_parts(ctx: _Context, *, wrong: str | None = None) -> None:
    """The scheme's total and its parts in one passage; ``wrong`` names a part stated wrongly."""
    rng, scheme = ctx.rng, ctx.scheme
    training = scheme["training"]
    post, post_basis = scheme["post_training"], "per_month" if scheme["months"] > 1 else "total"
    survey, survey_basis = scheme["survey"], "per_survey"
    if post_basis == "per_month" and rng.random() < 0.5:
        post, post_basis = post * scheme["months"], "total"
    if rng.random() < 0.5:
        survey, survey_basis = survey * scheme["surveys"], "total"
    if wrong == "training_budget_per_participant":
        training = 1_500_000 if training == 1_000_000 else 3_000_000
    elif wrong == "post_training_incentive":
        post = post // 600_000 * 500_000
    elif wrong == "survey_incentive":
        survey *= 2
    total = ctx.record(
        "incentive_per_participant", scheme["per_participant"], "IDR", "exact", basis="per_participant"
    )
    parts = {
        "training_budget_per_participant": ctx.record(
            "training_budget_per_participant", training, "IDR", "exact", basis="per_participant"
        ),
        "post_training_incentive": ctx.record(
            "post_training_incentive", post, "IDR", "exact", basis=post_basis
        ),
        "survey_incentive": ctx.record("survey_incentive", survey, "IDR", "exact", basis=survey_basis),
    }
    post_text = fmt.rupiah(rng, post)
    if post_basis == "per_month":
        post_text += f" per bulan selama {v.NUMBER_WORDS[scheme['months']]} bulan"
    survey_text = fmt.rupiah(rng, survey) + (
        " per survei" if survey_basis == "per_survey" else " secara keseluruhan"
    )
    build = ctx.builder
    build.fill(
        _parse("Setiap peserta berhak atas total bantuan {F}. "),
        {"F": fmt.rupiah(rng, total["value"])},
        total,
    )
    build.fill(
        _parse("Bantuan itu terdiri dari biaya pelatihan {F}, "),
        {"F": fmt.rupiah(rng, training)},
        parts["training_budget_per_participant"],
    )
    build.fill(_parse("insentif pasca pelatihan {F}, "), {"F": post_text}, parts["post_training_incentive"])
    build.fill(_parse("serta insentif survei {F}."), {"F": survey_text}, parts["survey_incentive"])
    if wrong is not None:
        parts[wrong]["note"] = "planted: scheme_parts_sum"
        build.defect(
            "scheme_parts_sum",
            f"the parts of the {fmt.thousands(total['value'])} benefit do not add up: "
            f"{wrong} stated as {fmt.thousands(parts[wrong]['value'])} ({parts[wrong]['basis']})",
            planted=(parts[wrong],),
            reference=(total, *(figure for name, figure in parts.items() if name != wrong)),
        )


# ---------------------------------------------------------------- planted defects


def _plant_outlier(ctx: _Context) -> None:
    """A count or amount far from the true value every other report of the same quantity gives."""
    rng = ctx.rng
    roll = rng.random()
    note = "planted: outlier"
    if roll < 0.75:
        metric = "recipients" if roll < 0.45 else "registrants"
        waves = _Waves()
        if metric == "recipients" and rng.random() < 0.5:
            waves = _Waves(1, ctx.wave, _wave_phrase(rng, 1, ctx.wave))
        true = _true_people(ctx, metric, waves)
        # Cumulative counts are planted too high: a count too low would also be a cumulative fall.
        figure = _state_people(
            ctx, metric, true * rng.uniform(1.25, 1.6), waves=waves, qualifier=ctx.plain(), note=note
        )
    elif roll < 0.9:
        metric = "quota"
        true = float(v.QUOTA_BY_YEAR[ctx.day.year])
        factor = rng.uniform(1.3, 1.7) if rng.random() < 0.5 else rng.uniform(0.5, 0.75)
        figure = _state_people(ctx, metric, true * factor, waves=_Waves(), qualifier=PLAIN, note=note)
    else:
        metric = "budget_total"
        true = float(v.BUDGET_BY_YEAR[ctx.day.year])
        factor = rng.uniform(1.3, 1.7) if rng.random() < 0.5 else rng.uniform(0.5, 0.75)
        figure = _state_idr(ctx, metric, round(true * factor / 10**10) * 10**10, "total", note=note)
    ctx.builder.defect(
        "outlier",
        f"{metric} stated as {fmt.thousands(round(figure['value']))} where every other report gives "
        f"{fmt.thousands(round(true))}",
        planted=(figure,),
    )


def _stale_wave(metric: str, last: int, rng: random.Random) -> int | None:
    """An earlier wave whose count is clearly below the counts through ``last - 1`` and ``last``."""
    ceiling = min(0.85 * tl.people_through(metric, last), 0.9 * tl.people_through(metric, last - 1))
    candidates = [wave for wave in range(1, last - 1) if tl.people_through(metric, wave) <= ceiling]
    return rng.choice(candidates[-3:]) if candidates else None


def _plant_cumulative_fall(ctx: _Context) -> None:
    """A cumulative count below one already reported for fewer waves or an earlier date (a stale figure)."""
    rng = ctx.rng
    metric = "recipients" if rng.random() < 0.6 else "training_completed"
    stale = _stale_wave(metric, ctx.wave, rng) if ctx.wave >= 3 and rng.random() < 0.7 else None
    if stale is not None:
        waves = _Waves(1, ctx.wave, _wave_phrase(rng, 1, ctx.wave))
        value = tl.people_through(metric, stale)
        earlier = tl.people_through(metric, ctx.wave - 1)
        detail = (
            f"{metric} over waves 1-{ctx.wave} stated as the count of waves 1-{stale}; "
            f"waves 1-{ctx.wave - 1} already counted {fmt.thousands(round(earlier))}"
        )
    else:
        metric, waves = "registrants", _Waves()
        earlier = tl.registrants_on(ctx.day - timedelta(days=7))
        value = earlier * rng.uniform(0.6, 0.85)
        detail = f"registrants stated below the {fmt.thousands(round(earlier))} of a week earlier"
    figure = _state_people(
        ctx, metric, value, waves=waves, qualifier=ctx.plain(), note="planted: cumulative_fall"
    )
    # a low count of recipients (or of those who finished training) also sits below its subsets' counts
    also = ("outlier",) if metric == "registrants" else ("outlier", "order_violation")
    ctx.builder.defect("cumulative_fall", detail, planted=(figure,), also=also)


# (lesser metric, greater metric, both over waves 1..n, weight)
_ORDER_PAIRS: tuple[tuple[str, str, bool, float], ...] = (
    ("training_completed", "recipients", True, 0.45),
    ("training_started", "recipients", False, 0.65),
    ("incentive_recipients", "recipients", False, 0.85),
    ("recipients", "registrants", False, 1.01),
)


def _plant_order_violation(ctx: _Context) -> None:
    """In one article, a subset counted above its set (training_completed above recipients, ...)."""
    rng = ctx.rng
    roll = rng.random()
    lesser, greater, with_waves = next((a, b, w) for a, b, w, bound in _ORDER_PAIRS if roll < bound)
    if greater == "registrants" and ctx.registrant_unit != "persons":
        lesser, greater, with_waves = _ORDER_PAIRS[0][:3]
    waves = _Waves(1, ctx.wave, _wave_phrase(rng, 1, ctx.wave)) if with_waves else _Waves()
    note = "planted: order_violation"
    if greater == "registrants":
        # the set's count is the wrong one: registrants below the recipients of the same article
        recipients = _state_people(
            ctx, lesser, _true_people(ctx, lesser, waves), waves=waves, qualifier=PLAIN, unit="persons"
        )
        ctx.builder.add(" ")
        wrong = _state_people(
            ctx,
            greater,
            recipients["value"] * rng.uniform(0.6, 0.9),
            waves=waves,
            qualifier=PLAIN,
            unit="persons",
            note=note,
        )
        reference = recipients
        also: tuple[str, ...] = ("outlier", "cumulative_fall")
    else:
        reference = _state_people(
            ctx, greater, _true_people(ctx, greater, waves), waves=waves, qualifier=ctx.plain()
        )
        ctx.builder.add(" ")
        lesser_waves = _Waves(1, ctx.wave, _wave_phrase(rng, 1, ctx.wave)) if with_waves else _Waves()
        wrong = _state_people(
            ctx,
            lesser,
            reference["value"] * rng.uniform(1.1, 1.3),
            waves=lesser_waves,
            qualifier=ctx.plain(),
            note=note,
        )
        also = ("outlier",)
    ctx.builder.defect(
        "order_violation",
        f"{wrong['metric']} {fmt.thousands(round(wrong['value']))} above {reference['metric']} "
        f"{fmt.thousands(round(reference['value']))} in the same article",
        planted=(wrong,),
        reference=(reference,),
        also=also,
    )


def _plant_scheme_value(ctx: _Context) -> None:
    """The benefit per participant of the other scheme (Rp 3,55 juta after 2022, Rp 4,2 juta before)."""
    other = v.SCHEMES["semi_bansos" if ctx.day >= v.NORMAL_SCHEME_FROM else "skema_normal"]
    figure = _state_idr(
        ctx,
        "incentive_per_participant",
        other["per_participant"],
        "per_participant",
        note="planted: scheme_value",
    )
    ctx.builder.defect(
        "scheme_value",
        f"incentive per participant {fmt.thousands(other['per_participant'])} is not the scheme of "
        f"{ctx.day.isoformat()} ({fmt.thousands(ctx.scheme['per_participant'])})",
        planted=(figure,),
    )


def _plant_unit_conflict(ctx: _Context) -> None:
    """The same registrant count stated once in people and once in accounts."""
    rng = ctx.rng
    stated = fmt.people(rng, tl.registrants_on(ctx.day), "exact")
    note = "planted: unit_conflict"
    first, second = ("persons", "accounts") if rng.random() < 0.5 else ("accounts", "persons")
    one = _state_people(
        ctx, "registrants", 0, waves=_Waves(), qualifier=PLAIN, unit=first, stated=stated, note=note
    )
    ctx.builder.add(" ")
    two = _state_people(
        ctx, "registrants", 0, waves=_Waves(), qualifier=PLAIN, unit=second, stated=stated, note=note
    )
    ctx.builder.defect(
        "unit_conflict",
        f"registrants {stated[0]} stated both as {first} and as {second}",
        planted=(one, two),
    )


def _plant_name_variant(ctx: _Context) -> None:
    """The card named "Kartu Pekerja" or "KTP" in a sentence about it."""
    rng = ctx.rng
    filler = rng.choice(_NAMING_FILLERS)
    variant = "Kartu Pekerja" if rng.random() < 0.6 else "KTP"
    before, after = filler.split("Kartu Prakerja", 1)
    ctx.builder.add(before)
    span = ctx.builder.span(variant)
    ctx.builder.add(after)
    ctx.builder.defect("programme_name_variant", f"the card is called {variant!r}", spans=(span,))


def _plant_date_without_year(ctx: _Context) -> None:
    """A date stated with day and month only (the weekday is right)."""
    rng = ctx.rng
    day = max(v.PROGRAMME_START, ctx.day - timedelta(days=rng.randrange(1, 6)))
    stated = fmt.weekday_of(day)
    mention = fmt.date_mention(rng, day, stated, with_year=False)
    frame = rng.choice(
        (
            "Pengumuman hasil seleksi sebelumnya sempat mundur ke {D}.",
            "Rapat koordinasi terakhir digelar pada {D}.",
        )
    )
    before, after = frame.split("{D}")
    ctx.builder.add(before)
    start = ctx.builder.length
    ctx.builder.date(mention, day.isoformat(), stated)
    ctx.builder.add(after)
    span = {"text": mention, "start": start, "end": start + len(mention)}
    ctx.builder.defect("date_without_year", f"{mention!r} has no year ({day.year})", spans=(span,))


_FIGURE_PLANTERS = {
    "outlier": _plant_outlier,
    "cumulative_fall": _plant_cumulative_fall,
    "order_violation": _plant_order_violation,
    "scheme_value": _plant_scheme_value,
    "scheme_parts_sum": lambda ctx: _scheme_parts(
        ctx,
        wrong=ctx.rng.choice(
            ("training_budget_per_participant", "post_training_incentive", "survey_incentive")
        ),
    ),
    "unit_conflict": _plant_unit_conflict,
    "programme_name_variant": _plant_name_variant,
    "date_without_year": _plant_date_without_year,
}


# ---------------------------------------------------------------- dates and the article


def _anchor(ctx: _Context, builder: _Builder) -> None:
    """The sentence that dates the article: ``..., katanya dalam diskusi virtual, Senin (8/6/2020).``"""
    rng = ctx.rng
    actual = fmt.weekday_of(ctx.day)
    stated = actual
    if "weekday_mismatch" in ctx.plan:
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
    before, after = frame.replace("{venue}", rng.choice(v.VENUES)).replace("{s}", short).split("{D}")
    builder.add(before)
    found = builder.date(mention, ctx.day.isoformat(), stated)
    builder.add(after)
    if stated != actual:
        span = {"text": mention, "start": found["start"], "end": found["end"]}
        builder.defect(
            "weekday_mismatch", f"{mention!r}: {ctx.day.isoformat()} was a {actual}", spans=(span,)
        )


def _secondary_date(ctx: _Context, builder: _Builder) -> None:
    rng = ctx.rng
    day = ctx.day - timedelta(days=rng.randrange(1, 6))
    if day < v.PROGRAMME_START:
        return
    stated = fmt.weekday_of(day)
    mention = fmt.date_mention(rng, day, stated, with_year=True)
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


def _draw_plan(rng: random.Random) -> frozenset[str]:
    """The kinds of defect this article carries (each drawn independently, at most one of each)."""
    plan = {kind for kind, rate in zip(_KIND_ORDER, _KIND_RATES, strict=True) if rng.random() < rate}
    if "missing_date" in plan:
        plan -= {"weekday_mismatch", "date_without_year"}
    return frozenset(plan)


def _pick_outlet(rng: random.Random, plan: frozenset[str]) -> tuple[str | None, str, str]:
    if "missing_outlet" in plan:
        return _NO_OUTLET
    choices = _HEADLINE_OUTLETS if "headline_unsupported" in plan else _NAMED_OUTLETS
    if "missing_date" in plan:
        choices = tuple(entry for entry in choices if entry[2] != "republika")
    return choices[rng.randrange(len(choices))]


def render_article(seed: int, index: int) -> Article:
    """Article ``index`` of the corpus for ``seed``: same arguments, same article.

    >>> a = render_article(1, 0)
    >>> all(a.text[f["start"]:f["end"]] == f["evidence"] for f in a.figures)
    True
    >>> render_article(1, 0).text == a.text
    True
    """
    rng = random.Random(seed * 10_000_019 + index)
    plan = _draw_plan(rng)
    outlet, dateline, layout = _pick_outlet(rng, plan)
    doc = doc_name(seed, index)
    builder = _Builder(doc, outlet)
    day = _pick_date(rng)
    ctx = _Context(rng, day, builder, plan)
    dated = "missing_date" not in plan
    para_sep = "\n\n" if layout in ("blank", "republika", "none") else "\n"

    if layout == "republika":
        line, stamp = fmt.timestamp_line(rng, day)
        builder.fill(_parse("{D}"), {"D": stamp, "_date": day.isoformat(), "_stated": fmt.weekday_of(day)})
        builder.add(line[len(stamp) :] + "\n\n")
    lead = LEAD_METRICS[rng.randrange(len(LEAD_METRICS))]
    if layout in ("republika", "blank", "none"):
        if "headline_unsupported" in plan:
            lead = _metric_headline(ctx, rng.choice((0, 1, 3)), unsupported=True)
        elif rng.random() < 0.5:
            lead = _metric_headline(ctx, rng.randrange(len(_HEADLINES)), unsupported=False)
        else:
            builder.add("Program Kartu Prakerja Terus Berlanjut, Ini Kata PMO")
        builder.add("\n\n\n\n" if layout == "blank" else "\n\n")
    if layout == "republika":
        reporter = rng.choice(v.REPORTERS)
        builder.add(f"Rep: {reporter}/ Red: {rng.choice(v.REPORTERS)}\n")
        caption = "Peserta Kartu Prakerja mengikuti pelatihan daring di rumahnya."
        builder.add(f"{caption}\nFoto: dok. Humas Kemenko Perekonomian\n{caption}\n\n")
    if outlet in v.BYLINES:
        builder.add(v.BYLINES[outlet].format(reporter=rng.choice(v.REPORTERS)) + "\n\n")
    if layout == "none":
        builder.add("Bagikan:\n\n")
        builder.defect("missing_outlet", "the article names no outlet")
    if not dated:
        builder.defect("missing_date", "the article states no date")
    builder.add(dateline)

    if lead in PEOPLE_METRICS and "headline_unsupported" in plan:
        # the body states the true count outright, so the headline's figure clearly has no support
        _state_people(ctx, lead, _true_people(ctx, lead, _Waves()), waves=_Waves(), qualifier=ctx.plain())
    elif lead in PEOPLE_METRICS:
        _people_sentence(ctx, lead, wave_phrase=False)
    else:
        _metric_sentence(ctx, lead)
    builder.add(" ")
    builder.add(rng.choice(v.FILLER))
    builder.add(para_sep)

    n_metrics = rng.randrange(5, 11)
    anchor_at = rng.randrange(0, 3)
    planted = [kind for kind in _KIND_ORDER if kind in plan and kind in _FIGURE_PLANTERS]
    if not planted and rng.random() < SCHEME_PARTS_RATE:
        planted.append("scheme_parts")
    slots = {rng.randrange(n_metrics): kind for kind in planted}
    leftover = [kind for kind in planted if kind not in slots.values()]
    for position in range(n_metrics):
        _metric_sentence(ctx, _pick_metric(rng))
        for filler in rng.sample(v.FILLER, rng.randrange(0, 3)):
            builder.add(" ")
            builder.add(filler)
        builder.add(para_sep)
        for kind in ([slots[position]] if position in slots else []) + (leftover if position == 0 else []):
            if kind == "scheme_parts":
                _scheme_parts(ctx)
            else:
                _FIGURE_PLANTERS[kind](ctx)
            builder.add(para_sep)
        if position == anchor_at and dated:
            _anchor(ctx, builder)
            builder.add(para_sep)
        roll = rng.random()
        if roll < 0.12:
            builder.add(_noise_line(rng, layout, ctx.wave))
            builder.add(para_sep)
        elif roll < 0.22:
            builder.add(rng.choice(v.DISTRACTORS))
            builder.add(para_sep)
        elif roll < 0.3 and dated:
            _secondary_date(ctx, builder)
            builder.add(para_sep)
        elif roll < 0.34 and dated:
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
    return Article(
        doc=doc,
        text="".join(builder.parts),
        figures=builder.figures,
        dates=builder.dates,
        defects=builder.defects,
    )


def _metric_headline(ctx: _Context, pick: int, *, unsupported: bool) -> str:
    """A headline stating a figure; returns the metric the lead then states (true, so it supports it unless
    ``unsupported`` plants a headline figure the body contradicts)."""
    rng = ctx.rng
    metric = v.HEADLINE_METRICS[pick]
    tokens = _HEADLINES[pick]
    if metric == "current_wave":
        figure = ctx.record(metric, ctx.wave, "wave", "exact", wave_from=ctx.wave, wave_to=ctx.wave)
        ctx.builder.fill(tokens, ctx.slots(F=f"Gelombang {ctx.wave}"), figure)
        return metric
    if metric == "registrants":
        ctx.registrant_unit = "persons"
    true = _true_people(ctx, metric, _Waves())
    qualifier = "at_least" if pick == 3 else "exact"
    value = true * rng.uniform(1.25, 1.6) if unsupported else true
    text, stated = fmt.people(rng, value, qualifier)
    text = f"capai {text} peserta" if pick == 0 else f"{text.replace('juta', 'Juta')} Orang"
    figure = ctx.record(metric, stated, "persons", qualifier)
    if unsupported:
        figure["note"] = "planted: headline_unsupported"
    ctx.builder.fill(tokens, ctx.slots(F=text), figure)
    if unsupported:
        ctx.builder.defect(
            "headline_unsupported",
            f"the headline's {metric} {text!r} is not what the body reports ({fmt.thousands(round(true))})",
            planted=(figure,),
        )
    return metric


def _noise_line(rng: random.Random, layout: str, wave: int) -> str:
    """Related-article headlines, ads and video prompts: numbers here are not figures."""
    if layout == "lines" and rng.random() < 0.5:
        return rng.choice(("Baca Juga", "Advertisement", "Saksikan video pilihan berikut ini:"))
    headline = rng.choice(v.BACA_JUGA).format(n=max(1, wave - rng.randrange(0, 3)))
    return rng.choice(("Baca Juga: ", "BACA JUGA: ")) + headline
