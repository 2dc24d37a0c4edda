"""Sentences that state a count of people (registrants, recipients, ...), read off the timeline."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import timeline as tl
from prakerja_dq.synth import vocab as v
from prakerja_dq.synth.builder import METRIC_TEMPLATES, Context, parse_template
from prakerja_dq.synth.timeline import wave_on

# Templates that say which waves a count covers: the only ones a count over named waves may use.
_WAVE_TEMPLATES = {metric: tuple(t for t in ts if "W" in t[1::2]) for metric, ts in METRIC_TEMPLATES.items()}
_REGIONAL = tuple(parse_template(t) for t in v.REGIONAL_TEMPLATES)

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
PERSON_NOUNS: dict[str, tuple[str, ...]] = {
    "registrants": ("orang", "orang", "pendaftar", "masyarakat"),
    "recipients": ("orang", "orang", "peserta", "masyarakat", "penerima"),
    "registrants_verified": ("orang", "peserta", "pendaftar"),
}
# A template that already names the people after the figure gets no noun of its own.
_NOUN_FOLLOWS = re.compile(r" (peserta|penerima|responden|pendaftar|orang)\b")
ACCOUNT_NOUNS: tuple[str, ...] = ("user", "akun")


@dataclass
class Waves:
    """The wave range a count covers and the phrase that says so (empty: no wave named)."""

    first: int | None = None
    last: int | None = None
    phrase: str = ""


def wave_range_phrase(rng: random.Random, first: int, last: int) -> str:
    text = fmt.wave_range(rng, first, last) if first < last else fmt.wave(rng, first)
    return rng.choice((" ", " pada ", " dari ")) + text


def _pick_waves(ctx: Context, metric: str) -> Waves:
    """Which waves a recipients or training_completed count covers: all so far, the latest, or this year's."""
    rng = ctx.rng
    if metric not in ("recipients", "training_completed") or rng.random() >= 0.6:
        return Waves()
    roll = rng.random()
    if roll < 0.55 or ctx.wave < 3:
        first = 1
    elif roll < 0.8:
        first = ctx.wave
    else:
        first = min(wave_on(date(ctx.day.year, 1, 1)) + (0 if ctx.day.year == 2020 else 1), ctx.wave)
    return Waves(first, ctx.wave, wave_range_phrase(rng, first, ctx.wave))


def true_people(ctx: Context, metric: str, waves: Waves) -> float:
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


def state_people(
    ctx: Context,
    metric: str,
    value: float,
    *,
    waves: Waves,
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
    tokens = rng.choice(_WAVE_TEMPLATES[metric] if waves.phrase else METRIC_TEMPLATES[metric])
    evidence = (
        f"{word}{text}" if _NOUN_FOLLOWS.match(tokens[tokens.index("F") + 1]) else f"{word}{text} {noun}"
    )
    figure = ctx.record(metric, number, unit, qualifier_name, wave_from=waves.first, wave_to=waves.last)
    if note:
        figure["note"] = note
    ctx.builder.fill(tokens, ctx.slots(F=evidence, W=waves.phrase), figure)
    return figure


def people_sentence(ctx: Context, metric: str, *, wave_phrase: bool) -> dict:
    if metric == "registrants_verified":
        waves = Waves(ctx.wave, ctx.wave, " " + fmt.wave(ctx.rng, ctx.wave))
    else:
        waves = _pick_waves(ctx, metric) if wave_phrase else Waves()
    value = true_people(ctx, metric, waves)
    return state_people(ctx, metric, value, waves=waves, qualifier=ctx.qualifier(hedged=metric != "quota"))


def regional_sentence(ctx: Context) -> None:
    rng = ctx.rng
    region = rng.choice(v.REGIONS)
    value = tl.regional_recipients_on(region, ctx.day)
    figure = ctx.record("recipients", value, "persons", "exact", scope=region, period_year=None)
    ctx.builder.fill(rng.choice(_REGIONAL), ctx.slots(F=f"{fmt.thousands(value)} orang", R=region), figure)
