"""Build the report folder of one validation run from the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from prakerja_dq.report.charts import CUMULATIVE_METRICS, metric_charts
from prakerja_dq.report.claims_data import read_claims_data, read_findings, read_sources
from prakerja_dq.report.claims_pages import (
    claim_pages,
    evidence_page_names,
    outlets_per_metric,
    render_claim_pages,
    render_evidence_pages,
    render_front_page,
)
from prakerja_dq.report.pages import render_evidence, render_index, suites_table
from prakerja_dq.report.timeline import Format, metric_timelines
from prakerja_dq.warehouse import connect

EVIDENCE_PER_CHECK = 200
POINTS_PER_CHART = 5000

_CHART_POINTS = """
with flagged as (
    select figure_id, string_agg(distinct check_name, ', ' order by check_name) as checks
    from (select unnest(figure_ids) as figure_id, check_name from validation.findings where run_id = $run_id)
    group by figure_id
),
figures as (
    select bounds.*, coalesce(flagged.checks, '') as checks
    from intermediate.figure_bounds as bounds
    left join flagged using (figure_id)
    where bounds.metric in (select unnest($metrics)) and bounds.scope = 'national'
),
points as (
    select
        metric, unit, scope, effective_date, source_label, wave_from, wave_to, value, qualifier,
        min(evidence) as evidence, max(checks) as checks, count(*) as mentions
    from figures
    group by all
),
ranked as (
    select
        *,
        row_number() over (
            partition by metric, unit
            order by checks <> '' desc, hash(source_label, value, effective_date, wave_from, wave_to)
        ) as point_rank
    from points
)
select * exclude (point_rank) from ranked where point_rank <= $limit
"""

_SAMPLED_FINDINGS = """
select * exclude (sample_rank)
from (
    select *, row_number() over (partition by check_name order by detail, instance_key) as sample_rank
    from validation.findings
    where run_id = $run_id
)
where sample_rank <= $limit
"""


@dataclass(frozen=True)
class ReportData:
    """What the pages show, read from the warehouse with work bounded by the findings, not the corpus."""

    run: dict
    findings: pd.DataFrame
    finding_totals: dict[str, int]
    figures: pd.DataFrame
    texts: dict[str, str]
    spans: dict[str, tuple[str, int, int]]
    sources: dict[str, str]
    results: pd.DataFrame
    rules: dict[str, str] = field(default_factory=dict)


def read_report_data(warehouse_path: Path, *, run_id: str) -> ReportData:
    """Read the run, a bounded sample of its findings with their articles, and deduplicated chart points."""
    # a writer connection: a read-only one is refused while this process holds the file open elsewhere
    con = connect(warehouse_path)
    try:
        runs = con.execute("select * from validation.runs where run_id = ?", [run_id]).df()
        if runs.empty:
            raise LookupError(f"no validation run {run_id!r} in {warehouse_path}")
        totals = dict(
            con.execute(
                "select check_name, count(*) from validation.findings where run_id = ? group by 1", [run_id]
            ).fetchall()
        )
        findings = con.execute(_SAMPLED_FINDINGS, {"run_id": run_id, "limit": EVIDENCE_PER_CHECK}).df()
        results = con.execute(
            "select suite, validated_table, count(*) as evaluated, "
            "count(*) filter (where not success) as failed from validation.results "
            "where run_id = ? group by all order by suite",
            [run_id],
        ).df()
        figures = con.execute(
            _CHART_POINTS,
            {"run_id": run_id, "metrics": list(CUMULATIVE_METRICS), "limit": POINTS_PER_CHART},
        ).df()
        figure_ids = [figure_id for ids in findings["figure_ids"] for figure_id in ids]
        article_ids = sorted({article_id for ids in findings["article_ids"] for article_id in ids})
        span_rows = con.execute(
            'select figure_id, article_id, start, "end" from intermediate.figure_bounds '
            "where figure_id in (select unnest($ids))",
            {"ids": figure_ids},
        ).fetchall()
        rule_rows = con.execute(
            "select figure_id, rule from staging.figures where figure_id in (select unnest($ids)) "
            "and rule is not null",
            {"ids": figure_ids},
        ).fetchall()
        articles = con.execute(
            "select a.article_id, a.doc, a.text, m.outlet from raw.articles as a "
            "left join (select distinct article_id, outlet from raw.article_meta) as m using (article_id) "
            "where a.article_id in (select unnest($ids))",
            {"ids": article_ids},
        ).df()
    finally:
        con.close()
    figures["flagged"] = figures["checks"] != ""
    return ReportData(
        run=runs.iloc[0].to_dict(),
        findings=findings,
        finding_totals=totals,
        figures=figures,
        texts=dict(zip(articles["article_id"], articles["text"], strict=True)),
        spans={
            figure_id: (article_id, int(start), int(end))
            for figure_id, article_id, start, end in span_rows
            if start is not None and end is not None
        },
        sources={
            row.article_id: f"{row.outlet if isinstance(row.outlet, str) else 'unknown outlet'}, {row.doc}"
            for row in articles.itertuples()
        },
        results=results,
        rules=dict(rule_rows),
    )


def data_docs_links(
    results: pd.DataFrame, *, report_dir: Path, data_docs_index: Path, run_id: str
) -> list[dict]:
    """Per suite: its counts and relative links to its Data Docs pages (latest validation of this run)."""
    docs_dir = data_docs_index.parent
    links = []
    for row in results.itertuples():
        pages = sorted((docs_dir / "validations" / row.suite / run_id).glob("*/*.html"))
        suite_page = docs_dir / "expectations" / f"{row.suite}.html"
        links.append(
            {
                "suite": row.suite,
                "table": row.validated_table,
                "evaluated": int(row.evaluated),
                "failed": int(row.failed),
                "validation_href": _relative(pages[-1], report_dir) if pages else None,
                "suite_href": _relative(suite_page, report_dir) if suite_page.is_file() else None,
            }
        )
    return links


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def build_report(warehouse_path: Path, *, run_id: str, report_dir: Path, data_docs_index: Path) -> Path:
    """Write ``index.html`` and ``evidence.html`` into ``report_dir``; returns the index path."""
    data = read_report_data(Path(warehouse_path), run_id=run_id)
    report_dir.mkdir(parents=True, exist_ok=True)
    index = report_dir / "index.html"
    evidence = render_evidence(
        data.run,
        data.findings,
        data.texts,
        data.spans,
        data.sources,
        totals=data.finding_totals,
        rules=data.rules,
    )
    (report_dir / "evidence.html").write_text(evidence, encoding="utf-8")
    suites = data_docs_links(
        data.results, report_dir=report_dir, data_docs_index=data_docs_index, run_id=run_id
    )
    index.write_text(
        render_index(
            data.run,
            data.findings,
            metric_charts(data.figures),
            suites=suites,
            totals=data.finding_totals,
        ),
        encoding="utf-8",
    )
    return index


def build_claims_report(
    warehouse_path: Path,
    *,
    run_id: str,
    report_dir: Path,
    data_docs_index: Path,
    chart_format: Format = "jpeg",
) -> Path:
    """``write_claims_report`` on a connection of its own to the warehouse file; returns the index path."""
    con = connect(warehouse_path)
    try:
        return write_claims_report(
            con,
            run_id=run_id,
            report_dir=report_dir,
            data_docs_index=data_docs_index,
            chart_format=chart_format,
        )
    finally:
        con.close()


def write_claims_report(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    report_dir: Path,
    data_docs_index: Path,
    chart_format: Format = "jpeg",
) -> Path:
    """The claims report: ``index.html`` (timelines, claim filter, worst disputes), ``claims/*.html``,
    ``evidence.html`` and ``evidence/*.html``.

    It reads the claim marts (all queries are in ``claims_data``), so call it once ``marts`` is built for
    ``run_id``, e.g. right after ``build_models(con, ["marts"])`` in the publish stage.
    """
    runs = con.execute("select * from validation.runs where run_id = ?", [run_id]).df()
    if runs.empty:
        raise LookupError(f"no validation run {run_id!r} in the warehouse")
    data = read_claims_data(con, run=runs.iloc[0].to_dict())
    sources = read_sources(con, data.claims["claim_id"].to_list())
    evidence = read_findings(con)
    results = con.execute(
        "select suite, validated_table, count(*) as evaluated, "
        "count(*) filter (where not success) as failed from validation.results "
        "where run_id = ? group by all order by suite",
        [run_id],
    ).df()
    report_dir.mkdir(parents=True, exist_ok=True)
    pages = claim_pages(data.claims)
    shown = (
        dict(evidence["findings"]["check_name"].value_counts().items()) if len(evidence["findings"]) else {}
    )
    evidence_names = evidence_page_names(data.finding_counts, shown)
    files = {
        **render_claim_pages(data.run, data.claims, sources, pages),
        **render_evidence_pages(data.run, evidence, data.finding_counts, evidence_names, pages),
    }
    suites = data_docs_links(results, report_dir=report_dir, data_docs_index=data_docs_index, run_id=run_id)
    charts = metric_timelines(data.timeline, data.points, data.outlet_reports, fmt=chart_format)
    files["index.html"] = render_front_page(
        data.run,
        data.claims,
        charts,
        outlets_per_metric(data.outlet_reports),
        sources,
        data.finding_counts,
        pages,
        evidence_names,
        suites_html=suites_table(suites),
    )
    for stale in [*report_dir.glob("claims/*.html"), *report_dir.glob("evidence/*.html")]:
        stale.unlink()
    for name, content in files.items():
        target = report_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return report_dir / "index.html"
