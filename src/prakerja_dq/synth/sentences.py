"""One body sentence per metric: the metrics an article draws, and the writers of percentages, counts
and waves (people and rupiah have their own modules, :mod:`.people` and :mod:`.amounts`)."""

from __future__ import annotations

import bisect
import random
from itertools import accumulate

from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import timeline as tl
from prakerja_dq.synth import vocab as v
from prakerja_dq.synth.amounts import IDR_METRICS, idr_sentence
from prakerja_dq.synth.builder import METRIC_TEMPLATES, PLAIN, Context
from prakerja_dq.synth.people import PEOPLE_METRICS, people_sentence, regional_sentence

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
_BODY_CUM = tuple(accumulate(weight for _, weight in BODY_METRICS))
LEAD_METRICS: tuple[str, ...] = ("registrants", "recipients", "recipients", "current_wave", "budget_total")


def _percent_sentence(ctx: Context, metric: str) -> None:
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
    ctx.builder.fill(rng.choice(METRIC_TEMPLATES[metric]), ctx.slots(F=evidence), figure)


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


def _count_sentence(ctx: Context, metric: str) -> None:
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
    ctx.builder.fill(rng.choice(METRIC_TEMPLATES[metric]), ctx.slots(F=evidence), figure)


def _wave_sentence(ctx: Context, metric: str) -> None:
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
    ctx.builder.fill(rng.choice(METRIC_TEMPLATES[metric]), ctx.slots(F=evidence), figure)


def metric_sentence(ctx: Context, metric: str) -> None:
    if metric == "recipients" and ctx.rng.random() < 0.12:
        regional_sentence(ctx)
    elif metric in PEOPLE_METRICS:
        people_sentence(ctx, metric, wave_phrase=metric in ("recipients", "training_completed"))
    elif metric in IDR_METRICS:
        idr_sentence(ctx, metric)
    elif metric in ("training_completed_share", "survey_share"):
        _percent_sentence(ctx, metric)
    elif metric in ("current_wave", "pending_wave", "waves_opened"):
        _wave_sentence(ctx, metric)
    else:
        _count_sentence(ctx, metric)


def pick_metric(rng: random.Random) -> str:
    return _BODY_NAMES[
        min(bisect.bisect_right(_BODY_CUM, rng.random() * _BODY_CUM[-1]), len(_BODY_NAMES) - 1)
    ]
