"""Render one synthetic article with the truth and the defects it plants: pure functions of (seed, index).

The article is laid out here (front matter, lead, body, footer in its outlet's layout); its sentences come
from :mod:`.sentences` (per metric family: :mod:`.people`, :mod:`.amounts`), its planted defects from
:mod:`.planting`, and :mod:`.builder` records the offsets of every figure and date mention as the text is
assembled, so ``text[start:end] == evidence`` holds by construction.

Every figure is read off the programme's one true timeline (``timeline``) and rounded the way its qualifier
allows, so outlets agree up to rounding; the only figures that do not hold are the defects drawn for the
article (``defects.RATES``), each recorded in ``Article.defects`` with the figures or text it concerns.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from prakerja_dq.synth import defects as d
from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import vocab as v
from prakerja_dq.synth.amounts import scheme_parts
from prakerja_dq.synth.builder import Builder, Context, parse_template
from prakerja_dq.synth.people import PEOPLE_METRICS, Waves, people_sentence, state_people, true_people
from prakerja_dq.synth.planting import FIGURE_PLANTERS
from prakerja_dq.synth.sentences import LEAD_METRICS, metric_sentence, pick_metric

__all__ = ["Article", "doc_name", "render_article"]

_EPOCH = v.PROGRAMME_START.toordinal()
_SPAN_DAYS = v.CORPUS_END.toordinal() - _EPOCH
_BIAS_2020_DAYS = date(2020, 12, 31).toordinal() - _EPOCH
_HEADLINES = tuple(parse_template(t) for t in v.HEADLINES)
_NAMED_OUTLETS = tuple(entry for entry in v.OUTLETS if entry[0] is not None)
_NO_OUTLET = next(entry for entry in v.OUTLETS if entry[0] is None)
_HEADLINE_OUTLETS = tuple(entry for entry in _NAMED_OUTLETS if entry[2] in ("blank", "republika"))
_KIND_ORDER = tuple(d.RATES)
_KIND_RATES = tuple(d.RATES.values())
# An article also explains the scheme's parts in one sentence this often (when no such defect is planted).
SCHEME_PARTS_RATE = 0.04


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


def _pick_date(rng: random.Random) -> date:
    # A third of the corpus lands in 2020, when the ordinal and roman wave notations are in use.
    if rng.random() < 0.33:
        return date.fromordinal(_EPOCH + rng.randrange(_BIAS_2020_DAYS + 1))
    return date.fromordinal(_EPOCH + rng.randrange(_SPAN_DAYS + 1))


# ---------------------------------------------------------------- dates


def _anchor(ctx: Context, builder: Builder) -> None:
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


def _secondary_date(ctx: Context, builder: Builder) -> None:
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
    builder.fill(parse_template(frame), {"D": mention, "_date": day.isoformat(), "_stated": stated})


def _launch_date(builder: Builder) -> None:
    builder.fill(
        parse_template("Program ini diluncurkan pada {D} di tengah pandemi Covid-19."),
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
    builder = Builder(doc, outlet)
    day = _pick_date(rng)
    ctx = Context(rng, day, builder, plan)
    para_sep = "\n\n" if layout in ("blank", "republika", "none") else "\n"
    lead = _front_matter(ctx, layout, dateline)
    _lead_paragraph(ctx, lead, para_sep)
    _body(ctx, layout, para_sep)
    _footer(ctx, layout)
    return Article(
        doc=doc,
        text="".join(builder.parts),
        figures=builder.figures,
        dates=builder.dates,
        defects=builder.defects,
    )


def _front_matter(ctx: Context, layout: str, dateline: str) -> str:
    """Timestamp, headline, byline and dateline as the outlet's layout has them; returns the lead's metric."""
    rng, builder, plan, day = ctx.rng, ctx.builder, ctx.plan, ctx.day
    if layout == "republika":
        line, stamp = fmt.timestamp_line(rng, day)
        builder.fill(
            parse_template("{D}"), {"D": stamp, "_date": day.isoformat(), "_stated": fmt.weekday_of(day)}
        )
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
    if builder.outlet in v.BYLINES:
        builder.add(v.BYLINES[builder.outlet].format(reporter=rng.choice(v.REPORTERS)) + "\n\n")
    if layout == "none":
        builder.add("Bagikan:\n\n")
        builder.defect("missing_outlet", "the article names no outlet")
    if "missing_date" in plan:
        builder.defect("missing_date", "the article states no date")
    builder.add(dateline)
    return lead


def _lead_paragraph(ctx: Context, lead: str, para_sep: str) -> None:
    if lead in PEOPLE_METRICS and "headline_unsupported" in ctx.plan:
        # the body states the true count outright, so the headline's figure clearly has no support
        state_people(ctx, lead, true_people(ctx, lead, Waves()), waves=Waves(), qualifier=ctx.plain())
    elif lead in PEOPLE_METRICS:
        people_sentence(ctx, lead, wave_phrase=False)
    else:
        metric_sentence(ctx, lead)
    ctx.builder.add(" ")
    ctx.builder.add(ctx.rng.choice(v.FILLER))
    ctx.builder.add(para_sep)


def _body(ctx: Context, layout: str, para_sep: str) -> None:
    """5 to 10 paragraphs of one metric sentence each, with the planted defects, the dating sentence,
    noise lines and other dates among them."""
    rng, builder, plan = ctx.rng, ctx.builder, ctx.plan
    dated = "missing_date" not in plan
    n_metrics = rng.randrange(5, 11)
    anchor_at = rng.randrange(0, 3)
    planted = [kind for kind in _KIND_ORDER if kind in plan and kind in FIGURE_PLANTERS]
    if not planted and rng.random() < SCHEME_PARTS_RATE:
        planted.append("scheme_parts")
    slots = {rng.randrange(n_metrics): kind for kind in planted}
    leftover = [kind for kind in planted if kind not in slots.values()]
    for position in range(n_metrics):
        metric_sentence(ctx, pick_metric(rng))
        for filler in rng.sample(v.FILLER, rng.randrange(0, 3)):
            builder.add(" ")
            builder.add(filler)
        builder.add(para_sep)
        for kind in ([slots[position]] if position in slots else []) + (leftover if position == 0 else []):
            if kind == "scheme_parts":
                scheme_parts(ctx)
            else:
                FIGURE_PLANTERS[kind](ctx)
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


def _footer(ctx: Context, layout: str) -> None:
    rng, builder = ctx.rng, ctx.builder
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
    elif builder.outlet == "Liputan6.com":
        builder.add("\nSaksikan video pilihan berikut ini:\nAdvertisement")


def _metric_headline(ctx: Context, pick: int, *, unsupported: bool) -> str:
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
    true = true_people(ctx, metric, Waves())
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
