"""Which metric a number reports, and the rule that decided it.

A number belongs to the noun phrase and clause it sits in. Each cue (``data/metric_cues.csv``) competes for
the numbers of its sentence at a cost: its weight (generic cues such as ``penerima`` or ``insentif`` cost
more than specific ones such as ``menuntaskan pelatihan``) plus its distance in characters (halved inside
the number's own clause), plus a hop when it sits in another clause of the sentence ("Sisanya, 45 ribu
peserta, belum menerima insentif"; the shares of an enumeration), or in the sentence before (the noun is
elided: "Berikutnya Kabupaten Malang 19.870 orang"). The cheapest cue whose metric fits the number's kind
and value range wins; a cue of things that are not programme figures (unemployment, prices) drops the
numbers of its own clause. Counted nouns (``platform digital``, ``kabupaten/kota``) name their metric
directly. A number no cue reaches takes the metric of the same value stated elsewhere in the article, and a
share no cue reaches the metric of the first share of its sentence that has one (an enumeration). A share
of recipients whose paragraph last named a survey, not administrative data, is a survey finding.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from prakerja_dq.extraction.rules import KINDS, NOT_A_FIGURE, lexicon, metric_cues
from prakerja_dq.extraction.scan import sorted_by

# cost of a cue in another clause of the sentence, and of one in the sentence before (same paragraph)
CLAUSE_HOP = 40
SENTENCE_HOP = 150
# within its own clause a cue's distance counts half: the clause, not the character count, binds it
IN_CLAUSE_DISTANCE = 0.5
# amounts are named before they are given ("insentif pasca pelatihan Rp600.000"): a cue after one costs more
AMOUNT_CUE_AFTER = 15
# a cue right next to the number heads its noun phrase ("insentif Rp600.000", "5,6 juta penerima")
ADJACENT, ADJACENT_BONUS = 2, 20
# a percentage whose paragraph last named a survey (not administrative data) is a survey finding
SURVEY_SOURCES = ("m_survey", "m_respondents", "m_opinion", "m_survey_incentive")


@cache
def cue_targets() -> pl.DataFrame:
    """One row per cue, kind of number and metric it can give (``rank``: order of preference)."""
    rows = [
        {"cue": f"m_{c.cue}", "kind": kind, "metric": metric, "weight": c.weight, "rank": rank}
        for c in metric_cues()
        for kind in KINDS
        for rank, metric in enumerate(getattr(c, kind))
    ]
    schema = {"cue": pl.String, "kind": pl.String, "metric": pl.String, "weight": pl.Int64, "rank": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


def _distance() -> pl.Expr:
    return pl.max_horizontal(
        pl.col("r_start") - pl.col("g_end"), pl.col("g_start") - pl.col("r_end"), pl.lit(0)
    )


def _cue_pairs(cands: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Every (number, metric cue) pair of one sentence, or of a number and the sentence before it in the
    same paragraph."""
    metric_cue = cues.filter(pl.col("cue").is_in(list(cue_targets()["cue"].unique()))).select(
        "sid", "line_id", r_cl="cl", r_start="g_start", r_end="g_end", cue=pl.col("cue").cast(pl.String)
    )
    # counts are named by their noun: only people, shares and amounts look for a cue
    numbers = cands.filter(pl.col("kind").is_in(KINDS)).select(
        "cid", "sid", "cl", "line_id", "g_start", "g_end", "kind", "value"
    )
    same = numbers.join(metric_cue.drop("line_id"), on="sid").with_columns(
        hop=pl.when(pl.col("cl") == pl.col("r_cl")).then(0).otherwise(CLAUSE_HOP)
    )
    before = (
        numbers.with_columns(prev_sid=pl.col("sid") - 1)
        .join(metric_cue, left_on=["prev_sid", "line_id"], right_on=["sid", "line_id"])
        .drop("prev_sid")
        .with_columns(hop=pl.lit(SENTENCE_HOP))
    )
    return pl.concat([same, before.select(same.columns)])


def _targets_with_ranges(rules: pl.DataFrame) -> pl.DataFrame:
    """:func:`cue_targets` with the value range of each metric (any value for "not a programme figure")."""
    return (
        cue_targets()
        .join(rules.select("metric", "min_value", "max_value"), on="metric", how="left")
        .with_columns(
            pl.col("min_value").fill_null(float("-inf")), pl.col("max_value").fill_null(float("inf"))
        )
    )


def _cheapest_cue(cands: pl.DataFrame, cues: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """Per number, the metric and the name of the cheapest cue whose metric fits its kind and value."""
    after_amount = (pl.col("kind") == "idr") & (pl.col("r_start") >= pl.col("g_end"))
    return (
        _cue_pairs(cands, cues)
        .join(_targets_with_ranges(rules), on=["cue", "kind"])
        .filter(pl.col("value").is_between("min_value", "max_value"))
        # a cue of something that is not a programme figure ("naik 3 persen", "pengangguran 5,8 persen")
        # speaks only of the numbers of its own clause
        .filter((pl.col("metric") != NOT_A_FIGURE) | (pl.col("hop") == 0))
        .with_columns(
            cost=pl.col("weight")
            + pl.when(pl.col("hop") == 0).then(_distance() * IN_CLAUSE_DISTANCE).otherwise(_distance())
            + pl.col("hop")
            + pl.when(after_amount).then(AMOUNT_CUE_AFTER).otherwise(0)
            - pl.when(_distance() <= ADJACENT).then(ADJACENT_BONUS).otherwise(0)
        )
        .sort("cid", "cost", "rank", "r_start")
        .unique("cid", keep="first", maintain_order=True)
        .select(
            "cid",
            cue_metric="metric",
            cue_rule=pl.format(
                "cue:{}{}",
                pl.col("cue").str.strip_prefix("m_"),
                pl.when(pl.col("hop") == SENTENCE_HOP)
                .then(pl.lit("@sentence"))
                .when(pl.col("hop") > 0)
                .then(pl.lit("@clause"))
                .otherwise(pl.lit("")),
            ),
        )
    )


def _counted() -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(is counted, metric, rule) of numbers whose counted noun names the metric directly, gated by context:
    ``kali`` needs a once-only cue in the sentence, ``gelombang`` must not count a person's attempts ("ikut
    4 gelombang")."""
    direct = pl.col("noun_metric").is_not_null() & pl.col("kind").is_in(["count", "persons"])
    allowed = ((pl.col("noun_metric") != "participation_limit") | pl.col("has_once").fill_null(False)) & ~(
        (pl.col("noun_metric") == "waves_opened") & pl.col("after_attempt")
    )
    return (
        direct,
        pl.when(allowed).then(pl.col("noun_metric")),
        pl.when(allowed).then(pl.format("noun:{}", "noun")),
    )


def assign_metrics(cands: pl.DataFrame, cues: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """The candidates that are figures, with ``metric`` and ``rule`` (the cue, noun or rule that decided)."""
    once = cues.filter(pl.col("cue") == "x_once").select("sid").unique().with_columns(has_once=pl.lit(True))
    frame = cands.join(_cheapest_cue(cands, cues, rules), on="cid", how="left").join(
        once, on="sid", how="left"
    )
    counted, counted_metric, counted_rule = _counted()
    frame = frame.with_columns(
        metric=pl.when(counted).then(counted_metric).otherwise(pl.col("cue_metric")),
        rule=pl.when(counted).then(counted_rule).otherwise(pl.col("cue_rule")),
    )
    frame = _restated(frame)
    frame = _enumerated(frame)
    frame = _restated_shares(frame)
    frame = _multiplied_totals(frame)
    frame = _survey_findings(frame, cues)
    return (
        frame.filter(pl.col("metric").is_not_null(), pl.col("metric") != NOT_A_FIGURE)
        .join(rules, on="metric")
        .filter(pl.col("value").is_between("min_value", "max_value"))
    )


def _restated(frame: pl.DataFrame) -> pl.DataFrame:
    """A count or share no cue reaches takes the metric of the same value stated elsewhere in the article."""
    known = (
        frame.filter(
            pl.col("metric").is_not_null(),
            pl.col("metric") != NOT_A_FIGURE,
            pl.col("kind").is_in(["persons", "percent"]),
        )
        .group_by("di", "kind", "value")
        .agg(restated=pl.col("metric").first())
    )
    open_number = pl.col("metric").is_null() & pl.col("kind").is_in(["persons", "percent"])
    return (
        frame.join(known, on=["di", "kind", "value"], how="left")
        .with_columns(
            metric=pl.when(open_number).then(pl.col("restated")).otherwise(pl.col("metric")),
            rule=pl.when(open_number & pl.col("restated").is_not_null())
            .then(pl.lit("restated"))
            .otherwise(pl.col("rule")),
        )
        .drop("restated")
    )


def _enumerated(frame: pl.DataFrame) -> pl.DataFrame:
    """A share no cue reaches takes the metric of the first share of its sentence that has one: the items of
    an enumeration report the same kind of finding ("45 persen bekerja, 31 persen berwirausaha, dan 14
    persen lainnya masih mencari kerja")."""
    named = (
        frame.filter(
            pl.col("kind") == "percent", pl.col("metric").is_not_null(), pl.col("metric") != NOT_A_FIGURE
        )
        .sort("g_start")
        .group_by("sid")
        .agg(sibling=pl.col("metric").first())
    )
    open_share = pl.col("metric").is_null() & (pl.col("kind") == "percent") & pl.col("sibling").is_not_null()
    return (
        frame.join(named, on="sid", how="left")
        .with_columns(
            metric=pl.when(open_share).then(pl.col("sibling")).otherwise(pl.col("metric")),
            rule=pl.when(open_share).then(pl.lit("enumeration")).otherwise(pl.col("rule")),
        )
        .drop("sibling")
    )


def _previous_in_sentence(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """(``cid``, ``before_<column>``...): the columns of the number before each one in its sentence (rows in
    text order, so a shift and a sentence check, no window per sentence)."""
    ordered = sorted_by(frame.select("cid", "sid", "g_start", *columns), "g_start")
    same_sentence = pl.col("sid").shift(1) == pl.col("sid")
    return ordered.select(
        "cid", *(pl.when(same_sentence).then(pl.col(c).shift(1)).alias(f"before_{c}") for c in columns)
    )


def _restated_shares(frame: pl.DataFrame) -> pl.DataFrame:
    """A percentage right after ``atau``/``setara`` restates the figure before it in its sentence as a share
    ("2,8 juta orang menuntaskan pelatihan, atau 84,8 persen dari seluruh penerima"): it takes the share
    metric of that figure's metric (``[restated_share]`` of the lexicon), whatever its own noun says."""
    shares = lexicon()["restated_share"]["of"]
    before = _previous_in_sentence(
        frame.filter(pl.col("metric").is_not_null() | pl.col("restates")), "metric", "kind"
    )
    share = pl.col("before_metric").replace_strict(shares, default=None)
    restating = (
        pl.col("restates").fill_null(False) & (pl.col("before_kind") != "percent") & share.is_not_null()
    )
    return (
        frame.join(before, on="cid", how="left")
        .with_columns(
            metric=pl.when(restating).then(share).otherwise(pl.col("metric")),
            rule=pl.when(restating)
            .then(pl.format("restated-share:{}", "before_metric"))
            .otherwise(pl.col("rule")),
        )
        .drop("before_metric", "before_kind")
    )


def _multiplied_totals(frame: pl.DataFrame) -> pl.DataFrame:
    """An amount after ``total`` right after an amount paid per unit in its sentence is that amount's total
    ("insentif Rp600 ribu per bulan selama empat bulan, total Rp2,4 juta"): it takes its metric. After an
    amount without a per-unit basis ("pelatihan Rp1 juta, insentif Rp2,4 juta, total Rp3,55 juta") it sums
    several parts and keeps its own cue."""
    per_unit = lexicon()["restated_total"]["per_unit"]
    before = _previous_in_sentence(frame.filter(pl.col("kind") == "idr"), "metric", "stated_basis")
    total = (
        pl.col("totals").fill_null(False)
        & pl.col("before_stated_basis").is_in(per_unit)
        & pl.col("before_metric").is_not_null()
        & (pl.col("before_metric") != NOT_A_FIGURE)
    )
    return (
        frame.join(before, on="cid", how="left")
        .with_columns(
            metric=pl.when(total).then(pl.col("before_metric")).otherwise(pl.col("metric")),
            rule=pl.when(total).then(pl.format("total-of:{}", "before_metric")).otherwise(pl.col("rule")),
        )
        .drop("before_metric", "before_stated_basis")
    )


def _survey_findings(frame: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """A share of recipients whose paragraph last named a survey before it (not administrative data) is a
    survey finding: "survei mencatat 56,3 persen penerima berjenis kelamin laki-laki"."""
    sources = (
        cues.filter(pl.col("cue").is_in([*SURVEY_SOURCES, "x_admin"]))
        .select("line_id", "g_start", source="cue")
        .sort("g_start")
    )
    shares = (
        frame.filter(pl.col("metric") == "recipient_share")
        .select("cid", "line_id", "g_start")
        .sort("g_start")
    )
    sourced = (
        shares.join_asof(sources.rename({"line_id": "source_line"}), on="g_start", strategy="backward")
        .filter(pl.col("source_line") == pl.col("line_id"), pl.col("source").is_in(SURVEY_SOURCES))
        .select("cid", is_survey=pl.lit(True))
    )
    return (
        frame.join(sourced, on="cid", how="left")
        .with_columns(
            metric=pl.when(pl.col("is_survey").fill_null(False))
            .then(pl.lit("survey_share"))
            .otherwise("metric"),
            rule=pl.when(pl.col("is_survey").fill_null(False))
            .then(pl.format("{}+survey-source", pl.col("rule")))
            .otherwise("rule"),
        )
        .drop("is_survey")
    )
