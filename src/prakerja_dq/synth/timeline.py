"""The programme's one true timeline: every figure the generator does not plant as a defect is read off it.

Counts of people move in steps, wave by wave, as the programme announced them: the count through wave ``n``
is the count on the day wave ``n`` opened, and a count stated on a day without naming waves is the count
through the wave open that day. A report dated later, or covering more waves, is therefore never smaller,
and reports of the same quantity a few days apart agree unless a wave opened in between. Registrations grow
day by day. Subsets stay below their sets (recipients <= registrants, training_completed <= training_started
<= recipients, incentive_recipients <= training_completed). Outlets then differ only in rounding and
qualifiers (``formats.people``), which is what real reporting of one true value looks like.
"""

from __future__ import annotations

import functools
import itertools
from datetime import date, timedelta

from prakerja_dq.synth import vocab as v


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


@functools.lru_cache(maxsize=4096)
def wave_on(day: date) -> int:
    """The latest wave opened on a day.

    >>> wave_on(date(2021, 9, 23)) >= 18
    True
    """
    return max(1, int(interpolate(v.WAVE_KNOTS, day)))


@functools.cache
def _wave_starts() -> tuple[date, ...]:
    """``starts[n]``: the day wave ``n`` opened (``starts[0]`` is unused)."""
    starts = [v.PROGRAMME_START, v.PROGRAMME_START]
    day = v.PROGRAMME_START
    while day <= v.CORPUS_END:
        while wave_on(day) >= len(starts):
            starts.append(day)
        day += timedelta(days=1)
    return tuple(starts)


def wave_start(wave: int) -> date:
    """The day a wave opened (waves after the corpus end open on its last day).

    >>> wave_start(1), wave_start(2) <= date(2020, 4, 26)
    (datetime.date(2020, 4, 11), True)
    """
    starts = _wave_starts()
    return starts[min(max(wave, 1), len(starts) - 1)]


def scheme_for(day: date) -> dict[str, int]:
    """The incentive scheme in force on a day (Rp 3,55 juta until 2022, Rp 4,2 juta from 2023)."""
    return v.SCHEMES["skema_normal" if day >= v.NORMAL_SCHEME_FROM else "semi_bansos"]


def completed_share_on(day: date) -> float:
    """Percent of the recipients of a wave opening on ``day`` who finish a training.

    >>> completed_share_on(date(2020, 12, 31))
    88.0
    """
    return interpolate(v.COMPLETED_SHARE_KNOTS, day)


def share_of_wave(metric: str, wave: int) -> float:
    """How many of a wave's recipients ``metric`` counts (1 for recipients themselves)."""
    if metric == "recipients":
        return 1.0
    if metric == "training_started":
        return v.TRAINING_STARTED_SHARE
    completed = completed_share_on(wave_start(wave)) / 100
    if metric == "training_completed":
        return completed
    if metric == "incentive_recipients":
        return completed * v.INCENTIVE_PAID_SHARE
    if metric == "incentive_pending":
        return completed * (1 - v.INCENTIVE_PAID_SHARE)
    raise ValueError(f"{metric} is not counted in recipients")


@functools.cache
def _running_counts(metric: str) -> tuple[float, ...]:
    """``counts[n]``: people of ``metric`` over waves ``1..n``: each wave adds its share of its recipients."""
    starts = _wave_starts()
    counts = [0.0]
    previous = 0.0
    for wave in range(1, len(starts)):
        recipients = interpolate(v.RECIPIENT_KNOTS, starts[wave])
        counts.append(counts[-1] + share_of_wave(metric, wave) * (recipients - previous))
        previous = recipients
    return tuple(counts)


def people_through(metric: str, wave: int) -> float:
    """People of ``metric`` over waves ``1..wave``; recipients through a wave are those on the day it opened.

    >>> people_through("recipients", 4) == interpolate(v.RECIPIENT_KNOTS, wave_start(4))
    True
    """
    counts = _running_counts(metric)
    return counts[min(max(wave, 0), len(counts) - 1)]


def people_on(metric: str, day: date) -> float:
    """A count of people (recipients or a subset of them) as of a day, no wave named: through today's wave.

    >>> day = date(2020, 11, 30)
    >>> people_on("recipients", day) == people_through("recipients", wave_on(day))
    True
    """
    return people_through(metric, wave_on(day))


def completed_percent_on(day: date) -> float:
    """Percent of all recipients so far who finished a training, as of a day."""
    return 100 * people_on("training_completed", day) / people_on("recipients", day)


def people_in_waves(metric: str, first: int, last: int) -> float:
    """The count of people over waves ``first..last`` (one wave when they are equal).

    >>> people_in_waves("recipients", 1, 11) == people_through("recipients", 11)
    True
    >>> people_in_waves("training_completed", 12, 13) < people_in_waves("recipients", 12, 13)
    True
    """
    return people_through(metric, last) - people_through(metric, first - 1)


@functools.lru_cache(maxsize=4096)
def registrants_on(day: date) -> float:
    """Registrants (sign-ups, cumulative) as of a day."""
    return interpolate(v.REGISTRANT_KNOTS, day)


def verified_in_wave(wave: int) -> float:
    """Registrants verified for one wave: a fixed multiple (1.6 to 2.5) of the wave's recipients."""
    spread = (wave * 0.6180339887) % 1.0
    return people_in_waves("recipients", wave, wave) * (1.6 + 0.9 * spread)


def incentive_disbursed_on(day: date) -> int:
    """Incentives paid out so far (IDR): paid people times the cash incentive of their scheme, rounded as
    news copy states it (to Rp 10 miliar above Rp 1 triliun, else to Rp 10 juta)."""
    switch = v.NORMAL_SCHEME_FROM - timedelta(days=1)
    semi, normal = v.SCHEMES["semi_bansos"], v.SCHEMES["skema_normal"]

    def cash(scheme: dict[str, int]) -> int:
        return scheme["post_training"] * scheme["months"] + scheme["survey"] * scheme["surveys"]

    paid = people_on("incentive_recipients", day)
    if day <= switch:
        amount = paid * cash(semi)
    else:
        before = people_on("incentive_recipients", switch)
        amount = before * cash(semi) + (paid - before) * cash(normal)
    step = 10**10 if amount >= 10**12 else 10**7
    return int(round(amount / step) * step)


def regional_recipients_on(region: str, day: date) -> int:
    """Recipients in a region as of a day: its fixed share of the national count, at least one person."""
    return max(1, round(v.REGION_SHARES[region] * people_on("recipients", day)))
