"""A real DuckDB file with the claim marts the front page reads, filled by a seeded generator.

The tables follow the marts contract of issue 12 (``marts.claims``, ``marts.metric_timeline``, and the claim
columns of ``marts.figures`` and ``marts.findings``) plus ``raw.articles`` (the text the sources are quoted
from) and ``validation.runs``. Rows come from one true timeline per cumulative metric: articles of outlets
drawn from a heavy-tailed distribution report claims near their publication date; a share of the claims is
disputed by one to three outlets whose figures are off the consensus. Nothing is hand-written, so the same
generator gives a 40-article browser fixture and a 20.000-article size fixture.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from prakerja_dq.warehouse import connect, create_base_tables

RUN_ID = "claims-fixture"
START = date(2020, 4, 11)
DAYS = 1000
WAVE_DAYS = 14
FIGURES_PER_ARTICLE = 15
CLAIMS_PER_TWO_ARTICLES = 3
# metric -> (unit, value at the end of the timeline, phrase in the article)
CUMULATIVE = {
    "registrants": ("persons", 120_000_000, "pendaftar Kartu Prakerja"),
    "recipients": ("persons", 17_000_000, "penerima Kartu Prakerja"),
    "training_completed": ("persons", 15_000_000, "peserta yang menuntaskan pelatihan"),
    "incentive_recipients": ("persons", 12_000_000, "peserta yang sudah menerima insentif"),
}
FLAT = {"incentive_per_participant": ("IDR", 3_550_000, "total bantuan per peserta")}
OUTLET_WORDS = ("Kabar", "Warta", "Berita", "Suara", "Harian", "Media", "Info", "Portal", "Detik", "Jurnal")
PLACES = (
    "Jakarta",
    "Nusantara",
    "Bandung",
    "Surabaya",
    "Medan",
    "Bali",
    "Borneo",
    "Sulawesi",
    "Papua",
    "Jogja",
)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

CLAIM_COLUMNS = {
    "claim_id": "varchar",
    "metric": "varchar",
    "unit": "varchar",
    "scope": "varchar",
    "basis": "varchar",
    "wave_from": "integer",
    "wave_to": "integer",
    "period_year": "integer",
    "as_of_from": "date",
    "as_of_to": "date",
    "consensus_value": "double",
    "consensus_low": "double",
    "consensus_high": "double",
    "status": "varchar",
    "reports": "bigint",
    "supporting_outlets": "varchar[]",
    "dissenting_outlets": "varchar[]",
    "dissenting_figure_ids": "varchar[]",
    "first_reported": "date",
    "last_reported": "date",
}
FIGURE_COLUMNS = {
    "figure_id": "varchar",
    "article_id": "varchar",
    "doc": "varchar",
    "outlet": "varchar",
    "published_date": "date",
    "metric": "varchar",
    "value": "double",
    "unit": "varchar",
    "qualifier": "varchar",
    "wave_from": "integer",
    "wave_to": "integer",
    "period_year": "integer",
    "as_of": "varchar",
    "scope": "varchar",
    "basis": "varchar",
    "evidence": "varchar",
    "start": "bigint",
    '"end"': "bigint",
    "rule": "varchar",
    "warning_checks": "varchar[]",
    "claim_id": "varchar",
    "status": "varchar",
    "distance_from_consensus": "double",
}
TIMELINE_COLUMNS = {
    "metric": "varchar",
    "wave_from": "integer",
    "wave_to": "integer",
    "as_of": "date",
    "value": "double",
    "low": "double",
    "high": "double",
    "reports": "bigint",
    "supporting_outlets": "varchar[]",
    "breaking_figure_ids": "varchar[]",
    # beyond the contract, as the claims branch publishes them: which series each row is in
    "unit": "varchar",
    "scope": "varchar",
    "basis": "varchar",
    "claim_id": "varchar",
}
FINDING_COLUMNS = {
    "check_name": "varchar",
    "severity": "varchar",
    "figure_ids": "varchar[]",
    "article_ids": "varchar[]",
    "outlets": "varchar[]",
    "evidence": "varchar[]",
    "detail": "varchar",
    "run_id": "varchar",
    "kind": "varchar",
    "claim_id": "varchar",
    "instance_key": "varchar",
}


@dataclass(eq=False)
class Claim:
    claim_id: str
    metric: str
    unit: str
    scope: str
    wave_to: int | None
    as_of_from: date
    as_of_to: date
    value: float
    comparable: bool
    disputed: bool
    weight: float
    figures: list[int] = field(default_factory=list)


def true_value(metric: str, day: int) -> float:
    """The one true cumulative timeline: a smooth rise from ~2% to 100% of the final value."""
    unit_final = CUMULATIVE.get(metric) or FLAT[metric]
    if metric in FLAT:
        return float(unit_final[1])
    share = 0.02 + 0.98 * (day / DAYS) ** 0.7
    return float(round(unit_final[1] * share, -5))


def spoken(value: float, unit: str) -> str:
    """How an article writes a value: ``5,6 juta orang``, ``Rp3,55 juta``."""
    if value >= 1_000_000:
        number = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " juta"
    else:
        number = f"{value:,.0f}".replace(",", ".")
    return f"Rp{number}" if unit == "IDR" else f"{number} orang"


def outlet_names(count: int, rng: random.Random) -> list[str]:
    names = []
    for index in range(count):
        names.append(f"{rng.choice(OUTLET_WORDS)} {rng.choice(PLACES)} {index + 1}")
    return names


def make_claims(count: int, rng: random.Random) -> list[Claim]:
    """Claims spread over the timeline, with a heavy-tailed popularity (a few claims get most reports)."""
    metrics = [*CUMULATIVE, *FLAT]
    claims = []
    for index in range(count):
        metric = rng.choices(metrics, weights=[5, 6, 3, 3, 1])[0]
        unit = (CUMULATIVE.get(metric) or FLAT[metric])[0]
        day = rng.randrange(DAYS - 30)
        as_of_from = START + timedelta(days=day)
        wave = (
            day // WAVE_DAYS + 1 if metric in ("registrants", "recipients") and rng.random() < 0.6 else None
        )
        provincial = metric in CUMULATIVE and rng.random() < 0.05
        claims.append(
            Claim(
                claim_id=f"c{index:05d}",
                metric=metric,
                unit=unit,
                scope="provincial" if provincial else "national",
                wave_to=wave,
                as_of_from=as_of_from,
                as_of_to=as_of_from + timedelta(days=rng.choice((0, 3, 7))),
                value=true_value(metric, day) / (30 if provincial else 1),
                comparable=rng.random() > 0.04,
                disputed=rng.random() < 0.3,
                weight=rng.paretovariate(1.2),
            )
        )
    claims.sort(key=lambda claim: claim.as_of_from)
    return claims


def opening_line(outlet: str, published: date) -> str:
    day = f"{HARI[published.weekday()]} {published.isoformat()}"
    return f"{outlet}, {day} - Program Kartu Prakerja terus berjalan."


def article_text(outlet: str, published: date, sentences: list[str]) -> str:
    """The opening line, one sentence per figure, a closing line; single spaces in between."""
    closing = "Pemerintah berharap program ini membantu pencari kerja."
    return " ".join([opening_line(outlet, published), *sentences, closing])


def generate(articles: int, *, seed: int) -> dict[str, pl.DataFrame]:
    """Every table of the fixture as Polars frames, from ``articles`` articles and a seed."""
    rng = random.Random(seed)
    outlets = outlet_names(max(8, min(900, articles // 20)), rng)
    outlet_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(outlets))]
    # a 20.000-article run of the pipeline publishes ~29.000 claims, most with a few reports
    claims = make_claims(max(12, articles * CLAIMS_PER_TWO_ARTICLES // 2), rng)
    cumulative = list(itertools.accumulate(claim.weight for claim in claims))
    starts = [claim.as_of_from for claim in claims]
    article_rows, figure_rows, sentences_of = [], [], []
    for number in range(articles):
        outlet = rng.choices(outlets, weights=outlet_weights)[0]
        published = START + timedelta(days=rng.randrange(30, DAYS))
        low = bisect.bisect_left(starts, published - timedelta(days=120))
        high = bisect.bisect_right(starts, published - timedelta(days=1)) or 1
        low = min(low, high - 1)
        base = cumulative[low - 1] if low else 0.0
        span = cumulative[high - 1] - base
        picks = [
            claims[bisect.bisect_left(cumulative, base + rng.random() * span, low, high - 1)]
            for _ in range(3 * FIGURES_PER_ARTICLE)
        ]
        article_id = f"a{number:06d}"
        article_rows.append((article_id, f"doc-{number:06d}.txt", outlet, published))
        sentences_of.append([])
        for claim in list(dict.fromkeys(picks))[:FIGURES_PER_ARTICLE]:
            claim.figures.append(len(figure_rows))
            figure_rows.append([article_id, outlet, published, claim, claim.value, number])
    dissenters, outlet_counts = {}, {}
    for claim in claims:
        outlets_here = list(dict.fromkeys(figure_rows[index][1] for index in claim.figures))
        outlet_counts[claim.claim_id] = len(outlets_here)
        if claim.disputed and claim.comparable and len(outlets_here) >= 3:
            dissenters[claim.claim_id] = set(
                rng.sample(outlets_here[1:], min(len(outlets_here) - 1, rng.randint(1, 3)))
            )
    figures, texts = [], {}
    offsets = [len(opening_line(row[2], row[3])) + 1 for row in article_rows]
    for figure_number, (article_id, outlet, published, claim, value, number) in enumerate(figure_rows):
        dissent = outlet in dissenters.get(claim.claim_id, ())
        reported = claim.value * rng.choice((0.6, 0.75, 1.3, 1.5, 2.0)) if dissent else value
        evidence = spoken(reported, claim.unit)
        phrase = (CUMULATIVE.get(claim.metric) or FLAT[claim.metric])[2]
        waves = f" dari gelombang 1 hingga {claim.wave_to}" if claim.wave_to else ""
        prefix = f"Hingga {claim.as_of_to.isoformat()}{waves}, {phrase} tercatat sebanyak "
        sentence = f"{prefix}{evidence}."
        start = offsets[number] + len(prefix)
        offsets[number] += len(sentence) + 1
        sentences_of[number].append(sentence)
        status = (
            "not_comparable"
            if not claim.comparable
            else "outlier"
            if dissent
            else "single_source"
            if outlet_counts[claim.claim_id] == 1
            else "agrees"
        )
        figures.append(
            {
                "figure_id": f"f{figure_number:07d}",
                "article_id": article_id,
                "doc": f"doc-{number:06d}.txt",
                "outlet": outlet,
                "published_date": published,
                "metric": claim.metric,
                "value": float(reported),
                "unit": claim.unit,
                "qualifier": "exact",
                "wave_from": 1 if claim.wave_to else None,
                "wave_to": claim.wave_to,
                "period_year": claim.as_of_to.year,
                "as_of": claim.as_of_to.isoformat(),
                "scope": claim.scope,
                "basis": "cumulative" if claim.metric in CUMULATIVE else "per_participant",
                "evidence": evidence,
                "start": start,
                "end": start + len(evidence),
                "rule": "fixture.generated",
                "warning_checks": ["claim_disputed"] if dissent else [],
                "claim_id": claim.claim_id,
                "status": status,
                "distance_from_consensus": abs(reported - claim.value) / claim.value if dissent else 0.0,
            }
        )
    for (article_id, _doc, outlet, published), sentences in zip(article_rows, sentences_of, strict=True):
        texts[article_id] = article_text(outlet, published, sentences)
    figure_frame = pl.DataFrame(figures, infer_schema_length=None)
    claim_frame = claim_rows(claims, figure_frame)
    return {
        "figures": figure_frame,
        "claims": claim_frame,
        "metric_timeline": timeline_rows(claim_frame, figure_frame),
        "findings": finding_rows(claim_frame, figure_frame, rng),
        "articles": pl.DataFrame(
            [
                {"article_id": a, "doc": d, "outlet": o, "published_date": p, "text": texts[a]}
                for a, d, o, p in article_rows
            ]
        ),
    }


def claim_rows(claims: list[Claim], figures: pl.DataFrame) -> pl.DataFrame:
    by_claim = {
        row["claim_id"]: row
        for row in figures.group_by("claim_id")
        .agg(
            reports=pl.len(),
            supporting=pl.col("outlet").filter(pl.col("status") != "outlier").unique().sort(),
            dissenting=pl.col("outlet").filter(pl.col("status") == "outlier").unique().sort(),
            dissenting_ids=pl.col("figure_id").filter(pl.col("status") == "outlier").sort(),
            first=pl.col("published_date").min(),
            last=pl.col("published_date").max(),
            outlets=pl.col("outlet").n_unique(),
        )
        .iter_rows(named=True)
    }
    rows = []
    for claim in claims:
        found = by_claim.get(claim.claim_id)
        if found is None:
            continue
        status = (
            "not_comparable"
            if not claim.comparable
            else "disputed"
            if found["dissenting"]
            else "single_source"
            if found["outlets"] == 1
            else "agreed"
        )
        rows.append(
            {
                "claim_id": claim.claim_id,
                "metric": claim.metric,
                "unit": claim.unit,
                "scope": claim.scope,
                "basis": "cumulative" if claim.metric in CUMULATIVE else "per_participant",
                "wave_from": 1 if claim.wave_to else None,
                "wave_to": claim.wave_to,
                "period_year": claim.as_of_to.year,
                "as_of_from": claim.as_of_from,
                "as_of_to": claim.as_of_to,
                "consensus_value": claim.value,
                "consensus_low": claim.value * 0.98,
                "consensus_high": claim.value * 1.02,
                "status": status,
                "reports": found["reports"],
                "supporting_outlets": found["supporting"],
                "dissenting_outlets": found["dissenting"],
                "dissenting_figure_ids": found["dissenting_ids"],
                "first_reported": found["first"],
                "last_reported": found["last"],
            }
        )
    return pl.DataFrame(rows, infer_schema_length=None)


def timeline_rows(claims: pl.DataFrame, figures: pl.DataFrame) -> pl.DataFrame:
    """One point per cumulative claim that can be compared, with the outlier figures that break it."""
    breaking = figures.filter(pl.col("status") == "outlier").group_by("claim_id").agg(ids=pl.col("figure_id"))
    return (
        claims.filter(pl.col("metric").is_in(list(CUMULATIVE)) & (pl.col("status") != "not_comparable"))
        .join(breaking, on="claim_id", how="left")
        .select(
            "metric",
            "wave_from",
            "wave_to",
            pl.col("as_of_to").alias("as_of"),
            pl.col("consensus_value").alias("value"),
            pl.col("consensus_low").alias("low"),
            pl.col("consensus_high").alias("high"),
            "reports",
            "supporting_outlets",
            pl.col("ids").fill_null([]).alias("breaking_figure_ids"),
            "unit",
            "scope",
            "basis",
            "claim_id",
        )
        .sort("metric", "as_of")
    )


def finding_rows(claims: pl.DataFrame, figures: pl.DataFrame, rng: random.Random) -> pl.DataFrame:
    """One finding per disputed claim, plus a few text-quality notes on single figures."""
    members = figures.group_by("claim_id").agg(
        figure_ids=pl.col("figure_id"),
        article_ids=pl.col("article_id").unique(maintain_order=True),
        outlets=pl.col("outlet").unique(maintain_order=True),
        evidence=pl.col("evidence").unique(maintain_order=True),
    )
    rows = []
    for claim in (
        claims.filter(pl.col("status") == "disputed").join(members, on="claim_id").iter_rows(named=True)
    ):
        blocking = len(claim["dissenting_outlets"]) >= 3
        rows.append(
            {
                "check_name": "claim_consensus",
                "severity": "blocking" if blocking else "warning",
                "figure_ids": claim["figure_ids"],
                "article_ids": claim["article_ids"],
                "outlets": claim["outlets"],
                "evidence": claim["evidence"],
                "detail": f"{claim['metric']} as of {claim['as_of_to']}: "
                f"consensus {claim['consensus_value']:,.0f}, "
                f"disputed by {', '.join(claim['dissenting_outlets'])}",
                "run_id": RUN_ID,
                "kind": "disputed_claim",
                "claim_id": claim["claim_id"],
                "instance_key": claim["claim_id"],
            }
        )
    for figure in figures.sample(fraction=0.01, seed=rng.randrange(1 << 30)).iter_rows(named=True):
        rows.append(
            {
                "check_name": "date_without_year",
                "severity": "info",
                "figure_ids": [figure["figure_id"]],
                "article_ids": [figure["article_id"]],
                "outlets": [figure["outlet"]],
                "evidence": [figure["evidence"]],
                "detail": f"date stated without a year; inferred {figure['published_date'].year}",
                "run_id": RUN_ID,
                "kind": "text_quality",
                "claim_id": None,
                "instance_key": figure["figure_id"],
            }
        )
    return pl.DataFrame(rows, schema_overrides={"claim_id": pl.String}, infer_schema_length=None)


def create_table(con, name: str, columns: dict[str, str], frame: pl.DataFrame) -> None:
    con.execute(f"create or replace table {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    con.register("incoming", frame.select([column.strip('"') for column in columns]).to_arrow())
    con.execute(f"insert into {name} select * from incoming")
    con.unregister("incoming")


def write_claims_warehouse(path: Path, *, articles: int, seed: int = 7) -> Path:
    """Write the fixture to a DuckDB file and return its path."""
    tables = generate(articles, seed=seed)
    con = connect(path)
    try:
        create_base_tables(con)
        now = datetime(2026, 11, 30, 12, 0)
        con.register("incoming_articles", tables["articles"].to_arrow())
        con.execute(
            "insert into raw.articles "
            "select article_id, doc, 'inbox/' || doc, md5(text), 'utf-8', text, ?, ? from incoming_articles",
            [RUN_ID, now],
        )
        con.execute(
            "create or replace table marts.articles as "
            "select article_id, doc, outlet, published_date from incoming_articles"
        )
        con.unregister("incoming_articles")
        create_table(con, "marts.claims", CLAIM_COLUMNS, tables["claims"])
        create_table(con, "marts.figures", FIGURE_COLUMNS, tables["figures"])
        create_table(con, "marts.metric_timeline", TIMELINE_COLUMNS, tables["metric_timeline"])
        create_table(con, "marts.findings", FINDING_COLUMNS, tables["findings"])
        findings = tables["findings"]
        blocking = findings.filter(pl.col("severity") == "blocking").height
        con.execute(
            "insert into validation.runs values (?, ?, ?, 120, 110, 10, ?, ?, 0, false, null, null)",
            [RUN_ID, now, now, findings.height, blocking],
        )
    finally:
        con.close()
    return path


def report_order(warehouse: Path) -> list[str]:
    """Claim ids in report order: the filter knows a claim by its position in it."""
    con = connect(warehouse, read_only=True)
    try:
        from prakerja_dq.report.claims_data import read_claims_data

        return read_claims_data(con, run={}).claims["claim_id"].to_list()
    finally:
        con.close()
