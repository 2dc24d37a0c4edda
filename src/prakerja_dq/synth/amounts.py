"""Sentences that state an amount in rupiah, and the passage that breaks the scheme's benefit into parts."""

from __future__ import annotations

from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import timeline as tl
from prakerja_dq.synth import vocab as v
from prakerja_dq.synth.builder import METRIC_TEMPLATES, Context, parse_template

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


def _idr_value(ctx: Context, metric: str) -> tuple[int, str]:
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


def state_idr(ctx: Context, metric: str, value: int, basis: str, *, note: str | None = None) -> dict:
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
    ctx.builder.fill(rng.choice(METRIC_TEMPLATES[metric]), ctx.slots(F=evidence), figure)
    return figure


def idr_sentence(ctx: Context, metric: str) -> dict:
    value, basis = _idr_value(ctx, metric)
    return state_idr(ctx, metric, value, basis)


def scheme_parts(ctx: Context, *, wrong: str | None = None) -> None:
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
        parse_template("Setiap peserta berhak atas total bantuan {F}. "),
        {"F": fmt.rupiah(rng, total["value"])},
        total,
    )
    build.fill(
        parse_template("Bantuan itu terdiri dari biaya pelatihan {F}, "),
        {"F": fmt.rupiah(rng, training)},
        parts["training_budget_per_participant"],
    )
    build.fill(
        parse_template("insentif pasca pelatihan {F}, "), {"F": post_text}, parts["post_training_incentive"]
    )
    build.fill(parse_template("serta insentif survei {F}."), {"F": survey_text}, parts["survey_incentive"])
    if wrong is not None:
        parts[wrong]["note"] = "planted: scheme_parts_sum"
        build.defect(
            "scheme_parts_sum",
            f"the parts of the {fmt.thousands(total['value'])} benefit do not add up: "
            f"{wrong} stated as {fmt.thousands(parts[wrong]['value'])} ({parts[wrong]['basis']})",
            planted=(parts[wrong],),
            reference=(total, *(figure for name, figure in parts.items() if name != wrong)),
        )
