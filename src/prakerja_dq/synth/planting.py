"""The figure and text defects an article carries (``defects.RATES``), each planted in its own passage and
recorded with the figures or spans it concerns (``Builder.defect``)."""

from __future__ import annotations

import random
from datetime import timedelta

from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import timeline as tl
from prakerja_dq.synth import vocab as v
from prakerja_dq.synth.amounts import scheme_parts, state_idr
from prakerja_dq.synth.builder import PLAIN, Context
from prakerja_dq.synth.people import Waves, state_people, true_people, wave_range_phrase

# Fillers that name the card, where a planted programme-name variant goes.
_NAMING_FILLERS = tuple(text for text in v.FILLER if "Kartu Prakerja" in text)


def _plant_outlier(ctx: Context) -> None:
    """A count or amount far from the true value every other report of the same quantity gives."""
    rng = ctx.rng
    roll = rng.random()
    note = "planted: outlier"
    if roll < 0.75:
        metric = "recipients" if roll < 0.45 else "registrants"
        waves = Waves()
        if metric == "recipients" and rng.random() < 0.5:
            waves = Waves(1, ctx.wave, wave_range_phrase(rng, 1, ctx.wave))
        true = true_people(ctx, metric, waves)
        # Cumulative counts are planted too high: a count too low would also be a cumulative fall.
        figure = state_people(
            ctx, metric, true * rng.uniform(1.25, 1.6), waves=waves, qualifier=ctx.plain(), note=note
        )
    elif roll < 0.9:
        metric = "quota"
        true = float(v.QUOTA_BY_YEAR[ctx.day.year])
        factor = rng.uniform(1.3, 1.7) if rng.random() < 0.5 else rng.uniform(0.5, 0.75)
        figure = state_people(ctx, metric, true * factor, waves=Waves(), qualifier=PLAIN, note=note)
    else:
        metric = "budget_total"
        true = float(v.BUDGET_BY_YEAR[ctx.day.year])
        factor = rng.uniform(1.3, 1.7) if rng.random() < 0.5 else rng.uniform(0.5, 0.75)
        figure = state_idr(ctx, metric, round(true * factor / 10**10) * 10**10, "total", note=note)
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


def _plant_cumulative_fall(ctx: Context) -> None:
    """A cumulative count below one already reported for fewer waves or an earlier date (a stale figure)."""
    rng = ctx.rng
    metric = "recipients" if rng.random() < 0.6 else "training_completed"
    stale = _stale_wave(metric, ctx.wave, rng) if ctx.wave >= 3 and rng.random() < 0.7 else None
    if stale is not None:
        waves = Waves(1, ctx.wave, wave_range_phrase(rng, 1, ctx.wave))
        value = tl.people_through(metric, stale)
        earlier = tl.people_through(metric, ctx.wave - 1)
        detail = (
            f"{metric} over waves 1-{ctx.wave} stated as the count of waves 1-{stale}; "
            f"waves 1-{ctx.wave - 1} already counted {fmt.thousands(round(earlier))}"
        )
    else:
        metric, waves = "registrants", Waves()
        earlier = tl.registrants_on(ctx.day - timedelta(days=7))
        value = earlier * rng.uniform(0.6, 0.85)
        detail = f"registrants stated below the {fmt.thousands(round(earlier))} of a week earlier"
    figure = state_people(
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


def _plant_order_violation(ctx: Context) -> None:
    """In one article, a subset counted above its set (training_completed above recipients, ...)."""
    rng = ctx.rng
    roll = rng.random()
    lesser, greater, with_waves = next((a, b, w) for a, b, w, bound in _ORDER_PAIRS if roll < bound)
    if greater == "registrants" and ctx.registrant_unit != "persons":
        lesser, greater, with_waves = _ORDER_PAIRS[0][:3]
    waves = Waves(1, ctx.wave, wave_range_phrase(rng, 1, ctx.wave)) if with_waves else Waves()
    note = "planted: order_violation"
    if greater == "registrants":
        # the set's count is the wrong one: registrants below the recipients of the same article
        recipients = state_people(
            ctx, lesser, true_people(ctx, lesser, waves), waves=waves, qualifier=PLAIN, unit="persons"
        )
        ctx.builder.add(" ")
        wrong = state_people(
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
        reference = state_people(
            ctx, greater, true_people(ctx, greater, waves), waves=waves, qualifier=ctx.plain()
        )
        ctx.builder.add(" ")
        lesser_waves = Waves(1, ctx.wave, wave_range_phrase(rng, 1, ctx.wave)) if with_waves else Waves()
        wrong = state_people(
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


def _plant_scheme_value(ctx: Context) -> None:
    """The benefit per participant of the other scheme (Rp 3,55 juta after 2022, Rp 4,2 juta before)."""
    other = v.SCHEMES["semi_bansos" if ctx.day >= v.NORMAL_SCHEME_FROM else "skema_normal"]
    figure = state_idr(
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


def _plant_unit_conflict(ctx: Context) -> None:
    """The same registrant count stated once in people and once in accounts."""
    rng = ctx.rng
    stated = fmt.people(rng, tl.registrants_on(ctx.day), "exact")
    note = "planted: unit_conflict"
    first, second = ("persons", "accounts") if rng.random() < 0.5 else ("accounts", "persons")
    one = state_people(
        ctx, "registrants", 0, waves=Waves(), qualifier=PLAIN, unit=first, stated=stated, note=note
    )
    ctx.builder.add(" ")
    two = state_people(
        ctx, "registrants", 0, waves=Waves(), qualifier=PLAIN, unit=second, stated=stated, note=note
    )
    ctx.builder.defect(
        "unit_conflict",
        f"registrants {stated[0]} stated both as {first} and as {second}",
        planted=(one, two),
    )


def _plant_name_variant(ctx: Context) -> None:
    """The card named "Kartu Pekerja" or "KTP" in a sentence about it."""
    rng = ctx.rng
    filler = rng.choice(_NAMING_FILLERS)
    variant = "Kartu Pekerja" if rng.random() < 0.6 else "KTP"
    before, after = filler.split("Kartu Prakerja", 1)
    ctx.builder.add(before)
    span = ctx.builder.span(variant)
    ctx.builder.add(after)
    ctx.builder.defect("programme_name_variant", f"the card is called {variant!r}", spans=(span,))


def _plant_date_without_year(ctx: Context) -> None:
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


def _plant_scheme_parts_sum(ctx: Context) -> None:
    """The scheme's parts with one of them stated wrongly, so they do not add up to the total."""
    wrong = ctx.rng.choice(("training_budget_per_participant", "post_training_incentive", "survey_incentive"))
    scheme_parts(ctx, wrong=wrong)


FIGURE_PLANTERS = {
    "outlier": _plant_outlier,
    "cumulative_fall": _plant_cumulative_fall,
    "order_violation": _plant_order_violation,
    "scheme_value": _plant_scheme_value,
    "scheme_parts_sum": _plant_scheme_parts_sum,
    "unit_conflict": _plant_unit_conflict,
    "programme_name_variant": _plant_name_variant,
    "date_without_year": _plant_date_without_year,
}
